/// One file's bytes and its line table: the ground truth every position refers to.
///
/// Offsets are UTF-8 byte offsets into `bytes`, which never include a leading BOM
/// (docs/format.md#positions-and-output: "a leading BOM is not counted"). Lines and
/// columns shown to people are 1-based and count Unicode code points, so `é`, `健` and a
/// tab are one column each.
public struct SourceFile: Sendable {
    /// The path as the user named it or as the directory walk found it.
    public let path: String
    /// The file's bytes without a leading UTF-8 byte order mark.
    public let bytes: [UInt8]
    /// Whether the file started with a UTF-8 byte order mark.
    public let hadByteOrderMark: Bool
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// Every `checkpointStride` bytes, the number of code points before that offset, so a
    /// column on a 5 MB line is found without counting the whole line each time.
    private let checkpoints: [Int]
    private static let checkpointStride = 4096

    /// Wraps raw file bytes, dropping a leading BOM.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bytes.count >= 3, Array(bytes[0..<3]) == bom {
            self.bytes = Array(bytes[3...])
            hadByteOrderMark = true
        } else {
            self.bytes = bytes
            hadByteOrderMark = false
        }
        var starts = [0]
        starts.reserveCapacity(self.bytes.count / 32 + 1)
        // Split on "\n" bytes only: "\r\n" is one Swift Character and must not be
        // split as text (docs/cmark-gfm.md#line-endings-byte-order-mark-front-matter).
        for (index, byte) in self.bytes.enumerated() where byte == 0x0A {
            starts.append(index + 1)
        }
        lineStarts = starts
        var marks: [Int] = []
        if self.bytes.count > Self.checkpointStride {
            marks.reserveCapacity(self.bytes.count / Self.checkpointStride + 1)
            var count = 0
            for (index, byte) in self.bytes.enumerated() {
                if index % Self.checkpointStride == 0 { marks.append(count) }
                if byte & 0xC0 != 0x80 { count += 1 }
            }
        }
        checkpoints = marks
    }

    /// The same file with only some lines kept and the others emptied, so line numbers,
    /// and byte offsets before `prefix`, stay as they were: what a checked plan's
    /// diagnostics still need (their lines), for a tenth of the memory.
    public func keeping(lines: Set<Int>, prefix: Int) -> SourceFile {
        var kept: [UInt8] = []
        kept.reserveCapacity(min(bytes.count, prefix + lines.count * 120 + lineStarts.count))
        for (index, start) in lineStarts.enumerated() {
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
            if start < prefix || lines.contains(index + 1) {
                kept.append(contentsOf: bytes[start..<end])
            } else if end > start, bytes[end - 1] == 0x0A {
                kept.append(0x0A)
            }
        }
        return SourceFile(path: path, bytes: kept)
    }

    /// Wraps a string, for tests and generated sources.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The number of lines (a final newline does not open a new line for display).
    public var lineCount: Int { lineStarts.count }

    /// The 1-based line that contains `offset`.
    public func line(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// Byte offset of the start of a 1-based line (clamped to the file).
    public func offset(ofLine line: Int) -> Int {
        if line < 1 { return 0 }
        if line > lineStarts.count { return bytes.count }
        return lineStarts[line - 1]
    }

    /// Byte offset of a 1-based line and a 1-based UTF-8 byte column (cmark's unit).
    public func offset(line: Int, byteColumn: Int) -> Int {
        min(bytes.count, offset(ofLine: line) + max(0, byteColumn - 1))
    }

    /// End of a line's content: before "\n" or "\r\n".
    public func contentEnd(ofLine line: Int) -> Int {
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        if end > offset(ofLine: line), end > 0, bytes[end - 1] == 0x0A { end -= 1 }
        if end > offset(ofLine: line), end > 0, bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// The position people see for a byte offset: line and code-point column.
    public func position(of offset: Int) -> SourcePosition {
        let clamped = max(0, min(offset, bytes.count))
        let line = line(containing: clamped)
        let start = lineStarts[line - 1]
        // A short way into the line: count it directly. The checkpoints are for long lines.
        guard clamped - start > Self.checkpointStride else {
            var column = 1
            for index in start..<clamped where bytes[index] & 0xC0 != 0x80 { column += 1 }
            return SourcePosition(line: line, column: column)
        }
        let column = 1 + codePoints(before: clamped) - codePoints(before: start)
        return SourcePosition(line: line, column: column)
    }

    /// Code points in `bytes[0..<offset]`: from the checkpoint below, then byte by byte.
    private func codePoints(before offset: Int) -> Int {
        let checkpoint = offset / Self.checkpointStride
        var count = 0
        var index = 0
        if checkpoint > 0, checkpoint < checkpoints.count {
            count = checkpoints[checkpoint]
            index = checkpoint * Self.checkpointStride
        } else if checkpoint >= checkpoints.count, !checkpoints.isEmpty {
            count = checkpoints[checkpoints.count - 1]
            index = (checkpoints.count - 1) * Self.checkpointStride
        }
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }

    /// The text of a 1-based line without its line terminator.
    public func text(ofLine line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        return String(decoding: bytes[start..<contentEnd(ofLine: line)], as: UTF8.self)
    }

    /// The text of a byte range.
    public func text(_ range: SourceRange) -> String {
        let start = max(0, min(range.start, bytes.count))
        let end = max(start, min(range.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// A line and a column as people count them: both 1-based, the column in code points.
public struct SourcePosition: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open range of UTF-8 byte offsets into a `SourceFile`.
public struct SourceRange: Hashable, Codable, Sendable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// An empty range at an offset.
    public static func at(_ offset: Int) -> SourceRange { SourceRange(start: offset, end: offset) }

    /// The start of the file, for diagnostics with no better place.
    public static let fileStart = SourceRange(start: 0, end: 0)

    public var length: Int { end - start }
}

/// A value with the source range it was read from.
public struct Located<Value> {
    public var value: Value
    public var range: SourceRange

    public init(_ value: Value, at range: SourceRange) {
        self.value = value
        self.range = range
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
extension Located: Sendable where Value: Sendable {}
extension Located: Codable where Value: Codable {}
