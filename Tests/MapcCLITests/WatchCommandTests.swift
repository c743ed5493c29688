import Foundation
import Testing

/// `mapc watch` as a user runs it: the real binary on a workspace of its own, changed
/// while it runs (docs/site.md#preview-while-you-write). Serialized: the timings asserted
/// here (a rebuild within two seconds, idle CPU) are about this process, not its neighbours.
@Suite(.serialized) struct WatchCommandTests {
    /// A workspace of `count` plans in `plans/`; the site goes to `site/`.
    static func workspace(_ count: Int = 3) -> String {
        let folder = CLI.temporaryDirectory()
        TestWorkspace.plans(in: folder, count: count)
        return folder
    }

    static func start(_ folder: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> RunningMapc {
        let watch = try RunningMapc(["watch", "plans", "-o", "site", "--today", "2026-11-24"] + extra, in: folder,
                                    environment: environment)
        #expect(watch.waitForOutput { $0.contains("for changes (Ctrl-C to stop)") }, "\(watch.stdout)\n\(watch.stderr)")
        return watch
    }

    /// Waits for the `n`th `rebuilt` line; answers the seconds it took.
    static func rebuilt(_ watch: RunningMapc, count n: Int, limit: Double = 10) -> Double? {
        let start = Date()
        guard watch.waitForOutput(limit: limit, { text in text.split(separator: "\n").filter { $0.hasPrefix("rebuilt ") }.count >= n })
        else { return nil }
        return Date().timeIntervalSince(start)
    }

    @Test func aSaveRebuildsTheSiteAndPrintsTheErrorsOfWhatChanged() throws {
        let folder = Self.workspace()
        let watch = try Self.start(folder)
        #expect(watch.stdout.hasPrefix("built site/ with 3 plan pages: 0 errors"))
        // An owner who is not a stakeholder: an error in plan-1 only.
        let broken = TestWorkspace.plan(1, variant: 1).replacingOccurrences(of: "- [ ] Task 0 of plan 1 v1 @lead1",
                                                                            with: "- [ ] Task 0 of plan 1 v1 @nobody")
        CLI.write(broken, to: folder + "/plans/plan-1.md")
        let seconds = try #require(Self.rebuilt(watch, count: 1))
        #expect(seconds < 2, "a save is rebuilt within two seconds")
        #expect(watch.stdout.contains("changed: plans/plan-1.md\n"))
        #expect(watch.stdout.contains(#/rebuilt site/ in \d+ ms \(1 of 3 plans rendered\): 1 error, /#))
        #expect(watch.stderr.contains("plans/plan-1.md:"))
        #expect(watch.stderr.contains("`@nobody`"))
        let page = try String(contentsOfFile: folder + "/site/plans/plan-1.html", encoding: .utf8)
        #expect(page.contains("Plan 1 v1"))
        // A save elsewhere names that file, and does not repeat plan-1's error.
        CLI.write(TestWorkspace.plan(2, variant: 1), to: folder + "/plans/plan-2.md")
        _ = try #require(Self.rebuilt(watch, count: 2))
        #expect(watch.stdout.contains("changed: plans/plan-2.md\n"))
        #expect(watch.stderr.components(separatedBy: "`@nobody`").count == 2)
        _ = watch.stop()
    }

    /// Outside a git repository the site has no history: one note says so, once, not
    /// after every rebuild (docs/history.md#on-the-site).
    @Test func theNoteThatThereIsNoHistoryIsSaidOnce() throws {
        let folder = Self.workspace(2)
        let watch = try Self.start(folder, environment: ["MAPC_NO_HISTORY": ""])
        CLI.write(TestWorkspace.plan(1, variant: 1), to: folder + "/plans/plan-1.md")
        _ = try #require(Self.rebuilt(watch, count: 1))
        CLI.write(TestWorkspace.plan(0, variant: 1), to: folder + "/plans/plan-0.md")
        _ = try #require(Self.rebuilt(watch, count: 2))
        let stderr = watch.stop().err
        #expect(stderr.components(separatedBy: "mapc: note: the site shows no history: `plans` is not in a git "
                                  + "repository").count == 2, "\(stderr)")
    }

    @Test func aBurstOfTwentySavesIsOneOrTwoRebuilds() throws {
        let folder = Self.workspace(20)
        let watch = try Self.start(folder)
        // Twenty saves 20 ms apart, as an editor's "save all" or a checkout makes them.
        for index in 0..<20 {
            CLI.write(TestWorkspace.plan(index, variant: 1), to: folder + "/plans/plan-\(index).md")
            usleep(20_000)
        }
        _ = try #require(Self.rebuilt(watch, count: 1))
        sleep(2)
        let rebuilds = watch.count("rebuilt ")
        #expect((1...2).contains(rebuilds), "\(watch.stdout)")
        #expect(watch.stdout.contains("plans/plan-0.md, plans/plan-1.md, plans/plan-10.md, plans/plan-11.md, plans/plan-12.md and"))
        // Every plan is on the site in its new version.
        for index in 0..<20 {
            let page = try String(contentsOfFile: folder + "/site/plans/plan-\(index).html", encoding: .utf8)
            #expect(page.contains("Plan \(index) v1"))
        }
        _ = watch.stop()
    }

    @Test func newAndRemovedFilesAndFoldersArePickedUp() throws {
        let folder = Self.workspace(2)
        let watch = try Self.start(folder)
        // A new folder with a plan in it, made in one step (as `git checkout` or `mv` do).
        let staging = CLI.temporaryDirectory()
        CLI.write(TestWorkspace.plan(7), to: staging + "/team/plan-7.md")
        try FileManager.default.moveItem(atPath: staging + "/team", toPath: folder + "/plans/team")
        _ = try #require(Self.rebuilt(watch, count: 1))
        #expect(watch.stdout.contains("changed: plans/team/plan-7.md\n"))
        #expect(watch.stdout.contains("in 3 plans\n"))
        #expect(FileManager.default.fileExists(atPath: folder + "/site/plans/plan-7.html"))
        // A plan written into the new folder later is seen too: the folder is watched.
        CLI.write(TestWorkspace.plan(8), to: folder + "/plans/team/plan-8.md")
        _ = try #require(Self.rebuilt(watch, count: 2))
        #expect(watch.stdout.contains("changed: plans/team/plan-8.md\n"))
        // The folder goes: its plans leave the site.
        try FileManager.default.removeItem(atPath: folder + "/plans/team")
        _ = try #require(Self.rebuilt(watch, count: 3))
        #expect(watch.stdout.contains("plans/team/plan-8.md (removed)"))
        #expect(watch.stdout.hasSuffix("in 2 plans\n"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/site/plans/plan-7.html"))
        // One file goes.
        try FileManager.default.removeItem(atPath: folder + "/plans/plan-1.md")
        _ = try #require(Self.rebuilt(watch, count: 4))
        #expect(watch.stdout.contains("changed: plans/plan-1.md (removed)\n"))
        #expect(watch.stdout.hasSuffix("in 1 plan\n"))
        _ = watch.stop()
    }

    @Test func theConfigurationAndTemplatesAreWatchedToo() throws {
        let folder = Self.workspace(2)
        CLI.write("body { color: black; }\n", to: folder + "/templates/style.css")
        let watch = try Self.start(folder, ["--templates", "templates"])
        CLI.write("body { color: navy; }\n", to: folder + "/templates/style.css")
        _ = try #require(Self.rebuilt(watch, count: 1))
        #expect(watch.stdout.contains("changed: templates/style.css\n"))
        #expect(try String(contentsOfFile: folder + "/site/style.css", encoding: .utf8).contains("navy"))
        // mapc.yml appears at the workspace root (here the folder of the first path).
        CLI.write("site:\n  title: Watched plans\n", to: folder + "/plans/mapc.yml")
        _ = try #require(Self.rebuilt(watch, count: 2))
        #expect(watch.stdout.contains("changed: plans/mapc.yml\n"))
        #expect(try String(contentsOfFile: folder + "/site/index.html", encoding: .utf8).contains("Watched plans"))
        // A template that does not parse: the error is printed, the site stays, watching goes on.
        CLI.write("{{#broken}}\n", to: folder + "/templates/index.mustache")
        _ = try #require(watch.waitForOutput(limit: 10) { $0.contains("changed: templates/index.mustache") } ? 0 : nil)
        #expect(watch.waitForOutput(limit: 10) { _ in watch.stderr.contains("the site was left as it was") })
        #expect(try String(contentsOfFile: folder + "/site/index.html", encoding: .utf8).contains("Watched plans"))
        try FileManager.default.removeItem(atPath: folder + "/templates/index.mustache")
        _ = try #require(Self.rebuilt(watch, count: 3))
        _ = watch.stop()
    }

    /// Run as most people will: in the plans folder, with the site (`_site`) and the cache
    /// inside the folder watched. The build's own writes start no rebuild, and waiting
    /// wakes nothing: the watching thread sleeps in `poll(2)` until the kernel has an event.
    @Test func idleCostsNothingAndTheBuildsOwnWritesAreNoChange() throws {
        let folder = Self.workspace()
        let watch = try RunningMapc(["watch", "--today", "2026-11-24"], in: folder + "/plans")
        #expect(watch.waitForOutput { $0.contains("for changes (Ctrl-C to stop)") }, "\(watch.stderr)")
        CLI.write(TestWorkspace.plan(0, variant: 1), to: folder + "/plans/plan-0.md")
        _ = try #require(Self.rebuilt(watch, count: 1))
        usleep(300_000)
        let (ticks, switches) = (watch.cpuTicks, watch.mainThreadSwitches)
        sleep(2)
        #expect(ticks >= 0 && watch.cpuTicks - ticks <= 1, "\(watch.cpuTicks - ticks) ticks of CPU in 2 s of idling")
        #expect(switches >= 0 && watch.mainThreadSwitches == switches, "the watching thread woke while idle")
        #expect(watch.count("rebuilt ") == 1, "\(watch.stdout)")
        #expect(watch.count("changed: ") == 1)
        _ = watch.stop()
    }

    @Test func ctrlCEndsWith130AndLeavesTheSiteWhole() throws {
        let folder = Self.workspace()
        let watch = try Self.start(folder)
        let before = TestWorkspace.listing(folder)
        let outcome = watch.stop(SIGINT)
        #expect(outcome.status == 130 && !outcome.signalled)
        #expect(outcome.err.contains("mapc: interrupted; nothing was left half-written"))
        #expect(TestWorkspace.listing(folder) == before)
    }

    @Test func aFirstBuildThatCannotRunExits2() throws {
        let folder = Self.workspace(1)
        CLI.write("not a site\n", to: folder + "/site/notes.txt")
        let outcome = try Binary.run(["watch", "plans", "-o", "site"], in: folder, limit: 30)
        // The output folder's rules are `mapc build`'s, said the same way, once.
        let build = try Binary.run(["build", "plans", "-o", "site"], in: folder, limit: 30)
        #expect(outcome.status == 2 && build.status == 2)
        #expect(outcome.err.hasPrefix("mapc: error: refusing to replace `site`: it is not empty and has no `.mapc-site` marker"))
        #expect(outcome.err == build.err && outcome.out.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/site") == ["notes.txt"])
    }
}
