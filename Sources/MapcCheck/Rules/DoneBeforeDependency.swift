import MapcModel
import MapcSource

/// A task marked done depends on a task that is still open.
///
/// Why: if B needed A, B cannot be done while A is not; either A was done and not ticked
/// off, or the dependency was not real.
public struct DoneBeforeDependency: Rule {
    public static let id: RuleID = "done-before-dependency"
    public static let severity: Severity = .warning
    public static let summary = "a done task depends on a task that is still open"
    public static let rationale = """
        For a done task, each task named in its `after:` should be done (or cancelled) too. \
        `schedule-inversion` does not judge a done task's date: this rule says what is wrong.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Sign @li id:sign due:2026-12-10\n- [x] Send @li after:↓sign due:2026-12-01",
                messages: ["task `Send` is done but depends on `Sign`, which is still open"]),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [x] Sign @li id:sign\n- [x] Send @li after:sign",
        "## Tasks\n- [ ] Sign @li id:sign\n- [ ] Send @li after:sign",
    ]

    public static let manual = Manual(
        why: """
            If one task needed another, it cannot be done while the other is still open: either the \
            other was done and not ticked off, or the dependency was not real.
            """,
        fix: """
            Tick off the task it depends on if that is done, or remove the `after:` link if the \
            dependency was not real.
            """,
        fixed: "## Tasks\n- [x] Sign @li id:sign due:2026-12-10\n- [x] Send @li after:sign due:2026-12-01")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        let ids = context.taskIndexByID
        for task in plan.tasks where task.state == .done {
            for dependency in task.after {
                guard let index = ids[dependency.value], plan.tasks[index].isOpen else { continue }
                out.add(Self.self, at: dependency.range,
                        "task `\(task.displayName)` is done but depends on `\(plan.tasks[index].displayName)`, which is still open",
                        help: "tick off `\(plan.tasks[index].id)` if it is done, or remove the dependency")
            }
        }
    }
}
