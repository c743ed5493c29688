import MapcModel
import MapcSource

/// The front matter cannot be read: broken YAML, a key of the wrong type, no `title`.
///
/// Why: the front matter says what the plan is, who owns it and when it is due; a plan
/// whose header cannot be read cannot be checked honestly.
public struct FrontMatterInvalid: FileRule {
    public static let id: RuleID = "front-matter-invalid"
    public static let severity: Severity = .error
    public static let summary = "the YAML front matter does not parse, a key has the wrong type, or `title` is missing"
    public static let rationale = """
        Every plan starts with YAML front matter between `---` lines. mapc reports YAML syntax \
        errors at the line the YAML parser names, keys whose value has the wrong type \
        (`parties` must be a list, `review` one of daily/weekly/biweekly/monthly), a missing \
        `title`, and front matter that is never closed.
        """
    public static let bad: [Example] = [
        Example("↓---\nstatus: active\n---\n", messages: ["front matter has no `title`"]),
        Example("---\ntitle: Pilot\nparties: ↓Acme\n---\n", messages: ["front-matter key `parties` must be a list of strings"]),
        Example("---\ntitle: Pilot\nreview: ↓fortnightly\n---\n"),
        Example("↓---\ntitle: Pilot\n"),
    ]
    public static let good: [Example] = [
        "---\ntitle: Pilot\nparties: [Acme, Globex]\nreview: weekly\n---\n",
        "---\ntitle: \"Acme: pilot\"\nowner: \"@dana\"\n---\n",
    ]

    /// A file named on the command line is meant as a plan (docs/format.md#files).
    public static let fileExamples = [
        FileExample("empty.md", [], named: true, expected: "1:1 the file is empty: a plan starts with front matter"),
        FileExample("notes.md", Array("# Notes\n".utf8), named: true, expected: "1:1 the file has no front matter"),
    ]
    /// It also reports a front matter that never closes, when nothing else is read.
    public static let checksUnreadBody = true

    public static let manual = Manual(
        why: """
            The front matter says what the plan is, who owns it and when it is due; a plan whose \
            header cannot be read cannot be checked honestly.
            """,
        details: """
            A common cause of broken YAML is `owner: @dana`: YAML cannot start a plain value with \
            `@`. A file named on the command line without any front matter (or empty) is reported \
            too. An unknown `status` word is `unknown-field`; a date that is not a real day is \
            `invalid-date`.
            """,
        fix: """
            Give each key the type the [front matter table](format.md#front-matter) asks for, and a \
            `title`. Quote values that YAML would misread: `owner: "@dana"`, `title: "Acme: pilot"`.
            """,
        fixed: "---\ntitle: Pilot\nstatus: active\n---\n")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues {
            guard case let .frontMatter(problem) = issue.kind else { continue }
            let (message, help) = Self.words(problem)
            out.add(Self.self, at: issue.range, message, help: help)
        }
    }

    static func words(_ problem: FrontMatterProblem) -> (String, String) {
        switch problem {
        case let .notYAML(detail):
            ("front matter is not valid YAML: \(detail)", "fix the YAML syntax; quote values that start with `@`, `:` or `#`")
        case .notAMapping:
            ("front matter must be a mapping of keys to values", "write `key: value` lines, e.g. `title: Pilot`")
        case let .wrongType(key, expected):
            ("front-matter key `\(key)` must be \(Self.expectation(expected))", "write e.g. `\(key): \(Self.example(expected))`")
        case .missingTitle:
            ("front matter has no `title`", "add the plan's name, e.g. `title: Globex payments pilot`")
        case .unclosed:
            ("front matter opened here is never closed", "end the front matter with a line holding only `---`")
        }
    }

    private static func expectation(_ value: FrontMatterValue) -> String {
        switch value {
        case .text: "a non-empty string"
        case .slug: "a slug of letters, digits, `-`, `_` or `.`"
        case .status: "one of \(PlanStatus.allCases.map(\.rawValue).joined(separator: ", "))"
        case .date: "a date"
        case .handle: "a handle"
        case .list: "a list of strings"
        case .review: "one of \(ReviewCadence.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }

    private static func example(_ value: FrontMatterValue) -> String {
        switch value {
        case .text: "Globex payments pilot"
        case .slug: "globex-pilot"
        case .status: "active"
        case .date: "2026-12-01"
        case .handle: "\"@dana\""
        case .list: "[Acme, Globex]"
        case .review: "weekly"
        }
    }

    public static func describe(_ finding: FileFinding, path: String) -> (message: String, help: String)? {
        guard case let .noFrontMatter(empty) = finding else { return nil }
        return (empty ? "the file is empty: a plan starts with front matter" : "the file has no front matter",
                "start the plan with `---`, a `title:` line and `---`")
    }
}
