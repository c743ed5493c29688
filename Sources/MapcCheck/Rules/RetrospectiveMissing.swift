import MapcModel
import MapcSource

/// A finished plan has no Retrospective.
///
/// Why: the lessons of a plan are worth most right after it ends, and are lost soon after.
public struct RetrospectiveMissing: Rule {
    public static let id: RuleID = "retrospective-missing"
    public static let severity: Severity = .warning
    public static let readsFrontMatter = true
    public static let summary = "a `done` plan has no Retrospective"
    public static let rationale = """
        A plan whose status is `done` needs a Retrospective (or Lessons learned) section that \
        says something. Points at the `status:` key.
        """
    public static let isPlanLevel = true
    public static let bad: [Example] = [
        Example("---\ntitle: Pilot\n↓status: done\n---\n## Retrospective\n",
                messages: ["the plan is done but has no retrospective"]),
    ]
    public static let good: [Example] = [
        "---\ntitle: Pilot\nstatus: done\n---\n## Lessons learned\n- Start legal early",
    ]

    public static let manual = Manual(
        why: """
            The lessons of a plan are worth most right after it ends, and are lost soon after.
            """,
        details: """
            A section holding only blank lines and comments counts as missing.
            """,
        fix: """
            Write down what went well and what you would change, while the people who know are still \
            around.
            """,
        fixed: "---\ntitle: Pilot\nstatus: done\n---\n## Retrospective\n- Start legal review in week one.")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        guard plan.status.value == .done else { return }
        let sections = plan.sections.filter { $0.kind == .retrospective }
        guard !sections.contains(where: \.hasContent) else { return }
        out.add(Self.self, at: plan.planLevelRange(key: "status"), "the plan is done but has no retrospective",
                help: "add a `## Retrospective` section: what went well, what to change")
    }
}
