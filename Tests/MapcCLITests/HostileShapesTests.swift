import Foundation
import Testing

extension HostileInputTests {
    /// Shapes of ordinary input that were quadratic: large, but nothing a real team could not
    /// produce (a plan rewritten wholesale, a long chain of steps, a folder of many small
    /// plans). Each runs the release binary like `HostileInputTests`, with a limit far above
    /// what near-linear work needs (a few seconds) and below the CPU time quadratic work
    /// took. Nested in `HostileInputTests`, whose `.serialized` then runs the two suites one
    /// test at a time: run side by side, their binaries slowed each other down five-fold.
    @Suite struct HostileShapesTests {
        static let head = "---\ntitle: Big\nstatus: active\nstart: 2026-01-01\ndue: 2027-12-31\n---\n"
            + "## Stakeholders\n| Handle |\n|---|\n| @a |\n| @b |\n## Tasks\n"

        /// Written with `fopen`: Foundation's writes took a minute and a half for 20,000 files here.
        static func write(_ text: String, _ path: String) throws {
            guard let file = fopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
            defer { fclose(file) }
            let bytes = Array(text.utf8)
            guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        }

        /// Every task reworded: before, each new title was compared with every old one
        /// (1,000 tasks 14 s, 2,000 56 s, 5,000 more than 300 s).
        @Test func diffOfFiveThousandRenamedTasks() throws {
            let folder = CLI.temporaryDirectory()
            var old = Self.head, new = Self.head
            for index in 0..<5_000 {
                let owner = index % 2 == 0 ? "@a" : "@b"
                let due = "2026-12-\(String(format: "%02d", 1 + index % 28))"
                old += "- [ ] Review the runbook number \(index) with finance \(owner) due:\(due)\n"
                new += "- [ ] Check the runbook number \(index) with the finance team \(owner) due:\(due)\n"
            }
            try Self.write(old, folder + "/old.md")
            try Self.write(new, folder + "/new.md")
            let outcome = try HostileInputTests.run(["diff", folder + "/old.md", folder + "/new.md", "--format", "text"])
            #expect(outcome.status == 0)
            #expect(outcome.seconds < 60, "diff took \(outcome.seconds) s")
            #expect(outcome.out.hasPrefix("mapc diff: 1 plan changed · tasks: 5000 renamed\n"), "\(outcome.out.prefix(200))")
            #expect(outcome.out.contains(
                "task \"Check the runbook number 4999 with the finance team\": renamed from \"Review the runbook number 4999 with finance\"\n"))
        }

        /// Each `after:` was resolved by scanning every task (32,000 tasks: 41 s of CPU in a
        /// release build). 35,000 here, the most that fits the 2 MiB file limit: the test runs
        /// the debug binary, several times slower, so the old code fails the limit.
        @Test func mermaidOfAThirtyFiveThousandTaskChain() throws {
            let folder = CLI.temporaryDirectory()
            var chain = Self.head + "- [ ] Step 0 @a id:s0 start:2026-01-01 est:1d\n"
            for index in 1..<35_000 { chain += "- [ ] Step \(index) @a id:s\(index) after:s\(index - 1) est:1d\n" }
            #expect(chain.utf8.count < 2 << 20)
            try Self.write(chain, folder + "/chain.md")
            let outcome = try HostileInputTests.run(["export", folder + "/chain.md", "--format", "mermaid"])
            #expect(outcome.status == 0)
            #expect(outcome.seconds < 60, "export took \(outcome.seconds) s")
            #expect(outcome.out.contains("\n    Step 34999 :s34999, after s34998, 1d\n```\n"))
        }

        /// Each repeated Mermaid id counted its suffix up from 2 (30,000 equal titles: 48 s of
        /// CPU; 60,000 here).
        @Test func mermaidOfSixtyThousandEqualTitles() throws {
            let folder = CLI.temporaryDirectory()
            try Self.write(Self.head + String(repeating: "- [ ] Step @a due:2026-12-01\n", count: 60_000), folder + "/same.md")
            let outcome = try HostileInputTests.run(["export", folder + "/same.md", "--format", "mermaid"])
            #expect(outcome.status == 0)
            #expect(outcome.seconds < 60, "export took \(outcome.seconds) s")
            #expect(outcome.out.contains("\n    Step :step, 2026-12-01, 2026-12-01\n    Step :step-2, 2026-12-01, 2026-12-01\n"))
            #expect(outcome.out.hasSuffix("\n    Step :step-60000, 2026-12-01, 2026-12-01\n```\n"))
        }

        /// Each plan's diagnostics were found by filtering every diagnostic of every file: the
        /// work grew with files × diagnostics (these 20,000 files of 33 diagnostics each: 106 s
        /// of CPU before, 4 s after).
        @Test func icsOfTwentyThousandTinyFiles() throws {
            let folder = CLI.temporaryDirectory()
            // One dated task (an event), fifteen undated ones without an owner (two diagnostics each).
            let undated = (0..<15).map { "- [ ] Step \($0)\n" }.joined()
            for index in 0..<20_000 {
                let sub = folder + "/d\(index / 1_000)"
                if index % 1_000 == 0 { try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true) }
                try Self.write("---\ntitle: Plan \(index)\n---\n## Tasks\n- [ ] Do it @a due:2026-12-01\n" + undated,
                           sub + "/p\(index).md")
            }
            let outcome = try HostileInputTests.run(["export", folder, "--format", "ics"])
            #expect(outcome.status == 0)
            #expect(outcome.seconds < 60, "export took \(outcome.seconds) s")
            #expect(outcome.out.components(separatedBy: "BEGIN:VEVENT\r\n").count - 1 == 20_000)
            #expect(outcome.out.contains("UID:task-p19999-do-it@mapc\r\n"))
        }

        /// Each diagnostic of a scratch copy was searched for every file's path, and each copy
        /// was synced to disk (`--git` over 5,000 files: 66 s of CPU, 286 s in all).
        @Test func gitDiffOfFiveThousandFiles() throws {
            let repository = CLI.temporaryDirectory()
            for index in 0..<5_000 {
                let sub = repository + "/plans/d\(index / 1_000)"
                if index % 1_000 == 0 { try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true) }
                try Self.write("---\ntitle: Plan \(index)\n---\n## Tasks\n- [ ] Do it @a due:2026-12-01\n", sub + "/p\(index).md")
            }
            try DiffCommandTests.git(["init", "-q", "-b", "main"], in: repository)
            try DiffCommandTests.git(["add", "-A"], in: repository)
            try DiffCommandTests.git(["commit", "-q", "-m", "v1"], in: repository)
            try Self.write("---\ntitle: Plan 0, renamed\n---\n## Tasks\n- [ ] Do it @a due:2026-12-01\n",
                           repository + "/plans/d0/p0.md")
            let outcome = try HostileInputTests.run(["diff", "--git", "HEAD", repository, "--format", "text"])
            #expect(outcome.status == 0)
            #expect(outcome.seconds < 60, "diff took \(outcome.seconds) s")
            #expect(outcome.out.hasPrefix("mapc diff: 1 plan changed, 4999 unchanged · also changed: plan\n\n"
                + "p0: \"Plan 0, renamed\" (\(repository)/plans/d0/p0.md)\n  plan: title: Plan 0 → Plan 0, renamed\n"),
                    "\(outcome.out.prefix(300))")
        }

        /// Every person's section and the plan page's party groups scanned every task for
        /// every stakeholder (10,000 people owning 100,000 tasks: 111 s of CPU; 40,000 tasks
        /// here, the most that fits the 2 MiB file limit, in the slower debug binary).
        @Test func siteOfAPlanWithTenThousandPeopleAndFortyThousandTasks() throws {
            let folder = CLI.temporaryDirectory()
            var plan = "---\ntitle: People\nstatus: active\nparties: [A, B]\n---\n"
                + "## Stakeholders\n| Handle | Party |\n|---|---|\n"
            for index in 0..<10_000 { plan += "| @p\(index) | \(index % 2 == 0 ? "B" : "A") |\n" }
            plan += "## Tasks\n"
            for index in 0..<40_000 { plan += "- [ ] Task \(index) @p\(index % 10_000) due:2026-12-01\n" }
            #expect(plan.utf8.count < 2 << 20)
            try Self.write(plan, folder + "/people.md")
            let outcome = try HostileInputTests.run(["build", folder + "/people.md", "-o", folder + "/_site", "--quiet"])
            #expect(outcome.status == 0, "\(outcome.out.prefix(300))")
            #expect(outcome.seconds < 60, "build took \(outcome.seconds) s")
            let page = try String(contentsOfFile: folder + "/_site/people/p9999.html", encoding: .utf8)
            #expect(page.contains("Task 39999"))
        }

        /// A "did you mean" suggestion was worked out for every unknown name against every
        /// known one, also for the diagnostics past the 100 shown (5,000 unknown `after:` ids:
        /// 11 s; these 20,000 unknown ids and 20,000 unknown owners: minutes).
        @Test func checkOfTwentyThousandUnknownNames() throws {
            let folder = CLI.temporaryDirectory()
            var plan = "---\ntitle: Names\nstatus: draft\n---\n## Stakeholders\n| Handle |\n|---|\n"
            for index in 0..<20_000 { plan += "| @p\(index) |\n" }
            plan += "## Tasks\n"
            for index in 0..<20_000 { plan += "- [ ] Task \(index) @u\(index) id:t\(index) after:q\(index) due:2026-12-01\n" }
            try Self.write(plan, folder + "/names.md")
            let outcome = try HostileInputTests.run(["check", folder + "/names.md", "--format", "json"])
            #expect(outcome.status == 1)
            #expect(outcome.seconds < 60, "check took \(outcome.seconds) s")
            #expect(outcome.out.contains("\"message\": \"… and 19900 more `dependency-unknown` in this file\""))
            #expect(outcome.out.contains("\"message\": \"… and 19900 more `owner-unknown` in this file\""))
            // The first ones still get their suggestion.
            #expect(outcome.out.contains("\"help\": \"did you mean `t0`?\""))
            #expect(outcome.out.contains("\"help\": \"did you mean `@p0`? Otherwise add `@u0` to Stakeholders\""))
        }
    }
}
