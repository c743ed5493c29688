import Foundation
import MapcCLI
import Testing

/// `mapc export` as a user runs it: reviewed snapshots of every format on a fixture whose
/// text tries to break each of them, the JSON Schema, and an independent iCalendar parser.
@Suite struct ExportCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let fixture = CLI.fixtures + "/export/launch-review.md"
    static let everything = [root + "/examples", CLI.fixtures + "/workspace", CLI.fixtures + "/export"]
    static let today = ["--today", "2026-11-24"]

    @Test func jsonMatchesTheReviewedSnapshot() {
        let run = CLI.run(["export", Self.fixture, "--format", "json"] + Self.today)
        #expect(run.status == 0)
        #expect(run.err == "")
        CLI.expectSnapshot(run.out.relative(to: Self.root), "export-launch-review.json")
    }

    @Test func csvMatchesTheReviewedSnapshot() {
        let run = CLI.run(["export", Self.fixture, "--format", "csv"] + Self.today)
        #expect(run.status == 0)
        CLI.expectSnapshot(run.out.relative(to: Self.root), "export-launch-review.csv")
        // The done task whose title is a spreadsheet formula is text, not a formula.
        #expect(run.out.contains(",\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\")\",done,"))
        #expect(run.out.contains(",'+1 the sub-task,"))
        #expect(run.out.contains(",'-- dash first,"))
        #expect(!run.out.contains("\r\n=") && !run.out.contains(",="))
    }

    @Test func mermaidMatchesTheReviewedSnapshot() {
        let run = CLI.run(["export", Self.fixture, "--format", "mermaid"] + Self.today)
        #expect(run.status == 0)
        CLI.expectSnapshot(run.out.relative(to: Self.root), "export-launch-review.mermaid.md")
    }

    @Test func iCalendarMatchesTheReviewedSnapshotAndTheRFC() throws {
        let run = CLI.run(["export", Self.fixture, "--format", "ics"] + Self.today)
        #expect(run.status == 0)
        let physical = run.out.components(separatedBy: "\r\n")
        #expect(physical.last == "")
        #expect(!run.out.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in physical { #expect(line.utf8.count <= 75, "longer than 75 octets: \(line)") }
        // Folding depends on the length of the fixture's path; the snapshot is unfolded.
        let unfolded = run.out.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n", with: "\n")
        CLI.expectSnapshot(unfolded.relative(to: Self.root), "export-launch-review.ics.txt")
    }

    /// RFC 5545 as another program reads it: Python's `icalendar` (installed by script/bootstrap).
    @Test func iCalendarParsesWithAnIndependentReader() throws {
        let run = CLI.run(["export"] + Self.everything + ["--format", "ics"] + Self.today)
        #expect(run.status == 0)
        let folder = CLI.temporaryDirectory()
        CLI.write(run.out, to: folder + "/calendar.ics")
        CLI.write(CLI.run(["export"] + Self.everything + ["--format", "json"] + Self.today).out, to: folder + "/model.json")
        let script = """
            import json, sys, icalendar
            data = open(sys.argv[1], 'rb').read()
            calendar = icalendar.Calendar.from_ical(data)
            assert calendar['VERSION'] == '2.0', calendar['VERSION']
            events = calendar.walk('VEVENT')
            uids = [str(e['UID']) for e in events]
            assert len(uids) == len(set(uids)), 'duplicate UIDs'
            for e in events:
                for key in ('UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY'):
                    assert key in e, (key, e)
                start, end = e.decoded('DTSTART'), e.decoded('DTEND')
                assert (end - start).days == 1, (start, end)
            # Round trip: what the parser reads back is what the plan says.
            launch = [e for e in events if str(e['UID']) == 'milestone-launch-review-go-no-go-decide-sign-ship@mapc'][0]
            assert str(launch['SUMMARY']) == '◆ Go/no-go: decide; sign, ship', str(launch['SUMMARY'])
            assert 'Plan: Launch | review: <script>alert(1)</script> & *more*' in str(launch['DESCRIPTION'])
            # One event per dated open task and per dated milestone, counted from the model.
            plans = json.load(open(sys.argv[2]))['plans']
            expected = sum(sum(1 for t in p['tasks'] if t['state'] == 'open' and t['effectiveDue'])
                           + sum(1 for m in p['milestones'] if m['due']) for p in plans)
            assert len(events) == expected, (len(events), expected)
            print(len(events))
            """
        let result = try Python.run(script, [folder + "/calendar.ics", folder + "/model.json"])
        #expect(result.status == 0, "\(result.output)")
        #expect((Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 30)
    }

    /// The export of every example and fixture validates against the committed schema.
    @Test func jsonValidatesAgainstTheSchema() throws {
        let run = CLI.run(["export"] + Self.everything + ["--format", "json"] + Self.today)
        #expect(run.status == 0)
        let folder = CLI.temporaryDirectory()
        CLI.write(run.out, to: folder + "/export.json")
        // Files that are not plans end up in the top-level diagnostics; they validate too.
        CLI.write("", to: folder + "/empty.md")
        let withProblems = CLI.run(["export", folder + "/empty.md", Self.fixture, "--format", "json"] + Self.today)
        #expect(withProblems.status == 0)
        #expect(withProblems.out.contains("\"rule\": \"front-matter-invalid\""))
        CLI.write(withProblems.out, to: folder + "/problems.json")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
            failures = 0
            for path in sys.argv[2:]:
                for error in validator.iter_errors(json.load(open(path))):
                    failures += 1
                    print(path, error.json_path, error.message[:300])
            plans = json.load(open(sys.argv[2]))['plans']
            print('plans', len(plans), 'tasks', sum(len(p['tasks']) for p in plans))
            sys.exit(1 if failures else 0)
            """
        let result = try Python.run(script, [Self.root + "/docs/schema/mapc-export.schema.json",
                                             folder + "/export.json", folder + "/problems.json"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("plans 6 tasks"))
    }

    @Test func theSchemaRejectsWhatTheExportNeverWrites() throws {
        let run = CLI.run(["export", Self.fixture, "--format", "json"] + Self.today)
        let folder = CLI.temporaryDirectory()
        CLI.write(run.out, to: folder + "/export.json")
        let script = """
            import json, sys, copy, jsonschema
            schema = json.load(open(sys.argv[1]))
            validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
            good = json.load(open(sys.argv[2]))
            def broken(change):
                data = copy.deepcopy(good)
                change(data)
                return not validator.is_valid(data)
            checks = [
                broken(lambda d: d['plans'][0]['tasks'][0].pop('effectiveDue')),
                broken(lambda d: d['plans'][0]['tasks'][0].update(state='started')),
                broken(lambda d: d['plans'][0].update(due='31/12/2026')),
                broken(lambda d: d['plans'][0]['tasks'][0]['range']['start'].update(column=0)),
                broken(lambda d: d['plans'][0].update(surprise=1)),
                broken(lambda d: d.update(version=2)),
            ]
            print(checks)
            sys.exit(0 if all(checks) else 1)
            """
        let result = try Python.run(script, [Self.root + "/docs/schema/mapc-export.schema.json", folder + "/export.json"])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func everyFormatIsDeterministic() {
        for format in ["json", "ics", "csv", "mermaid"] {
            let first = CLI.run(["export"] + Self.everything + ["--format", format] + Self.today)
            let second = CLI.run(["export"] + Self.everything + ["--format", format] + Self.today)
            #expect(first.status == 0)
            #expect(first.out == second.out, "\(format) differs between two runs")
        }
    }

    @Test func exitCodes() {
        #expect(CLI.run(["export", Self.fixture] + Self.today).status == 2)  // --format is required
        #expect(CLI.run(["export", Self.fixture, "--format", "xml"] + Self.today).status == 2)
        #expect(CLI.run(["export", CLI.fixtures + "/nope.md", "--format", "csv"] + Self.today).status == 2)
        let folder = CLI.temporaryDirectory()
        FileManager.default.createFile(atPath: folder + "/binary.md", contents: Data([0x89, 0x50, 0x00, 0xFF]))
        CLI.write("---\ntitle: Fine\n---\n## Tasks\n- [ ] Do it\n", to: folder + "/fine.md")
        let run = CLI.run(["export", folder, "--format", "csv"] + Self.today)
        #expect(run.status == 2)
        #expect(run.out.contains("fine,do-it,Do it,open,todo,"))
        #expect(run.err.contains("binary.md:1:1: error: cannot read"))
    }
}

/// Runs a Python script, for validators that exist only on PyPI (script/bootstrap installs them).
enum Python {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ script: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        if process.terminationStatus != 0 && output.contains("ModuleNotFoundError") {
            Issue.record("a Python module is missing; run script/bootstrap: \(output)")
        }
        return Result(status: process.terminationStatus, output: output)
    }
}

extension ExportCommandTests {
    /// The exported calendar is the site's `calendar.ics`, name included (mapc.yml `site.title`).
    @Test func iCalendarUsesTheSiteTitleLikeTheSite() throws {
        let folder = CLI.temporaryDirectory()
        CLI.write("site:\n  title: \"Acme, Inc; plans\"\n", to: folder + "/mapc.yml")
        CLI.write(try String(contentsOfFile: Self.fixture, encoding: .utf8), to: folder + "/plans/launch-review.md")
        let run = CLI.run(["export", folder + "/plans", "--format", "ics"] + Self.today)
        #expect(run.status == 0)
        #expect(run.out.contains("\r\nX-WR-CALNAME:Acme\\, Inc\\; plans\r\n"))
        _ = CLI.run(["build", folder + "/plans", "-o", folder + "/_site"] + Self.today)
        let site = try String(contentsOfFile: folder + "/_site/calendar.ics", encoding: .utf8)
        #expect(run.out == site)
        // Without a title both use the generic name.
        try FileManager.default.removeItem(atPath: folder + "/mapc.yml")
        #expect(CLI.run(["export", folder + "/plans", "--format", "ics"] + Self.today).out
            .contains("\r\nX-WR-CALNAME:Mutual action plans\r\n"))
    }
}
