import MapcSource

/// `mapc check --format github`: one GitHub Actions workflow command per diagnostic, so
/// a workflow step turns them into annotations on the pull request's changed lines:
///
///     ::error file=plans/acme.md,line=18,col=22,endLine=18,endColumn=27,title=mapc%3A owner-unknown::`@dnaa` is not…
///
/// `info` becomes `notice`. The message is followed by the help on its own line. Values are
/// escaped as the runner unescapes them (actions/toolkit `command.ts`): in the message
/// `%`, CR and LF; in properties also `:` and `,`. GitHub refuses columns on an annotation
/// that spans lines, so `col` and `endColumn` are given only for single-line ranges.
public enum GitHubDiagnostics {
    public static func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for diagnostic in diagnostics { out += line(diagnostic) + "\n" }
        return out
    }

    /// One workflow command, without its newline.
    public static func line(_ diagnostic: Diagnostic) -> String {
        let command = switch diagnostic.severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
        var file = Substring(diagnostic.file)
        while file.hasPrefix("./") { file = file.dropFirst(2) }
        var properties = [("file", String(file)), ("line", String(diagnostic.start.line))]
        let singleLine = diagnostic.start.line == diagnostic.end.line
        if singleLine { properties.append(("col", String(diagnostic.start.column))) }
        properties.append(("endLine", String(diagnostic.end.line)))
        if singleLine { properties.append(("endColumn", String(diagnostic.end.column))) }
        properties.append(("title", "mapc: \(diagnostic.rule)"))
        var message = diagnostic.message
        if let help = diagnostic.help { message += "\nhelp: " + help }
        let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(command) \(list)::\(escapeData(message))"
    }

    /// The message part: `%`, CR and LF.
    public static func escapeData(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A property value: the message's escapes, and `:` and `,` that would end the value.
    public static func escapeProperty(_ text: String) -> String {
        var out = ""
        for scalar in escapeData(text).unicodeScalars {
            switch scalar {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
