/// The binary form of mapc's caches (the build cache, the history cache): zig-zag varints
/// and length-prefixed UTF-8, written and read in one fixed order
/// (docs/robustness.md#the-build-cache). JSON would cost more to read than compiling the
/// plans again. Each cache adds its own values in an extension.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// The bytes, then their SHA-256: a cache file whose damage is found whole when read
    /// back with `BinaryReader(checked:)`.
    public var checkedBytes: [UInt8] { bytes + ContentHash.of(bytes).bytes }

    public mutating func int(_ value: Int) {
        // Zig-zag, then 7 bits per byte.
        var rest = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    public mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    public mutating func digest(_ value: Digest) { bytes.append(contentsOf: value.bytes) }

    public mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// The bytes written so far, leaving the writer empty (to write a file in chunks).
    public mutating func take() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }
}

/// Reads what `BinaryWriter` wrote; any damage is an error, never a crash: every length
/// is checked against what is left before anything is read.
public struct BinaryReader: Sendable {
    public struct Damaged: Error {
        public init() {}
    }

    private let bytes: [UInt8]
    public private(set) var position = 0
    /// Where reading stops: the end of the array, or of the range given.
    private let end: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        end = bytes.count
    }

    /// Reads `range` of `bytes` without copying them.
    public init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
    }

    /// Reads what `BinaryWriter.checkedBytes` wrote, without copying it; nil when the
    /// checksum at the end does not match what comes before it.
    public init?(checked bytes: [UInt8]) {
        guard bytes.count >= 32 else { return nil }
        let end = bytes.count - 32
        let checksum = bytes.withUnsafeBytes { ContentHash.of(UnsafeRawBufferPointer(rebasing: $0[..<end])) }
        guard checksum == Digest(bytes: Array(bytes[end...])) else { return nil }
        self.init(bytes, range: 0..<end)
    }

    public var isAtEnd: Bool { position == end }

    public mutating func int() throws(Damaged) -> Int {
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
    public mutating func count() throws(Damaged) -> Int {
        let value = try int()
        guard value >= 0, value <= end - position else { throw Damaged() }
        return value
    }

    /// The next `count` bytes as they are.
    public mutating func raw(_ count: Int) throws(Damaged) -> [UInt8] {
        guard count >= 0, count <= end - position else { throw Damaged() }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    public mutating func skip(_ count: Int) throws(Damaged) {
        guard count >= 0, count <= end - position else { throw Damaged() }
        position += count
    }

    public mutating func bool() throws(Damaged) -> Bool {
        guard position < end, bytes[position] <= 1 else { throw Damaged() }
        position += 1
        return bytes[position - 1] == 1
    }

    public mutating func string() throws(Damaged) -> String {
        let length = try count()
        defer { position += length }
        return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
    }

    public mutating func optional() throws(Damaged) -> String? {
        try bool() ? try string() : nil
    }

    public mutating func digest() throws(Damaged) -> Digest {
        guard let value = Digest(bytes: try raw(32)) else { throw Damaged() }
        return value
    }
}

extension BinaryWriter {
    /// A day as days since the epoch; absent as a flag.
    public mutating func day(_ value: Day?) {
        bool(value != nil)
        if let value { int(value.daysSinceEpoch) }
    }
}

extension BinaryReader {
    public mutating func day() throws(Damaged) -> Day? {
        guard try bool() else { return nil }
        let days = try int()
        // Days of years 1…9999 only: anything else is damage.
        guard (-719_162...2_932_896).contains(days) else { throw Damaged() }
        return Day(daysSinceEpoch: days)
    }
}
