import MapcModel
import MapcSource

/// A plan file cannot be read, or is not UTF-8 text.
///
/// Why: a plan mapc cannot read is a plan nobody is checking; say so instead of skipping it.
struct FileUnreadable: Rule {
    static let id: RuleID = "file-unreadable"
    static let severity: Severity = .error
    static let summary = "a plan file cannot be read, or is not UTF-8 text"
    static let rationale = """
        Reported by the file walk, not by a plan: permissions, a directory named like a plan, \
        binary content, NUL bytes or invalid UTF-8. The other files are still checked.
        """
    // Needs bytes that are not text: tested in the CLI tests, not by examples.
    static let bad: [Example] = []
    static let good: [Example] = []

    func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {}
}
