import MapcModel
import MapcSource

/// A goal that no metric measures.
///
/// Why: a goal nobody measures cannot be met or missed, only argued about.
public struct GoalUnmeasured: Rule {
    public static let id: RuleID = "goal-unmeasured"
    public static let severity: Severity = .warning
    public static let summary = "a goal that no metric measures"
    public static let rationale = """
        Every goal should have at least one row in the Metrics table whose `Goal` column names \
        it, complete or not.
        """
    public static let bad: [Example] = [
        Example("## Goals\n### ↓G1: Go live with 50 seats",
                messages: ["goal `G1` is not measured by any metric"]),
    ]
    public static let good: [Example] = [
        "## Goals\n### G1: Go live\n## Metrics\n| Metric | Goal |\n|---|---|\n| Paying seats | G1 |",
    ]

    public static let manual = Manual(
        why: """
            A goal nobody measures cannot be met or missed, only argued about.
            """,
        fix: """
            Add a metric for the goal, or name the goal in an existing metric's `Goal` cell (several \
            goals: `G1, G2`).
            """,
        fixed: "## Goals\n### G1: Go live with 50 seats\n## Metrics\n| Metric | Goal | Baseline | Target |\n|---|---|---|---|\n| Paying seats | G1 | 0 | 50 |")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        let measured = Set(plan.metrics.flatMap { $0.goals.map { $0.value.lowercased() } })
        for goal in plan.goals where !measured.contains(goal.id.value.lowercased()) {
            out.add(Self.self, at: goal.id.range, "goal `\(goal.id.value)` is not measured by any metric",
                    help: "add a row to Metrics with `\(goal.id.value)` in its Goal column")
        }
    }
}
