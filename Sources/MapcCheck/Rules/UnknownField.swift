import MapcModel
import MapcSource

/// A front-matter key, inline token or value that mapc does not know: likely a typo.
///
/// Why: `deu:2026-12-01` looks like a date to a reader but is no deadline to mapc.
public struct UnknownField: Rule {
    public static let id: RuleID = "unknown-field"
    public static let severity: Severity = .warning
    public static let summary = "an unknown front-matter key or inline `key:` token, or an unknown value of `every:` or `status:`"
    public static let rationale = """
        Unknown front-matter keys are kept (and shown on the site) but reported, as are inline \
        `key:value` tokens with an unknown key and values outside a known set (`every:`, \
        `status:`, `est:`). Write `Word: text` with a space to keep prose from being a token.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Sign @li ↓deu:2026-12-01", messages: ["unknown token `deu:`"]),
        Example("---\ntitle: Pilot\n↓ownr: dana\n---\n", messages: ["unknown front-matter key `ownr`"]),
        Example("## Communication\n- Sync every:↓fortnight"),
        Example("## Tasks\n- [ ] Sign @li status:↓waiting"),
        Example("---\ntitle: Pilot\nstatus: ↓Active\n---\n", messages: ["unknown value `Active` for `status:`"]),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Sign @li due:2026-12-01 status:blocked",
        "## Tasks\n- [ ] Note: meet at 10:30 @li",
        "## Tasks\n- [ ] Use `vault:secret` @li",
    ]

    public static let manual = Manual(
        why: """
            `deu:2026-12-01` looks like a date to a reader but is no deadline to mapc: a typo must \
            not cost a plan its data.
            """,
        details: """
            The keys mapc knows are in the [front matter table](format.md#front-matter) and under \
            [task tokens](format.md#task-tokens). With an unknown `status` the plan is treated as \
            `active`.
            """,
        fix: """
            Correct the key or value (the help names the nearest known key or the accepted values). \
            If you meant prose, put a space after the colon (`Note: …`) or write it as code (`` \
            `retry:3` ``).
            """,
        fixed: "## Tasks\n- [ ] Sign @li due:2026-12-01")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues {
            switch issue.kind {
            case let .unknownKey(key, suggestion):
                out.add(Self.self, at: issue.range, "unknown front-matter key `\(key)`",
                        help: suggestion.map { "did you mean `\($0)`? Unknown keys are kept but not used" }
                            ?? "known keys: title, id, status, start, due, owner, parties, review, tags")
            case let .unknownToken(key, suggestion):
                out.add(Self.self, at: issue.range, "unknown token `\(key):`",
                        help: suggestion.map { "did you mean `\($0):`? For prose, put a space after the colon" }
                            ?? "for prose, put a space after the colon: `\(key): …`")
            case let .unknownValue(key, value, expected):
                let lowered = value.lowercased()
                out.add(Self.self, at: issue.range, "unknown value `\(value)` for `\(key):`",
                        help: expected.contains(lowered) ? "write `\(lowered)`: values are lowercase"
                            : "use one of: \(expected.joined(separator: ", "))")
            default:
                continue
            }
        }
    }
}
