import Foundation
import MapcCLI
import Testing

/// `mapc diff` pairs each diagnostic with the thing it is about, so a reviewer sees
/// problems that really came or went (docs/review.md#what-is-compared-with-what).
@Suite struct DiffSubjectTests {
    static let plan = """
        ---
        title: Handover
        status: active
        start: 2026-10-01
        due: 2027-01-29
        ---
        ## Stakeholders
        | Handle |
        |---|
        | @dana |
        ## Tasks
        - [ ] Write the spec @dana due:2026-11-06
        - [ ] Train the staff @dana due:2027-02-10

        """

    /// Diffs `old` against `new`, both written as `h.md` in their own folder.
    static func diff(_ old: String, _ new: String, format: String = "text") -> (Run, String) {
        let oldFolder = CLI.temporaryDirectory(), newFolder = CLI.temporaryDirectory()
        CLI.write(old, to: oldFolder + "/h.md")
        CLI.write(new, to: newFolder + "/h.md")
        return (CLI.run(["diff", oldFolder, newFolder, "--format", format, "--today", "2026-11-24"]), newFolder)
    }

    @Test("a renamed, slipped task keeps its findings: nothing introduced, nothing fixed")
    func renamedTaskKeepsItsFindings() {
        let new = Self.plan.replacingOccurrences(of: "Write the spec @dana due:2026-11-06",
                                                 with: "Write the file spec @dana due:2026-11-10")
            .replacingOccurrences(of: "Train the staff @dana due:2027-02-10", with: "Train all staff @dana due:2027-02-12")
        let (run, folder) = Self.diff(Self.plan, new)
        #expect(run.status == 0)
        #expect(run.out == """
            mapc diff: 1 plan changed · tasks: 2 renamed, 2 re-dated

            h: "Handover" (\(folder)/h.md)
              task "Write the file spec": renamed from "Write the spec"; re-dated 2026-11-06 → 2026-11-10 (slips 4 days)
              task "Train all staff": renamed from "Train the staff"; re-dated 2027-02-10 → 2027-02-12 (slips 2 days)

            """)
    }

    @Test("front matter that stops parsing is said once; what it silenced is not called fixed")
    func frontMatterThatNoLongerParses() throws {
        let broken = Self.plan.replacingOccurrences(of: "due: 2027-01-29", with: "due: [2027-01-29")
        let (run, folder) = Self.diff(Self.plan, broken)
        #expect(run.out == """
            mapc diff: 1 plan changed · also changed: plan · diagnostics: 1 introduced (1 error)

            h: "Handover" (\(folder)/h.md)
              plan: front matter no longer parses (line 6): front matter is not valid YAML: did not find expected ',' or ']' while parsing a flow sequence; title, status, dates, owner, review and parties were not compared, and checks that need them did not run
              introduced error front-matter-invalid (line 6): front matter is not valid YAML: did not find expected ',' or ']' while parsing a flow sequence

            """)
        let (json, _) = Self.diff(Self.plan, broken, format: "json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let changed = try #require((root["changed"] as? [[String: Any]])?.first)
        let frontMatter = try #require(changed["frontMatter"] as? [String: Any])
        #expect(frontMatter["change"] as? String == "noLongerParses")
        #expect(frontMatter["line"] as? Int == 6)
        #expect((changed["fields"] as? [Any])?.isEmpty == true)
    }

    /// The checks it silenced run again: what they find is new to the reviewer.
    @Test("front matter that parses again is said, and its error is fixed")
    func frontMatterThatParsesAgain() {
        let broken = Self.plan.replacingOccurrences(of: "due: 2027-01-29", with: "due: [2027-01-29")
        let (run, folder) = Self.diff(broken, Self.plan)
        #expect(run.out == """
            mapc diff: 1 plan changed · also changed: plan · diagnostics: 1 introduced (1 warning), 1 fixed

            h: "Handover" (\(folder)/h.md)
              plan: front matter parses again; title, status, dates, owner, review and parties were not compared
              introduced warning due-after-plan (line 13): task `Train the staff` is due 2027-02-10, after the plan's due date 2027-01-29
              fixed error front-matter-invalid (was line 6): front matter is not valid YAML: did not find expected ',' or ']' while parsing a flow sequence

            """)
    }

    @Test("a new entry under Updates is shown with its date; its handles ping nobody")
    func updatesAdded() {
        let old = Self.plan + "## Updates\n- 2026-11-20: kick-off held\n"
        let new = old + "- 2026-11-23: spec draft sent to @dana\n"
        let (text, folder) = Self.diff(old, new)
        #expect(text.out == """
            mapc diff: 1 plan changed · also changed: updates

            h: "Handover" (\(folder)/h.md)
              update added: 2026-11-23: spec draft sent to @dana

            """)
        let (markdown, _) = Self.diff(old, new, format: "markdown")
        #expect(markdown.out.contains("**Updates**\n\n- added 2026-11-23: spec draft sent to @&#8203;dana\n"))
    }
}

extension DiffSubjectTests {
    @Test("a task that now passes the plan's due date is counted as such, once")
    func slipPastThePlanDue() throws {
        let new = Self.plan.replacingOccurrences(of: "due:2026-11-06", with: "due:2027-02-01")
        let (run, folder) = Self.diff(Self.plan, new)
        #expect(run.out == """
            mapc diff: 1 plan changed · tasks: 1 re-dated (1 now after the plan's due date) · diagnostics: 1 introduced (1 warning), 1 fixed

            h: "Handover" (\(folder)/h.md)
              task "Write the spec": re-dated 2026-11-06 → 2027-02-01 (slips 87 days), now after the plan's due date 2027-01-29
              introduced warning due-after-plan (line 12): task `Write the spec` is due 2027-02-01, after the plan's due date 2027-01-29
              fixed warning task-overdue (was line 12): task `Write the spec` was due 2026-11-06, 18 days ago

            """)
    }
}
