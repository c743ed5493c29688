import MapcModel
import MapcSource

/// A second front matter block in one file: two plans pasted together.
///
/// Why: the second plan's title, dates and status would be read as prose of the first.
public struct SecondFrontMatter: Rule {
    public static let id: RuleID = "second-front-matter"
    public static let severity: Severity = .error
    public static let summary = "a second front matter block: two plans in one file"
    public static let rationale = """
        A plan is one file with one front matter at its top (docs/format.md#files). A later \
        `---` line followed by front-matter keys (with `title:`) and a closing `---` is a \
        second plan: split it into its own file.
        """
    public static let bad: [Example] = [
        Example("Intro.\n\n↓---\ntitle: Second plan\nstatus: active\n---\n",
                messages: ["a second front matter block: one file holds one plan"]),
    ]
    public static let good: [Example] = ["Intro.\n\n---\n\nMore prose after a rule.\n"]

    public static let manual = Manual(
        why: """
            The second plan's title, dates and status would be read as prose of the first: it is \
            never checked, and its work never shows.
            """,
        fix: """
            Move the second plan, from its `---` on, into a file of its own.
            """,
        fixed: "Intro.\n")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues where issue.kind == .secondFrontMatter {
            out.add(Self.self, at: issue.range, "a second front matter block: one file holds one plan",
                    help: "move the second plan, from this line on, into a file of its own")
        }
    }
}
