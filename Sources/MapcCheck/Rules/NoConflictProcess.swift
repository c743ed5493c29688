import MapcModel
import MapcSource

/// The plan does not say how disagreements are resolved.
///
/// Why: every shared plan meets a conflict; agreeing on the path before it happens keeps
/// it from becoming personal.
public struct NoConflictProcess: Rule {
    public static let id: RuleID = "no-conflict-process"
    public static let severity: Severity = .info
    public static let summary = "no Conflict resolution section"
    public static let rationale = """
        A plan should have a `## Conflict resolution` (or `## Escalation`) section, with prose \
        and/or an `escalate: @lead -> @sponsor` path.
        """
    public static let isPlanLevel = true
    public static let bad: [Example] = [
        Example("↓---\ntitle: Pilot\n---\n## Tasks\n", messages: ["the plan has no conflict resolution process"]),
    ]
    public static let good: [Example] = [
        "---\ntitle: Pilot\n---\n## Escalation\nescalate: @dana -> @exec\n",
    ]

    public static let manual = Manual(
        why: """
            Every shared plan meets a disagreement; agreeing on the path before it happens keeps it \
            from becoming personal.
            """,
        details: """
            Applies to plans in any status.
            """,
        fix: """
            Agree, before you need it, how disagreements are settled, and write it down with an \
            escalation path.
            """,
        fixed: "---\ntitle: Pilot\n---\n## Tasks\n## Conflict resolution\nescalate: @dana -> @exec\n")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        guard plan.section(.conflictResolution) == nil else { return }
        out.add(Self.self, at: plan.planLevelRange(key: nil), "the plan has no conflict resolution process",
                help: "add a `## Conflict resolution` section, e.g. `escalate: @lead -> @sponsor`")
    }
}
