/// How LSP counts the `character` of a position (LSP 3.17 `PositionEncodingKind`).
public enum PositionEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"

    /// The encoding to use given what the client offers (`general.positionEncodings`):
    /// UTF-8 when offered (it is the server's own unit, so nothing is converted), else
    /// UTF-32, else UTF-16, which every client must support.
    public static func negotiate(offered: [String]?) -> PositionEncoding {
        guard let offered else { return .utf16 }
        for preferred in [PositionEncoding.utf8, .utf32] where offered.contains(preferred.rawValue) { return preferred }
        return .utf16
    }
}

/// A 0-based line and character, in the negotiated encoding.
public struct Position: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public init?(_ json: JSON?) {
        guard let line = json?["line"]?.int, let character = json?["character"]?.int else { return nil }
        self.init(line: line, character: character)
    }

    public var json: JSON { ["line": .int(line), "character": .int(character)] }
    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.line, lhs.character) < (rhs.line, rhs.character) }
    public var description: String { "\(line):\(character)" }
}

/// A half-open range of positions.
public struct Range: Hashable, Sendable, CustomStringConvertible {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    public init?(_ json: JSON?) {
        guard let start = Position(json?["start"]), let end = Position(json?["end"]) else { return nil }
        self.init(start: start, end: end)
    }

    public var json: JSON { ["start": start.json, "end": end.json] }
    public var description: String { "\(start)-\(end)" }
}

/// The line table of a text's UTF-8 bytes, converting byte offsets to LSP positions and back.
///
/// Lines end at `\n` (a `\r` before it belongs to the line ending, as LSP says). A
/// character past the end of a line means the end of the line; a UTF-16 position in the
/// middle of a surrogate pair, or a UTF-8 one inside a character, means the character's start.
public struct LineIndex: Sendable {
    /// Byte offset where each line starts.
    public private(set) var lineStarts: [Int]
    public private(set) var byteCount: Int

    public init(_ bytes: some Collection<UInt8>) {
        var starts = [0]
        var count = 0
        for byte in bytes {
            count += 1
            if byte == 0x0A { starts.append(count) }
        }
        lineStarts = starts
        byteCount = count
    }

    public var lineCount: Int { lineStarts.count }

    /// The 0-based line holding `offset`.
    public func line(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Where a line's content ends: before its `\n` or `\r\n`.
    public func contentEnd(ofLine line: Int, in bytes: [UInt8]) -> Int {
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : byteCount
        let start = lineStarts[line]
        if end > start, bytes[end - 1] == 0x0A {
            end -= 1
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        }
        return end
    }

    /// The position of a byte offset.
    public func position(of offset: Int, in bytes: [UInt8], encoding: PositionEncoding) -> Position {
        let clamped = max(0, min(offset, byteCount))
        let line = line(containing: clamped)
        let start = lineStarts[line]
        return Position(line: line, character: Self.units(bytes, from: start, to: clamped, encoding))
    }

    /// A byte range as an LSP range.
    public func range(of start: Int, _ end: Int, in bytes: [UInt8], encoding: PositionEncoding) -> Range {
        Range(start: position(of: start, in: bytes, encoding: encoding),
              end: position(of: max(start, end), in: bytes, encoding: encoding))
    }

    /// The byte offset of a position (clamped to the text).
    public func offset(of position: Position, in bytes: [UInt8], encoding: PositionEncoding) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return byteCount }
        var index = lineStarts[position.line]
        let end = contentEnd(ofLine: position.line, in: bytes)
        var remaining = max(0, position.character)
        while index < end, remaining > 0 {
            let width = Self.scalarWidth(bytes[index])
            let units: Int
            switch encoding {
            case .utf8: units = width
            case .utf16: units = width == 4 ? 2 : 1
            case .utf32: units = 1
            }
            // Inside a character: the position means its start.
            if units > remaining { break }
            remaining -= units
            index = min(end, index + width)
        }
        return index
    }

    /// Units of `encoding` in `bytes[from..<to]`.
    static func units(_ bytes: [UInt8], from: Int, to: Int, _ encoding: PositionEncoding) -> Int {
        switch encoding {
        case .utf8:
            return to - from
        case .utf16:
            var count = 0
            for index in from..<to {
                let byte = bytes[index]
                if byte & 0xC0 != 0x80 { count += byte >= 0xF0 ? 2 : 1 }
            }
            return count
        case .utf32:
            var count = 0
            for index in from..<to where bytes[index] & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    /// The length in bytes of the UTF-8 sequence a leading byte starts (1 for a stray byte).
    static func scalarWidth(_ byte: UInt8) -> Int {
        switch byte {
        case 0xF0...0xF7: 4
        case 0xE0...0xEF: 3
        case 0xC0...0xDF: 2
        default: 1
        }
    }
}
