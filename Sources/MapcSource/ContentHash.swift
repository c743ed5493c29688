/// A 64-bit FNV-1a hash of content, for build caches: the same input gives the same value
/// on every run and machine (unlike `Hasher`, which is seeded per process).
public struct ContentHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(bytes: some Sequence<UInt8>) {
        var value = value
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        self.value = value
    }

    /// A string, prefixed by its length so that `("ab", "c")` and `("a", "bc")` differ.
    public mutating func add(_ text: String) {
        add(text.utf8.count)
        add(bytes: text.utf8)
    }

    public mutating func add(_ number: Int) {
        withUnsafeBytes(of: UInt64(bitPattern: Int64(number)).littleEndian) { add(bytes: $0) }
    }

    /// The hash of some bytes alone.
    public static func of(_ bytes: [UInt8]) -> UInt64 {
        var hash = ContentHash()
        hash.add(bytes: bytes)
        return hash.value
    }
}
