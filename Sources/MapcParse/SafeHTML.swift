import MapcSource

/// Markdown prose rendered to HTML that is safe to publish: cmark-gfm's safe renderer (no
/// raw HTML, no unsafe URLs), then only http, https, mailto, fragment and relative links
/// are kept (docs/site.md#what-is-in-it). The one place prose becomes HTML: the lowering
/// renders a plan's prose with it before any page is made, and emitters never parse.
public enum SafeHTML {
    /// Markdown prose to HTML with cmark-gfm's safe renderer (no raw HTML, no unsafe
    /// URLs), then only http, https, mailto, fragment and relative links are kept.
    public static func render(_ markdown: String) -> String {
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

    /// Blanks every `href` attribute whose URL is not safe, and replaces an image whose
    /// URL is not safe (or that cmark emptied) by its alt text: `<img src="">` is not valid
    /// HTML, and the alt text is what the author wrote for a reader who cannot see it.
    ///
    /// One pass over the UTF-8 bytes: at each byte, `href="` or `src="` starts a value that
    /// runs to the next `"`. (Searching the rest of the page for each name in turn was
    /// quadratic: a 5 MB paragraph of links took half an hour.)
    public static func keepSafeLinks(_ html: String) -> String {
        var html = html
        return html.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var copied = 0, index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<"), starts(bytes, at: index, with: imagePrefix),
                   let image = unsafeImage(bytes, at: index) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[image.alt]))
                    copied = image.end
                    index = image.end
                    continue
                }
                let valueStart: Int
                if bytes[index] == UInt8(ascii: "h"), starts(bytes, at: index, with: hrefPrefix) {
                    valueStart = index + hrefPrefix.count
                } else if bytes[index] == UInt8(ascii: "s"), starts(bytes, at: index, with: srcPrefix) {
                    valueStart = index + srcPrefix.count
                } else {
                    index += 1
                    continue
                }
                var valueEnd = valueStart
                while valueEnd < bytes.count, bytes[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
                // An attribute that is never closed ends the search, as it always did.
                guard valueEnd < bytes.count else { break }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<valueStart]))
                let value = UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
                if isSafeURL(String(decoding: value, as: UTF8.self)) {
                    out.append(contentsOf: value)
                } else {
                    out.append(UInt8(ascii: "#"))
                }
                copied = valueEnd
                index = valueEnd
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// An image as cmark writes it, `<img src="URL" alt="ALT" title="T" />`, at `index`,
    /// when its URL is empty or not safe: where its alt text lies (escaped by cmark as an
    /// attribute, so safe as text) and where the element ends.
    private static func unsafeImage(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (alt: Range<Int>, end: Int)? {
        let valueStart = index + imagePrefix.count
        var valueEnd = valueStart
        while valueEnd < bytes.count, bytes[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
        guard valueEnd < bytes.count else { return nil }
        let url = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
        guard url.isEmpty || !isSafeURL(url), starts(bytes, at: valueEnd + 1, with: altPrefix) else { return nil }
        let altStart = valueEnd + 1 + altPrefix.count
        var altEnd = altStart
        while altEnd < bytes.count, bytes[altEnd] != UInt8(ascii: "\"") { altEnd += 1 }
        var end = altEnd
        while end < bytes.count, bytes[end] != UInt8(ascii: ">") { end += 1 }
        guard end < bytes.count else { return nil }
        return (altStart..<altEnd, end + 1)
    }

    private static let imagePrefix = Array("<img src=\"".utf8)
    private static let altPrefix = Array(" alt=\"".utf8)
    private static let hrefPrefix = Array("href=\"".utf8)
    private static let srcPrefix = Array("src=\"".utf8)

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with prefix: [UInt8]) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] { return false }
        return true
    }

    /// Decodes character references as a browser does in an attribute value, so
    /// `&#106;avascript:` is seen for what it is: numeric ones with or without the `;`
    /// and with any number of digits (NUL, surrogates and values past U+10FFFF become
    /// U+FFFD), and the named ones that matter for a scheme, with their `;`. One pass:
    /// `&amp;lt;` is `&lt;`.
    public static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let (decoded, next) = reference(in: scalars, at: index) {
                out.append(decoded)
                index = next
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }

    private static let namedReferences: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "colon": ":", "tab": "\t", "newline": "\n",
    ]

    /// The character a reference at `index` (an `&`) stands for, and the index after it.
    private static func reference(in scalars: [Unicode.Scalar], at index: Int) -> (Unicode.Scalar, Int)? {
        var cursor = index + 1
        guard cursor < scalars.count else { return nil }
        if scalars[cursor] == "#" {
            cursor += 1
            let hex = cursor < scalars.count && (scalars[cursor] == "x" || scalars[cursor] == "X")
            if hex { cursor += 1 }
            let digitsStart = cursor
            var value: UInt32 = 0
            while cursor < scalars.count, let digit = hex ? hexDigit(scalars[cursor]) : decimalDigit(scalars[cursor]) {
                // Capped just past U+10FFFF, so a long run of digits cannot overflow.
                value = min(value * (hex ? 16 : 10) + digit, 0x110000)
                cursor += 1
            }
            guard cursor > digitsStart else { return nil }
            if cursor < scalars.count, scalars[cursor] == ";" { cursor += 1 }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (scalar ?? "\u{FFFD}", cursor)
        }
        guard let semicolon = scalars[cursor...].prefix(10).firstIndex(of: ";"),
              let decoded = namedReferences[String(String.UnicodeScalarView(scalars[cursor..<semicolon]))]
        else { return nil }
        return (decoded, semicolon + 1)
    }

    private static func decimalDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        ("0"..."9").contains(scalar) ? scalar.value - 0x30 : nil
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        if let digit = decimalDigit(scalar) { return digit }
        switch scalar {
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }
}
