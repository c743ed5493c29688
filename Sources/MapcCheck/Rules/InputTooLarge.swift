import MapcModel
import MapcSource

/// A plan file, or one of its lines, is larger than mapc reads.
///
/// Why: the Markdown parser takes more than linear time on some long inputs; a limit far
/// above any real plan keeps every check, build and editor session answering in bounded
/// time, and says so instead of hanging.
struct InputTooLarge: Rule {
    static let id: RuleID = "input-too-large"
    static let severity: Severity = .error
    static let summary = "a plan file or one of its lines is larger than the limits in mapc.yml allow"
    static let rationale = """
        Reported by the file walk, before the file is parsed: the file is larger than \
        `limits.file_size` (default 4 MiB) or a line is longer than `limits.line_length` \
        (default 64 KiB). The file is left out; the other files are still checked and built. \
        Split the plan, break the line, or raise the limit in mapc.yml.
        """
    // Needs megabytes of input: tested in the CLI tests, not by examples.
    static let bad: [Example] = []
    static let good: [Example] = []

    func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {}
}
