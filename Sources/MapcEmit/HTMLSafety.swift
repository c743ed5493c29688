/// Plan text is untrusted: everything a plan author writes reaches the site only through
/// this escaping, Mustache's `{{ }}`, or prose already rendered to safe HTML by the
/// lowering (`SafeHTML`, in MapcParse).
public enum HTMLSafety {
    /// Escapes text for HTML element content and quoted attribute values.
    /// `keepingControlCharacters` gives exactly Mustache's `{{ }}` escaping, which
    /// keeps them (the natively rendered partials must match Mustache byte for byte).
    public static func escape(_ text: String, keepingControlCharacters: Bool = false) -> String {
        // Most text has nothing to escape or drop: return it as it is.
        if !text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27
                || (!keepingControlCharacters && $0 < 0x20 && $0 != 0x09 && $0 != 0x0A) }) {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline have no place in HTML.
                if !keepingControlCharacters, scalar.value < 0x20, scalar != "\t", scalar != "\n" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
