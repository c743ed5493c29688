import MapcModel
import MapcSource

/// A metric without a target, or with neither baseline nor current value.
///
/// Why: a number means something only against where it started and where it should go.
public struct MetricIncomplete: Rule {
    public static let id: RuleID = "metric-incomplete"
    public static let severity: Severity = .warning
    public static let summary = "a metric without target, or without baseline or current"
    public static let rationale = """
        A metric row needs a `Target`, and at least one of `Baseline` and `Current`, so that \
        progress can be shown.
        """
    public static let bad: [Example] = [
        Example("## Metrics\n| Metric | Baseline | Target |\n|---|---|---|\n| ↓Paying seats | 0 | |",
                messages: ["metric `Paying seats` has no target"]),
        Example("## Metrics\n| Metric | Target |\n|---|---|\n| ↓Paying seats | 50 |",
                messages: ["metric `Paying seats` has neither a baseline nor a current value"]),
    ]
    public static let good: [Example] = [
        "## Metrics\n| Metric | Baseline | Target | Current |\n|---|---|---|---|\n| Paying seats | 0 | 50 | 12 |",
        "## Metrics\n| Metric | Target | Current |\n|---|---|---|\n| NPS | 40 | 31 |",
    ]

    public static let manual = Manual(
        why: """
            A number means something only against where it started and where it should go; without \
            them progress cannot be shown.
            """,
        details: """
            A row missing its target is reported for that only.
            """,
        fix: """
            Fill in the Target, and the Baseline (where it started) or the Current value (where it \
            is now).
            """,
        fixed: "## Metrics\n| Metric | Baseline | Target |\n|---|---|---|\n| Paying seats | 0 | 50 |")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for metric in plan.metrics {
            if metric.target == nil {
                out.add(Self.self, at: metric.name.range, "metric `\(metric.name.value)` has no target",
                        help: "fill in the Target column")
            } else if metric.baseline == nil && metric.current == nil {
                out.add(Self.self, at: metric.name.range,
                        "metric `\(metric.name.value)` has neither a baseline nor a current value",
                        help: "fill in Baseline (where it started) or Current (where it is now)")
            }
        }
    }
}
