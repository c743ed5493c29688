import MapcModel
import MapcSource

/// `goal:G4` on a task or milestone, or a metric row's Goal, names no goal of the plan.
///
/// Why: work linked to a goal that does not exist counts towards nothing, and the goal it
/// was meant for looks unworked.
public struct GoalUnknown: Rule {
    public static let id: RuleID = "goal-unknown"
    public static let severity: Severity = .error
    public static let summary = "`goal:` or a metric's Goal column names no goal of the plan"
    public static let rationale = """
        Goal ids are the `G1` of `### G1: …` under Goals (compared without regard to case). A \
        task's or milestone's `goal:` and the Goal column of Metrics must name one of them; \
        the nearest ids are suggested.
        """
    public static let bad: [Example] = [
        Example("## Goals\n### G1: Go live\n## Tasks\n- [ ] Sign @li goal:↓G4",
                messages: ["`G4` is not a goal of this plan"]),
        Example("## Goals\n### G1: Go live\n## Metrics\n| Metric | Goal | Target |\n|---|---|---|\n| Seats | ↓G2 | 50 |"),
        Example("## Goals\n### G1: Go live\n## Milestones\n- Pilot due:2026-12-01 goal:↓G3"),
    ]
    public static let good: [Example] = [
        "## Goals\n### G1: Go live\n## Tasks\n- [ ] Sign @li goal:g1",
        "## Tasks\n- [ ] Sign @li",
    ]

    public static let manual = Manual(
        why: """
            Work linked to a goal that does not exist counts towards nothing, and the goal it was \
            meant for looks unworked.
            """,
        fix: """
            Use the id of an existing goal (the help suggests the nearest), or add the goal under \
            Goals.
            """,
        fixed: "## Goals\n### G1: Go live\n## Tasks\n- [ ] Sign @li goal:G1")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        let known = Set(plan.goals.map { $0.id.value.lowercased() })
        let ids = plan.goals.map(\.id.value)
        var references: [Located<String>] = []
        for task in plan.tasks { references += task.goals }
        for milestone in plan.milestones { references += milestone.goals }
        for metric in plan.metrics { references += metric.goals }
        for reference in references where !known.contains(reference.value.lowercased()) {
            out.add(Self.self, at: reference.range, "`\(reference.value)` is not a goal of this plan",
                    help: didYouMean(suggestions(for: reference.value, in: ids))
                        ?? (ids.isEmpty ? "add it under `## Goals`, e.g. `### \(reference.value): …`"
                                        : "the plan's goals: \(ids.map { "`\($0)`" }.joined(separator: ", "))"))
        }
    }
}
