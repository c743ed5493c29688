import Foundation
import MapcCLI
import Testing

/// A git repository written commit by commit with fixed dates, for history tests.
struct ScriptedRepository {
    let path: String

    init() throws {
        path = CLI.temporaryDirectory()
        try git(["init", "-q", "-b", "main"])
    }

    /// Runs git here; `date` fixes both the author and the committer date.
    @discardableResult
    func git(_ arguments: [String], date: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
            + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        var environment = ProcessInfo.processInfo.environment
        if let date {
            environment["GIT_AUTHOR_DATE"] = date + "T12:00:00+00:00"
            environment["GIT_COMMITTER_DATE"] = date + "T12:00:00+00:00"
        }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")): \(output)")
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes (or, for nil, deletes) files and commits them all on `date`; the commit id.
    @discardableResult
    func commit(_ files: [String: String?], on date: String, _ message: String = "change") throws -> String {
        for (name, text) in files {
            if let text {
                CLI.write(text, to: path + "/" + name)
            } else {
                try FileManager.default.removeItem(atPath: path + "/" + name)
            }
        }
        try git(["add", "-A"])
        try git(["commit", "-q", "--allow-empty", "-m", message], date: date)
        return try git(["rev-parse", "HEAD"])
    }

    /// A plan with the given title, id (nil: none written), status, tasks and milestones.
    static func plan(_ title: String, _ id: String?, _ status: String, _ tasks: [String], _ milestones: [String] = []) -> String {
        var text = "---\ntitle: \(title)\n" + (id.map { "id: \($0)\n" } ?? "") + "status: \(status)\n---\n\n## Tasks\n"
        text += tasks.map { "- " + $0 + "\n" }.joined()
        if !milestones.isEmpty { text += "\n## Milestones\n" + milestones.map { "- " + $0 + "\n" }.joined() }
        return text
    }
}

/// A plan file's text (`ScriptedRepository.plan`).
func P(_ title: String, _ id: String?, _ status: String, _ tasks: [String], _ milestones: [String] = []) -> String {
    ScriptedRepository.plan(title, id, status, tasks, milestones)
}

/// `mapc history` on scripted repositories with fixed dates: what it computes, how it
/// follows files, what it skips, its cache, and where it refuses to count.
@Suite struct HistoryCommandTests {
    static func history(_ arguments: [String], cache: String? = nil) -> Run {
        CLI.run(["history"] + arguments + ["--today", "2026-11-24"],
                environment: cache.map { ["MAPC_CACHE_DIR": $0] } ?? [:])
    }

    static func json(_ run: Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], "\(run.out)\(run.err)")
    }

    static func plans(_ run: Run) throws -> [[String: Any]] {
        try #require(try json(run)["plans"] as? [[String: Any]])
    }

    /// A plan drafted, made active, grown, worked on, slipped twice and re-assigned.
    static func pilot() throws -> (ScriptedRepository, [String]) {
        let repository = try ScriptedRepository()
        var commits: [String] = []
        commits.append(try repository.commit(["plans/pilot.md": P("Payments pilot", "pilot", "draft", [
            "[ ] Configure SSO @li due:2026-10-20 id:sso",
            "[ ] Train staff @dana due:2026-10-25",
        ], ["Pilot live due:2026-11-15"])], on: "2026-10-01"))
        commits.append(try repository.commit(["plans/pilot.md": P("Payments pilot", "pilot", "active", [
            "[ ] Configure SSO @li due:2026-10-20 id:sso",
            "[ ] Train staff @dana due:2026-10-25",
            "[ ] Book the room @dana due:2026-10-22",
            "[ ] Order terminals @li due:2026-10-30",
        ], ["Pilot live due:2026-11-15"])], on: "2026-10-05"))
        commits.append(try repository.commit(["plans/pilot.md": P("Payments pilot", "pilot", "active", [
            "[x] Configure SSO @li due:2026-10-20 id:sso",
            "[ ] Train staff @dana due:2026-11-01",
            "[ ] Book the room @dana due:2026-10-22",
            "[ ] Order terminals @li due:2026-10-30",
            "[ ] Write the runbook @li due:2026-11-10",
        ], ["Pilot live due:2026-11-22"])], on: "2026-10-21"))
        commits.append(try repository.commit(["plans/pilot.md": P("Payments pilot", "pilot", "active", [
            "[x] Configure SSO @li due:2026-10-20 id:sso",
            "[ ] Train staff @marcus due:2026-11-18",
            "[x] Book the room @dana due:2026-10-22",
            "[ ] ~~Order terminals~~ @li due:2026-10-30",
            "[ ] Write the runbook @li due:2026-11-10",
        ], ["Pilot live due:2026-11-29"])], on: "2026-11-20"))
        return (repository, commits)
    }

    @Test func computesPointsSlipsScopeAndTrendFromEveryCommit() throws {
        let (repository, commits) = try Self.pilot()
        let run = Self.history([repository.path, "--format", "json"])
        #expect(run.status == 0, "\(run.err)")
        let root = try Self.json(run)
        #expect(root["format"] as? String == "mapc-history")
        #expect(root["head"] as? String == commits[3])
        #expect(root["since"] as? String == "2026-11-18")
        #expect(root["until"] as? String == "2026-11-24")
        let plans = try Self.plans(run)
        #expect(plans.count == 1)
        let plan = plans[0]
        #expect(plan["file"] as? String == repository.path + "/plans/pilot.md")
        #expect(plan["id"] as? String == "pilot")
        #expect(plan["deleted"] is NSNull)
        let points = try #require(plan["points"] as? [[String: Any]])
        #expect(points.map { $0["commit"] as? String } == commits)
        #expect(points.map { $0["date"] as? String } == ["2026-10-01", "2026-10-05", "2026-10-21", "2026-11-20"])
        #expect(points.map { $0["total"] as? Int } == [2, 4, 5, 4])
        #expect(points.map { $0["done"] as? Int } == [0, 0, 1, 2])
        #expect(points.map { $0["open"] as? Int } == [2, 4, 4, 2])
        // On 2026-10-21 the room (due 10-22) is not late yet, nothing else is due; on
        // 2026-11-20 the runbook (due 11-10) is late, training (due 11-18) too.
        #expect(points.map { $0["overdue"] as? Int } == [0, 0, 0, 2])
        let slips = try #require(plan["slips"] as? [[String: Any]])
        #expect(slips.map { $0["title"] as? String } == ["Train staff", "Train staff"])
        #expect(slips.map { $0["from"] as? String } == ["2026-10-25", "2026-11-01"])
        #expect(slips.map { $0["to"] as? String } == ["2026-11-01", "2026-11-18"])
        #expect(slips.map { $0["days"] as? Int } == [7, 17])
        #expect(slips.map { $0["commit"] as? String } == [commits[2], commits[3]])
        let reassigned = try #require(plan["reassignments"] as? [[String: Any]])
        #expect(reassigned.count == 1)
        #expect(reassigned.first?["from"] as? String == "dana")
        #expect(reassigned.first?["to"] as? String == "marcus")
        // The baseline is the first active version (4 tasks); now 4 in scope: the runbook
        // added, the terminals cancelled.
        let scope = try #require(plan["scope"] as? [String: Any])
        #expect(scope["baseline"] as? Int == 4)
        #expect(scope["now"] as? Int == 4)
        #expect((scope["changePercent"] as? NSNumber)?.doubleValue == 0)
        #expect((scope["since"] as? [String: Any])?["commit"] as? String == commits[1])
        #expect((scope["added"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Write the runbook"])
        #expect((scope["removed"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Order terminals"])
        let milestones = try #require(plan["milestones"] as? [[String: Any]])
        #expect(milestones.count == 1)
        let trend = try #require(milestones[0]["points"] as? [[String: Any]])
        #expect(trend.map { $0["due"] as? String } == ["2026-11-15", "2026-11-15", "2026-11-22", "2026-11-29"])
        // The last week: one completion, one cancellation, one slip, one re-assignment.
        let recent = try #require(plan["recent"] as? [String: Any])
        #expect((recent["completed"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Book the room"])
        #expect((recent["cancelled"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Order terminals"])
        #expect((recent["slipped"] as? [[String: Any]])?.count == 1)
        #expect((recent["reassigned"] as? [[String: Any]])?.count == 1)
        #expect((recent["added"] as? [[String: Any]])?.isEmpty == true)
        // --since moves the window's start; --until reads the history as of that day.
        let earlier = try Self.plans(Self.history([repository.path, "--format", "json", "--until", "2026-10-21", "--since", "2026-10-01"]))
        #expect((earlier[0]["points"] as? [[String: Any]])?.count == 3)
        let window = try #require(earlier[0]["recent"] as? [String: Any])
        #expect((window["added"] as? [[String: Any]])?.count == 5)
        #expect((window["completed"] as? [[String: Any]])?.count == 1)
        // Without --until, commits dated after "today" still count; the window ends today.
        let pinned = CLI.run(["history", repository.path, "--format", "json", "--today", "2026-10-21"])
        let asOf = try #require(try Self.plans(pinned).first)
        #expect((asOf["points"] as? [[String: Any]])?.map { $0["date"] as? String }
                == ["2026-10-01", "2026-10-05", "2026-10-21", "2026-11-20"])
        #expect(try Self.json(pinned)["until"] as? String == "2026-10-21")
        #expect(((asOf["recent"] as? [String: Any])?["completed"] as? [[String: Any]])?.map { $0["title"] as? String }
                == ["Configure SSO"])
    }

    @Test func textAndMarkdownSayTheSame() throws {
        let (repository, _) = try Self.pilot()
        let text = Self.history([repository.path])
        #expect(text.status == 0)
        let out = text.out.replacingOccurrences(of: repository.path + "/", with: "")
        #expect(out.contains("Payments pilot (plans/pilot.md)\n"), "\(out)")
        #expect(out.contains("  Burn-up:     2 of 4 tasks done, 2 open, 2 overdue (4 versions since 2026-10-01)\n"), "\(out)")
        #expect(out.contains("  Scope:       4 now, 4 when first active on 2026-10-05: 0.0% (1 added, 1 removed)\n"), "\(out)")
        #expect(out.contains("  Slips:       2 slips of 1 task, 24 days net\n"), "\(out)")
        #expect(out.contains("  Milestone:   Pilot live: 2026-11-15 → 2026-11-29 (14 days later, moved 2 times)\n"), "\(out)")
        #expect(out.contains("    slipped \"Train staff\" 2026-11-01 → 2026-11-18 (17 days later) on 2026-11-20\n"), "\(out)")
        #expect(out.contains("    re-assigned \"Train staff\" @dana → @marcus on 2026-11-20\n"), "\(out)")
        let markdown = Self.history([repository.path, "--format", "markdown"])
        #expect(markdown.status == 0)
        #expect(markdown.out.hasPrefix("**mapc history**: 1 plan at `"))
        #expect(markdown.out.contains("| Train staff | 2026-11-01 | 2026-11-18 | 17 | 2026-11-20 |\n"))
        #expect(markdown.out.contains("re-assigned *Train staff* `@dana` → `@marcus` (2026-11-20)"))
    }

    /// Output with the repository's folder and the commit ids made stable: `<repo>`,
    /// `<c1>`… for full ids and `<c1:7>`… for short ones, in commit order.
    static func normalized(_ text: String, _ repository: ScriptedRepository, _ commits: [String]) -> String {
        var text = text.replacingOccurrences(of: repository.path, with: "<repo>")
        for (index, commit) in commits.enumerated() {
            text = text.replacingOccurrences(of: commit, with: "<c\(index + 1)>")
                .replacingOccurrences(of: String(commit.prefix(7)), with: "<c\(index + 1):7>")
        }
        return text
    }

    /// The whole output of each format, compared with reviewed snapshots: the pilot, and
    /// a repository with a move, a broken version, a deletion, a forecast and a task due
    /// on its commit's day (not overdue yet).
    @Test func everyFormatGivesExactlyTheReviewedOutput() throws {
        let (repository, commits) = try Self.pilot()
        for (format, name) in [("text", "history-pilot.txt"), ("markdown", "history-pilot.md"), ("json", "history-pilot.json")] {
            let run = Self.history([repository.path, "--format", format])
            #expect(run.status == 0, "\(run.err)")
            #expect(run.err == "")
            CLI.expectSnapshot(Self.normalized(run.out, repository, commits), name)
        }
        var more = commits
        try repository.git(["mv", "plans/pilot.md", "plans/payments-pilot.md"])
        more.append(try repository.commit(["plans/other.md": P("Other", nil, "active", ["[ ] One @li due:2026-11-01",
                                                                               "[ ] Two @li due:2026-11-21"])],
                                          on: "2026-11-21", "rename"))
        more.append(try repository.commit(["plans/other.md": "---\ntitle: [broken\n---\n"], on: "2026-11-22"))
        more.append(try repository.commit(["plans/other.md": nil], on: "2026-11-23"))
        for (format, name) in [("text", "history-moves.txt"), ("markdown", "history-moves.md"), ("json", "history-moves.json")] {
            let run = Self.history([repository.path, "--format", format, "--since", "2026-10-01"])
            #expect(run.status == 0, "\(run.err)")
            CLI.expectSnapshot(Self.normalized(run.out, repository, more), name)
        }
    }

    // MARK: following files

    @Test func renamesAreFollowedAndDeletedPlansReported() throws {
        let repository = try ScriptedRepository()
        try repository.commit(["plans/a.md": P("Alpha", nil, "active", ["[ ] One @li due:2026-10-10", "[ ] Two @li"]),
                               "plans/gone.md": P("Gone", nil, "active", ["[ ] Only @li"]),
                               "README.md": "# Not a plan\n"], on: "2026-10-01")
        try repository.git(["mv", "plans/a.md", "plans/alpha.md"])
        try repository.commit([:], on: "2026-10-02", "rename")
        try repository.commit(["plans/alpha.md": P("Alpha", nil, "active", ["[x] One @li due:2026-10-12", "[ ] Two @li"]),
                               "plans/gone.md": nil], on: "2026-10-03")
        let plans = try Self.plans(Self.history([repository.path, "--format", "json"]))
        #expect(plans.map { ($0["file"] as? String)?.replacingOccurrences(of: repository.path + "/", with: "") }
                == ["plans/alpha.md", "plans/gone.md"])
        let alpha = plans[0]
        // The id of a plan that writes none comes from its file name, as today.
        #expect(alpha["id"] as? String == "alpha")
        #expect((alpha["points"] as? [[String: Any]])?.map { $0["done"] as? Int } == [0, 0, 1])
        #expect((alpha["moves"] as? [[String: Any]])?.map { $0["from"] as? String } == ["plans/a.md"])
        #expect((alpha["slips"] as? [[String: Any]])?.map { $0["days"] as? Int } == [2])
        let gone = plans[1]
        #expect((gone["deleted"] as? [String: Any])?["date"] as? String == "2026-10-03")
        // A path limits the plans; a file names one.
        let one = try Self.plans(Self.history([repository.path + "/plans/alpha.md", "--format", "json"]))
        #expect(one.map { $0["id"] as? String } == ["alpha"])
    }

    @Test func mergesCountOnceOnTheFirstParentLine() throws {
        let repository = try ScriptedRepository()
        try repository.commit(["plan.md": P("Payments pilot", "pilot", "active", ["[ ] One @li", "[ ] Two @li"])], on: "2026-10-01")
        try repository.git(["checkout", "-q", "-b", "feature"])
        try repository.commit(["plan.md": P("Payments pilot", "pilot", "active", ["[x] One @li", "[ ] Two @li"])], on: "2026-10-02")
        try repository.commit(["plan.md": P("Payments pilot", "pilot", "active", ["[x] One @li", "[x] Two @li", "[ ] Three @li"])], on: "2026-10-03")
        try repository.git(["checkout", "-q", "main"])
        try repository.commit(["notes.txt": "unrelated\n"], on: "2026-10-04")
        try repository.git(["merge", "-q", "--no-ff", "feature", "-m", "merge"], date: "2026-10-06")
        let plans = try Self.plans(Self.history([repository.path, "--format", "json"]))
        let points = try #require(plans.first?["points"] as? [[String: Any]])
        // The branch's two commits are one change on main, dated by the merge.
        #expect(points.map { $0["date"] as? String } == ["2026-10-01", "2026-10-06"])
        #expect(points.map { $0["done"] as? Int } == [0, 2])
        #expect(points.map { $0["total"] as? Int } == [2, 3])
    }

    @Test func aBrokenVersionIsSkippedWithANote() throws {
        let repository = try ScriptedRepository()
        try repository.commit(["plan.md": P("Payments pilot", "pilot", "active", ["[ ] One @li due:2026-10-10"])], on: "2026-10-01")
        let broken = try repository.commit(["plan.md": "---\ntitle: [unclosed\nstatus: active\n---\n## Tasks\n- [ ] One @li\n"],
                                           on: "2026-10-02")
        try repository.commit(["plan.md": P("Payments pilot", "pilot", "active", ["[ ] One @li due:2026-10-17"])], on: "2026-10-03")
        let run = Self.history([repository.path, "--format", "json"])
        #expect(run.status == 0)
        let plan = try #require(try Self.plans(run).first)
        #expect((plan["points"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2026-10-01", "2026-10-03"])
        let skipped = try #require(plan["skipped"] as? [[String: Any]])
        #expect(skipped.map { $0["commit"] as? String } == [broken])
        #expect(skipped.first?["reason"] as? String
                == "front matter is not valid YAML: did not find expected ',' or ']' while parsing a flow sequence")
        #expect((plan["slips"] as? [[String: Any]])?.map { $0["days"] as? Int } == [7])
        let text = Self.history([repository.path])
        #expect(text.out.contains("  Skipped:     the version of 2026-10-02 (\(broken.prefix(7))): "), "\(text.out)")
    }

    // MARK: where it refuses to count

    @Test func aShallowCloneIsToldWhatToChange() throws {
        let (repository, _) = try Self.pilot()
        let clone = CLI.temporaryDirectory() + "/clone"
        try repository.git(["clone", "-q", "--depth", "1", "file://" + repository.path, clone])
        let run = Self.history([clone, "--format", "json"])
        #expect(run.status == 2)
        #expect(run.out == "")
        #expect(run.err == "mapc: error: this is a shallow clone, so its history is incomplete and mapc will not count "
                + "from it; fetch the whole history (`git fetch --unshallow`), or in GitHub Actions give actions/checkout "
                + "`fetch-depth: 0`\n")
    }

    @Test func outsideARepositoryThereIsNoHistory() throws {
        let folder = CLI.temporaryDirectory()
        CLI.write(P("Pilot", nil, "active", ["[ ] One @li"]), to: folder + "/plan.md")
        let run = Self.history([folder])
        #expect(run.status == 2)
        #expect(run.out == "")
        #expect(run.err == "mapc: error: `\(folder)` is not in a git repository: there is no history to read\n")
        let missing = Self.history([folder + "/nope"])
        #expect(missing.status == 2)
        #expect(missing.err == "mapc: error: no such file or directory: \(folder)/nope\n")
        // A repository without a commit yet.
        let empty = try ScriptedRepository()
        let none = Self.history([empty.path])
        #expect(none.status == 2)
        #expect(none.err == "mapc: error: the repository has no commits yet: there is no history to read\n")
    }

    // MARK: the cache

    @Test func theCacheReadsOnlyWhatChangedAndStaysRightAfterAForcePush() throws {
        let (repository, _) = try Self.pilot()
        let cache = CLI.temporaryDirectory() + "/cache"
        let arguments = [repository.path, "--format", "json", "--verbose"]
        let cold = Self.history(arguments, cache: cache)
        #expect(cold.err == "mapc: 4 commits walked, 4 plan versions read from git\n", "\(cold.err)")
        let warm = Self.history(arguments, cache: cache)
        #expect(warm.err == "mapc: 4 commits walked, 0 plan versions read from git\n", "\(warm.err)")
        #expect(warm.out == cold.out)
        // One new commit: one blob read.
        try repository.commit(["plans/pilot.md": P("Payments pilot", "pilot", "active", [
            "[x] Configure SSO @li due:2026-10-20 id:sso", "[ ] Train staff @marcus due:2026-11-25",
        ])], on: "2026-11-22")
        let next = Self.history(arguments, cache: cache)
        #expect(next.err == "mapc: 5 commits walked, 1 plan version read from git\n", "\(next.err)")
        #expect(next.out == Self.history([repository.path, "--format", "json", "--no-cache"]).out)
        // History rewritten (a force-push): two commits replaced by another.
        try repository.git(["reset", "-q", "--hard", "HEAD~2"])
        try repository.commit(["plans/pilot.md": P("Payments pilot", "pilot", "active", ["[x] Configure SSO @li id:sso"])],
                              on: "2026-11-23")
        let rewritten = Self.history(arguments, cache: cache)
        #expect(rewritten.err == "mapc: 4 commits walked, 1 plan version read from git\n", "\(rewritten.err)")
        #expect(rewritten.out == Self.history([repository.path, "--format", "json", "--no-cache"]).out)
        #expect((try Self.plans(rewritten).first?["points"] as? [[String: Any]])?.last?["total"] as? Int == 1)
    }

    @Test func aCacheMapcDidNotWriteIsNotTrusted() throws {
        let (repository, _) = try Self.pilot()
        let cache = CLI.temporaryDirectory() + "/cache"
        let arguments = [repository.path, "--format", "json", "--verbose"]
        let truth = Self.history(arguments, cache: cache)
        // A copy of the cache (as a commit or a restored CI cache brings it) has other
        // inodes and times: its seals do not match, and it is read again from git.
        let copy = CLI.temporaryDirectory() + "/copy"
        try FileManager.default.copyItem(atPath: cache, toPath: copy)
        let copied = Self.history(arguments, cache: copy)
        #expect(copied.err == "mapc: 4 commits walked, 4 plan versions read from git\n", "\(copied.err)")
        #expect(copied.out == truth.out)
        // Bytes changed in place, the seal rewritten to match: the checksum catches it.
        let blobs = cache + "/history/blobs"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: blobs)))
        bytes[bytes.count / 2] ^= 0x55
        try Data(bytes).write(to: URL(fileURLWithPath: blobs))
        var info = stat()
        stat(blobs, &info)
        let seal = "mapc-history-seal 1\n\(info.st_ino) \(info.st_size) \(Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))\n"
        try seal.write(toFile: blobs + ".seal", atomically: false, encoding: .utf8)
        let edited = Self.history(arguments, cache: cache)
        #expect(edited.err == "mapc: 4 commits walked, 4 plan versions read from git\n", "\(edited.err)")
        #expect(edited.out == truth.out)
        // A folder mapc did not make is not used at all.
        let foreign = CLI.temporaryDirectory()
        let refused = Self.history(arguments, cache: foreign)
        #expect(refused.err.contains("reading without a cache"))
        #expect(refused.out == truth.out)
    }

    // MARK: in review

    @Test func diffSaysWhenATaskHasSlippedBefore() throws {
        let (repository, _) = try Self.pilot()
        // Renamed in one commit, re-dated in the next: still the same task's third slip.
        try repository.commit(["plans/pilot.md": P("Payments pilot", "pilot", "active", [
            "[x] Configure SSO @li due:2026-10-20 id:sso",
            "[ ] Train all store staff @marcus due:2026-11-18",
        ])], on: "2026-11-21")
        try repository.commit(["plans/pilot.md": P("Payments pilot", "pilot", "active", [
            "[x] Configure SSO @li due:2026-10-20 id:sso",
            "[ ] Train all store staff @marcus due:2026-11-25",
        ])], on: "2026-11-22")
        let run = CLI.run(["diff", "--git", "HEAD~1..HEAD", repository.path, "--format", "text", "--today", "2026-11-24"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("re-dated 2026-11-18 → 2026-11-25 (slips 7 days; third slip, 31 days in all)"), "\(run.out)")
        let json = CLI.run(["diff", "--git", "HEAD~1..HEAD", repository.path, "--format", "json", "--today", "2026-11-24"])
        #expect(json.out.contains("\"slipNumber\": 3,"), "\(json.out)")
        #expect(json.out.contains("\"slipDaysInAll\": 31,"))
        let markdown = CLI.run(["diff", "--git", "HEAD~1..HEAD", repository.path, "--today", "2026-11-24"])
        #expect(markdown.out.contains("third slip, 31 days in all"))
        // A task's first slip says nothing more.
        let first = CLI.run(["diff", "--git", "HEAD~4..HEAD~3", repository.path, "--format", "text", "--today", "2026-11-24"])
        #expect(first.out.contains("re-dated 2026-10-25 → 2026-11-01 (slips 7 days)"), "\(first.out)")
        // In a shallow clone the count is left out, and stderr says why.
        let clone = CLI.temporaryDirectory() + "/clone"
        try repository.git(["clone", "-q", "--depth", "2", "file://" + repository.path, clone])
        let shallow = CLI.run(["diff", "--git", "HEAD~1..HEAD", clone, "--format", "text", "--today", "2026-11-24"])
        #expect(shallow.status == 0)
        #expect(shallow.out.contains("re-dated 2026-11-18 → 2026-11-25 (slips 7 days)\n"), "\(shallow.out)")
        #expect(!shallow.out.contains("slip,"))
        #expect(shallow.err == "mapc: note: " + "this is a shallow clone, so its history is incomplete and mapc will not "
                + "count from it; fetch the whole history (`git fetch --unshallow`), or in GitHub Actions give "
                + "actions/checkout `fetch-depth: 0`; earlier slips are not counted\n", "\(shallow.err)")
    }

    // MARK: in CI

    /// The recipe's checkouts fetch the whole history: with GitHub's default (depth 1)
    /// `mapc history` stops and `mapc diff` counts no earlier slips.
    @Test func theCIRecipeFetchesTheHistoryItNeeds() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let recipe = try String(contentsOf: root.appendingPathComponent("examples/ci/mapc.yml"), encoding: .utf8)
        let lines = recipe.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let checkouts = lines.indices.filter { lines[$0].contains("uses: actions/checkout@") }
        #expect(checkouts.count == 2)
        for index in checkouts {
            let step = lines[(index + 1)...].prefix { !$0.contains("- name:") && !$0.contains("- uses:") }
            #expect(step.contains { $0.trimmingCharacters(in: .whitespaces) == "fetch-depth: 0" }, "checkout at line \(index + 1)")
        }
        #expect(recipe.contains("mapc history \"$PLANS\" --format markdown >> \"$GITHUB_STEP_SUMMARY\""))
    }

    // MARK: in status

    @Test func statusJSONGainsScopeChangeAndSlipsWithHistory() throws {
        let (repository, _) = try Self.pilot()
        let run = CLI.run(["status", repository.path, "--format", "json", "--history", "--today", "2026-11-24"])
        #expect(run.status == 0, "\(run.err)")
        let plan = try #require((try Self.json(run)["plans"] as? [[String: Any]])?.first)
        let history = try #require(plan["history"] as? [String: Any])
        #expect(history["slips"] as? Int == 2)
        let scope = try #require(history["scope"] as? [String: Any])
        #expect(scope["baseline"] as? Int == 4)
        #expect(scope["now"] as? Int == 4)
        #expect((scope["changePercent"] as? NSNumber)?.doubleValue == 0)
        // As of an earlier day: the history up to it.
        let earlier = CLI.run(["status", repository.path, "--format", "json", "--history", "--today", "2026-10-21"])
        let then = try #require((try Self.json(earlier)["plans"] as? [[String: Any]])?.first?["history"] as? [String: Any])
        #expect(then["slips"] as? Int == 1)
        #expect((then["scope"] as? [String: Any])?["now"] as? Int == 5)
        #expect(((then["scope"] as? [String: Any])?["changePercent"] as? NSNumber)?.doubleValue == 25)
        // Without --history, or outside git, the key is there and null.
        let plain = CLI.run(["status", repository.path, "--format", "json", "--today", "2026-11-24"])
        #expect((try Self.json(plain)["plans"] as? [[String: Any]])?.first?["history"] is NSNull)
    }

    // MARK: the schema

    /// Output with every kind of entry (moves, a deletion, a skipped version, slips,
    /// re-assignments, scope, milestones, a forecast) validates against the committed schema.
    @Test func jsonValidatesAgainstTheSchema() throws {
        let (repository, _) = try Self.pilot()
        try repository.git(["mv", "plans/pilot.md", "plans/payments-pilot.md"])
        try repository.commit(["plans/other.md": P("Other", nil, "active", ["[ ] One @li"])], on: "2026-11-21", "rename")
        try repository.commit(["plans/other.md": "---\ntitle: [broken\n---\n"], on: "2026-11-22")
        try repository.commit(["plans/other.md": nil], on: "2026-11-23")
        let run = Self.history([repository.path, "--format", "json", "--since", "2026-10-01"])
        #expect(run.status == 0)
        let folder = CLI.temporaryDirectory()
        CLI.write(run.out, to: folder + "/history.json")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
            document = json.load(open(sys.argv[2]))
            errors = [error for error in validator.iter_errors(document)]
            for error in errors: print(error.json_path, error.message[:300])
            plans = document['plans']
            print('plans', len(plans), 'deleted', sum(p['deleted'] is not None for p in plans),
                  'moves', sum(len(p['moves']) for p in plans), 'skipped', sum(len(p['skipped']) for p in plans),
                  'forecasts', sum(p['forecast'] is not None for p in plans))
            sys.exit(1 if errors else 0)
            """
        let result = try Python.run(script, [ExportCommandTests.root + "/docs/schema/mapc-history.schema.json",
                                             folder + "/history.json"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("plans 2 deleted 1 moves 1 skipped 1 forecasts 1"), "\(result.output)")
    }
}
