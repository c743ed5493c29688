import MapcModel
import MapcSource

/// A handle used in the plan is not in its Stakeholders table.
///
/// Why: a typo in a handle assigns work to nobody; an unlisted person has agreed to nothing.
public struct OwnerUnknown: Rule {
    public static let id: RuleID = "owner-unknown"
    public static let severity: Severity = .error
    public static let summary = "a handle used anywhere is not in Stakeholders"
    public static let rationale = """
        Every `@handle` (plan owner, task owners and contributors, milestones, workshops, \
        channels, risks, escalation, updates) must be a row of the Stakeholders table. The \
        help suggests the nearest listed handles.
        """
    public static let bad: [Example] = [
        Example("## Stakeholders\n| Handle |\n|---|\n| @dana |\n\n## Tasks\n- [ ] Book the venue ↓@dnaa",
                messages: ["`@dnaa` is not a stakeholder of this plan"]),
        Example("---\ntitle: Pilot\nowner: ↓\"@sam\"\n---\n## Stakeholders\n| Handle |\n|---|\n| @dana |"),
    ]
    public static let good: [Example] = [
        "## Stakeholders\n| Handle |\n|---|\n| @dana |\n\n## Tasks\n- [ ] Book the venue @Dana",
        "## Stakeholders\n| Handle |\n|---|\n| @dana |\n\n## Tasks\n- [ ] Mail dana@example.org @dana",
    ]

    public static let manual = Manual(
        why: """
            A typo in a handle assigns work to nobody; a person not listed as a stakeholder has \
            agreed to nothing.
            """,
        details: """
            Handles compare case-insensitively, so `@Dana` matches the row `@dana`; see [where \
            handles are read](format.md#handles).
            """,
        fix: """
            Fix the typo, or add the person to Stakeholders (with their Party, so that \
            `party-without-tasks` counts their work).
            """,
        fixed: "## Stakeholders\n| Handle |\n|---|\n| @dana |\n\n## Tasks\n- [ ] Book the venue @dana")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        let known = plan.stakeholdersByHandle
        let names = plan.stakeholders.map { $0.handle.value.name }
        for use in plan.handleUses where known[use.value] == nil {
            out.add(Self.self, at: use.range, "`@\(use.value.name)` is not a stakeholder of this plan") {
                let near = suggestions(for: use.value.name, in: names).map { "@\($0)" }
                let add = "add `@\(use.value.name)` to Stakeholders"
                return didYouMean(near).map { "\($0) Otherwise \(add)" } ?? add
            }
        }
    }
}
