/// Escaping for Markdown that GitHub renders (PR comments).
enum MarkdownEscaping {
    /// Plan text as literal Markdown: punctuation that could start markup is backslash-escaped
    /// (CommonMark allows it before any ASCII punctuation), line breaks become spaces.
    static func text(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#", "!", "$":
                out.append("\\")
                out.append(character)
            case "\n", "\r", "\r\n": out.append(" ")
            default: out.append(character)
            }
        }
        return out
    }

    /// A code span that no backtick inside can close.
    static func code(_ value: String) -> String {
        var longest = 0, run = 0
        for character in value {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = value.hasPrefix("`") || value.hasSuffix("`") ? " \(value) " : value
        return fence + padded + fence
    }

    /// Text for HTML (the `<summary>` line, where Markdown is not read).
    static func html(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A diagnostic message: mapc writes them as Markdown with code in backticks; only HTML
    /// outside the code spans needs escaping.
    static func message(_ value: String) -> String {
        var out = ""
        var inCode = false
        for character in value {
            if character == "`" { inCode.toggle() }
            if !inCode, character == "<" || character == ">" || character == "&" {
                out += "\\" + String(character)
            } else {
                out.append(character)
            }
        }
        return out
    }
}
