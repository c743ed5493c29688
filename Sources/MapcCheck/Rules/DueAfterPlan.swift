import MapcModel
import MapcSource

/// A task or milestone is due after the plan itself.
///
/// Why: work scheduled past the plan's end is work the plan does not actually cover.
public struct DueAfterPlan: Rule {
    public static let id: RuleID = "due-after-plan"
    public static let severity: Severity = .warning
    public static let readsFrontMatter = true
    public static let summary = "a task or milestone is due after the plan's `due`"
    public static let rationale = """
        Compares the `due:` of tasks (not cancelled) and milestones with the plan's `due` in \
        the front matter.
        """
    public static let bad: [Example] = [
        Example("---\ntitle: Pilot\ndue: 2026-12-31\n---\n## Tasks\n- [ ] Sign @li due:↓2027-01-15",
                messages: ["task `Sign` is due 2027-01-15, after the plan's due date 2026-12-31"]),
        Example("---\ntitle: Pilot\ndue: 2026-12-31\n---\n## Milestones\n- Go-live due:↓2027-02-01"),
    ]
    public static let good: [Example] = [
        "---\ntitle: Pilot\ndue: 2026-12-31\n---\n## Tasks\n- [ ] Sign @li due:2026-12-31",
    ]

    public static let manual = Manual(
        why: """
            Work scheduled past the plan's end is work the plan does not actually cover: the parties \
            agreed to finish by `due`.
            """,
        details: """
            Only dates written on the task or milestone count, not inherited ones. Plans without \
            `due` are not checked.
            """,
        fix: """
            Move the date inside the plan's window, or extend the plan's `due` if the plan really \
            runs longer (and tell the other party).
            """,
        fixed: "---\ntitle: Pilot\ndue: 2026-12-31\n---\n## Tasks\n- [ ] Sign @li due:2026-12-15")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        guard let planDue = plan.due?.value else { return }
        let help = "move the date before \(planDue), or extend the plan's `due`"
        for task in plan.tasks where task.state != .cancelled {
            guard let due = task.due, due.value > planDue else { continue }
            out.add(Self.self, at: due.range,
                    "task `\(task.displayName)` is due \(due.value), after the plan's due date \(planDue)", help: help)
        }
        for milestone in plan.milestones {
            guard let due = milestone.due, due.value > planDue else { continue }
            out.add(Self.self, at: due.range,
                    "milestone `\(milestone.title)` is due \(due.value), after the plan's due date \(planDue)",
                    help: help)
        }
    }
}
