import Foundation
import Testing

/// The `mapc` executable built with these tests (the test target depends on it, so
/// `swift build --build-tests` and `swift test` build it too): tests that need a real
/// process (signals, locks, the current folder, time limits) run exactly the code under
/// test, never a stale binary. `MAPC_TEST_BINARY` points them at another build.
enum Binary {
    static let path: String = {
        if let override = ProcessInfo.processInfo.environment["MAPC_TEST_BINARY"], !override.isEmpty { return override }
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return runner.deletingLastPathComponent().appendingPathComponent("mapc").path
    }()

    struct Outcome {
        var status: Int32
        var out: String
        var err: String
        var seconds: Double
        /// True when the process ended by a signal (`status` is then the signal's number).
        var signalled: Bool
    }

    /// Starts mapc; its output goes to two files read when it ends.
    static func start(_ arguments: [String], in folder: String? = nil,
                      environment: [String: String] = [:]) throws -> (Process, out: URL, err: URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        var variables = ProcessInfo.processInfo.environment
        variables["MAPC_CACHE_DIR"] = nil
        // Sites built here leave git history out (the fixtures lie in mapc's own repository,
        // whose commits would change every page); `MAPC_NO_HISTORY: ""` turns it back on.
        variables["MAPC_NO_HISTORY"] = "1"
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("mapc-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("mapc-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return (process, out, err)
    }

    /// Waits for a started mapc, killing it after `limit` seconds (a hang is a failure).
    static func finish(_ started: (Process, out: URL, err: URL), since start: Date = Date(),
                       limit: Double = 120) -> Outcome {
        let (process, out, err) = started
        while process.isRunning && Date().timeIntervalSince(start) < limit { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let text = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        return Outcome(status: process.terminationStatus, out: text(out), err: text(err),
                       seconds: Date().timeIntervalSince(start), signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Runs mapc to its end (at most `limit` seconds).
    static func run(_ arguments: [String], in folder: String? = nil, environment: [String: String] = [:],
                    limit: Double = 120) throws -> Outcome {
        let start = Date()
        return finish(try Self.start(arguments, in: folder, environment: environment), since: start, limit: limit)
    }

    /// True when this machine lets a test mount a small file system of its own
    /// (`unshare -rm`): the full-disk and read-only tests need it.
    static let canMount: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}
