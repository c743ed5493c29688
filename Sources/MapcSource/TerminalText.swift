/// Plan text and file names made safe to print on a terminal.
///
/// Everything a plan author or a file name holds is untrusted. Printed raw, an ESC starts
/// an escape sequence (recolour, clear the screen, set the window title, on some
/// terminals write files), a CR or backspace overwrites what was printed, a newline
/// inside a file name forges a whole diagnostic line (`x.md\nfake.md:1:1: info: all
/// good`), and a bidi override makes a line read differently from what it holds
/// ("Trojan Source"). Every text output format passes such values through `safe(_:)`.
///
/// Stand-ins are visible and say what was there:
/// - C0 controls and DEL become their Control Pictures (U+2400–U+2421: `␛`, `␊`, `␉`):
///   one cell each, so columns and the caret under a quoted line stay where they were;
/// - C1 controls (U+0080–U+009F), bidi embeddings, overrides and isolates
///   (U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators
///   (U+2028, U+2029) have no picture: they become Swift's `\u{…}` notation, which names
///   the exact code point. It is several cells wide, and `TextDiagnostics` counts those
///   cells when it places a caret.
public enum TerminalText {
    /// `text` with every control, bidi control and line separator replaced by a visible
    /// stand-in; text without any is returned as it is.
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { standIn(for: $0) != nil }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if let replacement = standIn(for: scalar) {
                out += replacement
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// What `safe(_:)` prints instead of `scalar`, or nil when the scalar is printed as it is.
    public static func standIn(for scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x00...0x1F:
            return String(Unicode.Scalar(0x2400 + scalar.value)!)
        case 0x7F:
            return "\u{2421}"
        case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029:
            return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default:
            return nil
        }
    }
}
