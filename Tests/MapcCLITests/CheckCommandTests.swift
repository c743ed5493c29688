import Foundation
import MapcCLI
import Testing

/// `mapc check` as a user runs it: fixture plans in, exact output and exit codes out.
@Suite struct CheckCommandTests {
    static let workspace = CLI.fixtures + "/workspace"
    static let today = ["--today", "2026-11-24"]

    @Test func textOutputMatchesTheReviewedSnapshot() {
        let run = CLI.run(["check", Self.workspace] + Self.today)
        #expect(run.status == 1)
        #expect(run.err == "")
        CLI.expectSnapshot(run.out.relative(to: CLI.fixtures), "check-workspace.txt")
    }

    @Test func jsonOutputMatchesTheReviewedSnapshot() throws {
        let run = CLI.run(["check", Self.workspace, "--format", "json"] + Self.today)
        #expect(run.status == 1)
        CLI.expectSnapshot(run.out.relative(to: CLI.fixtures), "check-workspace.json")
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
        let summary = object?["summary"] as? [String: Int]
        #expect(summary == ["plans": 2, "errors": 4, "warnings": 11, "infos": 2])
    }

    @Test func crlfAndBOMGiveTheSamePositions() throws {
        let folder = CLI.temporaryDirectory()
        let text = try String(contentsOfFile: Self.workspace + "/partners/northwind-sso.md", encoding: .utf8)
        CLI.write(text, to: folder + "/lf.md")
        CLI.write("\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n"), to: folder + "/crlf.md")
        let lf = CLI.run(["check", folder + "/lf.md", "--format", "json"] + Self.today).out
        let crlf = CLI.run(["check", folder + "/crlf.md", "--format", "json"] + Self.today).out
        #expect(lf.contains("\"line\": 53"))
        #expect(lf.replacingOccurrences(of: "lf.md", with: "X") == crlf.replacingOccurrences(of: "crlf.md", with: "X"))
    }

    @Test func outputIsDeterministic() {
        let first = CLI.run(["check", Self.workspace, "--format", "json"] + Self.today)
        let second = CLI.run(["check", Self.workspace, "--format", "json"] + Self.today)
        #expect(first.out == second.out)
    }

    @Test func todayComesFromTheEnvironmentWhenNotGiven() {
        let flag = CLI.run(["check", Self.workspace, "--format", "json", "--today", "2026-12-20"])
        let environment = CLI.run(["check", Self.workspace, "--format", "json"], environment: ["MAPC_TODAY": "2026-12-20"])
        #expect(flag.out == environment.out)
        #expect(flag.out.contains("40 days ago"))
    }

    @Test func exitCodes() {
        let folder = CLI.temporaryDirectory()
        CLI.write("---\ntitle: Clean\nstatus: draft\n---\n## Conflict resolution\nTalk first.\n", to: folder + "/clean.md")
        CLI.write("---\ntitle: Warn\nstatus: draft\n---\n## Goals\n### G1: Ship\n## Conflict resolution\nTalk.\n",
                  to: folder + "/warn.md")
        #expect(CLI.run(["check", folder + "/clean.md"] + Self.today).status == 0)
        #expect(CLI.run(["check", folder + "/warn.md"] + Self.today).status == 0)
        #expect(CLI.run(["check", folder + "/warn.md", "--strict"] + Self.today).status == 1)
        #expect(CLI.run(["check", Self.workspace] + Self.today).status == 1)

        let missing = CLI.run(["check", folder + "/nope.md"] + Self.today)
        #expect(missing.status == 2)
        #expect(missing.err.contains("no such file or directory"))
        #expect(CLI.run(["check", folder, "--today", "2026-02-30"]).status == 2)
        #expect(CLI.run(["check", folder, "--format", "yaml"]).status == 2)
        #expect(CLI.run(["check", "--no-such-flag"]).status == 2)
        #expect(CLI.run(["check", folder], environment: ["MAPC_TODAY": "soon"]).status == 2)
    }

    @Test func unreadableFilesAreReportedAndTheRestStillChecked() {
        let folder = CLI.temporaryDirectory()
        FileManager.default.createFile(atPath: folder + "/binary.md", contents: Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]))
        FileManager.default.createFile(atPath: folder + "/latin1.md", contents: Data("---\ntitle: Caf\u{E9}\n---\n".utf8.dropLast(5) + [0xE9, 0x0A, 0x2D, 0x2D, 0x2D, 0x0A]))
        CLI.write("---\ntitle: Fine\n---\n## Tasks\n- [ ] Do it\n", to: folder + "/fine.md")
        let run = CLI.run(["check", folder, "--format", "json"] + Self.today)
        #expect(run.status == 2)
        #expect(run.out.contains("\"file\": \"\(folder)/binary.md\""))
        #expect(run.out.contains("\"rule\": \"file-unreadable\""))
        #expect(run.out.contains("latin1.md"))
        #expect(run.out.contains("\"rule\": \"owner-missing\""))
    }

    @Test func explicitFilesMustBePlansWalkedOnesAreSkipped() {
        let folder = CLI.temporaryDirectory()
        CLI.write("", to: folder + "/empty.md")
        CLI.write("# Notes\n", to: folder + "/notes.md")
        let walked = CLI.run(["check", folder, "--verbose"] + Self.today)
        #expect(walked.status == 0)
        #expect(walked.err.contains("skipped \(folder)/empty.md"))
        #expect(walked.out.hasSuffix("0 errors, 0 warnings, 0 infos in 0 plans\n"))

        let named = CLI.run(["check", folder + "/empty.md"] + Self.today)
        #expect(named.status == 1)
        #expect(named.out.contains("empty.md:1:1: error: the file is empty: a plan starts with front matter [front-matter-invalid]"))
        let notes = CLI.run(["check", folder + "/notes.md"] + Self.today)
        #expect(notes.out.contains("error: the file has no front matter [front-matter-invalid]"))
    }

    @Test func brokenFrontMatterNamesFileAndLine() {
        let folder = CLI.temporaryDirectory()
        CLI.write("---\ntitle: Broken\nparties: [Acme\n---\n", to: folder + "/yaml.md")
        CLI.write("---\ntitle: Never closed\n## Tasks\n", to: folder + "/open.md")
        CLI.write("---\n---\n", to: folder + "/only.md")
        let run = CLI.run(["check", folder, "--quiet"] + Self.today)
        #expect(run.status == 1)
        #expect(run.out.contains("open.md:1:1: error: front matter opened here is never closed [front-matter-invalid]"))
        #expect(run.out.contains("only.md:1:1: error: front matter has no `title` [front-matter-invalid]"))
        #expect(run.out.contains("yaml.md:4:1: error: front matter is not valid YAML"))
    }

    @Test func twoPlansWithTheSameID() {
        let folder = CLI.temporaryDirectory()
        CLI.write("---\ntitle: A\nid: pilot\nstatus: draft\n---\n", to: folder + "/a.md")
        CLI.write("---\ntitle: B\nid: pilot\nstatus: draft\n---\n", to: folder + "/b.md")
        let run = CLI.run(["check", folder, "--quiet"] + Self.today)
        #expect(run.out.contains("b.md:3:5: error: plan id `pilot` is already used by \(folder)/a.md [duplicate-id]"))
    }

    @Test func configurationSetsSeveritiesAndToday() {
        let folder = CLI.temporaryDirectory()
        CLI.write("rules: { task-undated: off, no-conflict-process: error }\ntoday: 2026-11-24\n", to: folder + "/mapc.yml")
        CLI.write("---\ntitle: A\nstatus: draft\n---\n## Tasks\n- [ ] Do it @li\n", to: folder + "/a.md")
        let run = CLI.run(["check", folder, "--quiet"])
        #expect(run.status == 1)
        #expect(run.out.contains("error: the plan has no conflict resolution process [no-conflict-process]"))
        #expect(!run.out.contains("task-undated"))

        CLI.write("rules: { task-undatd: off }\n", to: folder + "/bad.yml")
        let bad = CLI.run(["check", folder, "--config", folder + "/bad.yml"])
        #expect(bad.status == 2)
        #expect(bad.err.contains("unknown rule `task-undatd`; did you mean `task-undated`?"))
    }

    @Test func colourOnlyWhenAsked() {
        let plain = CLI.run(["check", Self.workspace] + Self.today)
        let colour = CLI.run(["check", Self.workspace, "--color", "always"] + Self.today)
        #expect(!plain.out.contains("\u{1B}["))
        #expect(colour.out.contains("\u{1B}[1;31merror\u{1B}[0m"))
    }

    @Test func symlinksAreNotFollowedWhenWalking() throws {
        let folder = CLI.temporaryDirectory()
        CLI.write("---\ntitle: A\nstatus: draft\n---\n", to: folder + "/real/a.md")
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: folder + "/real")
        try FileManager.default.createSymbolicLink(atPath: folder + "/real/loop", withDestinationPath: folder)
        let run = CLI.run(["check", folder, "--format", "json"] + Self.today)
        #expect(run.out.contains("\"plans\": 1"))
        // A link named on the command line is followed.
        let named = CLI.run(["check", folder + "/link", "--format", "json"] + Self.today)
        #expect(named.out.contains("\"plans\": 1"))
    }
}
