#if canImport(Glibc)
import Glibc
#endif

/// Finds the file a request path names inside the output folder, and nothing outside it.
///
/// The path is split and percent-decoded segment by segment (so `%2e%2e` and `%2f` are
/// caught after decoding); `.`, `..`, empty names after decoding, NUL and encoded slashes
/// are refused; hidden names (`.mapc-site`) are not served. The file is then opened one
/// folder at a time from the output folder with `O_NOFOLLOW`, so a symbolic link anywhere
/// on the way, or the file itself being one, is never followed; only regular files are
/// read. mapc's sites hold no links (pages are hard links into the cache).
public struct SiteFiles: Sendable {
    public enum Answer: Equatable, Sendable {
        case file(bytes: [UInt8], type: String)
        /// A folder asked for without its final slash: where to send the browser.
        case redirect(String)
        case notFound
        /// The path tries to leave the folder or is malformed.
        case forbidden
    }

    /// The output folder, as given (it is swapped whole by each build, so it is opened anew per request).
    public let folder: String
    /// Files larger than this are not served (a site's pages are far smaller).
    public var limit = 256 << 20

    public init(folder: String) { self.folder = folder }

    /// The decoded segments of a request path, or nil when the path must be refused.
    public static func segments(_ rawPath: String) -> [String]? {
        guard rawPath.hasPrefix("/") else { return nil }
        var segments: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let bytes = percentDecoded(Array(raw.utf8)),
                  !bytes.contains(0), !bytes.contains(UInt8(ascii: "/")), !bytes.contains(UInt8(ascii: "\\"))
            else { return nil }
            let segment = String(decoding: bytes, as: UTF8.self)
            guard Array(segment.utf8) == bytes, segment != ".", segment != ".." else { return nil }
            segments.append(segment)
        }
        return segments
    }

    static func percentDecoded(_ bytes: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { return nil }
                result.append(high << 4 | low)
                index += 3
            } else {
                result.append(byte)
                index += 1
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// What to answer for a request path (raw, percent-encoded, without the query).
    public func look(up rawPath: String) -> Answer {
        guard let segments = Self.segments(rawPath) else { return .forbidden }
        if segments.contains(where: { $0.hasPrefix(".") }) { return .notFound }
        var current = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard current >= 0 else { return .notFound }
        defer { close(current) }
        for segment in segments.dropLast() {
            let next = openat(current, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { return .notFound }
            close(current)
            current = next
        }
        var name = segments.last ?? ""
        var descriptor = name.isEmpty ? dup(current) : openat(current, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .notFound }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { close(descriptor); return .notFound }
        if info.st_mode & S_IFMT == S_IFDIR {
            // A folder is served by its index.html, at the address that ends with a slash.
            guard name.isEmpty || rawPath.hasSuffix("/") else {
                close(descriptor)
                return .redirect(rawPath + "/")
            }
            let index = openat(descriptor, "index.html", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            close(descriptor)
            guard index >= 0 else { return .notFound }
            descriptor = index
            name = "index.html"
            guard fstat(descriptor, &info) == 0 else { close(descriptor); return .notFound }
        }
        defer { close(descriptor) }
        guard info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= limit else { return .notFound }
        guard let bytes = Self.readAll(descriptor, size: Int(info.st_size), limit: limit) else { return .notFound }
        return .file(bytes: bytes, type: Self.contentType(of: name))
    }

    private static func readAll(_ descriptor: Int32, size: Int, limit: Int) -> [UInt8]? {
        if size == 0 { return [] }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, size - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return Array(bytes[..<filled])
    }

    /// The `Content-Type` of a file of the site, by its extension.
    public static func contentType(of name: String) -> String {
        let lowered = name.lowercased()
        let types: [(String, String)] = [
            (".html", "text/html; charset=utf-8"), (".css", "text/css; charset=utf-8"),
            (".json", "application/json"), (".ics", "text/calendar; charset=utf-8"),
            (".svg", "image/svg+xml"), (".png", "image/png"), (".jpg", "image/jpeg"), (".jpeg", "image/jpeg"),
            (".gif", "image/gif"), (".webp", "image/webp"), (".ico", "image/x-icon"),
            (".js", "text/javascript; charset=utf-8"), (".txt", "text/plain; charset=utf-8"),
            (".csv", "text/csv; charset=utf-8"), (".xml", "application/xml"), (".woff2", "font/woff2"),
        ]
        return types.first { lowered.hasSuffix($0.0) }?.1 ?? "application/octet-stream"
    }
}
