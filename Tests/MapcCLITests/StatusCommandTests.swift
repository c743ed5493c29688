import Foundation
import MapcCLI
import Testing

/// `mapc status` as a user runs it: every format on the fixtures, exit codes.
@Suite struct StatusCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    // Fixtures only: the examples change as the format grows, snapshots should not.
    static let inputs = [CLI.fixtures + "/workspace", CLI.fixtures + "/export"]
    static let today = ["--today", "2026-11-24"]

    @Test func textMatchesTheReviewedSnapshot() {
        let run = CLI.run(["status"] + Self.inputs + Self.today)
        #expect(run.status == 0)
        #expect(run.err == "")
        CLI.expectSnapshot(run.out.relative(to: Self.root), "status-portfolio.txt")
    }

    @Test func markdownMatchesTheReviewedSnapshot() {
        let run = CLI.run(["status"] + Self.inputs + ["--format", "markdown"] + Self.today)
        #expect(run.status == 0)
        CLI.expectSnapshot(run.out.relative(to: Self.root), "status-portfolio.md")
    }

    @Test func jsonMatchesTheReviewedSnapshot() throws {
        let run = CLI.run(["status"] + Self.inputs + ["--format", "json"] + Self.today)
        #expect(run.status == 0)
        CLI.expectSnapshot(run.out.relative(to: Self.root), "status-portfolio.json")
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
        let summary = object?["summary"] as? [String: Int]
        #expect(summary?["plans"] == 3)
        let healths = (object?["plans"] as? [[String: Any]])?.compactMap { $0["health"] as? String }
        #expect(healths == ["off-track", "off-track", "done"])
    }

    @Test func quietGivesOneLinePerPlan() {
        let run = CLI.run(["status"] + Self.inputs + ["--quiet"] + Self.today)
        #expect(run.status == 0)
        #expect(run.out.relative(to: Self.root) == """
            Status on 2026-11-24: 3 plans: 2 off track, 1 done
            Off track    Launch | review: <script>alert(1)</script> & *more* — 1/7 done, 3 overdue, 1 blocked, next 2026-11-25
            Off track    Northwind × Umbrella Health — SSO rollout — 1/8 done, 3 overdue, next 2026-11-30
            Done         Globex renewal 2027 — 2/2 done

            """)
    }

    @Test func outputIsDeterministicAndFollowsToday() {
        for format in ["text", "markdown", "json"] {
            let first = CLI.run(["status"] + Self.inputs + ["--format", format] + Self.today)
            let second = CLI.run(["status"] + Self.inputs.reversed() + ["--format", format] + Self.today)
            #expect(first.out == second.out, "\(format) depends on the order of the paths")
            #expect(first.out == CLI.run(["status"] + Self.inputs + ["--format", format] + Self.today).out)
        }
        let environment = CLI.run(["status"] + Self.inputs + ["--format", "json"], environment: ["MAPC_TODAY": "2026-11-24"])
        #expect(environment.out == CLI.run(["status"] + Self.inputs + ["--format", "json"] + Self.today).out)
        let later = CLI.run(["status", CLI.fixtures + "/export", "--format", "json", "--today", "2027-02-01"])
        #expect(later.out.contains("\"today\": \"2027-02-01\""))
        #expect(later.out.contains("\"healthReasons\": [\n        \"the plan was due 2026-12-31 and 6 tasks are still open\""))
    }

    @Test func exitCodes() {
        let folder = CLI.temporaryDirectory()
        // A plan full of errors is still summarised, with exit 0: status informs, check judges.
        CLI.write("---\ntitle: Broken\n---\n## Tasks\n- [ ] Nobody owns this due:2026-11-01\n", to: folder + "/broken.md")
        let broken = CLI.run(["status", folder + "/broken.md"] + Self.today)
        #expect(broken.status == 0)
        #expect(broken.out.contains("Off track    Broken"))
        #expect(broken.out.contains("Nobody owns this · no owner · due 2026-11-01, 23 days late"))

        FileManager.default.createFile(atPath: folder + "/binary.md", contents: Data([0x89, 0x50, 0x00, 0xFF]))
        let unreadable = CLI.run(["status", folder, "--format", "json"] + Self.today)
        #expect(unreadable.status == 2)
        #expect(unreadable.out.contains("\"title\": \"Broken\""))
        #expect(unreadable.err.contains("binary.md:1:1: error: cannot read"))

        #expect(CLI.run(["status", folder + "/missing.md"] + Self.today).status == 2)
        #expect(CLI.run(["status", folder, "--format", "html"] + Self.today).status == 2)
        #expect(CLI.run(["status", folder, "--today", "2026-13-01"]).status == 2)
    }

    @Test func noPlansIsAnEmptyReport() {
        let folder = CLI.temporaryDirectory()
        CLI.write("# Notes\n", to: folder + "/notes.md")
        let run = CLI.run(["status", folder] + Self.today)
        #expect(run.status == 0)
        #expect(run.out == "Status on 2026-11-24: 0 plans\n")
        let markdown = CLI.run(["status", folder, "--format", "markdown"] + Self.today)
        #expect(markdown.out == "**Status on 2026-11-24:** 0 plans\n")
    }
}
