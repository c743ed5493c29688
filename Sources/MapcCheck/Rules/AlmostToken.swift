import MapcModel
import MapcSource

/// A token written almost right, which is read as prose: `due: 2026-12-01`, `Due:2026-12-01`.
///
/// Why: the item reads as dated to a person, but mapc sees no date; better to say so than
/// to report the task as undated.
public struct AlmostToken: Rule {
    public static let id: RuleID = "almost-token"
    public static let severity: Severity = .warning
    public static let summary = "a token written almost right (`due: 2026-12-01`, `Due:…`), read as prose"
    public static let rationale = """
        Tokens are `key:value`: a lowercase key and no space after the colon \
        (docs/format.md#tokens-versus-prose). A known key followed by a space, or written with a \
        capital, and a value of the key's own kind (a date for `due:`, a slug for `after:`, \
        a goal id for `goal:`) is reported with the exact replacement. `Note: call at 10` \
        stays prose.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Get quotes @li ↓due: 2026-12-01",
                messages: ["`due: 2026-12-01` is read as prose, not as a token"]),
        Example("## Tasks\n- [ ] Get quotes @li ↓Due:2026-12-01"),
        Example("## Tasks\n- [ ] Order @li due:2026-12-01 ↓after: get-quotes"),
        Example("## Milestones\n- Pilot due:2026-12-01 ↓goal: G1"),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Get quotes @li due:2026-12-01",
        "## Tasks\n- [ ] Note: call the venue at 10:30 @li due:2026-12-01",
        "## Tasks\n- [ ] Status: waiting for legal @li due:2026-12-01",
    ]

    public static let manual = Manual(
        why: """
            The item reads as dated (or linked) to a person, but mapc sees prose: no deadline, no \
            dependency, no goal. Saying so is better than reporting the task as undated.
            """,
        fix: """
            Write the token as mapc reads it: lowercase key, no space after the colon. The help \
            gives the exact replacement.
            """,
        fixed: "## Tasks\n- [ ] Get quotes @li due:2026-12-01")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues {
            guard case let .almostToken(written, replacement) = issue.kind else { continue }
            out.add(Self.self, at: issue.range, "`\(written)` is read as prose, not as a token",
                    help: "write `\(replacement)`")
        }
    }
}
