import Foundation
import MapcCheck
@testable import MapcEmit
import MapcLower
import MapcModel
import MapcParse
import MapcSource
import Testing

/// The status formats: order, wording, escaping and the JSON shape (docs/status.md).
@Suite struct StatusEmitTests {
    static let today = Day(iso: "2026-11-24")!

    static func summary(_ text: String, path: String = "p.md") throws -> PlanSummary {
        let source = SourceFile(path: path, text: text)
        guard case let .plan(plan) = PlanLowering.lower(source) else { throw Failure() }
        let diagnostics = Checker(configuration: Configuration(), today: today).check(plan, source: source)
        return PlanSummary(plan: plan, diagnostics: diagnostics, today: today)
    }

    struct Failure: Error {}

    static func plan(_ title: String, status: String = "active", tasks: String = "") -> String {
        "---\ntitle: \"\(title)\"\nstatus: \(status)\nstart: 2026-10-01\ndue: 2026-12-31\n---\n"
            + "## Stakeholders\n| Handle |\n|---|\n| @li |\n## Tasks\n" + tasks
    }

    @Test func plansNeedingAttentionComeFirst() throws {
        let late = "- [ ] A @li due:2026-11-20\n- [ ] B @li due:2026-12-20\n"
        let lateTwice = late + "- [ ] C @li due:2026-11-21\n- [ ] D @li due:2026-12-20\n"
        let summaries = try [
            Self.summary(Self.plan("Done plan", status: "done"), path: "a.md"),
            Self.summary(Self.plan("Zeta on track", tasks: "- [ ] A @li due:2026-12-01\n"), path: "b.md"),
            Self.summary(Self.plan("Alpha on track", tasks: "- [ ] A @li due:2026-12-01\n"), path: "c.md"),
            Self.summary(Self.plan("Off once", tasks: late), path: "d.md"),
            Self.summary(Self.plan("Off twice", tasks: lateTwice), path: "e.md"),
            Self.summary(Self.plan("Draft", status: "draft"), path: "f.md"),
            Self.summary(Self.plan("Blocked", tasks: "- [ ] A @li due:2026-12-01 status:blocked\n"), path: "g.md"),
        ]
        let report = StatusReport(summaries, today: Self.today)
        #expect(report.plans.map(\.plan.title.value)
            == ["Off twice", "Off once", "Blocked", "Alpha on track", "Zeta on track", "Draft", "Done plan"])
        #expect(report.headline == "7 plans: 2 off track, 1 at risk, 2 on track, 1 not running, 1 done")
        // Same input in another order: same report.
        let reversed = StatusReport(summaries.reversed(), today: Self.today)
        #expect(StatusJSON.render(reversed) == StatusJSON.render(report))
        #expect(StatusText.render(reversed) == StatusText.render(report))
    }

    @Test func textShowsEveryFactOfAPlan() throws {
        let summary = try Self.summary(Self.plan("Pilot", tasks: """
            - [x] Kickoff @li est:1d
            - [ ] Configure SSO @li due:2026-11-20 est:3d
            - [ ] Train the team @li due:2026-11-27 status:blocked
            - [ ] Go live @li due:2026-12-15

            ## Milestones
            - Pilot live due:2026-12-01
            """))
        let text = StatusText.render(StatusReport([summary], today: Self.today))
        #expect(text == """
            Status on 2026-11-24: 1 plan: 1 off track

            Off track    Pilot
              p.md · due 2026-12-31 (in 37 days)
              Why:               1 of 3 open tasks are overdue
              Progress:          1 of 4 tasks done (25%), 25% by estimate
              Overdue (1):       Configure SSO · @li · due 2026-11-20, 4 days late
              Due in 7 days (1): Train the team · @li · due 2026-11-27 (in 3 days)
              Blocked (1):       Train the team · @li · due 2026-11-27
              Next deadline:     2026-11-27 (in 3 days): Train the team
              Last update:       none

            """)
        let brief = StatusText.render(StatusReport([summary], today: Self.today), brief: true)
        #expect(brief == "Status on 2026-11-24: 1 plan: 1 off track\nOff track    Pilot — 1/4 done, 1 overdue, 1 blocked, next 2026-11-27\n")
        let colored = StatusText.render(StatusReport([summary], today: Self.today), color: true, brief: true)
        #expect(colored.contains("\u{1B}[1;31mOff track\u{1B}[0m    Pilot"))
    }

    @Test func overdueAndDueSoonAreListedByDate() throws {
        let summary = try Self.summary(Self.plan("Order", tasks: """
            - [ ] Later @li due:2026-11-30
            - [ ] Sooner @li due:2026-11-25
            - [ ] Also sooner @li due:2026-11-25
            - [ ] Late @li due:2026-11-23
            - [ ] Later still @li due:2026-12-20
            - [ ] Very late @li due:2026-11-01
            """))
        #expect(summary.dueSoonByDate.map(\.title) == ["Sooner", "Also sooner", "Later"])
        #expect(summary.overdueByDate.map(\.title) == ["Very late", "Late"])
        let text = StatusText.render(StatusReport([summary], today: Self.today))
        #expect(text.contains("Overdue (2):       Very late · @li · due 2026-11-01, 23 days late\n"))
    }

    @Test func textNeutralisesTerminalControlCharacters() {
        #expect(StatusText.clean("a\u{1B}[2Jb\tc\nd\u{9B}e") == "a␛[2Jb␉c␊d\\u{9B}e")
    }

    @Test func markdownEscapesPlanText() {
        #expect(MarkdownText.inert("a | b") == "a \\| b")
        #expect(MarkdownText.inert("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>")
        #expect(MarkdownText.inert("*bold* _it_ `code` [link](x) ~~s~~ $x$")
            == "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~\\~s\\~\\~ \\$x\\$")
        #expect(MarkdownText.inert("# heading") == "\\# heading")
        #expect(MarkdownText.inert("- item") == "\\- item")
        #expect(MarkdownText.inert("+1") == "\\+1")
        #expect(MarkdownText.inert("12. list") == "12\\. list")
        #expect(MarkdownText.inert("v1.2 and a-b") == "v1.2 and a-b")
        #expect(MarkdownText.inert("R&D &amp; &#60; &") == "R&D \\&amp; \\&\\#&#8203;60; &")
        #expect(MarkdownText.inert("back\\slash") == "back\\\\slash")
        #expect(MarkdownText.inert("two\nlines") == "two lines")
        #expect(MarkdownText.code("@li") == "`@li`")
        #expect(MarkdownText.code("a`b") == "``a`b``")
        #expect(MarkdownText.code("`x") == "`` `x ``")
    }

    @Test func hostileTitlesStayTextWhenTheMarkdownIsRendered() throws {
        let title = "Launch | <img src=x onerror=alert(1)> *now* [x](javascript:alert(1)) `c` &lt;"
        let summary = try Self.summary(Self.plan(title, tasks: "- [ ] <b>Bold</b> | pipe @li due:2026-11-20\n"))
        let markdown = StatusMarkdown.render(StatusReport([summary], today: Self.today))
        let html = Markdown.renderHTML(markdown)
        #expect(!html.contains("raw HTML omitted"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<em>"))
        #expect(!html.contains("href=\"javascript"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&amp;lt;"))
        // The table keeps its eight columns: the title's `|` did not split a cell.
        let row = html.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tr>")[0]
        #expect(row.components(separatedBy: "<td").count - 1 == 8)
        #expect(row.contains("Launch | &lt;img"))
        // List items hold exactly the text of the plan (lowering already dropped the `<b>` tags).
        #expect(html.contains("<li>Bold | pipe — <code>@li</code> — due 2026-11-20, 4 days late</li>"))
        // A zero-width space after `javascript` keeps GitHub from reading a scheme.
        #expect(html.contains("<h3>🔴 Launch | &lt;img src=x onerror=alert(1)&gt; *now* [x](javascript\u{200B}:alert(1)) `c` &amp;lt;</h3>"))
    }

    @Test func markdownReadsLikeAReport() throws {
        let summary = try Self.summary(Self.plan("Pilot", tasks: """
            - [x] Kickoff @li
            - [ ] Configure SSO @li due:2026-11-20

            ## Goals
            ### G1: Seats
            ## Metrics
            | Metric | Goal | Baseline | Target | Current | Checkpoints |
            |---|---|---|---|---|---|
            | Seats | G1 | 0 | 50 | 10 | 25 by 2026-11-15 |
            """))
        let markdown = StatusMarkdown.render(StatusReport([summary], today: Self.today))
        #expect(markdown == """
            **Status on 2026-11-24:** 1 plan: 1 off track

            | Plan | Health | Done | Overdue | Due in 7 days | Blocked | Next deadline | Last update |
            |---|---|---:|---:|---:|---:|---|---|
            | Pilot | 🔴 Off track | 1/2 (50%) | 1 | 0 | 0 | — | — |

            ### 🔴 Pilot

            **Off track:** 1 of 1 open tasks are overdue

            - **Progress:** 1 of 2 tasks done (50%)
            - **Overdue (1):**
              - Configure SSO — `@li` — due 2026-11-20, 4 days late
            - **Goals off track (1):**
              - **G1:** Seats — Seats: 10, target 50 (20% of the way, checkpoint 25 by 2026-11-15 missed (10), 59% expected by now)
            - **Next deadline:** none
            - **Last update:** none

            `p.md` · due 2026-12-31 (in 37 days)

            """)
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let summary = try Self.summary(Self.plan("Pilot", tasks: """
            - [x] Kickoff @li est:1d
            - [ ] Configure SSO @li due:2026-11-20 est:2d id:sso
            - [ ] Train @li due:2026-11-26 status:blocked
            """))
        let text = StatusJSON.render(StatusReport([summary], today: Self.today))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Array(object.keys).sorted() == ["format", "headline", "plans", "summary", "today", "version"])
        #expect(object["format"] as? String == "mapc-status")
        #expect(object["version"] as? Int == 1)
        let plans = try #require(object["plans"] as? [[String: Any]])
        let plan = try #require(plans.first)
        #expect(Array(plan.keys).sorted() == [
            "blocked", "daysSinceUpdate", "daysToDue", "diagnostics", "due", "dueSoon", "file", "goalsOffTrack",
            "health", "healthLabel", "healthReasons", "history", "id", "lastUpdate", "nextDeadline", "overdue", "owner",
            "parties", "progress", "review", "stale", "start", "status", "title",
        ])
        // Without the plans' git history (docs/history.md#in-status).
        #expect(plan["history"] is NSNull)
        #expect(plan["health"] as? String == "off-track")
        let progress = try #require(plan["progress"] as? [String: Any])
        #expect(progress["done"] as? Int == 1 && progress["total"] as? Int == 3)
        #expect(progress["fraction"] as? Double == 0.3333)
        #expect(progress["weighted"] as? Double == 0.3333)
        let overdue = try #require((plan["overdue"] as? [[String: Any]])?.first)
        #expect(overdue["id"] as? String == "sso")
        #expect(overdue["owner"] as? String == "li")
        #expect(overdue["due"] as? String == "2026-11-20")
        #expect(overdue["daysLate"] as? Int == 4)
        let soon = try #require((plan["dueSoon"] as? [[String: Any]])?.first)
        #expect(soon["daysLeft"] as? Int == 2)
        #expect(soon["progress"] as? String == "blocked")
        let next = try #require(plan["nextDeadline"] as? [String: Any])
        #expect(next["date"] as? String == "2026-11-26" && next["title"] as? String == "Train")
        #expect(next["kind"] as? String == "task" && next["daysLeft"] as? Int == 2)
        #expect(plan["lastUpdate"] is NSNull)
    }
}
