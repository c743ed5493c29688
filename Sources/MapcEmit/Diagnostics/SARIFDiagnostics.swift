import MapcCheck
import MapcSource

/// `mapc check --format sarif`: a SARIF 2.1.0 log with one run, for code-scanning tools.
///
/// The run describes every rule (id, descriptions, help, default level) and lists the
/// diagnostics as results with physical locations. Columns count Unicode code points and
/// the end column is exclusive, which SARIF names `unicodeCodePoints`
/// (docs/review.md#mapc-check---format-sarif). The output is a pure function of its
/// arguments: no time stamps, no absolute paths that were not given.
public enum SARIFDiagnostics {
    /// Where people learn about mapc; SARIF viewers link the tool's name to it.
    public static let informationURI = "https://github.com/mapc-tools/mapc"
    /// The schema the log declares (OASIS SARIF 2.1.0, errata 01).
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// The log for `diagnostics`, in their order, describing `rules` (every rule by default).
    public static func render(_ diagnostics: [Diagnostic], toolVersion: String,
                              rules: [any Rule.Type] = Registry.rules) -> String
    {
        var ruleIndex: [RuleID: Int] = [:]
        for (index, rule) in rules.enumerated() { ruleIndex[rule.id] = index }
        let driver: JSON = .object([
            ("name", .string("mapc")),
            ("version", .string(toolVersion)),
            ("semanticVersion", .string(toolVersion)),
            ("informationUri", .string(informationURI)),
            ("rules", .array(rules.map(descriptor))),
        ])
        let results: [JSON] = diagnostics.map { diagnostic in
            var pairs: [(String, JSON)] = [("ruleId", .string(diagnostic.rule.rawValue))]
            if let index = ruleIndex[diagnostic.rule] { pairs.append(("ruleIndex", .number(index))) }
            pairs += [
                ("level", .string(level(diagnostic.severity))),
                ("message", .object([("text", .string(messageText(diagnostic)))])),
                ("locations", .array([location(diagnostic)])),
            ]
            return .object(pairs)
        }
        let run: JSON = .object([
            ("tool", .object([("driver", driver)])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
        ])
        let log: JSON = .object([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return log.render(indent: 2) + "\n"
    }

    /// SARIF levels: `note` is what mapc calls `info`.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// The message a viewer shows: what is wrong, then what to do on its own line.
    static func messageText(_ diagnostic: Diagnostic) -> String {
        guard let help = diagnostic.help else { return diagnostic.message }
        return diagnostic.message + "\nhelp: " + help
    }

    /// A rule's `reportingDescriptor`: its manual in the shape SARIF viewers show.
    static func descriptor(_ rule: any Rule.Type) -> JSON {
        let silence = "Silence it for one item with `<!-- mapc-disable-next-line \(rule.id) -->` on the line before, "
            + "for the rest of a file with `<!-- mapc-disable \(rule.id) -->`, or everywhere in mapc.yml: "
            + "`rules: { \(rule.id): off }`."
        let manual = rule.manual
        var markdown = "\(rule.rationale)\n\nWhy: \(manual.why)\n\n"
        if let bad = rule.bad.indices.contains(manual.example) ? rule.bad[manual.example] : rule.bad.first {
            let example = bad.markdown.split(separator: "↓", omittingEmptySubsequences: false).joined()
            markdown += "Example that triggers it:\n\n" + fenced(example) + "\n\n"
        }
        markdown += "How to fix it: \(manual.fix)\n\n"
        if let fixed = manual.fixed {
            markdown += "Fixed:\n\n" + fenced(fixed) + "\n\n"
        } else if let good = rule.good.first {
            markdown += "Example that does not:\n\n" + fenced(good.markdown) + "\n\n"
        }
        markdown += silence
        return .object([
            ("id", .string(rule.id.rawValue)),
            ("name", .string(String(describing: rule))),
            ("shortDescription", .object([("text", .string(rule.summary))])),
            ("fullDescription", .object([("text", .string(rule.rationale))])),
            ("help", .object([("text", .string(rule.rationale + "\n\nHow to fix it: " + manual.fix + "\n\n" + silence)),
                              ("markdown", .string(markdown))])),
            ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
        ])
    }

    /// A Markdown code block that no backtick run inside the example can close.
    private static func fenced(_ text: String) -> String {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "markdown\n" + text + "\n" + fence
    }

    private static func location(_ diagnostic: Diagnostic) -> JSON {
        .object([("physicalLocation", .object([
            ("artifactLocation", .object([("uri", .string(uri(forPath: diagnostic.file)))])),
            ("region", .object([
                ("startLine", .number(diagnostic.start.line)),
                ("startColumn", .number(diagnostic.start.column)),
                ("endLine", .number(diagnostic.end.line)),
                ("endColumn", .number(diagnostic.end.column)),
            ])),
        ]))])
    }

    /// A file path as a URI reference: relative paths stay relative (code scanning resolves
    /// them against the repository root), absolute ones become `file://` URIs; bytes outside
    /// RFC 3986's path characters are percent-encoded.
    public static func uri(forPath path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        let absolute = trimmed.hasPrefix("/")
        var out = absolute ? "file://" : ""
        for byte in trimmed.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            // `:` is left out on purpose: in a relative reference it would read as a scheme.
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"),
                 UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
                 UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
                 UInt8(ascii: "="), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
