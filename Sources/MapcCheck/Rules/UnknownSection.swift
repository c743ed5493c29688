import MapcModel
import MapcSource

/// A level-2 heading named like a section mapc reads, but not exactly: another language,
/// a singular, a typo.
///
/// Why: `## Ziele` or `## Milestone` reads as the real thing to people, but mapc keeps it as
/// prose, so its goals or milestones are never checked or shown as such.
public struct UnknownSection: Rule {
    public static let id: RuleID = "unknown-section"
    public static let severity: Severity = .warning
    public static let summary = "a section heading mapc does not read, named like one it does"
    public static let rationale = """
        Sections are matched by name, case-insensitively, with the aliases in \
        docs/format.md#sections. A heading that is a translation (`## Ziele`, `## Hitos`) or a \
        near miss (`## Milestone`) of one is reported with the name to use; other headings are \
        prose and stay silent.
        """
    public static let bad: [Example] = [
        Example("↓## Ziele\n### G1: Neue Bänke", messages: ["section `## Ziele` is not read by mapc"]),
        Example("↓## Milestone\n- Pilot live due:2026-12-01"),
    ]
    public static let good: [Example] = ["## Background\nWhy we do this.", "## Milestones\n- Pilot live due:2026-12-01"]

    public static let manual = Manual(
        why: """
            `## Ziele` or `## Milestone` reads as the real thing to people, but mapc keeps it as \
            prose, so its goals or milestones are never checked or shown as such.
            """,
        fix: """
            Rename the heading to the section name the help gives (docs/format.md#sections).
            """,
        fixed: "## Goals\n### G1: Neue Bänke")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues {
            guard case let .unknownSection(title, suggestion) = issue.kind else { continue }
            out.add(Self.self, at: issue.range, "section `## \(title)` is not read by mapc",
                    help: "did you mean `## \(suggestion.title)`? Rename the heading to have it read; other names are prose")
        }
    }
}
