import MapcSource

/// What reading a file found when it did not become a plan. Reading records it; the rules
/// `file-unreadable`, `input-limit` and `front-matter-invalid` word it (`FileRule`).
public enum FileFinding: Sendable, Equatable {
    /// The system could not read it (permissions, a folder, a path too long): its reason.
    case unreadable(reason: String)
    /// It holds NUL bytes: binary, not Markdown.
    case binary
    /// It is not UTF-8: the first invalid byte's offset.
    case notUTF8(offset: Int)
    /// Larger than `limits.file_size`.
    case tooLarge(limit: Int)
    /// A line longer than `limits.line_length`.
    case lineTooLong(line: Int, length: Int, limit: Int)
    /// Markdown the parser is slow on (docs/robustness.md#limits), from line `line`.
    case slowMarkdown(MarkdownLimit, line: Int)
    /// No front matter, in a file named on the command line; `empty` when it holds nothing.
    case noFrontMatter(empty: Bool)

    /// Findings that make the run exit 2: the input could not be read at all.
    public var isUnreadable: Bool {
        switch self {
        case .unreadable, .binary, .notUTF8: true
        default: false
        }
    }
}
