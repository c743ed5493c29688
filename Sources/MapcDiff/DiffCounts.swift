import MapcSource
import MapcEmit

/// How many things of each kind changed: the one-line summary every diff format starts with.
public struct DiffCounts: Sendable, Equatable {
    public var plansChanged = 0
    public var plansAdded = 0
    public var plansRemoved = 0
    public var plansUnchanged = 0
    public var tasksAdded = 0
    public var tasksRemoved = 0
    public var tasksRenamed = 0
    public var tasksCompleted = 0
    public var tasksReopened = 0
    public var tasksCancelled = 0
    public var tasksReassigned = 0
    public var tasksRedated = 0
    /// Re-dated tasks now due after the plan's due date (and not before the change).
    public var tasksPastPlanDue = 0
    /// Re-dated tasks now due after a task that waits for them (and not before the change).
    public var tasksPastDependents = 0
    /// Dated entries added to Updates.
    public var updatesAdded = 0
    public var dependencyChanges = 0
    /// Open tasks that became `status:blocked`.
    public var tasksBlocked = 0
    /// Sections besides tasks that changed: `plan`, `parties`, `stakeholders`, `goals`…
    public var otherAreas: [String] = []
    public var introduced: [Severity: Int] = [:]
    public var fixed = 0

    /// Counts for a whole diff; added plans bring their diagnostics as introduced.
    public init(_ diff: WorkspaceDiff) {
        plansChanged = diff.changed.count
        plansAdded = diff.added.count
        plansRemoved = diff.removed.count
        plansUnchanged = diff.unchanged
        var areas = Set<String>()
        for plan in diff.changed {
            let counts = DiffCounts(plan)
            add(counts)
            areas.formUnion(counts.otherAreas)
        }
        for plan in diff.added {
            for diagnostic in plan.diagnostics { introduced[diagnostic.severity, default: 0] += 1 }
        }
        otherAreas = Self.areaOrder.filter(areas.contains)
    }

    /// Counts for one changed plan.
    public init(_ plan: PlanDiff) {
        for task in plan.tasks {
            switch task.kind {
            case .added: tasksAdded += 1
            case .removed: tasksRemoved += 1
            case .changed:
                for change in task.changes {
                    switch change {
                    case .renamed: tasksRenamed += 1
                    case .completed: tasksCompleted += 1
                    case .reopened: tasksReopened += 1
                    case .cancelled: tasksCancelled += 1
                    case .reassigned: tasksReassigned += 1
                    case let .redated(redate):
                        tasksRedated += 1
                        if redate.isPastPlanDue { tasksPastPlanDue += 1 }
                        if !redate.passesDependents.isEmpty { tasksPastDependents += 1 }
                    case .dependencies: dependencyChanges += 1
                    case let .progress(_, to): if to == .blocked { tasksBlocked += 1 }
                    }
                }
            }
        }
        let areas: [(String, Bool)] = [
            ("plan", !plan.fields.isEmpty || plan.oldPath != nil || plan.frontMatter != nil),
            ("parties", !plan.partiesAdded.isEmpty || !plan.partiesRemoved.isEmpty),
            ("stakeholders", !plan.stakeholders.isEmpty), ("goals", !plan.goals.isEmpty),
            ("metrics", !plan.metrics.isEmpty), ("phases", !plan.phases.isEmpty),
            ("milestones", !plan.milestones.isEmpty), ("updates", !plan.updatesAdded.isEmpty),
        ]
        otherAreas = areas.filter(\.1).map(\.0)
        updatesAdded = plan.updatesAdded.count
        for diagnostic in plan.introduced { introduced[diagnostic.severity, default: 0] += 1 }
        fixed = plan.fixed.count
    }

    static let areaOrder = ["plan", "parties", "stakeholders", "goals", "metrics", "phases", "milestones", "updates"]

    private mutating func add(_ other: DiffCounts) {
        tasksAdded += other.tasksAdded
        tasksRemoved += other.tasksRemoved
        tasksRenamed += other.tasksRenamed
        tasksCompleted += other.tasksCompleted
        tasksReopened += other.tasksReopened
        tasksCancelled += other.tasksCancelled
        tasksReassigned += other.tasksReassigned
        tasksRedated += other.tasksRedated
        tasksPastPlanDue += other.tasksPastPlanDue
        tasksPastDependents += other.tasksPastDependents
        updatesAdded += other.updatesAdded
        dependencyChanges += other.dependencyChanges
        tasksBlocked += other.tasksBlocked
        for (severity, count) in other.introduced { introduced[severity, default: 0] += count }
        fixed += other.fixed
    }

    /// `3 added, 1 completed, 2 re-dated (1 now after the plan's due date)`, or nil when no
    /// task changed. "After" is about dates in the plan, not today: overdue is `task-overdue`.
    public var tasksPhrase: String? {
        var parts: [String] = []
        func part(_ count: Int, _ words: String) { if count > 0 { parts.append("\(count) \(words)") } }
        part(tasksAdded, "added")
        part(tasksRemoved, "removed")
        part(tasksRenamed, "renamed")
        part(tasksCompleted, "completed")
        part(tasksReopened, "reopened")
        part(tasksCancelled, "cancelled")
        part(tasksReassigned, "re-assigned")
        if tasksRedated > 0 {
            var past: [String] = []
            if tasksPastPlanDue > 0 { past.append("\(tasksPastPlanDue) now after the plan's due date") }
            if tasksPastDependents > 0 {
                past.append("\(tasksPastDependents) now after a task that waits for \(tasksPastDependents == 1 ? "it" : "them")")
            }
            parts.append("\(tasksRedated) re-dated" + (past.isEmpty ? "" : " (" + past.joined(separator: ", ") + ")"))
        }
        part(dependencyChanges, dependencyChanges == 1 ? "dependency change" : "dependency changes")
        part(tasksBlocked, "now blocked")
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// `2 introduced (1 error, 1 warning), 3 fixed`, or nil when no diagnostic changed.
    public var diagnosticsPhrase: String? {
        let total = introduced.values.reduce(0, +)
        guard total > 0 || fixed > 0 else { return nil }
        var parts: [String] = []
        if total > 0 {
            let bySeverity = Severity.allCases.reversed().compactMap { severity -> String? in
                guard let count = introduced[severity], count > 0 else { return nil }
                return Self.count(count, severity.rawValue)
            }
            parts.append("\(total) introduced (\(bySeverity.joined(separator: ", ")))")
        }
        if fixed > 0 { parts.append("\(fixed) fixed") }
        return parts.joined(separator: ", ")
    }

    /// The whole summary in one line, parts separated by ` · `.
    public var sentence: String {
        // `2 plans changed, 1 added, 1 removed, 3 unchanged`: the noun once, with the first count.
        var plans: [String] = []
        for (count, verb) in [(plansChanged, "changed"), (plansAdded, "added"), (plansRemoved, "removed")] where count > 0 {
            plans.append(plans.isEmpty ? Self.count(count, "plan") + " " + verb : "\(count) \(verb)")
        }
        if plans.isEmpty { return "no plan changed" + (plansUnchanged > 0 ? " (\(Self.count(plansUnchanged, "plan")) compared)" : "") }
        if plansUnchanged > 0 { plans.append("\(plansUnchanged) unchanged") }
        var parts = [plans.joined(separator: ", ")]
        if let tasksPhrase { parts.append("tasks: " + tasksPhrase) }
        if !otherAreas.isEmpty { parts.append("also changed: " + otherAreas.joined(separator: ", ")) }
        if let diagnosticsPhrase { parts.append("diagnostics: " + diagnosticsPhrase) }
        return parts.joined(separator: " · ")
    }

    /// `1 plan`, `2 errors`.
    static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)" + (value == 1 ? "" : (noun.hasSuffix("s") ? "es" : "s"))
    }
}
