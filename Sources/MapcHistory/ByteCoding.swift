import MapcSource

/// The history cache's binary form: zig-zag varints and length-prefixed UTF-8, in one
/// fixed order (the build cache's form, docs/robustness.md#the-build-cache).
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    /// A day as days since the epoch; absent as a flag.
    mutating func day(_ value: Day?) {
        bool(value != nil)
        if let value { int(value.daysSinceEpoch) }
    }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }
}

/// Reads what `ByteWriter` wrote; any damage is an error, never a crash.
struct ByteReader {
    struct Damaged: Error {}

    private let bytes: [UInt8]
    private(set) var position = 0
    /// Where reading stops: the end of the array, or of the range given.
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        end = bytes.count
    }

    /// Reads `range` of `bytes` without copying them.
    init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { position == end }

    mutating func int() throws(Damaged) -> Int {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard position < end, shift < 64 else { throw Damaged() }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: result >> 1 ^ (0 &- (result & 1))))
    }

    /// A count of things to read: never negative, never more than bytes are left.
    mutating func count() throws(Damaged) -> Int {
        let value = try int()
        guard value >= 0, value <= end - position else { throw Damaged() }
        return value
    }

    /// The next `count` bytes as they are.
    mutating func raw(_ count: Int) throws(Damaged) -> [UInt8] {
        guard count >= 0, count <= end - position else { throw Damaged() }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func skip(_ count: Int) throws(Damaged) {
        guard count >= 0, count <= end - position else { throw Damaged() }
        position += count
    }

    mutating func bool() throws(Damaged) -> Bool {
        guard position < end, bytes[position] <= 1 else { throw Damaged() }
        position += 1
        return bytes[position - 1] == 1
    }

    mutating func string() throws(Damaged) -> String {
        let length = try count()
        defer { position += length }
        return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
    }

    mutating func optional() throws(Damaged) -> String? {
        try bool() ? try string() : nil
    }

    mutating func day() throws(Damaged) -> Day? {
        guard try bool() else { return nil }
        let days = try int()
        // Days of years 1…9999 only: anything else is damage.
        guard (-719_162...2_932_896).contains(days) else { throw Damaged() }
        return Day(daysSinceEpoch: days)
    }
}
