/// How large a plan file may be before mapc refuses to read it
/// (docs/robustness.md#limits). cmark-gfm 0.29 takes polynomial time on some inputs (long
/// runs of emphasis, links and code spans in one paragraph); bounding the file and its
/// longest line bounds the time. The defaults are far above any real plan; `mapc.yml`'s
/// `limits:` raises or lowers them.
public struct InputLimits: Sendable, Equatable {
    /// Bytes in one file.
    public var fileSize: Int
    /// Bytes in one line (line break excluded).
    public var lineLength: Int

    public static let standard = InputLimits(fileSize: 2 << 20, lineLength: 16 << 10)

    public init(fileSize: Int, lineLength: Int) {
        self.fileSize = fileSize
        self.lineLength = lineLength
    }

    /// The first line longer than `lineLength`: its number (from 1), the offset of its
    /// first byte and its length, or nil.
    public func longLine(in bytes: [UInt8]) -> (line: Int, offset: Int, length: Int)? {
        guard bytes.count > lineLength else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> (Int, Int, Int)? in
            var line = 1, start = 0
            while start < buffer.count {
                var end = start
                // memchr would be faster; this is one compare per byte, linear and small.
                while end < buffer.count, buffer[end] != 0x0A { end += 1 }
                var length = end - start
                if length > 0, buffer[end - 1] == 0x0D { length -= 1 }
                if length > lineLength { return (line, start, length) }
                line += 1
                start = end + 1
            }
            return nil
        }
    }

    /// A size in words: `4 MiB`, `64 KiB`, `900 bytes`.
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// Reads `4MiB`, `4 MiB`, `64KiB`, `4MB` (taken as MiB), `1000` (bytes).
    public static func parseSize(_ text: String) -> Int? {
        let trimmed = text.filter { $0 != " " && $0 != "_" && $0 != "," }
        let units: [(String, Int)] = [("MiB", 1 << 20), ("MB", 1 << 20), ("M", 1 << 20), ("KiB", 1 << 10),
                                      ("KB", 1 << 10), ("K", 1 << 10), ("bytes", 1), ("B", 1)]
        for (unit, factor) in units where trimmed.hasSuffix(unit) {
            guard let number = Int(trimmed.dropLast(unit.count)), number > 0, number <= Int.max / factor else { return nil }
            return number * factor
        }
        guard let number = Int(trimmed), number > 0 else { return nil }
        return number
    }
}
