import FlyingSocks
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The local preview of `mapc serve`: the output folder over HTTP on 127.0.0.1, with the
/// reload snippet added to HTML responses and an endpoint that tells open pages when a
/// rebuild put a new site in place (docs/site.md#preview-while-you-write).
///
/// It answers only what a browser previewing the site needs: `GET` and `HEAD` of the
/// site's files (`SiteFiles` keeps every request inside the folder), and only for the
/// host names of this machine, so a web page elsewhere cannot read the plans through a
/// name that resolves to 127.0.0.1 (DNS rebinding). Sockets are FlyingSocks' (epoll);
/// connections are served on the concurrency pool, and nothing runs while none is open.
public final class PreviewServer: Sendable {
    /// The port `mapc serve` uses without `--port`.
    public static let defaultPort: UInt16 = 8765

    public let files: SiteFiles
    public let reload = ReloadSignal()
    private let port = Atomic<UInt16>(0)

    public init(folder: String) {
        files = SiteFiles(folder: folder)
    }

    /// Binds 127.0.0.1:`requested` (0: any free port) at once, so a port in use is said
    /// before anything else happens, then serves in the background; answers the port.
    /// `stopped` is called if serving ever ends.
    public func start(port requested: UInt16, stopped: @escaping @Sendable (String) -> Void) throws(ServeError) -> UInt16 {
        let socket: Socket
        do {
            socket = try Socket(domain: AF_INET, type: .stream)
            try socket.setValue(true, for: .localAddressReuse)
            try socket.bind(to: sockaddr_in.inet(ip4: "127.0.0.1", port: requested))
            try socket.listen()
            guard case let .ip4(_, bound) = try socket.sockname() else { throw SocketError.unsupportedAddress }
            port.store(bound, ordering: .releasing)
        } catch {
            throw Self.problem(error, port: requested)
        }
        Task.detached {
            do {
                try await self.serve(on: socket)
                stopped("the preview server stopped")
            } catch {
                stopped("the preview server stopped: \(error)")
            }
        }
        return port.load(ordering: .acquiring)
    }

    /// Accepts connections for ever, each in a task of its own.
    private func serve(on socket: Socket) async throws {
        let pool: some AsyncSocketPool = .make()
        try await pool.prepare()
        let listener = try AsyncSocket(socket: socket, pool: pool)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run() }
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    for try await connection in listener.sockets {
                        connections.addTask { await self.handle(connection) }
                    }
                }
            }
            try await group.next()
        }
    }

    /// Reads one request head, answers it, closes the connection.
    private func handle(_ connection: AsyncSocket) async {
        defer { try? connection.close() }
        var received: [UInt8] = []
        var headEnd: Int?
        while headEnd == nil {
            guard let bytes = try? await connection.read(atMost: 4096) else { return }
            received += bytes
            headEnd = HTTPRequestHead.end(in: received)
            if headEnd == nil && received.count > HTTPRequestHead.limit { break }
        }
        let request = headEnd.flatMap { HTTPRequestHead(Array(received[..<$0])) }
        switch respond(to: request) {
        case let .response(head, body):
            try? await connection.write(Data(head.bytes + body))
        case let .events(head, known):
            // The stream opens at once; the event is sent when the site's version moves on.
            guard (try? await connection.write(Data(head.bytes + Array("retry: 1000\n: mapc serve\n\n".utf8)))) != nil
            else { return }
            let version = await reload.next(after: known)
            try? await connection.write(Data("event: reload\ndata: \(version)\n\n".utf8))
        }
    }

    enum Answer {
        case response(HTTPResponseHead, body: [UInt8])
        /// The reload stream of a page served at version `known`.
        case events(HTTPResponseHead, known: String)
    }

    /// The answer to one request head (nil: not one this server can read).
    func respond(to request: HTTPRequestHead?) -> Answer {
        guard let request else { return Self.text(400, "mapc serve could not read the request\n") }
        let port = port.load(ordering: .acquiring)
        guard Self.isLocal(host: request.headers["host"], port: port) else {
            return Self.text(403, "mapc serve answers only requests for 127.0.0.1:\(port) or localhost:\(port)\n")
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return Self.text(405, "mapc serve only answers GET and HEAD\n", extra: [("Allow", "GET, HEAD")])
        }
        let head = request.method == "HEAD"
        if request.path == ReloadSnippet.path {
            let response = HTTPResponseHead(status: 200, headers: Self.headers(type: "text/event-stream"))
            if head { return .response(response, body: []) }
            return .events(response, known: request.queryValue("site") ?? "")
        }
        switch files.look(up: request.path) {
        case let .file(bytes, type):
            let body = type.hasPrefix("text/html") ? ReloadSnippet.inject(into: bytes, version: reload.version) : bytes
            let response = HTTPResponseHead(status: 200, headers: Self.headers(type: type, length: body.count))
            return .response(response, body: head ? [] : body)
        case let .redirect(location):
            return Self.text(301, "moved to \(location)\n", extra: [("Location", location)])
        case .notFound:
            return Self.text(404, "not found in the site: \(request.path)\n")
        case .forbidden:
            return Self.text(403, "refused: the path leaves the site or is malformed\n")
        }
    }

    /// The message for a server that could not listen; the port in use above all.
    static func problem(_ error: any Error, port: UInt16) -> ServeError {
        if case let SocketError.failed(type, code, message) = error {
            if code == EADDRINUSE {
                return ServeError("port \(port) on 127.0.0.1 is already in use (another `mapc serve`, or another "
                                  + "program); stop it, or choose another port with `--port N` (`--port 0` picks a free one)")
            }
            if code == EACCES {
                return ServeError("not allowed to serve on port \(port): ports below 1024 need privileges; "
                                  + "choose another with `--port N`")
            }
            return ServeError("cannot serve on 127.0.0.1:\(port): \(type.lowercased()) failed: \(message)")
        }
        return ServeError("cannot serve on 127.0.0.1:\(port): \(error)")
    }

    /// Whether the `Host` header names this machine's loopback address or localhost at our port.
    static func isLocal(host: String?, port: UInt16) -> Bool {
        guard let host = host?.lowercased() else { return false }
        return ["127.0.0.1:\(port)", "localhost:\(port)"].contains(host)
    }

    private static func headers(type: String, length: Int? = nil) -> [(String, String)] {
        // A preview: always the newest build, never sniffed as something else.
        var headers = [("Content-Type", type), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]
        if let length { headers.append(("Content-Length", String(length))) }
        return headers
    }

    private static func text(_ status: Int, _ message: String, extra: [(String, String)] = []) -> Answer {
        let body = Array(message.utf8)
        return .response(HTTPResponseHead(status: status, headers: headers(type: "text/plain; charset=utf-8",
                                                                          length: body.count) + extra), body: body)
    }
}

/// The preview server could not start or stopped.
public struct ServeError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
