import MapcModel
import MapcSource

/// A section, goal or phase heading written at the wrong level.
///
/// Why: `# Stakeholders` or `#### G1: …` looks right in a Markdown preview, but mapc reads
/// sections from level-2 headings, goals and phases from level-3 ones.
public struct HeadingLevel: Rule {
    public static let id: RuleID = "heading-level"
    public static let severity: Severity = .warning
    public static let summary = "a section, goal or phase heading at the wrong level"
    public static let rationale = """
        Sections are `##` headings; a goal is a `###` heading under Goals (`### G1: …`) and a \
        phase a `###` heading under Tasks. A heading that names a section at another level, \
        or a goal or phase heading one level off, is reported with the level to use, and with \
        the checkbox items under it that are not tracked because of it.
        """
    public static let bad: [Example] = [
        Example("↓# Stakeholders\n| Handle |\n|---|\n| @li |",
                messages: ["`# Stakeholders` is a level-1 heading: mapc reads sections from level-2 headings"]),
        Example("## Goals\n↓#### G1: New benches", messages: ["`#### G1: New benches` is a level-4 heading: mapc reads goals from level-3 headings"]),
        Example("## Tasks\n### Phase 1\n- [ ] A @li due:2026-12-01\n↓#### Phase 2: Build due:2027-01-01\n- [ ] B @li due:2027-01-01"),
        Example("↓# Tasks\n- [ ] Get quotes @li", messages: ["`# Tasks` is a level-1 heading: mapc reads sections from level-2 headings; the checkbox item under it is not tracked"]),
    ]
    public static let good: [Example] = [
        "# Riverside park redesign\nWhy we share this plan.",
        "## Goals\n### G1: New benches\n#### Background\nThe old ones are broken.",
        "## Tasks\n### Phase 1: Setup due:2026-12-01\n- [ ] A @li",
    ]

    public static let manual = Manual(
        why: """
            `# Stakeholders` or `#### G1: …` looks right in a Markdown preview, but mapc reads \
            sections from level-2 headings and goals and phases from level-3 ones, so the section's \
            content is silently not read.
            """,
        fix: """
            Use the level the message names: `##` for sections, `###` for goals and phases.
            """,
        fixed: "## Stakeholders\n| Handle |\n|---|\n| @li |")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues {
            guard case let .headingLevel(text, what, found, expected, untracked) = issue.kind else { continue }
            let written = String(repeating: "#", count: found) + " " + text
            let wanted = String(repeating: "#", count: expected) + " " + text
            let things = what == .section ? "sections" : what == .goal ? "goals" : "phases"
            var message = "`\(written)` is a level-\(found) heading: mapc reads \(things) from level-\(expected) headings"
            if untracked > 0 {
                message += untracked == 1 ? "; the checkbox item under it is not tracked"
                    : "; the \(untracked) checkbox items under it are not tracked"
            }
            let place = what == .goal ? " under `## Goals`" : what == .phase ? " under `## Tasks`" : ""
            out.add(Self.self, at: issue.range, message, help: "write `\(wanted)`\(place)")
        }
    }
}
