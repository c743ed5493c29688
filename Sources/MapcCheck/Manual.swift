/// A rule's entry in the user manual, docs/rules.md, which `mapc rules --markdown` writes
/// from the rules themselves (script/generate-rules-doc), so the manual cannot drift.
///
/// What the rule checks is its `rationale`; the failing example is one of its `bad`
/// examples, and the diagnostics shown under it are what mapc says about it today. The
/// `fixed` snippet is run as a test too: the rule must stay silent on it.
public struct Manual: Sendable {
    /// Why the rule exists: what goes wrong in a plan, or between parties, without it.
    public let why: String
    /// More on what it checks, after the rationale (Markdown; may be empty).
    public let details: String
    /// How to fix a finding (Markdown).
    public let fix: String
    /// Which of the rule's `bad` examples the manual shows.
    public let example: Int
    /// The shown example, fixed: the rule stays silent on it. Nil for file rules, whose
    /// examples are whole files.
    public let fixed: String?

    public init(why: String, details: String = "", fix: String, example: Int = 0, fixed: String?) {
        self.why = why
        self.details = details
        self.fix = fix
        self.example = example
        self.fixed = fixed
    }

    /// The day rule examples are checked against, in the tests and in the manual.
    public static let today = "2026-11-24"

    /// The plan an example stands for: a snippet without front matter goes into a minimal plan.
    public static func plan(_ markdown: String) -> String {
        markdown.hasPrefix("---") || markdown.hasPrefix("↓---") ? markdown : "---\ntitle: Example\n---\n" + markdown
    }

    /// An example's text without its `↓` markers.
    public static func unmarked(_ markdown: String) -> String {
        markdown.split(separator: "↓", omittingEmptySubsequences: false).joined()
    }
}
