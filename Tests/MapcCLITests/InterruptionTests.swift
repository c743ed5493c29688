import Foundation
import Testing

/// Builds that end early — killed, interrupted, out of disk, against a read-only folder, or
/// racing another build — leave the old site whole and nothing beside it
/// (docs/robustness.md#signals, #locks, #full-disk-and-read-only-folders).
@Suite(.serialized) struct InterruptionTests {
    static let today = ["--today", "2026-11-24"]

    /// Two versions of a workspace of `count` plans, and the sites a clean build gives.
    struct Versions {
        var folder: String
        var first: String
        var second: String
        var firstSite: [String: Data]
        var secondSite: [String: Data]

        init(count: Int) throws {
            folder = CLI.temporaryDirectory()
            first = folder + "/first"
            second = folder + "/second"
            TestWorkspace.plans(in: first, count: count, tasks: 30, variant: 0)
            TestWorkspace.plans(in: second, count: count, tasks: 30, variant: 1)
            first += "/plans"
            second += "/plans"
            for (plans, out) in [(first, "/clean-first"), (second, "/clean-second")] {
                let run = try Binary.run(["build", plans, "-o", folder + out, "--no-cache"] + InterruptionTests.today)
                #expect(run.status == 0, "\(run.err)")
            }
            firstSite = BuildCommandTests.files(in: folder + "/clean-first")
            secondSite = BuildCommandTests.files(in: folder + "/clean-second")
            #expect(firstSite.count > 30 && firstSite != secondSite)
        }
    }

    /// The site folder is exactly one of the clean sites; nothing else sits beside it.
    static func expectWhole(_ site: String, _ versions: Versions, parent: String,
                            sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let files = BuildCommandTests.files(in: site)
        let isFirst = files == versions.firstSite, isSecond = files == versions.secondSite
        #expect(isFirst || isSecond, "the site is neither version whole", sourceLocation: sourceLocation)
        let beside = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        #expect(beside == ["site"], "left beside the site: \(beside)", sourceLocation: sourceLocation)
        return isSecond
    }

    /// No temporary file anywhere in the cache.
    static func expectNoTemporaries(_ cache: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let leftovers = TestWorkspace.listing(cache).filter { $0.contains(".mapc-tmp-") }
        #expect(leftovers.isEmpty, "temporary files left in the cache: \(leftovers)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalLeavesTheOldSiteWholeAndExits128PlusItsNumber(_ signal: Int32) throws {
        let versions = try Versions(count: 120)
        let parent = versions.folder + "/out", site = parent + "/site", cache = versions.folder + "/cache"
        let environment = ["MAPC_CACHE_DIR": cache]
        // How long a build takes here, to interrupt it at random points within.
        let start = Date()
        #expect(try Binary.run(["build", versions.first, "-o", site] + Self.today, environment: environment).status == 0)
        let duration = Date().timeIntervalSince(start)
        var interrupted = 0, finished = 0, sawNew = false
        for attempt in 0..<12 {
            let plans = attempt % 2 == 0 ? versions.second : versions.first
            let started = try Binary.start(["build", plans, "-o", site] + Self.today, environment: environment)
            usleep(useconds_t(Double.random(in: 0.05...1.0) * duration * 1_000_000))
            kill(started.0.processIdentifier, signal)
            let outcome = Binary.finish(started)
            if outcome.status == 0 {
                finished += 1
            } else {
                interrupted += 1
                #expect(!outcome.signalled && outcome.status == 128 + signal, "exit \(outcome.status): \(outcome.err)")
                #expect(outcome.err.contains("nothing was left half-written"))
            }
            sawNew = Self.expectWhole(site, versions, parent: parent) || sawNew
            Self.expectNoTemporaries(cache)
        }
        #expect(interrupted > 0, "no build was interrupted: the test did not test")
        // After all that, a build runs to its end and gives the new site, from a sound cache.
        #expect(try Binary.run(["build", versions.second, "-o", site] + Self.today, environment: environment).status == 0)
        #expect(BuildCommandTests.files(in: site) == versions.secondSite)
        _ = (finished, sawNew)
    }

    @Test func aKilledBuildLeavesAWholeSiteAndTheNextBuildCleansUp() throws {
        let versions = try Versions(count: 120)
        let parent = versions.folder + "/out", site = parent + "/site", cache = versions.folder + "/cache"
        let environment = ["MAPC_CACHE_DIR": cache]
        let start = Date()
        #expect(try Binary.run(["build", versions.first, "-o", site] + Self.today, environment: environment).status == 0)
        let duration = Date().timeIntervalSince(start)
        var sawOld = 0, sawNew = 0
        for attempt in 0..<12 {
            let plans = attempt % 2 == 0 ? versions.second : versions.first
            let started = try Binary.start(["build", plans, "-o", site] + Self.today, environment: environment)
            usleep(useconds_t(Double.random(in: 0.05...1.2) * duration * 1_000_000))
            kill(started.0.processIdentifier, SIGKILL)
            _ = Binary.finish(started)
            // SIGKILL may leave a staging folder; the site itself is whole.
            let files = BuildCommandTests.files(in: site)
            if files == versions.firstSite { sawOld += 1 } else if files == versions.secondSite { sawNew += 1 }
            else { Issue.record("attempt \(attempt): the site is neither version whole") }
        }
        #expect(sawOld + sawNew == 12)
        // The next build finishes, gives exactly the new site and removes every leftover.
        let run = try Binary.run(["build", versions.second, "-o", site] + Self.today, environment: environment)
        #expect(run.status == 0, "\(run.err)")
        #expect(Self.expectWhole(site, versions, parent: parent))
        Self.expectNoTemporaries(cache)
    }

    @Test func twoBuildsIntoOneOutputTakeTurns() throws {
        let versions = try Versions(count: 120)
        let parent = versions.folder + "/out", site = parent + "/site", cache = versions.folder + "/cache"
        let environment = ["MAPC_CACHE_DIR": cache]
        for round in 0..<3 {
            let a = try Binary.start(["build", versions.first, "-o", site] + Self.today, environment: environment)
            usleep(50_000)
            // The second spells the output another way: the same folder all the same.
            let b = try Binary.start(["build", versions.second, "-o", parent + "/../out/site/"] + Self.today,
                                     environment: environment)
            let first = Binary.finish(a), second = Binary.finish(b)
            #expect(first.status == 0 && second.status == 0, "round \(round): \(first.err) \(second.err)")
            #expect((first.err + second.err).contains("mapc: waiting for another build into"), "round \(round)")
            // The later one wins; either way the site is one whole version, not a mix.
            _ = Self.expectWhole(site, versions, parent: parent)
            Self.expectNoTemporaries(cache)
        }
        // And the shared cache is sound: a build from it gives exactly the clean site.
        #expect(try Binary.run(["build", versions.first, "-o", site] + Self.today, environment: environment).status == 0)
        #expect(BuildCommandTests.files(in: site) == versions.firstSite)
    }

    @Test(.enabled(if: Binary.canMount, "needs `unshare -rm` to mount a small file system"))
    func aFullDiskKeepsTheOldSiteAndCleansTheCache() throws {
        let versions = try Versions(count: 60)
        // What one site and its cache take (pages are hard links into the cache: counted once).
        let probe = versions.folder + "/probe"
        #expect(try Binary.run(["build", versions.first, "-o", probe + "/site"] + Self.today,
                               environment: ["MAPC_CACHE_DIR": probe + "/cache"]).status == 0)
        let used = try runShell(["du", "-sk", "--apparent-size", probe]).split(separator: "\t").first.flatMap { Int($0) } ?? 0
        #expect(used > 100)
        let disk = versions.folder + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        // Room for one site and its cache, not for a second site beside the first.
        let script = """
            mount -t tmpfs -o size=\(used * 3 / 2)k tmpfs "$1" && mkdir "$1/out" &&
            "$2" build "$3" -o "$1/out/site" --today 2026-11-24 --quiet; echo "first=$?";
            du -sk "$1/cache" | cut -f1;
            "$2" build "$4" -o "$1/out/site" --today 2026-11-24 --quiet; echo "second=$?";
            du -sk "$1/cache" | cut -f1;
            echo "beside: $(ls -A "$1/out")"; echo "temporary: $(find "$1/cache" -name '*.mapc-tmp-*')";
            cd "$1/out/site" && find . -type f | sort | xargs sha256sum > "$5"
            """
        let listing = versions.folder + "/listing"
        let run = try runShell(["unshare", "-rm", "sh", "-c", script, "sh", disk, Binary.path, versions.first,
                                versions.second, listing], environment: ["MAPC_CACHE_DIR": disk + "/cache"])
        let lines = run.split(separator: "\n").map(String.init)
        #expect(lines.first == "first=0", "\(run)")
        #expect(lines.contains("second=2"), "the second build must fail on the full disk: \(run)")
        #expect(run.contains("No space left on device"), "the message gives the reason: \(run)")
        #expect(!run.contains(".site.mapc-new-"), "the message names the site, not the staging folder: \(run)")
        #expect(lines.contains("beside: site"), "\(run)")
        #expect(lines.contains("temporary: "), "\(run)")
        // The failed build's pages did not stay in the cache.
        if let first = lines.firstIndex(of: "first=0"), let second = lines.firstIndex(of: "second=2"),
           let before = Int(lines[first + 1]), let after = Int(lines[second + 1]) {
            #expect(after <= before, "the cache grew from \(before) to \(after) KB after a failed build")
        } else {
            Issue.record("no cache sizes: \(run)")
        }
        // The old site is whole.
        let sums = try String(contentsOfFile: listing, encoding: .utf8)
        #expect(sums.split(separator: "\n").count == versions.firstSite.count)
    }

    @Test(.enabled(if: Binary.canMount, "needs `unshare -rm` to mount a read-only folder"))
    func aReadOnlyOldSiteIsLeftWholeAndTheBuildFails() throws {
        let versions = try Versions(count: 30)
        let folder = versions.folder + "/ro"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let script = """
            "$2" build "$3" -o "$1/site" --today 2026-11-24 --quiet --no-cache; echo "first=$?";
            mount --bind "$1/site/plans" "$1/site/plans" && mount -o remount,ro,bind "$1/site/plans" &&
            "$2" build "$4" -o "$1/site" --today 2026-11-24 --quiet --no-cache; echo "second=$?";
            ls -A "$1"
            """
        let run = try runShell(["unshare", "-rm", "sh", "-c", script, "sh", folder, Binary.path, versions.first,
                                versions.second])
        #expect(run.contains("first=0"), "\(run)")
        #expect(run.contains("second=2"), "\(run)")
        #expect(run.contains("cannot replace"), "\(run)")
        #expect(run.hasSuffix("second=2\nsite\n") || run.contains("second=2\nsite\n"), "leftovers: \(run)")
        #expect(BuildCommandTests.files(in: folder + "/site") == versions.firstSite)
    }

    /// Runs a command; its stdout and stderr together.
    private func runShell(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
