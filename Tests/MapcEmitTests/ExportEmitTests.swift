import Foundation
import MapcCheck
@testable import MapcEmit
import MapcLower
import MapcModel
import MapcSource
import Testing

/// The export formats, byte for byte: iCalendar, CSV, Mermaid, and the model JSON's coverage.
@Suite struct ExportEmitTests {
    static let today = Day(iso: "2026-11-24")!

    static func sourced(_ text: String, path: String = "pilot.md") throws -> SourcedPlan {
        let source = SourceFile(path: path, text: text)
        guard case let .plan(plan) = PlanLowering.lower(source) else { throw Failure() }
        let diagnostics = Checker(configuration: Configuration(), today: today).check(plan, source: source)
        return SourcedPlan(plan: plan, source: source, diagnostics: diagnostics)
    }

    struct Failure: Error {}

    static let pilot = """
        ---
        title: "Pilot, phase 1"
        id: pilot
        status: active
        start: 2026-11-01
        due: 2026-12-31
        ---
        ## Stakeholders
        | Handle |
        |---|
        | @li |
        | @bo |
        ## Tasks
        - [x] Kickoff @li due:2026-11-02
        ### Build due:2026-12-18
        - [ ] Configure SSO; then test @li @bo due:2026-11-20 id:sso est:3d
        - [ ] Train the team @li status:doing
          - [ ] Book the room
        - [ ] ~~Old idea~~ @bo due:2026-12-01
        ## Milestones
        - Pilot live due:2026-12-15 celebrate: cake, tea
        - Someday
        """

    // MARK: iCalendar

    @Test func iCalendarIsExactAndDeterministic() throws {
        let plan = try Self.sourced(Self.pilot).plan
        let ics = ICalendar.render([plan], today: Self.today)
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//mapc//mutual action plans//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Mutual action plans",
            "BEGIN:VEVENT",
            "UID:task-pilot-sso@mapc",
            "DTSTAMP:20261124T000000Z",
            "DTSTART;VALUE=DATE:20261120",
            "DTEND;VALUE=DATE:20261121",
            "SUMMARY:Configure SSO\\; then test",
            "DESCRIPTION:Plan: Pilot\\, phase 1\\nOwner: @li\\nWith: @bo\\nPhase: Build\\nSou",
            " rce: pilot.md",
            "CATEGORIES:Pilot\\, phase 1,Task",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:task-pilot-train-the-team@mapc",
            "DTSTAMP:20261124T000000Z",
            "DTSTART;VALUE=DATE:20261218",
            "DTEND;VALUE=DATE:20261219",
            "SUMMARY:Train the team",
            "DESCRIPTION:Plan: Pilot\\, phase 1\\nOwner: @li\\nPhase: Build\\nStatus: doing",
            " \\nSource: pilot.md",
            "CATEGORIES:Pilot\\, phase 1,Task",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:task-pilot-book-the-room@mapc",
            "DTSTAMP:20261124T000000Z",
            "DTSTART;VALUE=DATE:20261218",
            "DTEND;VALUE=DATE:20261219",
            "SUMMARY:Book the room",
            "DESCRIPTION:Plan: Pilot\\, phase 1\\nOwner: @li\\nPhase: Build\\nSource: pilot.",
            " md",
            "CATEGORIES:Pilot\\, phase 1,Task",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:milestone-pilot-pilot-live@mapc",
            "DTSTAMP:20261124T000000Z",
            "DTSTART;VALUE=DATE:20261215",
            "DTEND;VALUE=DATE:20261216",
            "SUMMARY:◆ Pilot live",
            "DESCRIPTION:Plan: Pilot\\, phase 1\\nMilestone\\nCelebrate: cake\\, tea\\nSource",
            " : pilot.md",
            "CATEGORIES:Pilot\\, phase 1,Milestone",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "END:VCALENDAR",
        ].joined(separator: "\r\n") + "\r\n"
        #expect(ics == expected)
        #expect(ICalendar.render([plan], today: Self.today) == ics)
    }

    @Test func iCalendarEscapesText() {
        #expect(ICalendar.escape("a\\b;c,d\ne\r\nf\rg\th\u{7}") == "a\\\\b\\;c\\,d\\ne\\nf\\ng h")
    }

    @Test func iCalendarFoldsAt75OctetsWithoutSplittingCharacters() throws {
        for filler in ["a", "é", "健", "🌱", "a健"] {
            let line = "SUMMARY:" + String(repeating: filler, count: 80)
            let folded = ICalendar.fold(line)
            let physical = folded.components(separatedBy: "\r\n")
            #expect(physical.count > 1)
            for (index, part) in physical.enumerated() {
                #expect(part.utf8.count <= 75, "\(filler): \(part.utf8.count) octets")
                #expect(index == 0 || part.hasPrefix(" "))
                // Each physical line is whole UTF-8 on its own.
                #expect(String(validating: Array(part.utf8), as: UTF8.self) != nil)
            }
            // Unfolding (RFC 5545 §3.1) gives the line back.
            #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        }
        #expect(ICalendar.fold(String(repeating: "x", count: 75)) == String(repeating: "x", count: 75))
        #expect(ICalendar.fold(String(repeating: "x", count: 76)) == String(repeating: "x", count: 75) + "\r\n x")
        // A TEXT escape stays whole: `\n` at octets 75–76 moves to the next line.
        #expect(ICalendar.fold(String(repeating: "x", count: 74) + "\\nyz")
            == String(repeating: "x", count: 74) + "\r\n \\nyz")
    }

    @Test func iCalendarUIDsAreUniqueAndStable() throws {
        let text = Self.pilot + "\n- Pilot live due:2026-12-16\n"
        let plan = try Self.sourced(text).plan
        var again = plan
        again.file = "elsewhere/pilot.md"
        let ics = ICalendar.render([plan, again], today: Self.today)
        let uids = ics.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        #expect(Set(uids).count == uids.count)
        #expect(uids.contains("UID:milestone-pilot-pilot-live-2@mapc"))
        #expect(uids.contains("UID:task-pilot-sso-2@mapc"))
        // Another day changes the stamp only.
        let later = ICalendar.render([plan], today: Self.today.adding(days: 3))
        #expect(later.replacingOccurrences(of: "DTSTAMP:20261127", with: "DTSTAMP:20261124")
            == ICalendar.render([plan], today: Self.today))
    }

    // MARK: CSV

    @Test func csvIsExact() throws {
        let csv = TasksCSV.render([try Self.sourced(Self.pilot)])
        #expect(csv == [
            "plan,id,title,state,progress,owner,contributors,due,effective_due,start,phase,goals,after,estimate_hours,file,line",
            "pilot,kickoff,Kickoff,done,,li,,2026-11-02,2026-11-02,,,,,,pilot.md,14",
            "pilot,sso,Configure SSO; then test,open,todo,li,bo,2026-11-20,2026-11-20,,Build,,,24,pilot.md,16",
            "pilot,train-the-team,Train the team,open,doing,li,,,2026-12-18,,Build,,,,pilot.md,17",
            "pilot,book-the-room,Book the room,open,todo,li,,,2026-12-18,,Build,,,,pilot.md,18",
            "pilot,old-idea,Old idea,cancelled,,bo,,2026-12-01,2026-12-01,,Build,,,,pilot.md,19",
        ].joined(separator: "\r\n") + "\r\n")
    }

    @Test func csvQuotesAndDisarmsFormulas() {
        #expect(TasksCSV.row(["=1+2", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", "safe", "a-b", "'"])
            == "'=1+2,'+SUM(A1),'-2,'@cmd,'\tx,\"'\rx\",safe,a-b,'\r\n")
        #expect(TasksCSV.row(["a,b", "say \"hi\"", "two\nlines", ""]) == "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n")
        #expect(TasksCSV.row(["=HYPERLINK(\"http://x\",\"y\")"]) == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n")
        #expect(TasksCSV.hours(12) == "12" && TasksCSV.hours(1.5) == "1.5" && TasksCSV.hours(2.0 / 3) == "0.67")
    }

    // MARK: Mermaid

    @Test func mermaidIsExact() throws {
        let sourced = try Self.sourced(Self.pilot)
        let summary = PlanSummary(plan: sourced.plan, diagnostics: sourced.diagnostics, today: Self.today)
        #expect(MermaidGantt.render([summary]) == """
            ```mermaid
            gantt
                title Pilot, phase 1
                dateFormat YYYY-MM-DD
                inclusiveEndDates
                section Tasks
                Kickoff :done, kickoff, 2026-11-02, 2026-11-02
                section Build
                Configure SSO#59; then test :crit, sso, 2026-11-20, 2026-11-20
                Train the team :active, train-the-team, 2026-12-18, 2026-12-18
                Book the room :book-the-room, 2026-12-18, 2026-12-18
                section Milestones
                Pilot live :milestone, milestone-1, 2026-12-15, 0d

            """ + "```\n")
    }

    @Test func mermaidPlacesTasksByStartDependencyOrEstimate() throws {
        let text = """
            ---
            title: Order
            status: active
            ---
            ## Stakeholders
            | Handle |
            |---|
            | @li |
            ## Tasks
            - [ ] Design @li start:2026-12-01 due:2026-12-05 id:design
            - [ ] Build @li after:design est:12h id:build
            - [ ] Test @li after:build,ship due:2026-12-20
            - [ ] Ship @li after:test id:ship
            - [ ] Inverted @li start:2026-12-10 due:2026-12-08
            - [ ] Someday @li
            - [ ] 健康 check @li due:2026-12-02
            """
        let sourced = try Self.sourced(text)
        let summary = PlanSummary(plan: sourced.plan, diagnostics: [], today: Self.today)
        #expect(MermaidGantt.block(summary) == """
            ```mermaid
            gantt
                title Order
                dateFormat YYYY-MM-DD
                inclusiveEndDates
                section Tasks
                Design :design, 2026-12-01, 2026-12-05
                Build :build, after design, 2d
                Test :test, after build, 2026-12-20
                Ship :ship, after test, 1d
                Inverted :inverted, 2026-12-08, 2026-12-08
                健康 check :task-7, 2026-12-02, 2026-12-02
                %% not shown, no date: Someday

            """ + "```\n")
    }

    @Test func mermaidEscapesTitles() {
        #expect(MermaidGantt.escape("Go/no-go: decide; ship #1 at 50%") == "Go/no-go#58; decide#59; ship #35;1 at 50#37;")
        #expect(MermaidGantt.escape("Section 5 review") == "#83;ection 5 review")
        #expect(MermaidGantt.escape("title deeds") == "#116;itle deeds")
        #expect(MermaidGantt.escape("2026-12-01 launch") == "#50;026-12-01 launch")
        #expect(MermaidGantt.escape("Click here") == "#67;lick here")
        #expect(MermaidGantt.escape("Selection") == "Selection")
        #expect(MermaidGantt.escape("<b>x</b>") == "#60;b#62;x#60;/b#62;")
        #expect(MermaidGantt.escape("  two\nlines ") == "two lines")
        #expect(MermaidGantt.escape("") == "untitled")
    }

    // MARK: Model JSON

    /// Every stored property of the model is exported, or deliberately left out; a new
    /// model field fails here until the export (and the schema) say what to do with it.
    @Test func modelJSONCoversEveryField() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("examples/acme-globex-payments-pilot.md"),
                              encoding: .utf8)
            + "\n<!-- mapc-disable task-undated -->\n"
        let sourced = try Self.sourced(text, path: "acme.md")
        let plan = sourced.plan
        let exported = try #require(try JSONSerialization.jsonObject(
            with: Data(ModelJSON.render([sourced], today: Self.today).utf8)) as? [String: Any])
        let planObject = try #require((exported["plans"] as? [[String: Any]])?.first)

        // Model property → where the export says it (nil: left out on purpose, with why).
        let renamed: [String: String?] = [
            "idRange": "explicitId", "titleRange": "positions", "frontMatterKeys": "positions",
            "headingRange": "heading", "bodyRange": "body", "syntaxIssues": "diagnostics", "partyRange": "positions",
            "bodyStart": nil,       // a byte offset: `sections` give the body's positions
            "bodyWasRead": nil,     // when false, the plan's diagnostics say so
            "rejectedID": nil,      // reported as a front-matter-invalid diagnostic
        ]
        func check(_ value: Any, _ object: [String: Any]?, _ name: String) {
            guard let object else { Issue.record("no exported \(name)"); return }
            for child in Mirror(reflecting: value).children {
                guard let label = child.label else { continue }
                if let target = renamed[label] {
                    if let target { #expect(object[target] != nil, "\(name).\(label) → \(target)") }
                } else {
                    #expect(object[label] != nil, "\(name).\(label) is not exported")
                }
            }
        }
        func first(_ key: String) -> [String: Any]? { (planObject[key] as? [[String: Any]])?.first }
        check(plan, planObject, "Plan")
        check(try #require(plan.goals.first), first("goals"), "Goal")
        check(try #require(plan.stakeholders.first), first("stakeholders"), "Stakeholder")
        check(try #require(plan.metrics.first), first("metrics"), "Metric")
        check(try #require(plan.phases.first), first("phases"), "Phase")
        check(try #require(plan.tasks.first), first("tasks"), "Task")
        check(try #require(plan.milestones.first), first("milestones"), "Milestone")
        check(try #require(plan.workshops.first), first("workshops"), "Workshop")
        check(try #require(plan.workshops.first?.decisions.first),
              (first("workshops")?["decisions"] as? [[String: Any]])?.first, "Decision")
        check(try #require(plan.channels.first), first("channels"), "Channel")
        check(try #require(plan.risks.first), first("risks"), "Risk")
        check(try #require(plan.escalations.first), first("escalations"), "Escalation")
        check(try #require(plan.updates.first), first("updates"), "Update")
        check(try #require(plan.sections.first), first("sections"), "Section")
        check(try #require(plan.suppressions.first), first("suppressions"), "SuppressionComment")
        check(try #require(plan.metrics.first?.target), first("metrics")?["target"] as? [String: Any], "Quantity")
    }

    @Test func modelJSONListsEveryFrontMatterKeyKnownOrNot() throws {
        // The model keeps unknown keys in `extraFields` only; the export lists all, sorted.
        let text = "---\ntitle: T\nzeta: 1\nstatus: draft\nalpha: 2\n---\n"
        let json = ModelJSON.render([try Self.sourced(text)], today: Self.today)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let plan = try #require((object["plans"] as? [[String: Any]])?.first)
        let positions = try #require(plan["positions"] as? [String: Any])
        let keys = try #require(positions["frontMatterKeys"] as? [String: [String: [String: Int]]])
        #expect(keys.keys.sorted() == ["alpha", "status", "title", "zeta"])
        #expect(keys["alpha"] == ["start": ["line": 5, "column": 1], "end": ["line": 5, "column": 6]])
        #expect(plan["extraFields"] as? [String] == ["zeta", "alpha"])
        #expect(json.contains("\"frontMatterKeys\": {\n          \"alpha\""))
    }

    @Test func modelJSONPositionsAreLinesAndCodePointColumns() throws {
        let text = "---\ntitle: T\nstatus: draft\n---\n## Stakeholders\n| Handle |\n|---|\n| @li |\n"
            + "## Tasks\n- [ ] Café 健康 @li due:2026-12-01\n"
        let json = ModelJSON.render([try Self.sourced(text)], today: Self.today)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let task = try #require(((object["plans"] as? [[String: Any]])?.first?["tasks"] as? [[String: Any]])?.first)
        let positions = try #require(task["positions"] as? [String: [String: [String: Int]]])
        // `- [ ] Café 健康 @li`: the handle starts at code point 15 (bytes would say 19).
        #expect(positions["owner"] == ["start": ["line": 10, "column": 15], "end": ["line": 10, "column": 18]])
        #expect(positions["due"]?["start"] == ["line": 10, "column": 23])  // the date after `due:`
        #expect(task["range"] as? [String: [String: Int]]
            == ["start": ["line": 10, "column": 1], "end": ["line": 10, "column": 33]])
    }
}
