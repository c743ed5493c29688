/// Character classes the format is defined with, fast for ASCII.
extension Unicode.Scalar {
    /// Whitespace, with an ASCII fast path: Unicode property lookups dominate a profile
    /// of `check` otherwise.
    @inline(__always) public var isSpace: Bool {
        value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : properties.isWhitespace
    }

    /// A letter or digit of any script, with an ASCII fast path.
    @inline(__always) public var isLetterOrDigit: Bool {
        if value < 0x80 {
            return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
        }
        return properties.isAlphabetic || properties.numericType != nil
    }
}
