import Foundation
import MapcCLI
import Testing

/// `mapc check --format sarif` and `--format github`: the formats code review tools read.
@Suite struct ReviewFormatTests {
    static let today = ["--today", "2026-11-24"]
    /// The official SARIF 2.1.0 schema, the repository's own copy (Schemas/README.md says
    /// where it comes from).
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Schemas/sarif-schema-2.1.0.json").path

    /// A small plan with an error, a warning, an info, a `%` and a non-ASCII title, in a
    /// folder and file whose names need escaping (`,` and `:`) in workflow commands.
    static func escapingPlan() -> String {
        let folder = CLI.temporaryDirectory()
        CLI.write("""
            ---
            title: Review formats
            status: active
            start: 2026-11-01
            ---
            ## Tasks
            - [ ] Sign 100% of the order @zed due:2026-11-20
            - [ ] Book the café 健 room

            """, to: folder + "/a,b/x:y é.md")
        return folder
    }

    // MARK: github

    @Test func githubLinesAreExactAndEscaped() {
        let folder = Self.escapingPlan()
        let run = CLI.run(["check", folder + "/a,b", "--format", "github"] + Self.today)
        #expect(run.status == 1)
        #expect(run.err == "")
        let file = (folder + "/a,b/x:y é.md").replacingOccurrences(of: ",", with: "%2C").replacingOccurrences(of: ":", with: "%3A")
        let expected = """
            ::warning file=F,line=1,col=1,endLine=1,endColumn=4,title=mapc%3A no-communication::no communication channel has a cadence%0Ahelp: add a channel with a rhythm under Communication, e.g. `- Weekly sync every:week @dana`
            ::notice file=F,line=1,col=1,endLine=1,endColumn=4,title=mapc%3A no-conflict-process::the plan has no conflict resolution process%0Ahelp: add a `## Conflict resolution` section, e.g. `escalate: @lead -> @sponsor`
            ::error file=F,line=7,col=30,endLine=7,endColumn=34,title=mapc%3A owner-unknown::`@zed` is not a stakeholder of this plan%0Ahelp: add `@zed` to Stakeholders
            ::warning file=F,line=7,col=39,endLine=7,endColumn=49,title=mapc%3A task-overdue::task `Sign 100%25 of the order` was due 2026-11-20, 4 days ago%0Ahelp: tick it off if it is done, or agree on a new `due:` date with its owner
            ::error file=F,line=8,col=7,endLine=8,endColumn=27,title=mapc%3A owner-missing::task `Book the café 健 room` has no owner%0Ahelp: add the accountable person's handle, e.g. `@dana`
            ::notice file=F,line=8,col=7,endLine=8,endColumn=27,title=mapc%3A task-undated::task `Book the café 健 room` has no due date%0Ahelp: add `due:YYYY-MM-DD`, or a deadline on its phase heading

            """.replacingOccurrences(of: "file=F,", with: "file=\(file),")
        #expect(run.out == expected)
    }

    @Test func githubOutputOfTheWorkspaceMatchesTheReviewedSnapshot() {
        let run = CLI.run(["check", CLI.fixtures + "/workspace", "--format", "github"] + Self.today)
        #expect(run.status == 1)
        CLI.expectSnapshot(run.out.relative(to: CLI.fixtures), "check-workspace.github.txt")
        // One command per diagnostic, nothing else: the runner shows any other line as log text.
        let json = CLI.run(["check", CLI.fixtures + "/workspace", "--format", "json"] + Self.today)
        let count = json.out.components(separatedBy: "\"rule\":").count - 1
        #expect(run.out.split(separator: "\n").count == count)
        #expect(run.out.split(separator: "\n").allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
    }

    @Test func githubExitCodesFollowCheck() {
        let folder = CLI.temporaryDirectory()
        CLI.write("---\ntitle: Clean\nstatus: draft\n---\n## Conflict resolution\nTalk first.\n", to: folder + "/clean.md")
        let clean = CLI.run(["check", folder, "--format", "github"] + Self.today)
        #expect(clean.status == 0)
        #expect(clean.out == "")
    }

    // MARK: sarif

    @Test func sarifValidatesAgainstTheOfficialSchema() throws {
        let workspace = CLI.run(["check", CLI.fixtures + "/workspace", "--format", "sarif"] + Self.today)
        #expect(workspace.status == 1)
        try Self.expectValidSARIF(workspace.out)
        let escaping = CLI.run(["check", Self.escapingPlan(), "--format", "sarif"] + Self.today)
        try Self.expectValidSARIF(escaping.out)
        let clean = CLI.temporaryDirectory()
        CLI.write("---\ntitle: Clean\nstatus: draft\n---\n## Conflict resolution\nTalk first.\n", to: clean + "/clean.md")
        let empty = CLI.run(["check", clean, "--format", "sarif"] + Self.today)
        #expect(empty.status == 0)
        try Self.expectValidSARIF(empty.out)
        #expect(empty.out.contains("\"results\": []"))
    }

    @Test func sarifDescribesTheRunTheRulesAndEachResult() throws {
        let run = CLI.run(["check", Self.escapingPlan(), "--format", "sarif"] + Self.today)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        #expect(runs[0]["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "mapc")
        #expect(driver["version"] as? String == "0.2.0")
        #expect((driver["informationUri"] as? String)?.hasPrefix("https://") == true)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == OtherCommandTests.ruleIDs)
        let ownerMissing = try #require(rules.first { $0["id"] as? String == "owner-missing" })
        #expect((ownerMissing["shortDescription"] as? [String: String])?["text"] == "an open task has no @owner")
        #expect((ownerMissing["fullDescription"] as? [String: String])?["text"]?.contains("inherits its parent's owner") == true)
        #expect((ownerMissing["help"] as? [String: String])?["markdown"]?.contains("```markdown\n## Tasks\n- [ ] Sign the pilot order due:2026-12-01\n```") == true)
        // The rule's manual (docs/rules.md): why, how to fix, and the example fixed.
        let help = (ownerMissing["help"] as? [String: String])?["markdown"] ?? ""
        #expect(help.contains("Why: In a shared plan an ownerless task belongs to no party"))
        #expect(help.contains("How to fix it: Add the accountable person's handle."))
        #expect(help.contains("Fixed:\n\n```markdown\n## Tasks\n- [ ] Sign the pilot order @li due:2026-12-01\n```"))
        #expect((ownerMissing["defaultConfiguration"] as? [String: String])?["level"] == "error")
        let idle = try #require(rules.first { $0["id"] as? String == "stakeholder-idle" })
        #expect((idle["defaultConfiguration"] as? [String: String])?["level"] == "note")

        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String }
            == ["no-communication", "no-conflict-process", "owner-unknown", "task-overdue", "owner-missing", "task-undated"])
        #expect(results.map { $0["level"] as? String } == ["warning", "note", "error", "warning", "error", "note"])
        let missing = results[4]
        #expect(missing["ruleIndex"] as? Int == 3)
        #expect((missing["message"] as? [String: String])?["text"]
            == "task `Book the café 健 room` has no owner\nhelp: add the accountable person's handle, e.g. `@dana`")
        let location = try #require((missing["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let uri = try #require((location["artifactLocation"] as? [String: String])?["uri"])
        #expect(uri.hasPrefix("file:///"))
        #expect(uri.hasSuffix("/a,b/x:y%20%C3%A9.md") || uri.hasSuffix("/a,b/x%3Ay%20%C3%A9.md"))
        // Code points, end exclusive: `Book the café 健 room` is 20 of them from column 7.
        #expect(location["region"] as? [String: Int] == ["startLine": 8, "startColumn": 7, "endLine": 8, "endColumn": 27])
    }

    @Test func sarifURIsAreRelativeWhenThePathsAre() throws {
        // Code scanning resolves relative URIs against the repository: give it the path as typed.
        let relative = Self.relativePath(to: CLI.fixtures + "/workspace")
        let run = CLI.run(["check", relative, "--format", "sarif"] + Self.today)
        #expect(run.out.contains("\"uri\": \"\(relative)/partners/northwind-sso.md\""))
        #expect(!run.out.contains("file://"))
        // The snapshot starts after the rules' metadata (asserted above), so editing a rule's
        // manual does not touch it.
        let results = try #require(run.out.range(of: "      \"columnKind\""))
        CLI.expectSnapshot(String(run.out[results.lowerBound...]).replacingOccurrences(of: relative + "/", with: "workspace/"),
                           "check-workspace.sarif")
        let again = CLI.run(["check", relative, "--format", "sarif"] + Self.today)
        #expect(again.out == run.out)
    }

    // MARK: helpers

    /// Validates a SARIF log with Python's jsonschema (Draft 4, like the schema), as CI does.
    static func expectValidSARIF(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard FileManager.default.fileExists(atPath: schema) else {
            Issue.record("SARIF schema not found at \(schema)", sourceLocation: sourceLocation)
            return
        }
        let folder = CLI.temporaryDirectory()
        let log = folder + "/out.sarif"
        CLI.write(text, to: log)
        let script = """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                print("python3 cannot import jsonschema: run script/bootstrap"); sys.exit(3)
            schema = json.load(open(sys.argv[1]))
            validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
            errors = list(validator.iter_errors(json.load(open(sys.argv[2]))))
            for error in errors: print(list(error.absolute_path), error.message)
            sys.exit(1 if errors else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema, log]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "SARIF does not validate: \(output)", sourceLocation: sourceLocation)
    }

    /// `target` relative to the current directory, with `..` where needed.
    static func relativePath(to target: String) -> String {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.pathComponents
        let there = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
        var common = 0
        while common < min(here.count, there.count), here[common] == there[common] { common += 1 }
        let parts = Array(repeating: "..", count: here.count - common) + there[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
