import MapcSource

/// A small JSON writer with a fixed key order, so output is byte-for-byte deterministic.
public struct JSONWriter {
    public private(set) var text = ""

    public init() {}

    /// A JSON string literal for `value`. Besides what JSON requires (quote, backslash,
    /// C0 controls), DEL, C1 controls, bidi controls and U+2028/U+2029 are written as
    /// `\uXXXX`: the value is the same to a parser, and JSON printed on a terminal (or
    /// read in a log) shows them instead of obeying them.
    public static func quote(_ value: String) -> String {
        // Most values (ids, dates, commit ids, plain titles) need no escape: copied whole.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + value + "\"" }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || TerminalText.standIn(for: scalar) != nil {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A JSON value built in code; objects keep their keys in the order given.
public indirect enum JSON {
    case string(String)
    case number(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])
    /// Text already rendered at the place it goes (see `render(indent:level:)`): lets a
    /// site build keep one plan's entry of status.json and put the file together later.
    case rendered(String)

    /// Compact or indented text.
    public func render(indent: Int? = nil) -> String {
        render(indent: indent, level: 0)
    }

    /// The text of a value nested `level` deep in an indented document.
    public func render(indent: Int?, level: Int) -> String {
        var out = ""
        write(into: &out, indent: indent, level: level)
        return out
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        let newline = indent == nil ? "" : "\n"
        func pad(_ level: Int) -> String { String(repeating: " ", count: (indent ?? 0) * level) }
        switch self {
        case let .string(value): out += JSONWriter.quote(value)
        case let .number(value): out += String(value)
        case let .double(value):
            out += value.isFinite ? (value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)) : "null"
        case let .bool(value): out += value ? "true" : "false"
        case .null: out += "null"
        case let .rendered(text): out += text
        case let .array(values):
            if values.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (index, value) in values.enumerated() {
                out += pad(level + 1)
                value.write(into: &out, indent: indent, level: level + 1)
                out += (index < values.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "]"
        case let .object(pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (index, (key, value)) in pairs.enumerated() {
                out += pad(level + 1) + JSONWriter.quote(key) + (indent == nil ? ":" : ": ")
                value.write(into: &out, indent: indent, level: level + 1)
                out += (index < pairs.count - 1 ? "," : "") + newline
            }
            out += pad(level) + "}"
        }
    }
}
