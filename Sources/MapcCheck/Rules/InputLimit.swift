import MapcModel
import MapcSource

/// A plan file is larger, has longer lines, or nests or repeats Markdown more than mapc
/// reads.
///
/// Why: the Markdown parser takes more than linear time on some inputs; limits far above
/// any real plan keep every check, build and editor session answering in bounded time, and
/// say so instead of hanging.
public struct InputLimit: FileRule {
    public static let id: RuleID = "input-limit"
    public static let severity: Severity = .error
    public static let summary = "a plan file is larger, or its Markdown longer or deeper, than mapc reads"
    public static let rationale = """
        Reported before the file is parsed, at the line concerned: the file is larger than \
        `limits.file_size` (default 2 MiB), a line is longer than `limits.line_length` \
        (default 16 KiB), or the Markdown passes one of the guards against the parser's slow \
        inputs (nesting deeper than 16, over 1,024 emphasis and link marks in one paragraph, \
        tables over 128 columns…; docs/robustness.md#limits). The file is left out; the other \
        files are still checked and built.
        """
    // Its examples are whole files (`fileExamples`); megabytes are tested in the CLI tests.
    public static let bad: [Example] = []
    public static let good: [Example] = []
    public static let fileExamples = [
        FileExample("deep.md", Array(("---\ntitle: Deep\n---\n" + String(repeating: "> ", count: 20) + "x\n").utf8),
                    expected: "4:1 line 4 nests quotes and lists about 20 levels deep, more than the 16 mapc reads; the file was not read"),
        FileExample("marks.md", Array(("---\ntitle: Marks\n---\n" + String(repeating: "*a ", count: 1100) + "\n").utf8),
                    expected: "4:1 the paragraph that starts on line 4 holds more than 1024 emphasis, link and code marks (* _ ~ [ ] ! `); the file was not read"),
    ]

    public static let manual = Manual(
        why: """
            The Markdown parser takes more than linear time on some inputs; limits far above any \
            real plan keep every check, build and editor session answering in bounded time, and say \
            so instead of hanging.
            """,
        fix: """
            Split the file, or take out what is far beyond a plan (pasted logs, generated tables, \
            deep nesting). If a real plan needs more, raise the limit under `limits:` in mapc.yml.
            """,
        fixed: nil)

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {}

    public static func describe(_ finding: FileFinding, path: String) -> (message: String, help: String)? {
        switch finding {
        case let .tooLarge(limit):
            ("`\(path)` is larger than the limit of \(InputLimits.describe(limit)) for a plan file; it was not read",
             "split the plan into smaller files, or raise `limits.file_size` in mapc.yml")
        case let .lineTooLong(line, length, limit):
            ("line \(line) is \(length) bytes long, over the limit of \(InputLimits.describe(limit)); the file was not read",
             "break the line (a blank line ends a paragraph), or raise `limits.line_length` in mapc.yml")
        case let .slowMarkdown(limit, line):
            Self.words(limit, line: line)
        default:
            nil
        }
    }

    /// What the guard against slow Markdown found, in words, with what to do.
    private static func words(_ limit: MarkdownLimit, line: Int) -> (String, String) {
        let (message, help): (String, String) = switch limit {
        case let .depth(found, limit):
            ("line \(line) nests quotes and lists about \(found) levels deep, more than the \(limit) mapc reads",
             "flatten the nesting: a plan needs few levels of lists")
        case let .paragraphMarks(paragraph, limit):
            ("the paragraph that starts on line \(paragraph) holds more than \(limit) emphasis, link and code marks (* _ ~ [ ] ! `)",
             "split it with blank lines: cmark-gfm slows down on very long paragraphs of them")
        case let .paragraphAngles(paragraph, limit):
            ("the paragraph that starts on line \(paragraph) holds more than \(limit) `<`", "split it with blank lines, or write `&lt;`")
        case let .delimiterRow(linesIn, paragraph):
            ("line \(line) looks like a table's delimiter row, \(linesIn) lines into the paragraph that starts on line \(paragraph)",
             "start the table after a blank line, or write the dashes another way")
        case let .tableColumns(found, limit):
            ("the table on line \(line) has \(found) columns, more than the \(limit) mapc reads", "split the table")
        case let .tableCells(found, limit):
            ("the tables up to line \(line) hold about \(found) cells, more than the \(limit) mapc reads in one file",
             "split the plan into smaller files")
        case let .linkStarts(found, limit):
            ("a word on line \(line) holds \(found) link starts (`www.`, `://`, `@`), more than the \(limit) mapc reads in one word",
             "break the word up, or put it in a code span")
        case let .trailingPunctuation(found, limit):
            ("a word on line \(line) ends in \(found) punctuation marks, more than the \(limit) mapc reads",
             "break the word up, or put it in a code span")
        case let .emails(found, limit):
            ("line \(line) holds \(found) e-mail addresses, more than the \(limit) mapc reads on one line", "put them on separate lines")
        case let .referenceExpansion(bytes, uses, limit):
            ("a link reference definition of \(bytes) bytes used up to \(uses) times would expand to more than \(limit >> 20) MiB",
             "shorten the definition, or use it less often")
        }
        return (message + "; the file was not read", help)
    }
}
