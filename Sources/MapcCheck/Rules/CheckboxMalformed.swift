import MapcModel
import MapcSource

/// A checkbox written so that Markdown does not read it as one: `- []`, `- [ x ]`, `-[ ]`.
///
/// Why: GitHub shows these as plain text, not as checkboxes; the author meant a task.
public struct CheckboxMalformed: Rule {
    public static let id: RuleID = "checkbox-malformed"
    public static let severity: Severity = .warning
    public static let summary = "a checkbox Markdown does not read: `- []`, `- [ x ]`, `-[ ]`"
    public static let rationale = """
        A GFM checkbox is `- [ ]` or `- [x]`: brackets holding one space or one `x`, a space \
        after the dash. Obsidian Tasks' `- [-]` (cancelled) and `- [/]` (in progress) are read \
        as those states. Other spellings are reported with the fix; under Tasks they are still \
        read as tasks (`[]` open, `[ x ]` done), so nothing is lost.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- ↓[] Get quotes @li", messages: ["`[]` is not a checkbox Markdown reads"]),
        Example("## Tasks\n- ↓[ x ] Get quotes @li"),
        Example("## Tasks\n↓-[ ] Get quotes @li", messages: ["`-[ ]` is not a checkbox Markdown reads"]),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Get quotes @li",
        "## Tasks\n- [X] Get quotes @li",
        "## Tasks\n- [-] Get quotes @li",
        "## Tasks\n- [/] Get quotes @li",
        "## Notes\n- [1] see the appendix",
    ]

    public static let manual = Manual(
        why: """
            GitHub and most Markdown previews show these as plain text, not as checkboxes; the \
            author meant a task, and readers of the rendered plan cannot tick it off.
            """,
        fix: """
            Write the checkbox as `- [ ]` (open) or `- [x]` (done): a space after the dash, one \
            space or one `x` between the brackets.
            """,
        fixed: "## Tasks\n- [ ] Get quotes @li")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues {
            guard case let .malformedCheckbox(written, replacement) = issue.kind else { continue }
            out.add(Self.self, at: issue.range, "`\(written)` is not a checkbox Markdown reads",
                    help: "write `\(replacement)`")
        }
    }
}
