/// A 64-bit hash of content, for build caches: the same input gives the same value on
/// every run and machine (unlike `Hasher`, which is seeded per process). It reads eight
/// bytes at a time (little-endian), mixing each word with a multiply and a shift: fast
/// enough to hash every plan and page of a site on each build.
public struct ContentHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    @inline(__always) private mutating func mix(_ word: UInt64) {
        value = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 29
    }

    public mutating func add(bytes buffer: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= buffer.count {
            mix(UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var tail: UInt64 = 0
        for index in offset..<buffer.count { tail |= UInt64(buffer[index]) << (8 * UInt64(index - offset)) }
        mix(tail ^ UInt64(buffer.count - offset) << 56)
    }

    public mutating func add(bytes: [UInt8]) {
        add(bytes.count)
        bytes.withUnsafeBytes { add(bytes: $0) }
    }

    /// A string, prefixed by its length so that `("ab", "c")` and `("a", "bc")` differ.
    public mutating func add(_ text: String) {
        var text = text
        add(text.utf8.count)
        text.withUTF8 { add(bytes: UnsafeRawBufferPointer($0)) }
    }

    public mutating func add(_ number: Int) {
        mix(UInt64(bitPattern: Int64(number)))
    }

    /// The hash of some bytes alone.
    public static func of(_ bytes: [UInt8]) -> UInt64 {
        var hash = ContentHash()
        hash.add(bytes: bytes)
        return hash.value
    }
}
