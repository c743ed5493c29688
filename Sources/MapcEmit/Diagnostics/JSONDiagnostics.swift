import MapcSource

/// `mapc check --format json`: `{"diagnostics":[…],"summary":{…}}`, sorted by file,
/// line, column. `endColumn` is exclusive, like SARIF's.
public enum JSONDiagnostics {
    public static func render(_ diagnostics: [Diagnostic], plans: Int) -> String {
        let items = diagnostics.map(json)
        let summary: JSON = .object([
            ("plans", .number(plans)),
            ("errors", .number(diagnostics.count(of: .error))),
            ("warnings", .number(diagnostics.count(of: .warning))),
            ("infos", .number(diagnostics.count(of: .info))),
        ])
        return JSON.object([("diagnostics", .array(items)), ("summary", summary)]).render(indent: 2) + "\n"
    }

    /// One diagnostic as an object, the way every JSON output of mapc writes it.
    public static func json(_ diagnostic: Diagnostic) -> JSON {
        .object([
            ("file", .string(diagnostic.file)),
            ("line", .number(diagnostic.start.line)),
            ("column", .number(diagnostic.start.column)),
            ("endLine", .number(diagnostic.end.line)),
            ("endColumn", .number(diagnostic.end.column)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("rule", .string(diagnostic.rule.rawValue)),
            ("message", .string(diagnostic.message)),
            ("help", diagnostic.help.map(JSON.string) ?? .null),
        ])
    }
}
