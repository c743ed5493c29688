import MapcModel
import MapcSource

/// A plan file cannot be read, or is not UTF-8 text.
///
/// Why: a plan mapc cannot read is a plan nobody is checking; say so instead of skipping it.
public struct FileUnreadable: FileRule {
    public static let id: RuleID = "file-unreadable"
    public static let severity: Severity = .error
    public static let summary = "a plan file cannot be read, or is not UTF-8 text"
    public static let rationale = """
        Reported by the file walk, not by a plan: permissions, a directory named like a plan, \
        binary content, NUL bytes or invalid UTF-8. The other files are still checked.
        """
    // Its examples are whole files (`fileExamples`), not plan text.
    public static let bad: [Example] = []
    public static let good: [Example] = []
    public static let fileExamples = [
        FileExample("image.md", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01],
                    expected: "1:1 cannot read `image.md`: the file holds NUL bytes: it looks binary, not Markdown text"),
        FileExample("latin1.md", Array("---\ntitle: Caf".utf8) + [0xE9] + Array("\n---\n".utf8),
                    expected: "1:1 cannot read `latin1.md`: the file is not UTF-8 text (invalid byte near offset 14)"),
    ]

    public static let manual = Manual(
        why: """
            A plan mapc cannot read is a plan nobody is checking: saying so is better than skipping \
            it in silence.
            """,
        details: """
            Reported at 1:1 of the file; `mapc check` exits with 2 even if other files had errors.
            """,
        fix: """
            Save the file as UTF-8 text (most editors have an "encoding" setting), or fix its \
            permissions. A binary file with a `.md` name does not belong among the plans.
            """,
        fixed: nil)

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {}

    public static func describe(_ finding: FileFinding, path: String) -> (message: String, help: String)? {
        switch finding {
        case let .unreadable(reason): ("cannot read `\(path)`: \(reason)", "check the file's permissions, or remove it")
        case .binary: ("cannot read `\(path)`: the file holds NUL bytes: it looks binary, not Markdown text",
                       "save the plan as UTF-8 Markdown text")
        case let .notUTF8(offset): ("cannot read `\(path)`: the file is not UTF-8 text (invalid byte near offset \(offset))",
                                    "save the plan as UTF-8 Markdown text")
        default: nil
        }
    }
}
