import Foundation
import Testing
@testable import MapcParse

/// What a file system can hand mapc (issue 5): each input is generated here, run through
/// the real binary with a time limit, and must end with exit 0, 1 or 2 and a diagnostic
/// naming the file — never a crash, a hang or a stack overflow. It runs the binary built
/// with the tests (`Binary`).
@Suite(.serialized) struct HostileInputTests {
    /// The binary built with these tests (see `Binary`), never a stale one.
    static let binary = Binary.path

    struct Outcome {
        var status: Int32
        var out: String
        var seconds: Double
    }

    /// Runs the binary; kills it after `limit` seconds (a hang is a failure, not a wait).
    static func run(_ arguments: [String], limit: Double = 60) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments + ["--today", "2026-11-24"]
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("mapc-out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        let start = Date()
        try process.run()
        while process.isRunning && Date().timeIntervalSince(start) < limit { usleep(20_000) }
        // SIGKILL: a child started by Foundation's Process may not die on SIGTERM.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return Outcome(status: process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus,
                       out: text, seconds: Date().timeIntervalSince(start))
    }

    static func expectSurvives(_ name: String, _ bytes: [UInt8], limit: Double = 60,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = CLI.temporaryDirectory()
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        for command in [["check", path, "--quiet"], ["build", path, "-o", folder + "/_site", "--quiet"],
                        ["status", path, "--format", "markdown"], ["export", path, "--format", "ics"]] {
            let outcome = try run(command, limit: limit)
            #expect([0, 1, 2].contains(outcome.status), "\(name): \(command[0]) ended with \(outcome.status)",
                    sourceLocation: sourceLocation)
            #expect(outcome.seconds < limit, "\(name): \(command[0]) took \(outcome.seconds) s", sourceLocation: sourceLocation)
            if outcome.status != 0 && (command[0] == "check" || command[0] == "build") {
                #expect(outcome.out.contains(name), "\(name): the diagnostic names the file", sourceLocation: sourceLocation)
            }
        }
    }

    static func plan(_ body: String) -> [UInt8] {
        Array(("---\ntitle: Hostile\nstatus: active\n---\n## Stakeholders\n| Handle |\n|---|\n| @a |\n" + body).utf8)
    }

    @Test func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "the mapc binary is missing: \(Self.binary)")
    }

    @Test func emptyAndBrokenFrontMatter() throws {
        try Self.expectSurvives("empty.md", [])
        try Self.expectSurvives("dashes.md", Array("---".utf8))
        try Self.expectSurvives("unclosed.md", Array("---\ntitle: x\n## Tasks\n- [ ] a\n".utf8))
        try Self.expectSurvives("yaml.md", Array("---\ntitle: [unclosed\n  - : {\n---\n".utf8))
        try Self.expectSurvives("tabs.md", Array("---\n\ttitle: x\n---\n".utf8))
    }

    @Test func yamlAliasBomb() throws {
        var yaml = "---\ntitle: bomb\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 9).joined(separator: ", "))]\n"
        }
        yaml += "tags: *a9\nparties: *a9\n---\n"
        try Self.expectSurvives("bomb.md", Array(yaml.utf8), limit: 30)
    }

    @Test func binaryInvalidUTF8AndNUL() throws {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        for index in 0..<4096 { png.append(UInt8(truncatingIfNeeded: index &* 31 &+ 7)) }
        try Self.expectSurvives("image.md", png)
        try Self.expectSurvives("latin1.md", Array("---\ntitle: Caf".utf8) + [0xE9] + Array("\n---\n".utf8))
        try Self.expectSurvives("nul.md", Array("---\ntitle: a\n---\n".utf8) + [0, 0, 0x41])
    }

    @Test func hugePlanAndLongLine() throws {
        var big = "## Tasks\n"
        let item = "- [ ] Review the cut-over runbook with finance @a due:2026-12-01 est:2h\n"
        while big.utf8.count < 20_000_000 { big += String(repeating: item, count: 1000) }
        try Self.expectSurvives("twenty-mb.md", Self.plan(big), limit: 60)
        var line = "## Tasks\n- [ ] "
        let words = "word @a \\@b due:2026-12-01 `code` [l](x) @zz 📅 2026-02-30 "
        while line.utf8.count < 5_000_000 { line += String(repeating: words, count: 1000) }
        try Self.expectSurvives("long-line.md", Self.plan(line + "\n"), limit: 60)
    }

    @Test func deepNesting() throws {
        var lists = "## Tasks\n"
        for depth in 0..<10_000 { lists += String(repeating: "  ", count: depth) + "- [ ] t\(depth) @a\n" }
        try Self.expectSurvives("deep-lists.md", Self.plan(lists), limit: 60)
        let quotes = "## Notes\n" + String(repeating: ">", count: 10_000) + " deep\n"
        try Self.expectSurvives("deep-quotes.md", Self.plan(quotes))
        let mixed = "## Tasks\n" + String(repeating: "> - ", count: 5_000) + "[ ] t @a\n"
        try Self.expectSurvives("deep-mixed.md", Self.plan(mixed))
    }

    @Test func manyTasksAndLongDependencyChain() throws {
        // Just under the 2 MiB limit: read, checked and built, not refused.
        var many = "## Tasks\n"
        for index in 0..<60_000 { many += "- [ ] Task \(index) @a id:t\(index)\n" }
        #expect(many.utf8.count < 2 << 20)
        try Self.expectSurvives("many-tasks.md", Self.plan(many), limit: 60)
        var chain = "## Tasks\n"
        for index in 0..<30_000 { chain += "- [ ] Step \(index) @a id:s\(index) after:s\((index + 1) % 30_000) due:2026-12-01\n" }
        #expect(chain.utf8.count < 2 << 20)
        try Self.expectSurvives("chain.md", Self.plan(chain), limit: 60)
        let folder = CLI.temporaryDirectory()
        FileManager.default.createFile(atPath: folder + "/chain.md", contents: Data(Self.plan(chain)))
        let check = try Self.run(["check", folder + "/chain.md"], limit: 60)
        #expect(!check.out.contains("input-limit") && check.out.contains("dependency-cycle"), "\(check.out.prefix(500))")
    }

    @Test func symlinkLoopAndDirectoryNamedLikeAPlan() throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/x.md", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/loop", withDestinationPath: folder)
        try FileManager.default.createSymbolicLink(atPath: folder + "/self.md", withDestinationPath: folder + "/self.md")
        FileManager.default.createFile(atPath: folder + "/ok.md", contents: Data(Self.plan("")))
        let walked = try Self.run(["check", folder, "--quiet"], limit: 30)
        #expect([0, 1].contains(walked.status))
        let named = try Self.run(["check", folder + "/self.md", "--quiet"], limit: 30)
        #expect(named.status == 2)
        #expect(named.out.contains("self.md"))
        let directory = try Self.run(["check", folder + "/x.md", "--quiet"], limit: 30)
        #expect(directory.status == 0)
    }
}

extension HostileInputTests {
    /// A plan over the limits is refused at once with `input-limit`, named with its
    /// line, and the rest of the workspace is still checked and built.
    @Test func filesOverTheLimitsAreRefusedAndTheRestIsBuilt() throws {
        let folder = CLI.temporaryDirectory()
        FileManager.default.createFile(atPath: folder + "/ok.md", contents: Data(Self.plan("")))
        var big = "## Tasks\n"
        while big.utf8.count < 5_000_000 { big += String(repeating: "- [ ] A task @a due:2026-12-01\n", count: 1000) }
        FileManager.default.createFile(atPath: folder + "/big.md", contents: Data(Self.plan(big)))
        let line = "## Notes\n" + String(repeating: "*a **b ", count: 20_000) + "\n"
        FileManager.default.createFile(atPath: folder + "/line.md", contents: Data(Self.plan(line)))
        let check = try Self.run(["check", folder], limit: 30)
        #expect(check.status == 1)
        #expect(check.out.contains("big.md:1:1: error: `\(folder)/big.md` is larger than the limit of 2 MiB for a plan file; it was not read [input-limit]"),
                "\(check.out.prefix(2000))")
        #expect(check.out.contains("line.md:10:1: error: line 10 is 140000 bytes long, over the limit of 16 KiB; the file was not read [input-limit]"),
                "\(check.out.prefix(2000))")
        #expect(check.out.contains("raise `limits.line_length` in mapc.yml"))
        let build = try Self.run(["build", folder, "-o", folder + "/_site"], limit: 30)
        #expect(build.status == 1)
        #expect(FileManager.default.fileExists(atPath: folder + "/_site/plans/ok.html"))
        // mapc.yml raises the limits.
        CLI.write("limits:\n  file_size: 8MiB\n  line_length: 256KiB\n", to: folder + "/mapc.yml")
        // Then the size is read, and the long line meets the guard against slow Markdown.
        let raised = try Self.run(["check", folder], limit: 60)
        #expect(!raised.out.contains("big.md:1:1: error"), "\(raised.out.prefix(500))")
        #expect(raised.out.contains("line.md:10:1: error: the paragraph that starts on line 10 holds more than 1024 emphasis, link and code marks"),
                "\(raised.out.prefix(1500))")
        CLI.write("limits:\n  file_size: huge\n", to: folder + "/mapc.yml")
        let bad = try Self.run(["check", folder], limit: 30)
        #expect(bad.status == 2)
        #expect(bad.out.contains("mapc.yml:2:14: `limits.file_size` must be a size such as `4MiB`, `64KiB` or `65536`"), "\(bad.out)")
    }

    /// Folders nested past the system's path length are reported, not skipped in silence.
    @Test func foldersPastPathMaxAreReported() throws {
        let folder = CLI.temporaryDirectory()
        FileManager.default.createFile(atPath: folder + "/ok.md", contents: Data(Self.plan("")))
        let name = String(repeating: "d", count: 200)
        // Built with relative steps: the full path is too long for one system call.
        let script = "cd '\(folder)' && for i in $(seq 1 22); do mkdir \(name) && cd \(name); done && printf -- '---\\ntitle: Deep\\n---\\n' > deep.md"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        try process.run()
        process.waitUntilExit()
        let check = try Self.run(["check", folder], limit: 30)
        #expect(check.status == 2, "\(check.out.prefix(1000))")
        #expect(check.out.contains("the path is longer than the system allows"), "\(check.out.prefix(1000))")
        _ = try? FileManager.default.removeItem(atPath: folder)
    }
}
