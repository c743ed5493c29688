import MapcSource

/// Finds token text in a block's source bytes, in order, skipping code spans and link
/// destinations, so diagnostics point at the exact token.
struct Locator {
    private let source: SourceFile
    private let range: SourceRange
    private var masked: [Bool]
    private var cursor: Int

    init(source: SourceFile, range: SourceRange) {
        self.source = source
        self.range = range
        cursor = range.start
        masked = Array(repeating: false, count: range.length)
        maskCodeSpansAndDestinations()
    }

    /// How far past the cursor a token is looked for: far enough for any real item,
    /// short enough that a hostile 5 MB line with thousands of unfindable tokens (escaped
    /// handles, say) stays linear.
    static let searchWindow = 64 * 1024

    /// The range of `text` at or after the cursor; the block's start when not found.
    mutating func locate(_ text: String, boundary: Bool) -> SourceRange {
        locate(Array(text.utf8)[...], boundary: boundary)
    }

    /// The range of the UTF-8 bytes `needle` at or after the cursor; the block's start
    /// when not found.
    mutating func locate(_ needle: ArraySlice<UInt8>, boundary: Bool) -> SourceRange {
        if let found = search(needle, from: cursor, boundary: boundary) {
            cursor = found + needle.count
            return SourceRange(start: found, end: found + needle.count)
        }
        return SourceRange(start: range.start, end: range.start)
    }

    private func search(_ needle: ArraySlice<UInt8>, from start: Int, boundary: Bool) -> Int? {
        guard let first = needle.first, range.end - needle.count >= start else { return nil }
        let bytes = source.bytes
        var position = start
        let last = min(range.end - needle.count, start + Self.searchWindow)
        while position <= last {
            if !masked[position - range.start], bytes[position] == first,
               bytes[position..<position + needle.count].elementsEqual(needle)
            {
                let before = position > range.start ? bytes[position - 1] : 0x20
                let okBefore = !boundary || position == range.start || before == 0x20 || before == 0x09
                    || before == 0x0A || before == 0x0D || before == 0x28 || before == 0x3E
                    || (before >= 0x80 && scalarBefore(position)?.isSpace == true)
                let after = position + needle.count < bytes.count ? bytes[position + needle.count] : 0x20
                let okAfter = !(first == 0x40) || !isHandleContinuation(after)
                if okBefore && okAfter { return position }
            }
            position += 1
        }
        return nil
    }

    /// The scalar that ends just before `position` (for non-ASCII spaces such as U+00A0).
    private func scalarBefore(_ position: Int) -> Unicode.Scalar? {
        var start = position - 1
        while start > range.start, source.bytes[start] & 0xC0 == 0x80 { start -= 1 }
        var iterator = source.bytes[start..<position].makeIterator()
        var decoder = UTF8()
        if case let .scalarValue(scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }

    private func isHandleContinuation(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == 0x5F || byte >= 0x80
    }

    /// Masks `code spans` (matching backtick runs) and `](destination)` parts.
    private mutating func maskCodeSpansAndDestinations() {
        let bytes = source.bytes
        var index = range.start
        while index < range.end {
            let byte = bytes[index]
            if byte == 0x60 { // backtick run
                var runEnd = index
                while runEnd < range.end, bytes[runEnd] == 0x60 { runEnd += 1 }
                let runLength = runEnd - index
                var search = runEnd
                var closing: Int?
                while search < range.end {
                    if bytes[search] == 0x60 {
                        var end = search
                        while end < range.end, bytes[end] == 0x60 { end += 1 }
                        if end - search == runLength { closing = end; break }
                        search = end
                    } else {
                        search += 1
                    }
                }
                if let closing {
                    for offset in index..<closing { masked[offset - range.start] = true }
                    index = closing
                } else {
                    index = runEnd
                }
                continue
            }
            if byte == 0x5D, index + 1 < range.end, bytes[index + 1] == 0x28 { // "]("
                // The link text too: tokens there are not tokens, so must not be found there.
                var open = index - 1
                var nesting = 0
                while open >= range.start {
                    if bytes[open] == 0x5D { nesting += 1 }
                    if bytes[open] == 0x5B { if nesting == 0 { break }; nesting -= 1 }
                    open -= 1
                }
                if open >= range.start {
                    for offset in open..<index { masked[offset - range.start] = true }
                }
                var depth = 0
                var end = index + 1
                while end < range.end {
                    if bytes[end] == 0x28 { depth += 1 }
                    if bytes[end] == 0x29 { depth -= 1; if depth == 0 { break } }
                    end += 1
                }
                for offset in index..<min(end + 1, range.end) { masked[offset - range.start] = true }
                index = end + 1
                continue
            }
            if byte == 0x3C { // <autolink> or <html>
                var end = index + 1
                while end < range.end, bytes[end] != 0x3E, bytes[end] != 0x0A { end += 1 }
                if end < range.end, bytes[end] == 0x3E {
                    for offset in index...end { masked[offset - range.start] = true }
                    index = end + 1
                    continue
                }
            }
            index += 1
        }
    }
}
