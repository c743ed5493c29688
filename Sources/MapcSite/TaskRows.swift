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
    private var rows: [Int: SharedModel<TaskRow>] = [:]

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

    func row(_ index: Int) -> SharedModel<TaskRow> {
        if let row = rows[index] { return row }
        let row = SharedModel(TaskRows.row(index, plan: plan, people: people, today: today, native: native))
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
        Phrase.late(due.days(until: today))
    }

    static func row(_ index: Int, plan: Plan, people: PeopleDirectory, today: Day,
                    native: NativePartials = .none) -> TaskRow {
        let task = plan.tasks[index]
        let (cls, label) = state(task, plan: plan, today: today)
        var row = TaskRow(stateClass: cls, stateLabel: label, title: task.displayTitle, notes: task.notes,
                          contributors: task.contributors.map { "@\($0.value.name)" })
        if let parent = task.parent {
            row.isSubtask = true
            row.parentTitle = plan.tasks[parent].displayTitle
        }
        if let owner = task.effectiveOwner {
            row.owner = owner.name
            row.ownerPage = people.page(of: owner)
        }
        if let due = task.effectiveDue {
            row.due = due.description
            row.overdue = isOverdue(task, plan: plan, today: today)
            row.lateText = row.overdue ? lateText(due, today: today) : nil
            if task.due == nil {
                row.inherited = task.parent != nil && plan.tasks[task.parent!].effectiveDue == due
                    ? "the parent task" : task.phase.map { "phase \(plan.phases[$0].title)" }
            }
        }
        row.estimate = task.estimate.map { $0.value.text }
        row.dependsOn = task.after.isEmpty ? nil : task.after.map(\.value).joined(separator: ", ")
        native.prerender(&row)
        return row
    }
}

/// A task as a row (`task-row.mustache`, on plan and person pages) and as a line of open
/// work by owner (`work-item.mustache`). Both see the page's keys too (`root`).
struct TaskRow: ViewModel {
    /// `done`, `cancelled`, `overdue`, `blocked`, `doing` or `open`: a CSS class.
    var stateClass = ""
    /// The state in words: `in progress` for `doing`.
    var stateLabel = ""
    var title = ""
    var notes: [String] = []
    /// `@handle` of each contributor.
    var contributors: [String] = []
    var isSubtask = false
    /// The parent task's title, for a sub-task.
    var parentTitle: String?
    /// The owner's handle, without `@`, and their person page when they have one.
    var owner: String?
    var ownerPage: String?
    /// The effective due date (the task's, else its parent's or phase's).
    var due: String?
    var overdue = false
    /// `3 days late`, for an overdue task.
    var lateText: String?
    /// Where an inherited due date comes from: `the parent task` or `phase NAME`.
    var inherited: String?
    var estimate: String?
    /// The ids the task comes after, comma-separated.
    var dependsOn: String?
    /// The row already rendered (`NativePartials`), when `task-row` is the default.
    var taskRowHTML: String?
    /// The line already rendered, when `work-item` is the default.
    var workItemHTML: String?
}
