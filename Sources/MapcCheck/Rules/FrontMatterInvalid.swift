import MapcModel
import MapcSource

/// The front matter cannot be read: broken YAML, a key of the wrong type, no `title`.
///
/// Why: the front matter says what the plan is, who owns it and when it is due; a plan
/// whose header cannot be read cannot be checked honestly.
struct FrontMatterInvalid: Rule {
    static let id: RuleID = "front-matter-invalid"
    static let severity: Severity = .error
    static let summary = "the YAML front matter does not parse, a key has the wrong type, or `title` is missing"
    static let rationale = """
        Every plan starts with YAML front matter between `---` lines. mapc reports YAML syntax \
        errors at the line the YAML parser names, keys whose value has the wrong type \
        (`parties` must be a list, `review` one of daily/weekly/biweekly/monthly), a missing \
        `title`, and front matter that is never closed.
        """
    static let bad: [Example] = [
        Example("↓---\nstatus: active\n---\n", messages: ["front matter has no `title`"]),
        Example("---\ntitle: Pilot\nparties: ↓Acme\n---\n", messages: ["front-matter key `parties` must be a list of strings"]),
        Example("---\ntitle: Pilot\nreview: ↓fortnightly\n---\n"),
        Example("↓---\ntitle: Pilot\n"),
    ]
    static let good: [Example] = [
        "---\ntitle: Pilot\nparties: [Acme, Globex]\nreview: weekly\n---\n",
        "---\ntitle: \"Acme: pilot\"\nowner: \"@dana\"\n---\n",
    ]

    func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues {
            guard case let .frontMatter(message, help) = issue.kind else { continue }
            out.add(Self.self, at: issue.range, message, help: help)
        }
    }
}
