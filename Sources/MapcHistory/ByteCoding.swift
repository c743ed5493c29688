import MapcSource

/// The history cache's binary form: the build cache's (`BinaryWriter`, zig-zag varints and
/// length-prefixed UTF-8, docs/robustness.md#the-build-cache), with days added here.
typealias ByteWriter = BinaryWriter
/// Reads what `ByteWriter` wrote; any damage is an error, never a crash.
typealias ByteReader = BinaryReader

extension BinaryWriter {
    /// A day as days since the epoch; absent as a flag.
    mutating func day(_ value: Day?) {
        bool(value != nil)
        if let value { int(value.daysSinceEpoch) }
    }
}

extension BinaryReader {
    mutating func day() throws(Damaged) -> Day? {
        guard try bool() else { return nil }
        let days = try int()
        // Days of years 1…9999 only: anything else is damage.
        guard (-719_162...2_932_896).contains(days) else { throw Damaged() }
        return Day(daysSinceEpoch: days)
    }
}
