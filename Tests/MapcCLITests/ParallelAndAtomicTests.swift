import Foundation
import Testing

/// Parallel checking gives exactly the serial output, and a build killed at any moment
/// leaves the old site or the new one, whole (issue 5). Both use a generated corpus.
@Suite(.serialized) struct ParallelAndAtomicTests {
    static func corpus(_ plans: Int, seed: Int) throws -> String {
        try Corpus.generate(plans: plans, problems: 0.3, seed: seed, folders: 4)
    }

    @Test func parallelOutputEqualsSerialOutput() throws {
        let folder = try Self.corpus(300, seed: 7)
        let arguments = ["check", folder, "--format", "json", "--today", "2026-11-24"]
        let parallel = CLI.run(arguments)
        let serial = CLI.run(arguments, environment: ["MAPC_JOBS": "1"])
        #expect(parallel.out.contains("\"plans\": 300"))
        #expect(parallel.out == serial.out)
        #expect(parallel.status == serial.status)
        let again = CLI.run(arguments)
        #expect(again.out == parallel.out)
    }

    static func digest(_ folder: String) -> [String: Data] { BuildCommandTests.files(in: folder) }

    @Test func aBuildKilledAtRandomLeavesAWholeSite() throws {
        let binary = HostileInputTests.binary
        let first = try Self.corpus(150, seed: 1), second = try Self.corpus(150, seed: 2)
        let work = CLI.temporaryDirectory()
        func build(_ corpus: String, into out: String, killAfter: Double? = nil) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["build", corpus, "-o", out, "--today", "2026-11-24", "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if let killAfter {
                usleep(useconds_t(killAfter * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
        }
        try build(first, into: work + "/a")
        try build(second, into: work + "/b")
        let siteA = Self.digest(work + "/a"), siteB = Self.digest(work + "/b")
        #expect(siteA.count > 100 && siteB.count > 100 && siteA != siteB)
        let target = work + "/site"
        try build(first, into: target)
        var sawOld = 0, sawNew = 0
        for attempt in 0..<20 {
            let corpus = attempt % 2 == 0 ? second : first
            try build(corpus, into: target, killAfter: Double.random(in: 0.0...0.8))
            let now = Self.digest(target)
            #expect(now == siteA || now == siteB, "try \(attempt): the site is neither the old nor the new one")
            if now == (corpus == second ? siteB : siteA) { sawNew += 1 } else { sawOld += 1 }
        }
        // Killed builds leave only hidden staging folders; the next build removes them. (The
        // build caches stay: each killed build also left its cache half-written, and every
        // later build still gave exactly the old or the new site.)
        try build(first, into: target)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work)
            .filter { $0.hasPrefix(".") && !$0.hasSuffix(".mapc-cache") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(sawOld + sawNew == 20)
    }
}
