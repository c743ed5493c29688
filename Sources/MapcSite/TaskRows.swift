import MapcModel
import MapcSource
import MapcEmit

/// One plan's task rows, each built once: a task shows on its plan page twice (by phase,
/// by owner) and on its owner's person page, with the same values each time.
final class RowBook {
    let plan: Plan
    let people: PeopleDirectory
    let today: Day
    let native: NativePartials
    private var rows: [Int: [String: Any]] = [:]

    init(plan: Plan, people: PeopleDirectory, today: Day, native: NativePartials) {
        self.plan = plan
        self.people = people
        self.today = today
        self.native = native
    }

    /// Indices of each owner's open tasks, in plan order, found in one pass: the plan page
    /// and every person's section ask for them (scanning every task for every stakeholder
    /// was quadratic: 10,000 people and tasks took 15 s to build).
    lazy var openTasksByOwner: [Handle: [Int]] = {
        var result: [Handle: [Int]] = [:]
        for (index, task) in plan.tasks.enumerated() where task.isOpen {
            if let owner = task.effectiveOwner { result[owner, default: []].append(index) }
        }
        return result
    }()

    func row(_ index: Int) -> [String: Any] {
        if let row = rows[index] { return row }
        let row = TaskRows.row(index, plan: plan, people: people, today: today, native: native)
        rows[index] = row
        return row
    }
}

/// Task rows as templates show them, shared by plan and person pages.
enum TaskRows {
    static func state(_ task: Task, plan: Plan, today: Day) -> (cls: String, label: String) {
        switch task.state {
        case .done: return ("done", "done")
        case .cancelled: return ("cancelled", "cancelled")
        case .open: break
        }
        if isOverdue(task, plan: plan, today: today) { return ("overdue", "overdue") }
        switch task.progress {
        case .blocked: return ("blocked", "blocked")
        case .doing: return ("doing", "in progress")
        case .todo: return ("open", "open")
        }
    }

    static func isOverdue(_ task: Task, plan: Plan, today: Day) -> Bool {
        task.isOpen && plan.status.value == .active && (task.effectiveDue.map { $0 < today } ?? false)
    }

    static func lateText(_ due: Day, today: Day) -> String {
        let days = due.days(until: today)
        return days == 1 ? "1 day late" : "\(days) days late"
    }

    static func row(_ index: Int, plan: Plan, people: PeopleDirectory, today: Day,
                    native: NativePartials = .none) -> [String: Any] {
        let task = plan.tasks[index]
        let (cls, label) = state(task, plan: plan, today: today)
        var row: [String: Any] = [
            "stateClass": cls, "stateLabel": label, "title": task.displayTitle,
            "notes": task.notes, "contributors": task.contributors.map { "@\($0.value.name)" },
            "isSubtask": task.parent != nil,
            "parentTitle": task.parent.map { plan.tasks[$0].displayTitle } ?? false,
        ]
        if let owner = task.effectiveOwner {
            row["owner"] = owner.name
            row["ownerPage"] = people.page(of: owner) ?? false
        } else {
            row["owner"] = false
        }
        if let due = task.effectiveDue {
            row["due"] = due.description
            let overdue = isOverdue(task, plan: plan, today: today)
            row["overdue"] = overdue
            row["lateText"] = overdue ? lateText(due, today: today) : false
            if task.due == nil {
                row["inherited"] = task.parent != nil && plan.tasks[task.parent!].effectiveDue == due
                    ? "the parent task" : (task.phase.map { "phase \(plan.phases[$0].title)" } ?? false)
            } else {
                row["inherited"] = false
            }
        } else {
            row["due"] = false
            row["overdue"] = false
        }
        row["estimate"] = task.estimate.map { $0.value.text } ?? false
        row["dependsOn"] = task.after.isEmpty ? false : task.after.map(\.value).joined(separator: ", ")
        native.prerender(&row)
        return row
    }
}
