/// Plan text made inert in Markdown that GitHub renders: `diff` and `status` comments on
/// pull requests, reports pasted into issues and e-mails.
///
/// Everything a plan or a file name holds is untrusted there. In such text:
/// - a line break could end mapc's `<details>` block, table cell or list item, and the
///   rest would be live Markdown: control characters and line breaks become spaces;
/// - Markdown and HTML punctuation could open emphasis, links, images, raw HTML, tables,
///   math or a block: it is backslash-escaped (CommonMark allows that before any ASCII
///   punctuation), or entity-escaped inside raw HTML;
/// - GitHub pings `@user` and `@org/team`, links `#123`, `GH-5`, `owner/repo#1` and
///   commit hashes, and autolinks `https://…`, `www.…` and e-mail addresses. It does so on
///   the rendered text, where a backslash is gone, so each pattern is broken by an
///   invisible zero-width space written as `&#8203;` (an entity both Markdown and HTML
///   decode): `@&#8203;user`, `#&#8203;123`, `GH&#8203;-5`, `https&#8203;://`,
///   `www&#8203;.`, `a0b1c2&#8203;d3`. The reader sees the same text.
///
/// Code spans are left alone by those filters; `code(_:)` only keeps them on one line
/// and closed. Bidi controls are shown as U+FFFD so a value cannot reorder the comment.
public enum MarkdownText {
    /// Inline Markdown showing `text` literally and inertly; also fit for a table cell.
    /// `atLineStart` false leaves out the escapes only needed where a value starts a list
    /// item or heading (`1.`, `-`, indentation), for values in the middle of a line.
    public static func inert(_ text: String, atLineStart: Bool = true) -> String {
        escape(text, html: false, atStart: atLineStart)
    }

    /// The same inside raw HTML (the `<summary>` line of a `<details>` block), where
    /// Markdown is not read: HTML-escaped, on one line, patterns broken.
    public static func inertHTML(_ text: String) -> String {
        escape(text, html: true, atStart: false)
    }

    /// A code span holding `text` on one line, with a fence longer than any backtick run
    /// in it. Not for table cells (a `|` would split the cell there).
    public static func code(_ text: String) -> String {
        let flat = oneLine(text)
        var longest = 0, run = 0
        for scalar in flat.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        // An empty span would be a bare "``", which a later fence of two could close.
        guard !flat.isEmpty else { return "` `" }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// Text for an HTML `<code>` element in raw HTML: escaped and on one line. GitHub
    /// neither pings nor links inside code, so nothing is broken (a path stays copyable).
    public static func codeHTML(_ text: String) -> String {
        var out = ""
        for scalar in oneLine(text).unicodeScalars { appendHTML(scalar, to: &out) }
        return out
    }

    /// A diagnostic message: mapc writes code in backticks. Each backtick pair becomes a
    /// code span and the text between is inert; a plan value holding a backtick can
    /// misplace the pairs, but every piece is safe either way.
    public static func message(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "`") else { break }
            // Two spans side by side would make one run of backticks, which fences differently.
            out += open == rest.startIndex && !out.isEmpty ? breaker : escape(String(rest[..<open]), html: false, atStart: false)
            out += code(String(rest[afterOpen..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out + escape(String(rest), html: false, atStart: false)
    }

    /// The zero-width space that breaks a pattern, as an entity both contexts decode.
    static let breaker = "&#8203;"

    /// Control characters, line breaks and line separators as spaces; bidi controls as U+FFFD.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { replacement(for: $0) != nil }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(replacement(for: scalar) ?? scalar) }
        return String(out)
    }

    private static func replacement(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: " "
        case 0x202A...0x202E, 0x2066...0x2069: "\u{FFFD}"
        default: nil
        }
    }

    private static func escape(_ text: String, html: Bool, atStart: Bool) -> String {
        let scalars = Array(oneLine(text).unicodeScalars)
        let hexBreaks = commitLikeRuns(scalars)
        var out = ""
        out.reserveCapacity(scalars.count + 16)
        // docs/format.md: a value is shown, never read as Markdown. At its start `#`, `+`,
        // `-`, `=`, `1.` or indentation would open a block inside a list item or heading.
        var leadingDigits = true
        for (index, scalar) in scalars.enumerated() {
            let previous = index > 0 ? scalars[index - 1] : nil
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if breaksBefore(scalar, previous: previous, next: next, at: index, in: scalars) || hexBreaks.contains(index) {
                out += breaker
            }
            if html {
                appendHTML(scalar, to: &out)
            } else if "\\`*_[]<>|~$#".unicodeScalars.contains(scalar)
                || (atStart && index == 0 && "+-=".unicodeScalars.contains(scalar))
                || (atStart && leadingDigits && index > 0 && (scalar == "." || scalar == ")"))
                || (scalar == "&" && startsEntity(scalars, at: index))
            {
                out += "\\" + String(scalar)
            } else if atStart && index == 0 && scalar == " " {
                out += "&#32;"
            } else {
                out.unicodeScalars.append(scalar)
            }
            if !isDigit(scalar) { leadingDigits = false }
            if scalar == "@" || (scalar == "#" && next.map(isDigit) == true) { out += breaker }
        }
        return out
    }

    /// True where a zero-width space goes before `scalar`: `GH-5` and `JIRA-12` (a letter,
    /// a dash, a digit), `https://` and `mailto:x` (a letter, a colon, no space), `www.`.
    private static func breaksBefore(_ scalar: Unicode.Scalar, previous: Unicode.Scalar?, next: Unicode.Scalar?,
                                     at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        guard let previous else { return false }
        switch scalar {
        case "-": return isLetter(previous) && next.map(isDigit) == true
        case ":": return isLetter(previous) && next.map { $0 != " " } == true
        case ".":
            return index >= 3 && scalars[(index - 3)..<index].allSatisfy { $0 == "w" || $0 == "W" }
        default: return false
        }
    }

    /// Where to break each word of 7 or more hexadecimal digits, which GitHub could link
    /// as a commit: after every sixth digit, so no piece is long enough (a zero-width
    /// space is a word boundary to GitHub, so breaking once would leave a long tail).
    private static func commitLikeRuns(_ scalars: [Unicode.Scalar]) -> Set<Int> {
        var breaks = Set<Int>()
        var start = 0
        while start < scalars.count {
            guard isWordCharacter(scalars[start]) else {
                start += 1
                continue
            }
            var end = start
            while end < scalars.count, isWordCharacter(scalars[end]) { end += 1 }
            if end - start >= 7, scalars[start..<end].allSatisfy(\.properties.isASCIIHexDigit) {
                breaks.formUnion(stride(from: start + 6, to: end, by: 6))
            }
            start = end
        }
        return breaks
    }

    private static func appendHTML(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(scalar)
        }
    }

    /// `&name;`, `&#123;` or `&#x1F;` starts at `index`.
    private static func startsEntity(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var cursor = index + 1
        var sawBody = false
        while cursor < scalars.count, cursor - index <= 32 {
            let scalar = scalars[cursor]
            if scalar == ";" { return sawBody }
            guard scalar.properties.isASCIIHexDigit || isLetter(scalar) || scalar == "#" else { return false }
            sawBody = true
            cursor += 1
        }
        return false
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || isLetter(scalar) || scalar == "_"
    }
}
