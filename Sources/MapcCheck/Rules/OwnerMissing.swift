import MapcModel
import MapcSource

/// An open task has nobody accountable for it.
///
/// Why: in a shared plan an ownerless task belongs to no party, so nobody does it.
public struct OwnerMissing: Rule {
    public static let id: RuleID = "owner-missing"
    public static let severity: Severity = .error
    public static let summary = "an open task has no @owner"
    public static let rationale = """
        The first `@handle` of a task is its owner. A sub-task without one inherits its \
        parent's owner. Done and cancelled tasks need no owner.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] ↓Sign the pilot order due:2026-12-01",
                messages: ["task `Sign the pilot order` has no owner"]),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Sign the pilot order @li",
        "## Tasks\n- [x] Kickoff",
        "## Tasks\n- [ ] ~~Old idea~~",
        "## Tasks\n- [ ] Prepare the demo @li\n  - [ ] Book the room",
        "## Tasks\n- [ ] ~~Prepare the demo~~ @li\n  - [ ] Book the room",
    ]

    public static let manual = Manual(
        why: """
            In a shared plan an ownerless task belongs to no party, so nobody does it.
            """,
        fix: """
            Add the accountable person's handle. A sub-task inherits its parent's owner; a group \
            item (a plain list item) gives none.
            """,
        fixed: "## Tasks\n- [ ] Sign the pilot order @li due:2026-12-01")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        let example = plan.stakeholders.first.map { "@\($0.handle.value.name)" } ?? "@dana"
        for task in plan.tasks where task.isOpen && task.effectiveOwner == nil {
            out.add(Self.self, at: task.titleRange, "task `\(task.displayName)` has no owner",
                    help: "add the accountable person's handle, e.g. `\(example)`")
        }
    }
}
