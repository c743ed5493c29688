import Foundation
import Testing

/// A `mapc watch` or `mapc serve` process under test: started, read while it runs, and
/// ended with a signal (it never ends by itself).
final class RunningMapc {
    let process: Process
    private let out: URL
    private let err: URL
    private let started = Date()

    init(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws {
        (process, out, err) = try Binary.start(arguments, in: folder, environment: environment)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }

    /// Waits until standard output satisfies `ready` (or the process ends, or `limit` passes).
    @discardableResult
    func waitForOutput(limit: Double = 60, _ ready: (String) -> Bool) -> Bool {
        let start = Date()
        while Date().timeIntervalSince(start) < limit {
            if ready(stdout) { return true }
            if !process.isRunning { return ready(stdout) }
            usleep(10_000)
        }
        return false
    }

    /// How many lines of standard output start with `prefix`.
    func count(_ prefix: String) -> Int { stdout.split(separator: "\n").filter { $0.hasPrefix(prefix) }.count }

    /// Sends `signal` and waits for the process to end.
    func stop(_ signal: Int32 = SIGINT, limit: Double = 30) -> Binary.Outcome {
        kill(pid, signal)
        return Binary.finish((process, out, err), since: Date(), limit: limit)
    }

    /// User plus system CPU time so far, in clock ticks (`/proc/PID/stat`).
    var cpuTicks: Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return -1 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    /// How often the main thread (the one that waits for file events) was switched out so
    /// far: a thread asleep in `poll(2)` with no timeout is never woken while nothing happens.
    var mainThreadSwitches: Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/status", encoding: .utf8) else { return -1 }
        return status.split(separator: "\n").filter { $0.contains("ctxt_switches:") }
            .compactMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }.reduce(0, +)
    }
}

/// A minimal HTTP/1.1 client over a raw socket: it sends the path exactly as written (no
/// client-side clean-up of `..`), which is what a traversal test needs.
enum HTTPProbe {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static func connect(_ port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure("socket: \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { close(socket); throw Failure("connect to port \(port): \(errno)") }
        return socket
    }

    static func send(_ socket: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until the connection closes, `until` is in what was read, or the read times out.
    static func read(_ socket: Int32, until marker: String? = nil) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[..<count]
            if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }

    static func request(_ port: UInt16, _ path: String, method: String = "GET", host: String? = nil) throws -> Response {
        let socket = try connect(port)
        defer { close(socket) }
        send(socket, "\(method) \(path) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nConnection: close\r\n\r\n")
        let text = read(socket)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure("no response to \(method) \(path): \(text)") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
