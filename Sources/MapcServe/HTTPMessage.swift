/// The little HTTP/1.1 a local preview needs, written here rather than taken from
/// FlyingFox's HTTP layer: that layer links FoundationNetworking (for its proxy handler),
/// and so libcurl, which the static release build of mapc cannot link
/// (docs/site.md#preview-while-you-write). One request per connection, no request body.
struct HTTPRequestHead: Equatable {
    var method: String
    /// The path as sent, still percent-encoded (`SiteFiles` decodes it segment by segment).
    var path: String
    var query: String
    /// Header names in lower case.
    var headers: [String: String]

    /// The longest request head read; a browser's is a few hundred bytes.
    static let limit = 16 * 1024

    /// Where the head ends (after the blank line), once `bytes` holds all of it.
    static func end(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// Parses a request head; nil when it is not HTTP/1.x, or its target is not a path.
    init?(_ bytes: [UInt8]) {
        var lines: [String] = []
        var start = 0
        for index in bytes.indices where index > 0 && bytes[index - 1] == 13 && bytes[index] == 10 {
            lines.append(String(decoding: bytes[start..<(index - 1)], as: UTF8.self))
            start = index + 1
        }
        guard !lines.isEmpty else { return nil }
        let parts = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), parts[1].hasPrefix("/") else { return nil }
        method = String(parts[0])
        let target = parts[1]
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = String(target)
            query = ""
        }
        headers = [:]
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingBlanks()
        }
    }

    /// The value of `name=` in the query, as sent.
    func queryValue(_ name: String) -> String? {
        for pair in query.split(separator: "&") where pair.hasPrefix(name + "=") {
            return String(pair.dropFirst(name.count + 1))
        }
        return nil
    }
}

/// A response's status line and headers; the body is sent after them.
struct HTTPResponseHead {
    var status: Int
    var headers: [(String, String)]

    static let reasons = [200: "OK", 301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden",
                          404: "Not Found", 405: "Method Not Allowed"]

    var bytes: [UInt8] {
        var text = "HTTP/1.1 \(status) \(Self.reasons[status] ?? "Error")\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        // One request per connection: simple, and nothing is kept open but reload streams.
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }
}

private extension StringProtocol {
    func trimmingBlanks() -> String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
