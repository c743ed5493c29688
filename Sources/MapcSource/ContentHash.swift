import Crypto

/// A SHA-256 hash of content, for build caches: the same input gives the same value on
/// every run and machine, and no one can make two inputs with one value
/// (docs/robustness.md#the-build-cache). Values are added with their length, so
/// `("ab", "c")` and `("a", "bc")` differ.
public struct ContentHash {
    private var hasher = SHA256()

    public init() {}

    public mutating func add(bytes buffer: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: buffer)
    }

    public mutating func add(bytes: [UInt8]) {
        add(bytes.count)
        bytes.withUnsafeBytes { add(bytes: $0) }
    }

    public mutating func add(_ text: String) {
        var text = text
        add(text.utf8.count)
        text.withUTF8 { add(bytes: UnsafeRawBufferPointer($0)) }
    }

    public mutating func add(_ number: Int) {
        withUnsafeBytes(of: Int64(number).littleEndian) { add(bytes: $0) }
    }

    public mutating func add(_ digest: Digest) {
        withUnsafeBytes(of: digest.words) { add(bytes: $0) }
    }

    /// The hash of everything added so far.
    public var value: Digest {
        let bytes = Array(hasher.finalize())
        return Digest(bytes: bytes)!
    }

    /// The hash of some bytes alone (without a length prefix).
    public static func of(_ bytes: [UInt8]) -> Digest {
        bytes.withUnsafeBytes { of($0) }
    }

    /// The hash of some bytes alone, from their storage.
    public static func of(_ buffer: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        hasher.update(bufferPointer: buffer)
        return Digest(bytes: Array(hasher.finalize()))!
    }
}

/// A SHA-256 value: 32 bytes, written as 64 hexadecimal digits.
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    /// The bytes, big-endian in four words.
    public let words: (UInt64, UInt64, UInt64, UInt64)

    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        func word(_ at: Int) -> UInt64 { bytes[at..<(at + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
        words = (word(0), word(8), word(16), word(24))
    }

    public var bytes: [UInt8] {
        [words.0, words.1, words.2, words.3].flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (56 - 8 * $0)) } }
    }

    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    public static func == (lhs: Digest, rhs: Digest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
