import MapcSource

/// The history cache's binary form: the build cache's (`BinaryWriter`, zig-zag varints and
/// length-prefixed UTF-8, docs/robustness.md#the-build-cache).
typealias ByteWriter = BinaryWriter
/// Reads what `ByteWriter` wrote; any damage is an error, never a crash.
typealias ByteReader = BinaryReader
