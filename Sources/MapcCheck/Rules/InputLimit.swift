import MapcModel
import MapcSource

/// A plan file is larger, has longer lines, or nests or repeats Markdown more than mapc
/// reads.
///
/// Why: the Markdown parser takes more than linear time on some inputs; limits far above
/// any real plan keep every check, build and editor session answering in bounded time, and
/// say so instead of hanging.
struct InputLimit: Rule {
    static let id: RuleID = "input-limit"
    static let severity: Severity = .error
    static let summary = "a plan file is larger, or its Markdown longer or deeper, than mapc reads"
    static let rationale = """
        Reported before the file is parsed, at the line concerned: the file is larger than \
        `limits.file_size` (default 2 MiB), a line is longer than `limits.line_length` \
        (default 16 KiB), or the Markdown passes one of the guards against the parser's slow \
        inputs (nesting deeper than 16, over 1,024 emphasis and link marks in one paragraph, \
        tables over 128 columns…; docs/robustness.md#limits). The file is left out; the other \
        files are still checked and built.
        """
    // Needs megabytes of input: tested in the CLI tests, not by examples.
    static let bad: [Example] = []
    static let good: [Example] = []

    func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {}
}
