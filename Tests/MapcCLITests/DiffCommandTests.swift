import Foundation
import MapcCLI
import Testing

/// `mapc diff` as a reviewer runs it: two versions of realistic plans in, every change
/// named with its values out; on folders, files and git revisions.
@Suite struct DiffCommandTests {
    static let v1 = CLI.fixtures + "/diff/v1"
    static let v2 = CLI.fixtures + "/diff/v2"
    static let today = ["--today", "2026-11-24"]

    static func diff(_ arguments: [String]) -> Run {
        CLI.run(["diff"] + arguments + today)
    }

    // MARK: every kind of change, with its values

    @Test func namesEveryChangeWithItsConcreteValues() {
        let run = Self.diff([Self.v1, Self.v2, "--format", "text"])
        #expect(run.status == 0)
        #expect(run.err == "")
        let expected = [
            // The one-line summary.
            "mapc diff: 2 plans changed, 1 added, 1 removed · tasks: 1 added, 1 removed, 2 renamed, 1 completed, "
                + "1 reopened, 1 cancelled, 1 re-assigned, 3 re-dated (1 now after the plan's due date, "
                + "1 now after a task that waits for it), 1 dependency change, 1 now blocked · "
                + "also changed: plan, parties, stakeholders, goals, metrics, phases, milestones, updates · "
                + "diagnostics: 7 introduced (2 errors, 5 warnings), 1 fixed",
            // Plan: dates, owner, cadence, parties.
            "  plan: due: 2027-01-29 → 2027-02-12 (14 days later)",
            "  plan: owner: @dana → @zoe",
            "  plan: review: weekly → biweekly",
            "  party added: \"Nets Nordic\"",
            // Updates: a new dated entry in the Updates section.
            "  update added: 2026-11-23: firewall path open; @ingrid from Nets Nordic joins for the acquirer switch",
            // Tasks: every kind.
            "  task added: \"Sign the acquirer switch letter\" (id switch-letter, owner @ingrid, due 2026-12-11)",
            "  task removed: \"Run a proof of concept on Globex's old tills\" (was cancelled, owner @li)",
            "  task \"Configure the Acme gateway for the Oslo stores\": renamed from \"Configure the Acme gateway for the three stores\"; "
                + "re-dated 2026-12-04 → 2026-12-14 (slips 10 days), now after \"Pass the PCI scoping review\" (due 2026-12-09), which depends on it",
            "  task \"Train the store staff at all three pilot stores\": renamed from \"Train the staff of the three stores\"",
            "  task \"Open the firewall path from the store VLAN to Acme\": completed on 2026-11-23",
            "  task \"Write the settlement file spec\": reopened",
            "  task \"Go live in Grünerløkka and Majorstuen\": cancelled",
            "  task \"Pass the PCI scoping review\": re-assigned @priya → @marcus",
            "  task \"Reconcile two weeks of settlement files\": re-dated 2027-01-22 → 2027-02-19 (slips 28 days), now after the plan's due date 2027-02-12",
            "  task \"Build the settlement import into the ERP\": re-dated 2026-12-18 → 2026-12-16 (2 days earlier); now blocked",
            "  task \"Go live in Storo\": now depends on switch-letter",
            // Stakeholders, goals, metrics, phases, milestones.
            "  stakeholder @ingrid \"Ingrid Solberg\" added (party: Nets Nordic, role: Acquirer switch manager)",
            "  stakeholder @priya \"Priya Raman\" removed",
            "  stakeholder @marcus \"Marcus Lindqvist\": role: IT security → IT security and compliance",
            "  goal G2: title: Payments are at least as reliable as today → Payments are at least as reliable and as fast as today",
            "  goal G4 \"Store staff find the new terminals as easy as the old ones\" added",
            "  metric \"Authorisation success rate\": re-targeted 98.5% → 99.0%; current set to 98.7%",
            "  metric \"Stores live on Acme\": current: 0 → 1",
            "  metric \"Staff rating of the terminals\" added (goal: G4, baseline: 3.2, target: 4, unit: of 5, due: 2027-01-29)",
            "  metric \"Median checkout time\" removed",
            "  phase \"Phase 2: Build and certify\": due: 2026-12-18 → 2026-12-23 (5 days later)",
            "  milestone \"Switch letter signed\" added (due: 2026-12-11)",
            "  milestone \"Gateway certified\": due: 2026-12-18 → 2026-12-23 (5 days later)",
            // Diagnostics the change introduces and fixes.
            "  introduced warning task-overdue (line 68): task `Write the settlement file spec` was due 2026-11-06, 18 days ago",
            "  introduced warning schedule-inversion (line 77): task `Pass the PCI scoping review` is due 2026-12-09, before `gateway` which it depends on (due 2026-12-14)",
            "  introduced warning due-after-plan (line 87): task `Reconcile two weeks of settlement files` is due 2027-02-19, after the plan's due date 2027-02-12",
            "  introduced error owner-unknown (line 129): `@priya` is not a stakeholder of this plan",
            // The second plan: title, status, start, progress, a fixed warning.
            "alder-walk-lighting: \"Alder Walk lighting (bat-friendly)\" (diff/v2/council/alder-walk-lighting.md)",
            "  plan: title: Alder Walk lighting → Alder Walk lighting (bat-friendly)",
            "  plan: status: active → on-hold",
            "  plan: start: 2026-10-01 → 2026-11-02 (32 days later)",
            "  task \"Choose amber lamps that the bat group accepts\": now in progress",
            "  fixed warning unknown-field (was line 29): unknown token `stauts:`",
            // Plans added (with their problems) and removed.
            "school-walking-bus: \"School walking bus on Alder Walk\" (diff/v2/council/school-walking-bus.md), new plan",
            "  introduced error owner-unknown (line 24): `@tairq` is not a stakeholder of this plan",
            "bench-donations: \"Memorial bench donations\" (diff/v1/council/bench-donations.md), removed with 2 tasks",
        ]
        let lines = Set(run.out.relative(to: CLI.fixtures).split(separator: "\n").map(String.init))
        for line in expected {
            #expect(lines.contains(line), "missing: \(line)")
        }
        // Not plans: notes.md changed on both sides and is not mentioned.
        #expect(!run.out.contains("notes"))
        CLI.expectSnapshot(run.out.relative(to: CLI.fixtures), "diff-v1-v2.txt")
    }

    @Test func markdownIsAPullRequestComment() {
        let run = Self.diff([Self.v1, Self.v2])
        #expect(run.status == 0)
        let out = run.out.relative(to: CLI.fixtures)
        CLI.expectSnapshot(out, "diff-v1-v2.md")
        #expect(out.hasPrefix("**mapc diff**: 2 plans changed, 1 added, 1 removed · tasks: "))
        #expect(out.split(separator: "\n", omittingEmptySubsequences: false)[1] == "")
        #expect(out.components(separatedBy: "<details><summary>").count - 1 == 3)
        #expect(out.components(separatedBy: "</details>").count - 1 == 3)
        #expect(out.contains("<details><summary><b>Acme × Globex: card payments pilot</b> · <code>diff/v2/acme-globex-payments-pilot.md</code> · tasks: "))
        #expect(out.contains("- *Pass the PCI scoping review*: re-assigned `@priya` → `@marcus`\n"))
        #expect(out.contains("- introduced: error `owner-unknown` (line 129): `@priya` is not a stakeholder of this plan\n"))
        #expect(out.contains("**Removed plans**\n\n- *Memorial bench donations* (`diff/v1/council/bench-donations.md`), 2 tasks\n"))
        // Handles are code spans or broken by a zero-width space (in free text such as
        // an update), so posting the comment notifies nobody.
        for line in out.split(separator: "\n") {
            var inCode = false
            var previous: Character = " "
            for (offset, character) in line.enumerated() {
                if character == "`" { inCode.toggle() }
                let defused = line.dropFirst(offset + 1).hasPrefix("&#8203;")
                if character == "@", !inCode, !defused, previous == " " || previous == "(" {
                    Issue.record("a bare handle in: \(line)")
                }
                previous = character
            }
        }
    }

    @Test func jsonHasTheSameChangesAsData() throws {
        let run = Self.diff([Self.v1, Self.v2, "--format", "json"])
        #expect(run.status == 0)
        CLI.expectSnapshot(run.out.relative(to: CLI.fixtures), "diff-v1-v2.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["tasksRedated"] as? Int == 3)
        #expect(summary["diagnosticsIntroduced"] as? Int == 7)
        let changed = try #require(root["changed"] as? [[String: Any]])
        #expect(changed.map { $0["id"] as? String } == ["acme-globex-payments-pilot", "alder-walk-lighting"])
        let tasks = try #require(changed[0]["tasks"] as? [[String: Any]])
        let gateway = try #require(tasks.first { $0["id"] as? String == "gateway" })
        let changes = try #require(gateway["changes"] as? [[String: Any]])
        #expect(changes.map { $0["kind"] as? String } == ["renamed", "redated"])
        #expect(changes[1]["from"] as? String == "2026-12-04")
        #expect(changes[1]["to"] as? String == "2026-12-14")
        #expect(changes[1]["days"] as? Int == 10)
        let dependents = try #require(changes[1]["passesDependents"] as? [[String: Any]])
        #expect(dependents.map { $0["id"] as? String } == ["pci-scope"])
        let reconcile = try #require(tasks.first { $0["title"] as? String == "Reconcile two weeks of settlement files" })
        let reconcileChange = try #require((reconcile["changes"] as? [[String: Any]])?.first)
        #expect(reconcileChange["passesPlanDue"] as? Bool == true)
        #expect(reconcileChange["planDue"] as? String == "2027-02-12")
        #expect((gateway["changes"] as? [[String: Any]])?[1]["passesPlanDue"] as? Bool == false)
        let added = try #require(root["added"] as? [[String: Any]])
        #expect(added.map { $0["id"] as? String } == ["school-walking-bus"])
        #expect((added[0]["diagnostics"] as? [Any])?.count == 2)
        #expect((root["removed"] as? [[String: Any]])?.map { $0["id"] as? String } == ["bench-donations"])
    }

    // MARK: pairing

    @Test func twoFilesAreTwoVersionsOfOnePlanWhateverTheirNames() {
        let folder = CLI.temporaryDirectory()
        let text = (try? String(contentsOfFile: Self.v2 + "/acme-globex-payments-pilot.md", encoding: .utf8)) ?? ""
        CLI.write(text.replacingOccurrences(of: "id: acme-globex-payments-pilot\n", with: ""), to: folder + "/pilot-draft-2.md")
        let run = Self.diff([Self.v1 + "/acme-globex-payments-pilot.md", folder + "/pilot-draft-2.md", "--format", "text"])
        #expect(run.status == 0)
        #expect(run.out.hasPrefix("mapc diff: 1 plan changed · tasks: 1 added,"))
        #expect(run.out.contains("  plan: id: acme-globex-payments-pilot → pilot-draft-2\n"))
        #expect(!run.out.contains("added, 1 removed ·"))
    }

    @Test func aRenamedFileWithoutAnIDIsTheSamePlan() {
        let old = CLI.temporaryDirectory(), new = CLI.temporaryDirectory()
        let plan = "---\ntitle: Bench donations\nstatus: draft\n---\n## Tasks\n- [ ] Place the benches @rahel\n"
        CLI.write(plan, to: old + "/benches.md")
        CLI.write(plan.replacingOccurrences(of: "- [ ] Place", with: "- [x] Place"), to: new + "/memorial-benches.md")
        let run = Self.diff([old, new, "--format", "text"])
        #expect(run.out.contains("memorial-benches: \"Bench donations\" (\(new)/memorial-benches.md)\n"))
        #expect(run.out.contains("  plan: file moved from \(old)/benches.md\n  task "))
        #expect(!run.out.contains("plan: id:"))
        #expect(run.out.contains("  task \"Place the benches\": completed\n"))
    }

    @Test func sameTasksWithDerivedIDsAreNotConfused() {
        // Two sub-tasks with the same title under different parents keep their places;
        // a reworded task with the same owner and date is a rename, not removed plus added.
        let old = CLI.temporaryDirectory(), new = CLI.temporaryDirectory()
        let plan = """
            ---
            title: Workshops
            status: draft
            ---
            ## Tasks
            - [ ] Kickoff in Oslo @dana due:2026-12-01
              - [ ] Book the room
            - [ ] Review in Bergen @li due:2026-12-10
              - [ ] Book the room
            - [ ] Send the agenda to everyone @dana due:2026-11-28

            """
        CLI.write(plan, to: old + "/w.md")
        CLI.write(plan.replacingOccurrences(of: "Review in Bergen @li due:2026-12-10\n  - [ ] Book", with: "Review in Bergen @li due:2026-12-10\n  - [x] Book")
            .replacingOccurrences(of: "Send the agenda to everyone", with: "Mail the agenda and the slides"), to: new + "/w.md")
        let run = Self.diff([old + "/w.md", new + "/w.md", "--format", "text"])
        #expect(run.out == """
            mapc diff: 1 plan changed · tasks: 1 renamed, 1 completed

            w: "Workshops" (\(new)/w.md)
              task "Book the room": completed
              task "Mail the agenda and the slides": renamed from "Send the agenda to everyone"

            """)
    }

    @Test func reassignmentFromAndToNobodyIsReported() throws {
        // An owner added where there was none, and one removed: both are re-assignments.
        let old = CLI.temporaryDirectory(), new = CLI.temporaryDirectory()
        let plan = """
            ---
            title: Handover
            status: draft
            ---
            ## Stakeholders
            | Handle |
            |---|
            | @dana |
            | @li |
            ## Tasks
            - [ ] Sign the order due:2026-12-01
            - [ ] Train the staff @li due:2026-12-02

            """
        CLI.write(plan, to: old + "/h.md")
        CLI.write(plan.replacingOccurrences(of: "order due", with: "order @dana due")
            .replacingOccurrences(of: "staff @li due", with: "staff due"), to: new + "/h.md")
        let text = Self.diff([old + "/h.md", new + "/h.md", "--format", "text"])
        #expect(text.out.hasPrefix("""
            mapc diff: 1 plan changed · tasks: 2 re-assigned · diagnostics: 2 introduced (1 error, 1 info), 2 fixed

            h: "Handover" (\(new)/h.md)
              task "Sign the order": re-assigned nobody → @dana
              task "Train the staff": re-assigned @li → nobody

            """))
        let json = Self.diff([old + "/h.md", new + "/h.md", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((object["summary"] as? [String: Any])?["tasksReassigned"] as? Int == 2)
        let tasks = try #require(((object["changed"] as? [[String: Any]])?.first?["tasks"]) as? [[String: Any]])
        #expect(tasks.map { $0["title"] as? String } == ["Sign the order", "Train the staff"])
        #expect(tasks.map { $0["owner"] as? String } == ["@dana", nil])
        let changes = tasks.map { $0["changes"] as? [[String: Any]] ?? [] }
        #expect(changes.map { $0.map { $0["kind"] as? String } } == [["reassigned"], ["reassigned"]])
        #expect(changes[0].first?["from"] is NSNull)
        #expect(changes[0].first?["to"] as? String == "@dana")
        #expect(changes[1].first?["from"] as? String == "@li")
        #expect(changes[1].first?["to"] is NSNull)
        #expect(json.out.contains("""
                        {
                          "kind": "reassigned",
                          "from": null,
                          "to": "@dana"
                        }
            """))
        #expect(json.out.contains("""
                        {
                          "kind": "reassigned",
                          "from": "@li",
                          "to": null
                        }
            """))
    }

    @Test func identicalVersionsSayNothingChanged() {
        let run = Self.diff([Self.v1, Self.v1])
        #expect(run.status == 0)
        #expect(run.out == "**mapc diff**: no plan changed (3 plans compared)\n")
    }

    @Test func markdownEscapesPlanText() {
        let old = CLI.temporaryDirectory(), new = CLI.temporaryDirectory()
        let plan = "---\ntitle: \"Launch <img src=x> *now*\"\nid: launch\nstatus: draft\n---\n## Tasks\n- [ ] Pay $5 | tip #3 [sic] <x & 100% @dana\n"
        CLI.write(plan, to: old + "/launch.md")
        CLI.write(plan.replacingOccurrences(of: "@dana", with: "@li"), to: new + "/launch.md")
        let run = Self.diff([old, new])
        #expect(run.out.contains("<summary><b>Launch &lt;img src=x&gt; *now*</b> · <code>\(new)/launch.md</code>"))
        #expect(run.out.contains("- *Pay \\$5 \\| tip \\#&#8203;3 \\[sic\\] \\<x & 100%*: re-assigned `@dana` → `@li`\n"))
    }

    // MARK: usage

    @Test func usageErrorsExitTwo() {
        let folder = CLI.temporaryDirectory()
        let one = Self.diff([Self.v1])
        #expect(one.status == 2)
        #expect(one.err.contains("give two versions to compare"))
        #expect(Self.diff([Self.v1, folder + "/missing"]).status == 2)
        let mixed = Self.diff([Self.v1, Self.v2 + "/acme-globex-payments-pilot.md"])
        #expect(mixed.status == 2)
        #expect(mixed.err.contains("compare a file with a file, or a folder with a folder"))
        #expect(Self.diff([Self.v1, Self.v2, "--format", "html"]).status == 2)
    }

    // MARK: git

    /// A repository with v1 of the plans, then v2, both under `plans/`; returns its folder.
    static func repository() throws -> String {
        let repository = CLI.temporaryDirectory()
        try git(["init", "-q", "-b", "main"], in: repository)
        try FileManager.default.copyItem(atPath: v1, toPath: repository + "/plans")
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "v1"], in: repository)
        try FileManager.default.removeItem(atPath: repository + "/plans")
        try FileManager.default.copyItem(atPath: v2, toPath: repository + "/plans")
        try git(["add", "-A"], in: repository)
        try git(["commit", "-q", "-m", "v2"], in: repository)
        return repository
    }

    @discardableResult
    static func git(_ arguments: [String], in folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
            + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")): \(output)")
        return output
    }

    @Test func aDuplicatePlanIDAtARevisionNamesTheFileAsShown() throws {
        // The old side is compiled from scratch copies; the message must name the plan's
        // own path, not the copy's.
        let repository = CLI.temporaryDirectory()
        let plan = "---\ntitle: Pilot\nstatus: draft\nid: pilot\n---\n"
        CLI.write(plan, to: repository + "/a.md")
        CLI.write(plan.replacingOccurrences(of: "Pilot", with: "Other"), to: repository + "/b.md")
        try Self.git(["init", "-q", "-b", "main"], in: repository)
        try Self.git(["add", "-A"], in: repository)
        try Self.git(["commit", "-q", "-m", "v1"], in: repository)
        CLI.write(plan.replacingOccurrences(of: "Pilot", with: "Other").replacingOccurrences(of: "id: pilot", with: "id: other"),
                  to: repository + "/b.md")
        let run = Self.diff(["--git", "HEAD", repository, "--format", "text"])
        #expect(run.out.contains(
            "  fixed error duplicate-id (was line 4): plan id `pilot` is already used by \(repository)/a.md\n"), "\(run.out)")
    }

    @Test func gitRevisionsGiveTheSameDiffAsTheFolders() throws {
        let repository = try Self.repository()
        let folders = Self.diff([Self.v1, Self.v2, "--format", "text"]).out.relative(to: CLI.fixtures)
        let run = Self.diff(["--git", "HEAD~1..HEAD", repository, "--format", "text"])
        #expect(run.status == 0)
        #expect(run.err == "")
        // Paths are shown as typed: the repository folder, then the name inside it.
        let revisions = run.out.replacingOccurrences(of: repository + "/plans/", with: "diff/v2/")
        let expected = folders.replacingOccurrences(of: "diff/v1/council/bench-donations.md", with: "diff/v2/council/bench-donations.md")
        #expect(revisions == expected)
        // Limited to a folder inside the repository.
        let council = Self.diff(["--git", "HEAD~1..HEAD", repository + "/plans/council", "--format", "text"])
        #expect(council.out.hasPrefix("mapc diff: 1 plan changed, 1 added, 1 removed · also changed: plan, updates · "))
        #expect(council.out.contains("(\(repository)/plans/council/alder-walk-lighting.md)"))
        #expect(!council.out.contains("acme"))
    }

    @Test func oneRevisionIsComparedWithTheWorkingTree() throws {
        let repository = try Self.repository()
        // Uncommitted: a completed task, a new untracked plan; ignored and hidden files are not plans.
        let acme = repository + "/plans/acme-globex-payments-pilot.md"
        let text = try String(contentsOfFile: acme, encoding: .utf8)
        CLI.write(text.replacingOccurrences(of: "- [ ] Sign the acquirer switch letter", with: "- [x] Sign the acquirer switch letter"), to: acme)
        let draft = "---\ntitle: Draft plan\nstatus: draft\n---\n## Conflict resolution\nTalk.\n"
        CLI.write(draft, to: repository + "/plans/draft.md")
        CLI.write(draft.replacingOccurrences(of: "Draft plan", with: "Ignored plan"), to: repository + "/plans/ignored.md")
        CLI.write(draft.replacingOccurrences(of: "Draft plan", with: "Hidden plan"), to: repository + "/.github/hidden.md")
        CLI.write("ignored.md\n", to: repository + "/.gitignore")
        let run = Self.diff(["--git", "HEAD", repository, "--format", "text"])
        #expect(run.status == 0)
        #expect(run.out == """
            mapc diff: 1 plan changed, 1 added, 2 unchanged · tasks: 1 completed · diagnostics: 1 introduced (1 warning)

            acme-globex-payments-pilot: "Acme × Globex: card payments pilot" (\(repository)/plans/acme-globex-payments-pilot.md)
              task "Sign the acquirer switch letter": completed
              introduced warning party-without-tasks (line 8): party `Nets Nordic` owns no open task: the plan is one-sided

            draft: "Draft plan" (\(repository)/plans/draft.md), new plan
              plan: status: draft
              plan: 0 tasks (0 open), 0 goals, 0 metrics, 0 stakeholders, 0 milestones

            """)
    }

    @Test func threeDotsCompareWithTheMergeBase() throws {
        let repository = try Self.repository()
        try Self.git(["checkout", "-q", "-b", "feature", "HEAD~1"], in: repository)
        let lighting = repository + "/plans/council/alder-walk-lighting.md"
        let text = try String(contentsOfFile: lighting, encoding: .utf8)
        CLI.write(text.replacingOccurrences(of: "- [ ] Ask the bat group", with: "- [x] Ask the bat group"), to: lighting)
        try Self.git(["commit", "-q", "-am", "bat group asked"], in: repository)
        // main...feature: only what the branch did since it left main.
        let branch = Self.diff(["--git", "main...feature", repository, "--format", "text"])
        #expect(branch.out == """
            mapc diff: 1 plan changed, 2 unchanged · tasks: 1 completed · diagnostics: 1 introduced (1 warning)

            alder-walk-lighting: "Alder Walk lighting" (\(repository)/plans/council/alder-walk-lighting.md)
              task "Ask the bat group where the roosts are": completed
              introduced warning party-without-tasks (line 7): party `Friends of the Alder` owns no open task: the plan is one-sided

            """)
        // main..feature: the tips, so main's own changes show up reversed.
        let tips = Self.diff(["--git", "main..feature", repository, "--format", "text"])
        #expect(tips.out.contains("  plan: due: 2027-02-12 → 2027-01-29 (14 days earlier)\n"))
    }

    @Test func gitErrorsExitTwo() throws {
        let repository = try Self.repository()
        let unknown = Self.diff(["--git", "nope", repository])
        #expect(unknown.status == 2)
        #expect(unknown.err == "mapc: error: unknown git revision `nope`\n")
        let option = Self.diff(["--git", "--output=x..HEAD", repository])
        #expect(option.status == 2)
        let outside = Self.diff(["--git", "HEAD", CLI.temporaryDirectory()])
        #expect(outside.status == 2)
        #expect(outside.err.hasPrefix("mapc: error: mapc diff --git needs a git repository"))
    }
}

extension DiffCommandTests {
    /// `diff --git` compiles revisions in memory: no scratch copy of the plans to leave
    /// behind when it is interrupted, and a blob over the size limit is reported, not read.
    @Test func gitRevisionsAreReadIntoMemoryOnly() throws {
        let repository = try Self.repository()
        let scratch = CLI.temporaryDirectory()
        let run = try Binary.run(["diff", "--git", "HEAD~1..HEAD", repository, "--format", "text", "--today", "2026-11-24"],
                                 environment: ["TMPDIR": scratch])
        #expect(run.status == 0, "\(run.err)")
        #expect(!run.out.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty, "diff wrote into TMPDIR")
        CLI.write("limits: { file_size: 64KiB }\n", to: repository + "/mapc.yml")
        CLI.write("---\ntitle: Big\n---\n" + String(repeating: "Some prose that goes on.\n", count: 4000),
                  to: repository + "/plans/big.md")
        try Self.git(["add", "-A"], in: repository)
        try Self.git(["commit", "-q", "-m", "big"], in: repository)
        let big = try Binary.run(["diff", "--git", "HEAD~1..HEAD", repository, "--format", "text", "--today", "2026-11-24"])
        #expect(big.status == 0)
        #expect(big.err.contains("plans/big.md` is larger than the limit of 64 KiB for a plan file; it was not read; left out of the diff"), "\(big.err)")
    }
}
