/// Scalar access into valid UTF-8 bytes (text that came out of a Swift `String`), with
/// ASCII fast paths: the inline scanner works on bytes and decodes only what is not ASCII.
enum UTF8Text {
    /// The scalar that starts at `index`, and its length in bytes.
    @inline(__always)
    static func scalar(in bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length where index + offset < bytes.count {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The scalar that ends just before `index`.
    @inline(__always)
    static func scalar(in bytes: [UInt8], before index: Int) -> Unicode.Scalar {
        var start = index - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(in: bytes, at: start).0
    }

    /// The last scalar of `bytes`, nil when empty.
    static func lastScalar(of bytes: [UInt8]) -> Unicode.Scalar? {
        bytes.isEmpty ? nil : scalar(in: bytes, before: bytes.count)
    }

    /// The index of the first whitespace scalar in `start..<end`, or `end`.
    static func nextSpace(in bytes: [UInt8], from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            let (scalar, length) = scalar(in: bytes, at: index)
            if scalar.isSpace { return index }
            index += length
        }
        return end
    }
}

/// Text whose whitespace runs (of any script) become one space, none at either end:
/// the title as tokens are taken out of it.
struct CollapsedText {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false

    /// The last scalar written; a pending space counts, as the text it stands for ends so.
    var lastScalar: Unicode.Scalar? { pendingSpace ? " " : UTF8Text.lastScalar(of: bytes) }

    @inline(__always) mutating func appendSpace() { pendingSpace = !bytes.isEmpty }

    @inline(__always) mutating func append(_ byte: UInt8) {
        if pendingSpace { bytes.append(0x20); pendingSpace = false }
        bytes.append(byte)
    }

    mutating func append(_ scalarBytes: ArraySlice<UInt8>) {
        if pendingSpace { bytes.append(0x20); pendingSpace = false }
        bytes.append(contentsOf: scalarBytes)
    }
}

/// Tidies what is left of an item's text once tokens are taken out, into its title.
enum TitleText {
    /// Removes what token stripping leaves behind: `B , , then` → `B, then`, `A ()` → `A`.
    /// Every character it looks at is ASCII, so it works on bytes (UTF-8 continuation
    /// bytes never equal an ASCII one).
    static func tidy(_ title: [UInt8]) -> [UInt8] {
        guard title.contains(where: { $0 == 0x2C || $0 == 0x3B || $0 == 0x2E || $0 == 0x28 }) else { return title }
        let space: UInt8 = 0x20, open: UInt8 = 0x28, comma: UInt8 = 0x2C, semicolon: UInt8 = 0x3B
        var out: [UInt8] = []
        out.reserveCapacity(title.count)
        for byte in title {
            switch byte {
            case 0x29 where out.last == open || (out.last == space && out.dropLast().last == open):
                // An empty pair of parentheses: drop it and the space before it.
                while let last = out.last, last == space || last == open {
                    out.removeLast()
                    if last == open { break }
                }
            case comma, semicolon, 0x2E:
                while out.last == space { out.removeLast() }
                if byte == comma, out.last == comma { continue }
                out.append(byte)
            case space where out.last == space:
                continue
            default:
                out.append(byte)
            }
        }
        var start = 0
        while start < out.count, out[start] == comma || out[start] == semicolon || out[start] == space { start += 1 }
        var end = out.count
        while end > start, out[end - 1] == comma || out[end - 1] == semicolon || out[end - 1] == space { end -= 1 }
        return Array(out[start..<end])
    }
}
