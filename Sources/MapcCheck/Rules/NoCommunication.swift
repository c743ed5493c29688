import MapcModel
import MapcSource

/// An active plan has no channel that meets on a cadence.
///
/// Why: shared plans drift apart when the parties have no regular place to talk.
public struct NoCommunication: Rule {
    public static let id: RuleID = "no-communication"
    public static let severity: Severity = .warning
    public static let readsFrontMatter = true
    public static let summary = "an active plan has no channel with a cadence"
    public static let rationale = """
        Applies to `active` plans: at least one Communication item needs an `every:` cadence \
        (day, week, 2weeks, month, quarter).
        """
    public static let isPlanLevel = true
    public static let bad: [Example] = [
        Example("↓---\ntitle: Pilot\n---\n## Communication\n- Slack #acme",
                messages: ["no communication channel has a cadence"]),
    ]
    public static let good: [Example] = [
        "---\ntitle: Pilot\n---\n## Communication\n- Weekly sync every:week",
        "---\ntitle: Pilot\nstatus: done\n---\n",
    ]

    public static let manual = Manual(
        why: """
            Shared plans drift apart when the parties have no regular place to talk.
            """,
        fix: """
            Add the rhythm the parties meet in, e.g. `- Weekly pilot sync every:week @dana @zoe`.
            """,
        fixed: "---\ntitle: Pilot\n---\n## Communication\n- Slack #acme, weekly sync every:week")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        guard plan.status.value == .active, !plan.channels.contains(where: { $0.every != nil }) else { return }
        out.add(Self.self, at: plan.planLevelRange(key: nil), "no communication channel has a cadence",
                help: "add a channel with a rhythm under Communication, e.g. `- Weekly sync every:week @dana`")
    }
}
