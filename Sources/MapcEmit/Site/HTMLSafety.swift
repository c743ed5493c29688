import MapcParse

/// Plan text is untrusted: everything a plan author writes reaches the site only through
/// these functions or through Mustache's escaping `{{ }}`.
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

    /// Markdown prose to HTML with cmark-gfm's safe renderer (no raw HTML, no unsafe
    /// URLs), then only http, https, mailto, fragment and relative links are kept.
    public static func renderProse(_ markdown: String) -> String {
        keepSafeLinks(Markdown.renderHTML(markdown))
    }

    /// True for URLs a plan may link to: http(s), mailto, `#fragment` and relative paths.
    public static func isSafeURL(_ url: String) -> Bool {
        let decoded = decodeEntities(url).lowercased().unicodeScalars.filter { $0.value > 0x20 }
        let text = String(String.UnicodeScalarView(decoded))
        guard let colon = text.firstIndex(of: ":") else { return true }
        let beforeColon = text[..<colon]
        // A colon after a slash, `?` or `#` belongs to a relative path, not a scheme.
        if beforeColon.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return true }
        return ["http", "https", "mailto"].contains(String(beforeColon))
    }

    /// Blanks every `href` and `src` attribute whose URL is not safe.
    static func keepSafeLinks(_ html: String) -> String {
        var out = ""
        var rest = Substring(html)
        while let match = nextAttribute(in: rest) {
            out += rest[..<match.valueStart]
            let value = String(rest[match.valueStart..<match.valueEnd])
            out += isSafeURL(value) ? value : "#"
            rest = rest[match.valueEnd...]
        }
        return out + rest
    }

    private static func nextAttribute(in text: Substring) -> (valueStart: Substring.Index, valueEnd: Substring.Index)? {
        var earliest: Range<Substring.Index>?
        for name in ["href=\"", "src=\""] {
            if let found = text.firstRange(of: name), earliest == nil || found.lowerBound < earliest!.lowerBound {
                earliest = found
            }
        }
        guard let start = earliest?.upperBound, let end = text[start...].firstIndex(of: "\"") else { return nil }
        return (start, end)
    }

    /// Decodes numeric and the common named entities, so `&#106;avascript:` is seen for
    /// what it is.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let semicolon = scalars[index...].prefix(12).firstIndex(of: ";") {
                let body = String(String.UnicodeScalarView(scalars[(index + 1)..<semicolon]))
                var decoded: Unicode.Scalar?
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    decoded = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if body.hasPrefix("#") {
                    decoded = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init)
                } else {
                    decoded = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "colon": ":", "tab": "\t",
                               "newline": "\n"][body]
                }
                if let decoded {
                    out.append(decoded)
                    index = semicolon + 1
                    continue
                }
            }
            out.append(scalars[index])
            index += 1
        }
        return String(out)
    }
}
