#if canImport(Glibc)
import Glibc
#endif

/// The LSP base protocol: each message is `Content-Length: N\r\n\r\n` and N bytes of JSON.
///
/// Other headers (`Content-Type`) are read and ignored. A header block without a usable
/// `Content-Length` cannot be framed; the reader says so and skips to the next block.
public struct FrameDecoder: Sendable {
    /// What one call to `next()` found.
    public enum Frame: Equatable, Sendable {
        /// A whole message body.
        case message([UInt8])
        /// A header block that could not be read, and why; the bytes were skipped.
        case malformed(String)
    }

    /// A body larger than this is refused (and skipped), so one message cannot take the memory.
    public static let maximumBody = 64 << 20
    /// A header block longer than this is not a header block.
    static let maximumHeader = 8192

    private var buffer: [UInt8] = []
    private var start = 0
    /// A body being skipped because it was too large: bytes still to drop.
    private var skipping = 0

    public init() {}

    /// Adds bytes read from the stream.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer += bytes
    }

    /// The next frame, or nil when more bytes are needed.
    public mutating func next() -> Frame? {
        if skipping > 0 {
            let dropped = min(skipping, buffer.count - start)
            start += dropped
            skipping -= dropped
            if skipping > 0 { return nil }
        }
        guard let end = headerEnd() else {
            if buffer.count - start > Self.maximumHeader {
                // No blank line in 8 KiB: not a header. Drop to the next "Content-Length".
                resynchronise(from: start + 1)
                return .malformed("a header block longer than \(Self.maximumHeader) bytes")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<end], as: UTF8.self)
        var length: Int?
        for line in header.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingSpaces.lowercased()
            if name == "content-length" { length = Int(line[line.index(after: colon)...].trimmingSpaces) }
        }
        let bodyStart = end + 4
        guard let length, length >= 0 else {
            resynchronise(from: bodyStart)
            return .malformed("a message without a valid Content-Length header")
        }
        if length > Self.maximumBody {
            start = bodyStart
            skipping = length
            _ = next()
            return .malformed("a message of \(length) bytes, over the limit of \(Self.maximumBody)")
        }
        guard buffer.count - bodyStart >= length else { return nil }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        start = bodyStart + length
        return .message(body)
    }

    private func headerEnd() -> Int? {
        var index = start
        let limit = buffer.count - 3
        while index < limit {
            if buffer[index] == 0x0D, buffer[index + 1] == 0x0A, buffer[index + 2] == 0x0D, buffer[index + 3] == 0x0A {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Moves to the next `Content-Length` at or after `offset`, or to the end.
    private mutating func resynchronise(from offset: Int) {
        let needle = Array("Content-Length".utf8)
        var index = offset
        while index + needle.count <= buffer.count {
            if buffer[index] == needle[0], Array(buffer[index..<(index + needle.count)]) == needle {
                start = index
                return
            }
            index += 1
        }
        start = max(offset, buffer.count - needle.count + 1)
        start = min(max(start, 0), buffer.count)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}

/// Frames a message body for sending.
public func frame(_ body: [UInt8]) -> [UInt8] {
    Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
}

/// Reads frames from a file descriptor, blocking.
public struct FrameReader {
    public let descriptor: Int32
    private var decoder = FrameDecoder()
    private var chunk = [UInt8](repeating: 0, count: 65536)

    public init(descriptor: Int32) { self.descriptor = descriptor }

    /// The next frame, or nil at the end of input (or on a read error).
    public mutating func next() -> FrameDecoder.Frame? {
        while true {
            if let frame = decoder.next() { return frame }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            decoder.append(chunk[0..<count])
        }
    }
}

/// Writes whole frames to a file descriptor; safe to call from several threads.
public final class FrameWriter: @unchecked Sendable {
    public let descriptor: Int32
    private var lock = pthread_mutex_t()
    private var broken = false

    public init(descriptor: Int32) {
        self.descriptor = descriptor
        pthread_mutex_init(&lock, nil)
    }

    deinit { pthread_mutex_destroy(&lock) }

    /// Whether a write failed: the client is gone.
    public var isBroken: Bool {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return broken
    }

    /// Sends one message; false once the other end has gone away.
    @discardableResult
    public func send(_ body: [UInt8]) -> Bool {
        let bytes = frame(body)
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        guard !broken else { return false }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                broken = true
                return false
            }
            offset += written
        }
        return true
    }
}
