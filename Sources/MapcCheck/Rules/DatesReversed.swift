import MapcModel
import MapcSource

/// A task, phase or the plan starts after it is due.
///
/// Why: one of the two dates is wrong, and every schedule drawn from them is too.
public struct DatesReversed: Rule {
    public static let id: RuleID = "dates-reversed"
    public static let severity: Severity = .error
    public static let summary = "a task, phase or plan whose `start` is after its `due`"
    public static let rationale = """
        Compares the start and due dates written on the same thing: the plan's front matter, \
        a phase heading, a task (`start:`/`🛫` against `due:`/`📅`).
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Sign @li start:↓2026-12-10 due:2026-12-01",
                messages: ["task `Sign` starts on 2026-12-10, after it is due (2026-12-01)"]),
        Example("---\ntitle: Pilot\nstart: ↓2027-01-01\ndue: 2026-12-01\n---\n"),
        Example("## Tasks\n### Build start:↓2027-02-01 due:2027-01-01\n- [ ] Sign @li"),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Sign @li start:2026-12-01 due:2026-12-01",
        "---\ntitle: Pilot\nstart: 2026-10-01\ndue: 2026-12-01\n---\n",
    ]

    public static let manual = Manual(
        why: """
            A thing cannot start after it is due: one of the two dates is wrong, and every schedule, \
            Gantt bar and overdue verdict drawn from them is wrong too.
            """,
        fix: """
            Correct the date that is wrong; usually the start is meant to be earlier or the due date \
            later.
            """,
        fixed: "## Tasks\n- [ ] Sign @li start:2026-11-25 due:2026-12-01")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        if let start = plan.start, let due = plan.due, start.value > due.value {
            out.add(Self.self, at: start.range, "the plan starts on \(start.value), after it is due (\(due.value))",
                    help: "fix `start:` or `due:` in the front matter")
        }
        for phase in plan.phases {
            guard let start = phase.start, let due = phase.due, start.value > due.value else { continue }
            out.add(Self.self, at: start.range, "phase `\(phase.title)` starts on \(start.value), after its deadline (\(due.value))",
                    help: "fix the phase heading's `start:` or `due:`")
        }
        for task in plan.tasks where task.state != .cancelled {
            guard let start = task.start, let due = task.due, start.value > due.value else { continue }
            out.add(Self.self, at: start.range,
                    "task `\(task.displayName)` starts on \(start.value), after it is due (\(due.value))",
                    help: "fix `start:` or `due:`")
        }
    }
}
