import MapcModel
import MapcSource

/// A task is due before a task it depends on.
///
/// Why: if B needs A, B cannot finish before A; one of the two dates is wrong.
public struct ScheduleInversion: Rule {
    public static let id: RuleID = "schedule-inversion"
    public static let severity: Severity = .warning
    public static let summary = "a task is due before a task it depends on"
    public static let rationale = """
        Compares the `due:` dates written on an open task and on each task named in its \
        `after:`. Cancelled tasks are ignored; a done task is `done-before-dependency`'s; and \
        so are links inside a dependency cycle: the cycle is the mistake, reported once as \
        `dependency-cycle`.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Sign @li id:sign due:2026-12-10\n- [ ] Send @li after:sign due:↓2026-12-01",
                messages: ["task `Send` is due 2026-12-01, before `sign` which it depends on (due 2026-12-10)"]),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Sign @li id:sign due:2026-12-01\n- [ ] Send @li after:sign due:2026-12-01",
        "## Tasks\n- [ ] Sign @li id:a after:b due:2026-12-10\n- [ ] Send @li id:b after:a due:2026-12-01",
        "## Tasks\n- [ ] Sign @li id:sign\n- [ ] Send @li after:sign due:2026-12-01",
    ]

    public static let manual = Manual(
        why: """
            If one task needs another, it cannot finish before it; one of the two dates is wrong.
            """,
        details: """
            Equal dates are fine; only dates written on the two tasks count, not inherited ones.
            """,
        fix: """
            Move the dependent task's date to the other's or later, or bring the other forward.
            """,
        fixed: "## Tasks\n- [ ] Sign @li id:sign due:2026-12-10\n- [ ] Send @li after:sign due:2026-12-14")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        let ids = context.taskIndexByID
        let edges: [[Int]] = plan.tasks.map { task in task.after.compactMap { ids[$0.value] } }
        var component = Array(repeating: -1, count: plan.tasks.count)
        for (number, members) in StronglyConnected.components(edges).enumerated() where members.count > 1 {
            for member in members { component[member] = number }
        }
        // A done task's date is history: done-before-dependency says what is wrong there.
        for (position, task) in plan.tasks.enumerated() where task.isOpen {
            guard let due = task.due else { continue }
            for dependency in task.after {
                guard let index = ids[dependency.value], index != position,
                      component[index] == -1 || component[index] != component[position] else { continue }
                let other = plan.tasks[index]
                guard other.state != .cancelled, let otherDue = other.due?.value, due.value < otherDue else { continue }
                out.add(Self.self, at: due.range,
                        "task `\(task.displayName)` is due \(due.value), before `\(other.id)` which it depends on (due \(otherDue))",
                        help: "move this task's `due:` to \(otherDue) or later, or bring `\(other.id)` forward")
            }
        }
    }
}
