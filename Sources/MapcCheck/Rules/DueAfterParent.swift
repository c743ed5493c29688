import MapcModel
import MapcSource

/// A sub-task is due after its parent task, or a task after its phase's deadline.
///
/// Why: the parent (or the phase) cannot be finished on time if a part of it is due later.
public struct DueAfterParent: Rule {
    public static let id: RuleID = "due-after-parent"
    public static let severity: Severity = .warning
    public static let summary = "a sub-task due after its parent, or a task due after its phase's deadline"
    public static let rationale = """
        Compares a task's own `due:` with its parent task's effective due date, and with its \
        phase's deadline (`### Phase 1 due:…`). Done and cancelled tasks are ignored.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Prepare @li due:2026-12-01\n  - [ ] Book the room due:↓2026-12-05",
                messages: ["sub-task `Book the room` is due 2026-12-05, after its parent `Prepare` (due 2026-12-01)"]),
        Example("## Tasks\n### Setup due:2026-12-01\n- [ ] Sign @li due:↓2026-12-20",
                messages: ["task `Sign` is due 2026-12-20, after the deadline of its phase `Setup` (2026-12-01)"]),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Prepare @li due:2026-12-01\n  - [ ] Book the room due:2026-11-25",
        "## Tasks\n### Setup due:2026-12-01\n- [ ] Sign @li due:2026-11-20",
        "## Tasks\n### Setup due:2026-12-01\n- [x] Sign @li due:2026-12-20",
    ]

    public static let manual = Manual(
        why: """
            A parent task, or a phase, cannot be finished on time if a part of it is due later: the \
            later date is the real one, and the plan shows the wrong one.
            """,
        fix: """
            Bring the sub-task's (or task's) date forward to the parent's or phase's deadline, or \
            move that deadline if the work really takes longer.
            """,
        fixed: "## Tasks\n- [ ] Prepare @li due:2026-12-01\n  - [ ] Book the room due:2026-11-28")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for task in plan.tasks where task.isOpen {
            guard let due = task.due else { continue }
            if let parentIndex = task.parent {
                let parent = plan.tasks[parentIndex]
                if let parentDue = parent.effectiveDue, due.value > parentDue {
                    out.add(Self.self, at: due.range,
                            "sub-task `\(task.displayName)` is due \(due.value), after its parent `\(parent.displayName)` (due \(parentDue))",
                            help: "move it to \(parentDue) or earlier, or move the parent's date")
                }
                continue
            }
            if let phaseIndex = task.phase, let deadline = plan.phases[phaseIndex].due?.value, due.value > deadline {
                out.add(Self.self, at: due.range,
                        "task `\(task.displayName)` is due \(due.value), after the deadline of its phase `\(plan.phases[phaseIndex].title)` (\(deadline))",
                        help: "move it to \(deadline) or earlier, move the phase's deadline, or put it in a later phase")
            }
        }
    }
}
