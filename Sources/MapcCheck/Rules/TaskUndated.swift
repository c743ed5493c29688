import MapcModel
import MapcSource

/// An open task has no due date, not even through its parent or phase.
///
/// Why: work without a date slides; a date makes the commitment visible.
public struct TaskUndated: Rule {
    public static let id: RuleID = "task-undated"
    public static let severity: Severity = .info
    public static let summary = "an open task has no due date"
    public static let rationale = """
        Uses the effective due date: the task's own, else its parent's, else its phase \
        deadline (`### Setup due:2026-12-01`).
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] ↓Sign the order @li", messages: ["task `Sign the order` has no due date"]),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Sign the order @li due:2026-12-01",
        "## Tasks\n### Setup due:2026-12-01\n- [ ] Sign the order @li",
        "## Tasks\n- [ ] Prepare @li due:2026-12-01\n  - [ ] Book the room",
        "## Tasks\n- [x] Sign the order @li",
        "## Tasks\n- [ ] Sign the order @li due: 2026-12-01",
    ]

    public static let manual = Manual(
        why: """
            Work without a date slides; a date makes the commitment visible to both parties.
            """,
        details: """
            A task whose date is written but invalid is reported as `invalid-date` instead.
            """,
        fix: """
            Add `due:YYYY-MM-DD`, or a deadline on the phase heading (`### Setup due:2026-12-01`) to \
            date every task under it.
            """,
        fixed: "## Tasks\n- [ ] Sign the order @li due:2026-12-01")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        // A due date written almost right is reported by almost-token, with its fix.
        for task in plan.tasks where task.isOpen && task.effectiveDue == nil && !task.hasInvalidDue
            && !task.almostTokens.contains("due") {
            out.add(Self.self, at: task.titleRange, "task `\(task.displayName)` has no due date",
                    help: "add `due:YYYY-MM-DD`, or a deadline on its phase heading")
        }
    }
}
