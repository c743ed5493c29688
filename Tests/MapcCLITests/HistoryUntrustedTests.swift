import Foundation
import MapcCLI
import Testing

/// `mapc history` reads commits anyone could have written: odd dates, odd file names, huge
/// files, a cache folder committed into the repository, settings that change git's output.
/// None of them may stop the history, change its numbers or be trusted.
@Suite struct HistoryUntrustedTests {
    static func history(_ arguments: [String], cache: String? = nil) -> Run {
        HistoryCommandTests.history(arguments, cache: cache)
    }

    /// Replaces HEAD's committer line with `committer` (what only a hand-made commit holds)
    /// and moves the branch to the new commit; its id.
    @discardableResult
    static func rewriteHead(_ repository: ScriptedRepository, committer: String) throws -> String {
        let original = try repository.git(["cat-file", "commit", "HEAD"])
        let text = original.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("committer ") ? "committer " + committer : String($0) }.joined(separator: "\n") + "\n"
        let file = CLI.temporaryDirectory() + "/commit"
        CLI.write(text, to: file)
        let id = try repository.git(["hash-object", "-t", "commit", "-w", "--literally", file])
        try repository.git(["update-ref", "refs/heads/main", id])
        return id
    }

    static func dates(_ run: Run) throws -> [String?] {
        let plan = try #require(try HistoryCommandTests.plans(run).first, "\(run.out)\(run.err)")
        return try #require(plan["points"] as? [[String: Any]]).map { $0["date"] as? String }
    }

    /// A commit whose committer date git cannot give (garbage, or the year 11476) takes the
    /// day of the commit before it on the line, read from scratch or after a cached run.
    @Test func aCommitWithAnUnreadableDateTakesThePreviousDay() throws {
        let repository = try ScriptedRepository()
        try repository.commit(["plan.md": P("Pilot", "pilot", "active", ["[ ] One @li due:2026-10-10"])], on: "2026-10-01")
        let cache = CLI.temporaryDirectory() + "/cache"
        #expect(Self.history([repository.path, "--format", "json"], cache: cache).status == 0)
        try repository.commit(["plan.md": P("Pilot", "pilot", "active", ["[ ] One @li due:2026-10-12"])], on: "2026-10-02")
        try Self.rewriteHead(repository, committer: "Test <test@example.org> garbage")
        try repository.commit(["plan.md": P("Pilot", "pilot", "active", ["[ ] One @li due:2026-10-15"])], on: "2026-10-05")
        try repository.commit(["plan.md": P("Pilot", "pilot", "active", ["[x] One @li due:2026-10-15"])], on: "2026-10-06")
        try Self.rewriteHead(repository, committer: "Test <test@example.org> 300000000000 +0000")
        let fresh = Self.history([repository.path, "--format", "json", "--no-cache"])
        #expect(fresh.status == 0, "\(fresh.err)")
        #expect(try Self.dates(fresh) == ["2026-10-01", "2026-10-01", "2026-10-05", "2026-10-05"])
        let plan = try #require(try HistoryCommandTests.plans(fresh).first)
        #expect((plan["slips"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2026-10-01", "2026-10-05"])
        // The cache held the first commit only: the new walk starts with the undated one.
        let cached = Self.history([repository.path, "--format", "json"], cache: cache)
        #expect(cached.out == fresh.out)
    }

    /// A plan file over the size limit is skipped with the reason, and never read: git is
    /// asked for its size, not its bytes.
    @Test func aHugePlanIsSkippedWithoutBeingRead() throws {
        let repository = try ScriptedRepository()
        try repository.commit(["plan.md": P("Pilot", "pilot", "active", ["[ ] One @li"])], on: "2026-10-01")
        let huge = P("Pilot", "pilot", "active", ["[ ] One @li"]) + String(repeating: "padding line\n", count: 250_000)
        let big = try repository.commit(["plan.md": huge], on: "2026-10-02")
        let run = Self.history([repository.path, "--verbose"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.err == "mapc: 2 commits walked, 1 plan version read from git\n")
        #expect(run.out.contains("  Skipped:     the version of 2026-10-02 (\(big.prefix(7))): larger than the limit of 2 MiB\n"),
                "\(run.out)")
    }

    /// git's paths are the repository's whatever folder mapc starts in; a run over a
    /// folder and one over the whole repository share a cache and agree with `--no-cache`,
    /// and a plan moved into the folder keeps the history it had outside.
    @Test func aFolderRunAndARepositoryRunShareTheCacheAndAgree() throws {
        let repository = try ScriptedRepository()
        try repository.commit(["drafts/b.md": P("Beta", "beta", "active", ["[ ] One @li due:2026-10-10", "[ ] Two @li"]),
                               "plans/a.md": P("Alpha", "alpha", "active", ["[ ] One @li"])], on: "2026-10-01")
        try repository.git(["mv", "drafts/b.md", "plans/b.md"])
        try repository.commit([:], on: "2026-10-02", "move")
        try repository.commit(["plans/b.md": P("Beta", "beta", "active", ["[ ] One @li due:2026-10-20", "[ ] Two @li"])],
                              on: "2026-10-03")
        let cache = CLI.temporaryDirectory() + "/cache"
        let folder = Self.history([repository.path + "/plans", "--format", "json"], cache: cache)
        #expect(folder.out == Self.history([repository.path + "/plans", "--format", "json", "--no-cache"]).out)
        let plans = try HistoryCommandTests.plans(folder)
        #expect(plans.map { $0["id"] as? String } == ["alpha", "beta"])
        #expect((plans[1]["moves"] as? [[String: Any]])?.map { $0["from"] as? String } == ["drafts/b.md"])
        #expect((plans[1]["slips"] as? [[String: Any]])?.map { $0["days"] as? Int } == [10])
        let whole = Self.history([repository.path, "--format", "json"], cache: cache)
        #expect(whole.out == Self.history([repository.path, "--format", "json", "--no-cache"]).out)
        #expect(try HistoryCommandTests.plans(whole).count == 2)
    }

    /// Settings in the repository's own config (a cloned repository can ship none, but
    /// a user's can hold them) do not change what is read.
    @Test func gitSettingsDoNotChangeWhatIsRead() throws {
        let (repository, _) = try HistoryCommandTests.pilot()
        let plain = Self.history([repository.path + "/plans", "--format", "json", "--no-cache"])
        for (key, value) in [("diff.relative", "true"), ("log.showSignature", "true"), ("color.ui", "always"),
                             ("diff.renames", "copies"), ("core.quotePath", "true"), ("diff.noprefix", "true"),
                             ("log.showRoot", "false")] {
            try repository.git(["config", key, value])
        }
        let configured = Self.history([repository.path + "/plans", "--format", "json", "--no-cache"])
        #expect(configured.status == 0, "\(configured.err)")
        #expect(configured.out == plain.out)
    }

    /// The cached head no longer exists (a force-push, then git pruned it) or belongs to
    /// another repository sharing the cache: the line is read again, never an error.
    @Test func aCachedHeadGitDoesNotKnowIsReadAgain() throws {
        let (repository, _) = try HistoryCommandTests.pilot()
        let cache = CLI.temporaryDirectory() + "/cache"
        #expect(Self.history([repository.path, "--format", "json"], cache: cache).status == 0)
        try repository.git(["reset", "-q", "--hard", "HEAD~1"])
        try repository.commit(["plans/pilot.md": P("Payments pilot", "pilot", "active", ["[x] Configure SSO @li id:sso"])],
                              on: "2026-11-23")
        try repository.git(["reflog", "expire", "--expire=now", "--all"])
        try repository.git(["gc", "-q", "--prune=now"])
        let pruned = Self.history([repository.path, "--format", "json"], cache: cache)
        #expect(pruned.status == 0, "\(pruned.err)")
        #expect(pruned.out == Self.history([repository.path, "--format", "json", "--no-cache"]).out)
        let other = try ScriptedRepository()
        try other.commit(["plan.md": P("Other", "other", "active", ["[ ] One @li"])], on: "2026-10-01")
        let shared = Self.history([other.path, "--format", "json"], cache: cache)
        #expect(shared.status == 0, "\(shared.err)")
        #expect(shared.out == Self.history([other.path, "--format", "json", "--no-cache"]).out)
    }

    /// A cache committed into the repository (its folder, its marker and every seal, as
    /// the run that wrote it left them) is not trusted in a clone: everything is read again.
    @Test func aCacheCommittedIntoTheRepositoryIsNotTrusted() throws {
        let (repository, _) = try HistoryCommandTests.pilot()
        let planted = repository.path + "/.mapc-cache"
        let first = Self.history([repository.path, "--format", "json", "--verbose", "--cache-dir", planted])
        #expect(first.err == "mapc: 4 commits walked, 4 plan versions read from git\n")
        try repository.git(["add", "-f", ".mapc-cache"])
        try repository.commit([:], on: "2026-11-21", "plant a cache")
        let clone = CLI.temporaryDirectory() + "/clone"
        try repository.git(["clone", "-q", "file://" + repository.path, clone])
        #expect(FileManager.default.fileExists(atPath: clone + "/.mapc-cache/history/blobs.seal"))
        let run = Self.history([clone, "--format", "json", "--verbose", "--cache-dir", clone + "/.mapc-cache"])
        #expect(run.err == "mapc: 4 commits walked, 4 plan versions read from git\n")
        #expect(run.out == Self.history([clone, "--format", "json", "--no-cache"]).out)
    }

    /// A repository another user owns: git refuses it, and mapc says how to allow it
    /// rather than "not a repository". (Needs to run as root, to give the folder away.)
    @Test func aRepositoryAnotherUserOwnsIsNamedAsSuch() throws {
        guard getuid() == 0 else { return }
        let repository = try ScriptedRepository()
        try repository.commit(["plan.md": P("Pilot", "pilot", "active", ["[ ] One @li"])], on: "2026-10-01")
        let chown = Process()
        chown.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        chown.arguments = ["chown", "-R", "54321:54321", repository.path]
        try chown.run()
        chown.waitUntilExit()
        #expect(chown.terminationStatus == 0)
        let run = Self.history([repository.path])
        #expect(run.status == 2)
        #expect(run.err == "mapc: error: git will not read the repository of `\(repository.path)`, which another user owns; "
                + "to allow it: `git config --global --add safe.directory <its top folder>`\n", "\(run.err)")
    }

    /// File names with controls, spaces, a leading dash and non-ASCII letters are read
    /// and shown safely: JSON holds them as they are, text shows visible stand-ins.
    @Test func oddFileNamesAreReadAndShownSafely() throws {
        let repository = try ScriptedRepository()
        let names = ["plans/\u{1B}[31mred.md", "plans/line\nbreak.md", "plans/-rf.md", "plans/ünï cödé.md"]
        var files: [String: String?] = [:]
        for (index, name) in names.enumerated() { files[name] = P("Plan \(index)", "p\(index)", "active", ["[ ] One @li"]) }
        try repository.commit(files, on: "2026-10-01")
        let json = Self.history([repository.path, "--format", "json"])
        #expect(json.status == 0, "\(json.err)")
        let shown = try HistoryCommandTests.plans(json).map {
            ($0["file"] as? String)?.replacingOccurrences(of: repository.path + "/", with: "")
        }
        #expect(shown == ["plans/\u{1B}[31mred.md", "plans/-rf.md", "plans/line\nbreak.md", "plans/ünï cödé.md"])
        let text = Self.history([repository.path]).out.replacingOccurrences(of: repository.path + "/", with: "")
        #expect(text.contains("Plan 0 (plans/␛[31mred.md)\n"), "\(text)")
        #expect(text.contains("Plan 1 (plans/line␊break.md)\n"), "\(text)")
        #expect(!text.contains("\u{1B}"))
        let markdown = Self.history([repository.path, "--format", "markdown"]).out
            .replacingOccurrences(of: repository.path + "/", with: "")
        #expect(markdown.contains("\n`plans/line break.md`\n"), "\(markdown)")
        #expect(markdown.contains("\n`plans/ [31mred.md`\n"), "\(markdown)")
        #expect(!markdown.contains("\u{1B}"))
    }
}
