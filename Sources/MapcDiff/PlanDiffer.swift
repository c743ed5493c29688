import MapcCheck
import MapcModel
import MapcSource
import MapcEmit

/// Computes the semantic change between two sides
/// (docs/review.md#what-is-compared-with-what): plans paired by id, else by their path
/// inside the side, else by title (a file renamed without an explicit `id:` changes its
/// derived id); inside a plan, items paired by their key.
public enum PlanDiffer {
    /// For a plan of the old side, a look-up of its tasks (by index in `Plan.tasks`) that
    /// gives the days of that task's earlier slips, oldest first: `mapc diff --git` reads
    /// them from the branch's history to say "third slip, 24 days in all". Asked once per
    /// plan, so whatever it checks of the plan is checked once.
    public typealias EarlierSlips = @Sendable (_ plan: PlanVersion) -> (_ task: Int) -> [Int]

    public static func diff(old: [PlanVersion], new: [PlanVersion], earlierSlips: EarlierSlips? = nil) -> WorkspaceDiff {
        var result = WorkspaceDiff()
        var oldTaken = Array(repeating: false, count: old.count)
        var partner = [Int?](repeating: nil, count: new.count)
        for key in [\PlanVersion.plan.id.value, \PlanVersion.relativePath, \PlanVersion.plan.title.value] {
            var waiting: [String: [Int]] = [:]
            for index in old.indices.reversed() where !oldTaken[index] { waiting[old[index][keyPath: key], default: []].append(index) }
            for (newIndex, version) in new.enumerated() where partner[newIndex] == nil {
                guard let oldIndex = waiting[version[keyPath: key]]?.popLast() else { continue }
                oldTaken[oldIndex] = true
                partner[newIndex] = oldIndex
            }
        }
        for (newIndex, version) in new.enumerated() {
            guard let oldIndex = partner[newIndex] else {
                result.added.append(version)
                continue
            }
            let planDiff = diff(old[oldIndex], version, earlierSlips: earlierSlips)
            if planDiff.isEmpty { result.unchanged += 1 } else { result.changed.append(planDiff) }
        }
        result.removed = old.indices.filter { !oldTaken[$0] }.map { old[$0] }
        result.added.sort { $0.path < $1.path }
        result.removed.sort { $0.path < $1.path }
        result.changed.sort { $0.path < $1.path }
        return result
    }

    /// What changed in one plan.
    public static func diff(_ old: PlanVersion, _ new: PlanVersion, earlierSlips: EarlierSlips? = nil) -> PlanDiff {
        let before = old.plan, after = new.plan
        // A new front matter that does not parse has no title: keep calling the plan by its old one.
        let title = after.frontMatterUnreadable && !before.frontMatterUnreadable ? before.title.value : after.title.value
        var result = PlanDiff(id: after.id.value, title: title, path: new.path,
                              oldPath: old.relativePath == new.relativePath ? nil : old.path)
        let frontMatterRead = !before.frontMatterUnreadable && !after.frontMatterUnreadable
        if after.frontMatterUnreadable, !before.frontMatterUnreadable {
            let problem = new.diagnostics.first { $0.rule == FrontMatterInvalid.id }
            result.frontMatter = .noLongerParses(line: problem?.start.line ?? 1, message: problem?.message ?? "the front matter does not parse")
        } else if before.frontMatterUnreadable, !after.frontMatterUnreadable {
            result.frontMatter = .parsesAgain
        }
        if frontMatterRead {
            // An id derived from the file name changes with it: "file moved" says that already.
            let idWritten = before.frontMatterKeys["id"] != nil || after.frontMatterKeys["id"] != nil
            result.fields = [
                idWritten ? FieldChange.text("id", before.id.value, after.id.value) : nil,
                FieldChange.text("title", before.title.value, after.title.value),
                FieldChange.text("status", before.status.value.rawValue, after.status.value.rawValue),
                FieldChange.date("start", before.start?.value, after.start?.value),
                FieldChange.date("due", before.due?.value, after.due?.value),
                FieldChange.text("owner", before.owner?.value.description, after.owner?.value.description),
                FieldChange.text("review", before.review?.value.rawValue, after.review?.value.rawValue),
            ].compactMap { $0 }
            (result.partiesAdded, result.partiesRemoved) = setChange(before.parties.map(\.value), after.parties.map(\.value))
        }
        result.stakeholders = items(before.stakeholders, after.stakeholders, key: { $0.handle.value.description },
                                    label: { $0.name }, fields: stakeholderFields)
        result.goals = items(before.goals, after.goals, key: { $0.id.value }, label: { $0.title }) { old, new in
            guard let old, let new else { return [] }  // the title is the label
            return [FieldChange.text("title", old.title, new.title)]
        }
        result.metrics = items(before.metrics, after.metrics, key: { $0.name.value }, label: { _ in nil },
                               fields: metricFields)
        result.phases = items(before.phases, after.phases, key: { $0.title }, label: { _ in nil }) { old, new in
            [FieldChange.date("due", old?.due?.value, new?.due?.value)]
        }
        result.milestones = items(before.milestones, after.milestones, key: { $0.title }, label: { _ in nil }) { old, new in
            [FieldChange.date("due", old?.due?.value, new?.due?.value),
             old.flatMap { old in new.flatMap { FieldChange.text("done", old.done ? "yes" : "no", $0.done ? "yes" : "no") } }]
        }
        let taskPairs = TaskMatching.pairs(old: before, new: after)
        let slipsOf = earlierSlips?(old)
        result.tasks = tasks(before, after, taskPairs) { index in slipsOf?(index) ?? [] }
        result.updatesAdded = updatesAdded(before.updates, after.updates)
        (result.introduced, result.fixed) = DiagnosticMatching.compare(old, new, taskPairs: taskPairs)
        return result
    }

    // MARK: tasks

    private static func tasks(_ old: Plan, _ new: Plan, _ pairs: [(old: Int, new: Int)],
                              _ earlierSlips: (Int) -> [Int]) -> [TaskDiff] {
        var oldPaired = Set<Int>()
        var newPartner: [Int: Int] = [:]
        for pair in pairs {
            oldPaired.insert(pair.old)
            newPartner[pair.new] = pair.old
        }
        var result: [TaskDiff] = []
        let dependents = dependents(of: new)
        // Document order: `Plan.tasks` lists a list's items before their sub-tasks.
        for index in new.tasks.indices.sorted(by: { new.tasks[$0].range.start < new.tasks[$1].range.start }) {
            let task = new.tasks[index]
            guard let oldIndex = newPartner[index] else {
                result.append(summary(.added, task))
                continue
            }
            var changes = changes(old.tasks[oldIndex], old, task, new, dependents)
            for (position, change) in changes.enumerated() {
                guard case var .redated(redate) = change, redate.days != nil else { continue }
                redate.earlierSlips = earlierSlips(oldIndex)
                changes[position] = .redated(redate)
            }
            if !changes.isEmpty {
                var entry = summary(.changed, task)
                entry.changes = changes
                result.append(entry)
            }
        }
        for task in old.tasks.indices.filter({ !oldPaired.contains($0) }).map({ old.tasks[$0] }).sorted(by: { $0.range.start < $1.range.start }) {
            result.append(summary(.removed, task))
        }
        return result
    }

    private static func summary(_ kind: ChangeKind, _ task: Task) -> TaskDiff {
        TaskDiff(kind: kind, id: task.id, title: displayName(task), hasExplicitID: task.idRange != nil,
                 owner: task.effectiveOwner, due: task.effectiveDue, state: task.state)
    }

    /// What happened to one task, in a fixed order: name, state, owner, date, dependencies.
    private static func changes(_ old: Task, _ oldPlan: Plan, _ new: Task, _ newPlan: Plan,
                                _ dependents: [String: [Int]]) -> [TaskChange] {
        var changes: [TaskChange] = []
        if TaskMatching.normalized(old.title) != TaskMatching.normalized(new.title) || old.id != new.id && old.idRange != nil {
            changes.append(.renamed(from: displayName(old), oldID: old.idRange != nil && old.id != new.id ? old.id : nil))
        }
        switch (old.state, new.state) {
        case (.open, .done), (.cancelled, .done): changes.append(.completed(on: new.doneOn?.value))
        case (.done, .open), (.cancelled, .open): changes.append(.reopened(from: old.state))
        case (.open, .cancelled), (.done, .cancelled): changes.append(.cancelled(from: old.state))
        default: break
        }
        // A sub-task that only inherits its owner or date moves with its parent or phase,
        // whose own change is reported; do not repeat it for every sub-task.
        if old.effectiveOwner != new.effectiveOwner, old.owner != nil || new.owner != nil {
            changes.append(.reassigned(from: old.effectiveOwner, to: new.effectiveOwner))
        }
        if old.effectiveDue != new.effectiveDue, old.due != nil || new.due != nil {
            changes.append(.redated(redate(old, oldPlan, new, newPlan, dependents[new.id] ?? [])))
        }
        let (added, removed) = setChange(old.after.map(\.value), new.after.map(\.value))
        if !added.isEmpty || !removed.isEmpty { changes.append(.dependencies(added: added, removed: removed)) }
        if old.isOpen, new.isOpen, old.progress != new.progress {
            changes.append(.progress(from: old.progress, to: new.progress))
        }
        return changes
    }

    /// A due date that moved: by how much, and whether it now passes the plan's due date or
    /// the due date of a task that waits for it (docs/rules.md#due-after-plan,
    /// docs/rules.md#schedule-inversion).
    /// `waiting` lists the tasks of the new plan that depend on `new`, in plan order.
    private static func redate(_ old: Task, _ oldPlan: Plan, _ new: Task, _ newPlan: Plan, _ waiting: [Int]) -> Redate {
        let from = old.effectiveDue, to = new.effectiveDue
        var passesPlanDue: Day?
        if let to, let planDue = newPlan.due?.value, to > planDue {
            let before = from.map { from in oldPlan.due.map { from > $0.value } ?? false } ?? false
            if !before { passesPlanDue = planDue }
        }
        var dependents: [Redate.Dependent] = []
        if let to {
            for task in waiting.map({ newPlan.tasks[$0] }) {
                guard let due = task.effectiveDue, to > due else { continue }
                if let from, from > due { continue }  // it already did
                dependents.append(Redate.Dependent(id: task.id, title: displayName(task), due: due))
            }
        }
        let days = from.flatMap { from in to.map { from.days(until: $0) } }
        return Redate(from: from, to: to, days: days, passesPlanDue: passesPlanDue, passesDependents: dependents)
    }

    /// For each task id, the tasks that name it in `after:`, in plan order, each once:
    /// built once per plan, where scanning every task for every re-dated one was quadratic.
    private static func dependents(of plan: Plan) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for (index, task) in plan.tasks.enumerated() where !task.after.isEmpty {
            for id in Set(task.after.map(\.value)) { result[id, default: []].append(index) }
        }
        return result
    }

    private static func displayName(_ task: Task) -> String { task.title.isEmpty ? task.id : task.title }

    // MARK: items

    /// Pairs two lists by key (case-insensitively, in order) and reports what changed.
    /// For added items, `fields` lists the new values worth showing (compared with nothing).
    private static func items<Item>(_ old: [Item], _ new: [Item], key: (Item) -> String, label: (Item) -> String?,
                                    fields: (Item?, Item?) -> [FieldChange?]) -> [ItemChange]
    {
        // Reverse order, taken with `popLast`: removing from the front was quadratic for
        // thousands of items with one key.
        var waiting: [String: [Int]] = [:]
        for (index, item) in old.enumerated().reversed() { waiting[key(item).lowercased(), default: []].append(index) }
        var paired = Set<Int>()
        var result: [ItemChange] = []
        for item in new {
            let name = key(item)
            guard let oldIndex = waiting[name.lowercased()]?.popLast() else {
                result.append(ItemChange(kind: .added, key: name, label: label(item),
                                         fields: fields(nil, item).compactMap { $0 }.filter { $0.new != nil }))
                continue
            }
            paired.insert(oldIndex)
            let changes = fields(old[oldIndex], item).compactMap { $0 }
            if !changes.isEmpty { result.append(ItemChange(kind: .changed, key: name, label: label(item), fields: changes)) }
        }
        for (index, item) in old.enumerated() where !paired.contains(index) {
            result.append(ItemChange(kind: .removed, key: key(item), label: label(item)))
        }
        return result
    }

    private static func stakeholderFields(_ old: Stakeholder?, _ new: Stakeholder?) -> [FieldChange?] {
        // The name is the label of an added stakeholder; compare it only when both exist.
        [old == nil ? nil : FieldChange.text("name", old?.name, new?.name),
         FieldChange.text("party", old?.party, new?.party),
         FieldChange.text("role", old?.role, new?.role)]
    }

    private static func metricFields(_ old: Metric?, _ new: Metric?) -> [FieldChange?] {
        func goals(_ metric: Metric?) -> String? {
            guard let metric, !metric.goals.isEmpty else { return nil }
            return metric.goals.map(\.value).joined(separator: ", ")
        }
        return [FieldChange.text("goal", goals(old), goals(new)),
                FieldChange.text("baseline", old?.baseline?.text, new?.baseline?.text),
                FieldChange.text("target", old?.target?.text, new?.target?.text),
                FieldChange.text("current", old?.current?.text, new?.current?.text),
                FieldChange.text("unit", old?.unit, new?.unit),
                FieldChange.date("due", old?.due?.value, new?.due?.value)]
    }

    /// Values only on one side, each list in the order it was written.
    private static func setChange(_ old: [String], _ new: [String]) -> (added: [String], removed: [String]) {
        let oldSet = Set(old), newSet = Set(new)
        var seen = Set<String>()
        let added = new.filter { !oldSet.contains($0) && seen.insert($0).inserted }
        seen = []
        let removed = old.filter { !newSet.contains($0) && seen.insert($0).inserted }
        return (added, removed)
    }

    // MARK: updates

    /// Updates of the new version that the old one did not have (same date and text),
    /// each occurrence counted.
    private static func updatesAdded(_ old: [Update], _ new: [Update]) -> [Update] {
        var remaining: [String: Int] = [:]
        for update in old { remaining[update.date.value.description + " " + update.text, default: 0] += 1 }
        return new.filter { update in
            let key = update.date.value.description + " " + update.text
            guard let count = remaining[key], count > 0 else { return true }
            remaining[key] = count - 1
            return false
        }
    }
}
