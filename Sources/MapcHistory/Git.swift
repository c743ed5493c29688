import Foundation

/// The `git` command, run in a folder: the one way mapc reads a repository
/// (docs/history.md#reading-git). A few processes per run, never one per object:
/// `git log` lists what changed, one `git cat-file --batch` reads every blob needed.
public struct Git: Sendable {
    /// The folder git runs in; it picks the repository.
    public var folder: String

    public init(folder: String) { self.folder = folder }

    /// git failed, or could not be run: `what` the caller was doing, and git's own words.
    public struct Failure: Error, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// Runs git with `arguments`; its standard output, or a failure saying `what` failed.
    /// `input` is fed from another thread, since git answers while it reads.
    public func run(_ arguments: [String], input: Data? = nil, what: String) throws(Failure) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        // The user's pager, colours and external diff tools must not change what is parsed.
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_PAGER"] = "cat"
        environment["GIT_EXTERNAL_DIFF"] = nil
        environment["LC_ALL"] = "C"
        // Never wait for a password (a partial clone fetching a blob from a private remote
        // in CI), and take no optional lock a user's own git would then wait for.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let feed = Pipe()
        if input != nil { process.standardInput = feed }
        do {
            try process.run()
        } catch {
            throw Failure("\(what): cannot run git (\(error.localizedDescription))")
        }
        if let input {
            let writer = feed.fileHandleForWriting
            Thread.detachNewThread {
                try? writer.write(contentsOf: input)
                try? writer.close()
            }
        }
        // stderr is read on another thread: a git that writes much there cannot block.
        let collected = ErrorText()
        let reader = errors.fileHandleForReading
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            collected.set(reader.readDataToEndOfFile())
            done.signal()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = String(decoding: collected.get(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(what + (detail.isEmpty ? "" : " (git: \(detail))"))
        }
        return data
    }

    /// One line of git's output, without the line break.
    public func line(_ arguments: [String], what: String) throws(Failure) -> String {
        Self.text(try run(arguments, what: what))
    }

    static func text(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The sizes of blobs, by object id, read with one `git cat-file --batch-check`: what
    /// a caller checks before asking for contents, so a huge blob is never read. Ids that
    /// are missing, or name something other than a blob, are left out.
    public func blobSizes(_ ids: [String], what: String) throws(Failure) -> [String: Int] {
        guard !ids.isEmpty else { return [:] }
        let output = try run(["cat-file", "--batch-check"], input: Data(ids.map { $0 + "\n" }.joined().utf8), what: what)
        let lines = output.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count == ids.count + 1, lines.last?.isEmpty == true else {
            throw Failure("\(what): unexpected output from git cat-file")
        }
        var result: [String: Int] = [:]
        for (id, line) in zip(ids, lines) {
            // `<object> blob <size>`, or `<object> missing`, or another type.
            let fields = String(decoding: line, as: UTF8.self).split(separator: " ")
            guard fields.first.map(String.init) == id else { throw Failure("\(what): unexpected output from git cat-file") }
            if fields.count == 3, fields[1] == "blob", let size = Int(fields[2]), size >= 0 { result[id] = size }
        }
        return result
    }

    /// The contents of blobs, by object id, read with one `git cat-file --batch`. Ids that
    /// are missing, or name something other than a blob, are left out. Memory holds all
    /// of them at once: callers check sizes first (`blobSizes`) and ask in bounded batches.
    public func blobs(_ ids: [String], what: String) throws(Failure) -> [String: [UInt8]] {
        guard !ids.isEmpty else { return [:] }
        let output = try run(["cat-file", "--batch"], input: Data(ids.map { $0 + "\n" }.joined().utf8), what: what)
        var result: [String: [UInt8]] = [:]
        var offset = output.startIndex
        for id in ids {
            // `<object> <type> <size> LF <content> LF`, or `<object> missing LF`.
            guard let newline = output[offset...].firstIndex(of: 0x0A) else {
                throw Failure("\(what): unexpected output from git cat-file")
            }
            let header = String(decoding: output[offset..<newline], as: UTF8.self).split(separator: " ")
            guard header.first.map(String.init) == id else { throw Failure("\(what): unexpected output from git cat-file") }
            if header.count == 2, header[1] == "missing" {
                offset = newline + 1
                continue
            }
            guard header.count == 3, let size = Int(header[2]), size >= 0, size <= output.endIndex - newline - 2,
                  output[newline + 1 + size] == 0x0A else {
                throw Failure("\(what): unexpected output from git cat-file")
            }
            if header[1] == "blob" { result[id] = Array(output[(newline + 1)..<(newline + 1 + size)]) }
            offset = newline + 1 + size + 1
        }
        return result
    }
}

/// What a process wrote on stderr, handed between threads.
private final class ErrorText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
