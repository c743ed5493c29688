import MapcModel
import MapcSource

/// An update dated after today.
///
/// Why: a future date hides staleness: the plan looks freshly updated ("Last update: in 7
/// days") while nothing has been said for weeks.
public struct UpdateInFuture: Rule {
    public static let id: RuleID = "update-in-future"
    public static let severity: Severity = .warning
    public static let summary = "an update dated after today"
    public static let rationale = """
        Updates record what happened, so their dates are today or earlier. A future date is \
        usually a typo in the year or the month; it is also not counted as the newest update \
        by `plan-stale`.
        """
    public static let bad: [Example] = [
        Example("## Updates\n- ↓2027-11-20: security review started",
                messages: ["update dated 2027-11-20, after today (2026-11-24)"]),
    ]
    public static let good: [Example] = ["## Updates\n- 2026-11-20: security review started"]

    public static let manual = Manual(
        why: """
            A future date hides staleness: the plan looks freshly updated ("Last update: in 7 days") \
            while nothing has been said for weeks.
            """,
        fix: """
            Correct the date, usually its year or month, to the day the update was written.
            """,
        fixed: "## Updates\n- 2026-11-20: security review started")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for update in plan.updates where update.date.value > context.today {
            out.add(Self.self, at: update.date.range, "update dated \(update.date.value), after today (\(context.today))",
                    help: "updates say what happened: fix the date (a typo in the year or month?)")
        }
    }
}
