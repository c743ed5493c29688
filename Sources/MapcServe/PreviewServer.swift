import Dispatch
import FlyingFox
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
/// name that resolves to 127.0.0.1 (DNS rebinding).
public final class PreviewServer: Sendable {
    /// The port `mapc serve` uses without `--port`.
    public static let defaultPort: UInt16 = 8765

    public let files: SiteFiles
    public let reload = ReloadSignal()
    private let port = Atomic<UInt16>(0)

    public init(folder: String) {
        files = SiteFiles(folder: folder)
    }

    /// Binds 127.0.0.1:`requested` (0: any free port) and serves on the concurrency pool;
    /// answers the port once the server listens. `stopped` is called if it ever stops.
    public func start(port requested: UInt16, stopped: @escaping @Sendable (String) -> Void) throws(ServeError) -> UInt16 {
        let address: sockaddr_in
        do {
            address = try sockaddr_in.inet(ip4: "127.0.0.1", port: requested)
        } catch {
            throw ServeError("cannot serve on 127.0.0.1: \(error.localizedDescription)")
        }
        let server = HTTPServer(address: address, timeout: 30, logger: .disabled, handler: Handler(server: self))
        let startup = Startup()
        Task.detached {
            do {
                try await server.run()
                stopped("the preview server stopped")
            } catch {
                if !startup.settle(.failure(Self.problem(error, port: requested))) {
                    stopped("the preview server stopped: \(error.localizedDescription)")
                }
            }
        }
        Task.detached {
            // Ends early when run() fails first (startup is then settled already).
            try? await server.waitUntilListening(timeout: 30)
            if case let .ip4(_, port)? = await server.listeningAddress {
                _ = startup.settle(.success(port))
            } else {
                // Never left waiting: a server that neither listens nor fails is reported.
                _ = startup.settle(.failure(ServeError("cannot serve on 127.0.0.1:\(requested): the server did not start")))
            }
        }
        let bound = try startup.wait().get()
        port.store(bound, ordering: .releasing)
        return bound
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
        return ServeError("cannot serve on 127.0.0.1:\(port): \(error.localizedDescription)")
    }

    /// The answer to one request.
    func respond(to request: HTTPRequest) -> HTTPResponse {
        let port = port.load(ordering: .acquiring)
        guard Self.isLocal(host: request.headers[.host], port: port) else {
            return Self.text(.forbidden, "mapc serve answers only requests for 127.0.0.1:\(port) or localhost:\(port)\n")
        }
        guard request.method == .GET || request.method == .HEAD else {
            var response = Self.text(.methodNotAllowed, "mapc serve only answers GET and HEAD\n")
            response.headers[HTTPHeader("Allow")] = "GET, HEAD"
            return response
        }
        let path = request.target.path()
        let head = request.method == .HEAD
        if path == ReloadSnippet.path {
            let known = request.query.first { $0.name == "site" }?.value ?? ""
            var headers = Self.headers(type: "text/event-stream")
            headers[.connection] = "close"
            if head { return HTTPResponse(statusCode: .ok, headers: headers) }
            return HTTPResponse(statusCode: .ok, headers: headers,
                                body: HTTPBodySequence(from: ReloadEvents(signal: reload, known: known)))
        }
        switch files.look(up: path) {
        case let .file(bytes, type):
            let body = type.hasPrefix("text/html") ? ReloadSnippet.inject(into: bytes, version: reload.version) : bytes
            var headers = Self.headers(type: type)
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: .ok, headers: headers, body: head ? Data() : Data(body))
        case let .redirect(location):
            var response = Self.text(.movedPermanently, "moved to \(location)\n")
            response.headers[.location] = location
            return response
        case .notFound:
            return Self.text(.notFound, "not found in the site: \(path)\n")
        case .forbidden:
            return Self.text(.forbidden, "refused: the path leaves the site or is malformed\n")
        }
    }

    /// Whether the `Host` header names this machine's loopback address or localhost at our port.
    static func isLocal(host: String?, port: UInt16) -> Bool {
        guard let host = host?.lowercased() else { return false }
        return ["127.0.0.1:\(port)", "localhost:\(port)"].contains(host)
    }

    private static func headers(type: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers[.contentType] = type
        // A preview: always the newest build, never sniffed as something else.
        headers[.cacheControl] = "no-store"
        headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
        return headers
    }

    private static func text(_ status: HTTPStatusCode, _ message: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: headers(type: "text/plain; charset=utf-8"), body: Data(message.utf8))
    }

    private struct Handler: HTTPHandler {
        let server: PreviewServer
        func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse { server.respond(to: request) }
    }

    /// The first of "listening" and "failed", handed to the thread that waits for it.
    private final class Startup: Sendable {
        private let outcome = Mutex<Result<UInt16, ServeError>?>(nil)
        private let semaphore = DispatchSemaphore(value: 0)

        /// False when the outcome was settled already.
        func settle(_ result: Result<UInt16, ServeError>) -> Bool {
            let first = outcome.withLock { outcome in
                guard outcome == nil else { return false }
                outcome = result
                return true
            }
            if first { semaphore.signal() }
            return first
        }

        func wait() -> Result<UInt16, ServeError> {
            semaphore.wait()
            return outcome.withLock { $0! }
        }
    }
}

/// The preview server could not start or stopped.
public struct ServeError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
