import MapcModel
import MapcSource

/// A stakeholder who owns nothing and appears nowhere else in the plan.
///
/// Why: people listed but never involved either have work missing from the plan or do not
/// belong in it.
public struct StakeholderIdle: Rule {
    public static let id: RuleID = "stakeholder-idle"
    public static let severity: Severity = .info
    public static let readsFrontMatter = true
    public static let summary = "a stakeholder owns nothing and attends nothing"
    public static let rationale = """
        The handle appears nowhere but its Stakeholders row: not as plan owner, task owner or \
        contributor (in any state), nor in milestones, workshops, channels, risks, escalation \
        or updates.
        """
    public static let bad: [Example] = [
        Example("## Stakeholders\n| Handle |\n|---|\n| @li |\n| ↓@bo |\n## Tasks\n- [ ] Sign @li",
                messages: ["stakeholder `@bo` owns no task and takes part in nothing"]),
    ]
    public static let good: [Example] = [
        "## Stakeholders\n| Handle |\n|---|\n| @li |\n| @bo |\n## Tasks\n- [x] Sign @li @bo",
    ]

    public static let manual = Manual(
        why: """
            People listed but never involved either have work missing from the plan or do not belong \
            in it.
            """,
        fix: """
            Give the person a task, a channel or a workshop; or remove the row if they are not part \
            of the plan.
            """,
        fixed: "## Stakeholders\n| Handle |\n|---|\n| @li |\n| @bo |\n## Tasks\n- [ ] Sign @li\n- [ ] Countersign @bo")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        let used = Set(plan.handleUses.map(\.value))
        for stakeholder in plan.stakeholders where !used.contains(stakeholder.handle.value) {
            out.add(Self.self, at: stakeholder.handle.range,
                    "stakeholder `@\(stakeholder.handle.value.name)` owns no task and takes part in nothing",
                    help: "give them a task, a channel or a workshop, or remove their row")
        }
    }
}
