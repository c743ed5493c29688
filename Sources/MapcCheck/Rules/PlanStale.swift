import MapcModel
import MapcSource

/// An active plan has not been updated as often as its `review` cadence promises.
///
/// Why: a plan nobody updates stops being the truth, and people stop reading it.
public struct PlanStale: Rule {
    public static let id: RuleID = "plan-stale"
    public static let severity: Severity = .warning
    public static let readsFrontMatter = true
    public static let summary = "the newest update is older than the `review` cadence allows"
    public static let rationale = """
        Applies to `active` plans with a `review` cadence: daily allows 1 day, weekly 7, \
        biweekly 14, monthly 31 since the newest Updates date (else the plan's `start`).
        """
    public static let isPlanLevel = true
    public static let bad: [Example] = [
        Example("---\ntitle: Pilot\n↓review: weekly\n---\n## Updates\n- 2026-11-10: kickoff held",
                messages: ["the plan was last updated 2026-11-10, 14 days ago; its weekly review allows 7"]),
        Example("---\ntitle: Pilot\n↓review: weekly\n---\n"),
    ]
    public static let good: [Example] = [
        "---\ntitle: Pilot\nreview: weekly\n---\n## Updates\n- 2026-11-17: kickoff held",
        "---\ntitle: Pilot\n---\n## Updates\n- 2026-01-10: kickoff held",
    ]

    public static let manual = Manual(
        why: """
            A plan nobody updates stops being the truth, and people stop reading it.
            """,
        details: """
            It also fires when there is neither an update nor a `start`. Without `review`, never. \
            Points at the `review:` key.
            """,
        fix: """
            Add a dated entry to Updates saying where the plan stands (even "no change" is news), or \
            choose a cadence the team really keeps.
            """,
        fixed: "---\ntitle: Pilot\nreview: weekly\n---\n## Updates\n- 2026-11-10: kickoff held\n- 2026-11-23: legal review started")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        guard plan.status.value == .active, let review = plan.review?.value else { return }
        let range = plan.planLevelRange(key: "review")
        let help = "add a dated entry to Updates, e.g. `- \(context.today): …`"
        // An update dated after today says nothing about today: update-in-future reports it.
        guard let newest = plan.updates.map(\.date.value).filter({ $0 <= context.today }).max() ?? plan.start?.value else {
            out.add(Self.self, at: range, "the plan has a \(review.rawValue) review but no dated update", help: help)
            return
        }
        let days = newest.days(until: context.today)
        guard days > review.allowedDays else { return }
        out.add(Self.self, at: range,
                "the plan was last updated \(newest), \(days) days ago; its \(review.rawValue) review allows \(review.allowedDays)",
                help: help)
    }
}
