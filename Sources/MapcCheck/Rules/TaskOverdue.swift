import MapcModel
import MapcSource

/// An open task of an active plan is past its (effective) due date.
///
/// Why: overdue work in a shared plan is a promise one party is not keeping; it should be
/// done, re-dated in the open, or cancelled.
public struct TaskOverdue: Rule {
    public static let id: RuleID = "task-overdue"
    public static let severity: Severity = .warning
    public static let summary = "an open task's due date is before today"
    public static let rationale = """
        Applies to `active` plans. The effective due date is the task's own, else its \
        parent's, else its phase deadline. Done and cancelled tasks are never overdue.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Sign the order @li due:↓2026-11-20",
                messages: ["task `Sign the order` was due 2026-11-20, 4 days ago"]),
        Example("## Tasks\n### Setup due:2026-11-01\n- [ ] ↓Configure SSO @li"),
        // A sub-task without a date of its own inherits its parent's (docs/format.md#tasks).
        Example("## Tasks\n- [ ] Sign the order @li due:↓2026-11-20\n  - [ ] ↓Print the contract",
                messages: ["task `Sign the order` was due 2026-11-20, 4 days ago",
                           "task `Print the contract` was due 2026-11-20, 4 days ago"]),
        // One with its own date keeps it; a done one is never overdue: only the parent is.
        Example("## Tasks\n- [ ] Sign the order @li due:↓2026-11-20\n  - [ ] Print the contract due:2026-12-01\n"
                + "  - [x] Book the room"),
        // Neither has a date: both inherit the phase deadline.
        Example("## Tasks\n### Setup due:2026-11-01\n- [ ] ↓Configure SSO @li\n  - [ ] ↓Test the login",
                messages: ["task `Configure SSO` was due 2026-11-01, 23 days ago",
                           "task `Test the login` was due 2026-11-01, 23 days ago"]),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [x] Sign the order @li due:2026-11-20",
        "## Tasks\n- [ ] Sign the order @li due:2026-12-01\n  - [ ] Print the contract\n  - [x] Book the room due:2026-11-01",
        "## Tasks\n### Setup due:2026-11-01\n- [x] Configure SSO @li\n  - [x] Test the login",
        "## Tasks\n- [ ] ~~Sign the order~~ @li due:2026-11-20",
        "## Tasks\n- [ ] Sign the order @li due:2026-11-24",
        "---\ntitle: Pilot\nstatus: on-hold\n---\n## Tasks\n- [ ] Sign the order @li due:2026-11-20",
    ]

    public static let manual = Manual(
        why: """
            Overdue work in a shared plan is a promise one party is not keeping; it should be done, \
            re-dated in the open, or cancelled.
            """,
        details: """
            A task due today is not overdue; plans in another status than `active` are not checked.
            """,
        fix: """
            Tick the task off if it is done, cancel it (`~~title~~`) if it will not be, or agree a \
            new date with its owner and say so in Updates.
            """,
        fixed: "## Tasks\n- [ ] Sign the order @li due:2026-12-04")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        guard plan.status.value == .active else { return }
        for task in plan.tasks where task.isOpen {
            guard let due = task.effectiveDue, due < context.today else { continue }
            let days = due.days(until: context.today)
            out.add(Self.self, at: task.dueRange,
                    "task `\(task.displayName)` was due \(due), \(days) day\(days == 1 ? "" : "s") ago",
                    help: "tick it off if it is done, or agree on a new `due:` date with its owner")
        }
    }
}
