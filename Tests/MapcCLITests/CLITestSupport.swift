import Foundation
import MapcCLI
import Testing

/// Runs `mapc` in-process the way a user runs it: arguments in; stdout, stderr, status out.
struct Run {
    var out: String
    var err: String
    var status: Int32
}

enum CLI {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots").path

    /// A cache folder of its own for each run: builds run in-process would otherwise put
    /// `.mapc-cache` at the repository's root (the fixtures' workspace root), and runs in
    /// parallel would wait for each other's lock. A test that reuses a cache passes its own
    /// `MAPC_CACHE_DIR`; one that wants the default location passes `MAPC_CACHE_DIR: ""`.
    /// Sites leave git history out (the fixtures lie in mapc's own repository, whose
    /// commits would change every page); a test of history passes `MAPC_NO_HISTORY: ""`.
    static func run(_ arguments: [String], environment: [String: String] = [:]) -> Run {
        let cache = NSTemporaryDirectory() + "mapc-test-cache-" + UUID().uuidString
        let defaults = ["MAPC_CACHE_DIR": cache, "MAPC_NO_HISTORY": "1"]
        let console = Console.capture(environment: defaults.merging(environment) { $1 })
        let status = MapcCommand.execute(arguments, console: console)
        return Run(out: console.capturedOut, err: console.capturedErr, status: status)
    }

    /// Compares with `Snapshots/<name>`; `MAPC_UPDATE_SNAPSHOTS=1` rewrites it (review the diff).
    static func expectSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = snapshots + "/" + name
        if ProcessInfo.processInfo.environment["MAPC_UPDATE_SNAPSHOTS"] == "1" {
            try? FileManager.default.createDirectory(atPath: snapshots, withIntermediateDirectories: true)
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("missing snapshot \(name); run with MAPC_UPDATE_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        #expect(text == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "mapc-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }
}

extension String {
    /// Output with a folder prefix removed, so snapshots do not depend on the checkout path.
    func relative(to folder: String) -> String {
        replacingOccurrences(of: folder + "/", with: "")
    }
}
