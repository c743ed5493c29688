import MapcCheck
import MapcLower
import MapcModel
import MapcSource
import Testing
@testable import MapcSite

/// Defects of the site found by hand (issue 10, part 4): each a plan in, the exact HTML out.
@Suite struct SiteDefectsTests {
    static let today = Day(iso: "2026-11-24")!

    /// The plan page of one plan, rendered as `mapc build` renders it.
    static func page(_ text: String, showProblems: Bool = true) throws -> String {
        try fragment(text, showProblems: showProblems).pageHTML
    }

    /// The fragment of one plan: its page, its portfolio row…
    static func fragment(_ text: String, showProblems: Bool = true) throws -> SiteFragment {
        let source = SourceFile(path: "p.md", text: text)
        guard case let .plan(plan) = PlanLowering.lower(source) else { throw Failure() }
        let diagnostics = Checker(configuration: Configuration(), today: today).check(plan, source: source)
        var settings = SiteSettings(siteTitle: "Plans", baseURL: nil, today: today)
        settings.people = PeopleDirectory(Set(plan.stakeholders.map(PersonIdentity.key)))
        settings.showProblems = showProblems
        return try SiteRenderer(settings).fragment(plan, source: source, prose: ProseRendering.render(plan, source: source),
                                                   diagnostics: diagnostics)
    }

    /// The part of `html` from the first `from` to the first `to` after it, both included.
    static func slice(_ html: String, from: String, to: String) throws -> String {
        let start = try #require(html.range(of: from))
        let end = try #require(html.range(of: to, range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    struct Failure: Error {}

    // MARK: The escalation path is shown once

    @Test func theEscalationPathIsShownOnceNotAgainAsRawText() throws {
        let html = try Self.page("""
            ---
            title: Pilot
            ---
            ## Stakeholders
            | Handle | Name |
            |---|---|
            | @li | Li |
            | @dana | Dana |
            ## Conflict resolution

            Disagreements go to the weekly sync & "review".
            escalate: @li -> @dana

            escalate: @dana -> @li

            - escalate: @li -> @dana
            - or ask @li
            """)
        #expect(try Self.slice(html, from: "<h2 id=\"conflict-heading\">", to: "</section>") == """
            <h2 id="conflict-heading">Conflict resolution</h2>
            <p>Escalation path: @li → @dana</p><p>Escalation path: @dana → @li</p><p>Escalation path: @li → @dana</p>
            <p>Disagreements go to the weekly sync &amp; &quot;review&quot;.</p>
            <ul>
            <li>or ask @li</li>
            </ul>

            </section>
            """)
    }
}

// MARK: The timeline's ticks and labels, and done tasks in it

extension SiteDefectsTests {
    static func plan(start: String, due: String, tasks: String) -> String {
        "---\ntitle: Plan\nstart: \(start)\ndue: \(due)\n---\n## Tasks\n\(tasks)\n"
    }

    /// Every match of a pattern in the page's timeline.
    static func matches(_ pattern: String, in html: String) throws -> [String] {
        let svg = try slice(html, from: "<svg class=\"gantt\"", to: "</svg>")
        let regex = try Regex(pattern)
        return svg.matches(of: regex).map { String(svg[$0.range]) }
    }

    @Test func ticksAreMonthsQuartersHalfYearsOrYearsAsTheTimelineIsLong() throws {
        func labels(_ start: String, _ due: String) throws -> [String] {
            try Self.matches(#"<text class="tick"[^>]*>[^<]*</text>"#,
                             in: Self.page(Self.plan(start: start, due: due, tasks: "- [ ] Do @ana start:\(start) due:\(due)")))
        }
        // Three years: 39 month labels 19 px apart before; now one every half-year.
        #expect(try labels("2026-01-12", "2029-03-30") == [
            #"<text class="tick" x="408.6" y="22">H2 2026</text>"#,
            #"<text class="tick" x="521" y="22">H1 2027</text>"#,
            #"<text class="tick" x="631.5" y="22">H2 2027</text>"#,
            #"<text class="tick" x="743.9" y="22">H1 2028</text>"#,
            #"<text class="tick" x="855.1" y="22">H2 2028</text>"#,
            #"<text class="tick" x="967.4" y="22">H1 2029</text>"#,
        ])
        #expect(try labels("2026-06-01", "2027-06-30").map { String($0.split(separator: ">")[1].dropLast(6)) }
            == ["Q3 2026", "Q4 2026", "Q1 2027", "Q2 2027"])
        #expect(try labels("2020-01-01", "2035-12-31").map { String($0.split(separator: ">")[1].dropLast(6)) }
            == (2020...2035).map { "\($0)" })
        #expect(try labels("2000-01-01", "2039-12-31").map { String($0.split(separator: ">")[1].dropLast(6)) }
            == ["2000", "2005", "2010", "2015", "2020", "2025", "2030", "2035"])
        #expect(try labels("2026-10-01", "2026-12-15").map { String($0.split(separator: ">")[1].dropLast(6)) }
            == ["Oct 2026", "Nov 2026", "Dec 2026"])
    }

    @Test func noLabelIsCutAtTheRightEdge() throws {
        // The tick of January 2027 is 21 px from the edge: its line is drawn, its label is not.
        let edge = try Self.page(Self.plan(start: "2026-11-02", due: "2026-12-30",
                                           tasks: "- [ ] Build @ana start:2026-11-02 due:2026-12-30"))
        #expect(try Self.matches(#"<line class="grid"[^>]*/>(<text class="tick"[^>]*>[^<]*</text>)?"#, in: edge) == [
            #"<line class="grid" x1="322.5" y1="28" x2="322.5" y2="66"/><text class="tick" x="325.5" y="22">Nov 2026</text>"#,
            #"<line class="grid" x1="660" y1="28" x2="660" y2="66"/><text class="tick" x="663" y="22">Dec 2026</text>"#,
            #"<line class="grid" x1="1008.8" y1="28" x2="1008.8" y2="66"/>"#,
        ])
        // Today at the right end: its label is left of the line.
        let late = try Self.page(Self.plan(start: "2026-09-01", due: "2026-11-03",
                                           tasks: "- [ ] Build @ana start:2026-09-01 due:2026-11-03"))
        #expect(try Self.matches(#"<g class="today">.*?</g>"#, in: late) == [
            #"<g class="today"><title>Today, 2026-11-24</title><line x1="996" y1="30" x2="996" y2="66"/><text x="993" y="33" text-anchor="end">today</text></g>"#,
        ])
    }

    /// On any length of plan, from days to decades, every label fits inside the chart and
    /// none reaches the next one.
    @Test func labelsFitOnEveryLengthOfPlan() throws {
        let start = Day(iso: "2026-01-01")!
        for days in [1, 5, 20, 40, 70, 100, 200, 300, 330, 400, 700, 1_000, 1_100, 1_500, 2_500, 4_000, 8_000, 20_000] {
            let due = start.adding(days: days)
            let html = try Self.page(Self.plan(start: "\(start)", due: "\(due)", tasks: "- [ ] Do @ana start:\(start) due:\(due)"))
            var right = 0.0
            for tag in try Self.matches(#"<text class="tick" x="[0-9.]+" y="22">[^<]*</text>|<text x="[0-9.]+" y="33"( text-anchor="end")?>today</text>"#,
                                        in: html) {
                let xText = try #require(tag.firstMatch(of: #/x="([0-9.]+)"/#)).1
                let x = try #require(Double(xText))
                let label = try #require(tag.firstMatch(of: #/>([^<]*)</#)).1
                let width = Double(label.count) * 7
                let (left, end) = tag.contains("text-anchor") ? (x - width, x) : (x, x + width)
                #expect(left >= 300 && end <= 1030, "\(days) days: \(tag)")
                if tag.contains("tick") {
                    #expect(left >= right, "\(days) days: \(tag) runs into the label before it")
                    right = end
                }
            }
        }
    }

    @Test func aDoneTaskEndsTheDayItWasDone() throws {
        let html = try Self.page(Self.plan(start: "2026-10-01", due: "2026-11-20", tasks: """
            - [x] Sign @ana due:2026-10-16 ✅ 2026-10-20
            - [x] Kickoff @ana ✅ 2026-10-05
            - [x] Review @ana due:2026-11-02 est:3d done:2026-10-28
            - [ ] Build @ana due:2026-11-20
            """))
        #expect(try Self.matches(#"<g class="task [^"]*">.*?</g>"#, in: html) == [
            // Late: from the due date to the day it was done.
            #"<g class="task done"><title>Sign — done on 2026-10-20, due 2026-10-16, owner @ana</title><text class="task-label" x="14" y="50">Sign</text><rect class="bar" x="516" y="39" width="48" height="14" rx="3"/></g>"#,
            // No due date, only the day it was done: drawn, not "without a date".
            #"<g class="task done"><title>Kickoff — done on 2026-10-05, owner @ana</title><text class="task-label" x="14" y="74">Kickoff</text><rect class="bar" x="384" y="63" width="4" height="14" rx="3"/></g>"#,
            // Early: its three days end the day it was done.
            #"<g class="task done"><title>Review — done on 2026-10-28, due 2026-11-02, owner @ana</title><text class="task-label" x="14" y="98">Review</text><rect class="bar" x="636" y="87" width="24" height="14" rx="3"/></g>"#,
            #"<g class="task overdue"><title>Build — overdue, due 2026-11-20, owner @ana</title><text class="task-label" x="14" y="122">Build</text><rect class="bar" x="936" y="111" width="4" height="14" rx="3"/></g>"#,
        ])
        #expect(!html.contains("without a date"))
    }
}

// MARK: Updates are a list, newest first, not numbered backwards

extension SiteDefectsTests {
    @Test func updatesAreAnUnnumberedListNewestFirst() throws {
        let html = try Self.page("""
            ---
            title: Plan
            ---
            ## Updates
            - 2026-11-06: diagrams "1 < 2" received
            - 2026-11-20: review passed & signed
            - 2026-11-13: spec signed off
            """)
        #expect(try Self.slice(html, from: "<h2 id=\"updates-heading\">", to: "</section>") == """
            <h2 id="updates-heading">Updates</h2>
            <ul class="updates"><li><time datetime="2026-11-20">2026-11-20</time> review passed &amp; signed</li>
            <li><time datetime="2026-11-13">2026-11-13</time> spec signed off</li>
            <li><time datetime="2026-11-06">2026-11-06</time> diagrams &quot;1 &lt; 2&quot; received</li>
            </ul>
            </section>
            """)
    }
}

// MARK: "Shared by" only when the plan names parties

extension SiteDefectsTests {
    static let stakeholdersWithoutParties = """
        ---
        title: Plan
        ---
        ## Stakeholders
        | Handle | Name | Party |
        |---|---|---|
        | @ana | Ana | Acme |
        """

    @Test func noEmptySharedByLineWithoutParties() throws {
        let html = try Self.page(Self.stakeholdersWithoutParties)
        #expect(try Self.slice(html, from: "<span>Status: Active</span>", to: "</header>") == """
            <span>Status: Active</span>



            </p>

            <ul class="reasons"><li>mapc read no task and no milestone in the plan</li></ul>
            </header>
            """)
        #expect(html.contains("<h2 id=\"stakeholders-heading\">Stakeholders by party</h2>\n<h3>Acme</h3>"))
        let shared = try Self.page("---\ntitle: Plan\nparties: [Acme, \"Globex & <Co>\"]\n---\n")
        #expect(try Self.slice(shared, from: "<p class=\"parties\">", to: "</p>")
            == #"<p class="parties">Shared by <span class="party">Acme</span><span class="party">Globex &amp; &lt;Co&gt;</span></p>"#)
    }
}

// MARK: Effort is effort; empty columns and tables are left out

extension SiteDefectsTests {
    @Test func dependenciesAreShownWithTheTaskNotUnderEffort() throws {
        let html = try Self.page("""
            ---
            title: Plan
            ---
            ## Tasks
            - [ ] Survey the bank @ana due:2026-12-01 id:survey
            - [ ] Apply & file @ana due:2026-12-10 after:survey est:2d
            """)
        #expect(try Self.slice(html, from: "<tr class=\"task open\">\n<td><span class=\"chip open\">open</span></td>\n<td>Apply",
                               to: "</tr>") == """
            <tr class="task open">
            <td><span class="chip open">open</span></td>
            <td>Apply &amp; file<span class="sub">after survey</span></td>
            <td>@ana</td>
            <td><span class="chip date"><time datetime="2026-12-10">2026-12-10</time></span></td>
            <td>2d</td>
            </tr>
            """)
    }

    @Test func emptyColumnsAndPartiesWithoutPeopleAreLeftOut() throws {
        let html = try Self.page("""
            ---
            title: Plan
            parties: [Acme, Globex, Initech]
            ---
            ## Stakeholders
            | Handle | Name | Party | Role | Interests | Expectations | Capacity |
            |---|---|---|---|---|---|---|
            | @ana | Ana | Acme | Lead | Speed & "quality" | | |
            | @bo | Bo | Acme | Sponsor | | | |
            | @cy | Cy | Globex | | | | 2 days a week |
            """)
        #expect(try Self.slice(html, from: "<h2 id=\"stakeholders-heading\">", to: "</section>") == """
            <h2 id="stakeholders-heading">Stakeholders by party</h2>
            <h3>Acme</h3>
            <div class="table-scroll" role="region" aria-label="Stakeholders: Acme" tabindex="0">
            <table class="people-table">
            <thead><tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col">Interests</th><th scope="col">Open work</th></tr></thead>
            <tbody>
            <tr><th scope="row"><a href="../people/ana.html">Ana</a> <span class="muted">@ana</span></th><td>Lead</td><td>Speed &amp; &quot;quality&quot;</td><td>none</td></tr>
            <tr><th scope="row"><a href="../people/bo.html">Bo</a> <span class="muted">@bo</span></th><td>Sponsor</td><td></td><td>none</td></tr>
            </tbody>
            </table>
            </div>
            <h3>Globex</h3>
            <div class="table-scroll" role="region" aria-label="Stakeholders: Globex" tabindex="0">
            <table class="people-table">
            <thead><tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col">Capacity</th><th scope="col">Open work</th></tr></thead>
            <tbody>
            <tr><th scope="row"><a href="../people/cy.html">Cy</a> <span class="muted">@cy</span></th><td></td><td>2 days a week</td><td>none</td></tr>
            </tbody>
            </table>
            </div>
            </section>
            """)
        // Parties, no stakeholders: no section of empty tables.
        #expect(!(try Self.page("---\ntitle: Plan\nparties: [Acme]\n---\n")).contains("stakeholders-heading"))
    }
}

// MARK: One word for a severity: the command line's

extension SiteDefectsTests {
    @Test func thePageCallsAnInfoAnInfoAsTheCommandLineDoes() throws {
        let html = try Self.page("""
            ---
            title: Plan
            ---
            ## Tasks
            - [ ] Sign @ana
            - [ ] Send @ana
            """)
        #expect(try Self.slice(html, from: "<h2 id=\"diagnostics-heading\">", to: "</p>")
            == #"<h2 id="diagnostics-heading">Problems in the plan file</h2>"# + "\n"
            + #"<p>2 errors, 1 warning, 3 infos in <code>p.md</code>:</p>"#)
        #expect(!html.contains("note"))
    }
}

// MARK: Problems: code spans as code, and a site may leave them out

extension SiteDefectsTests {
    static let planWithProblems = """
        ---
        title: Plan
        owner: "@ana"
        ---
        ## Stakeholders
        | Handle | Name |
        |---|---|
        | @ana | Ana |
        ## Tasks
        - [ ] Sign @ana due:2026-12-01 after:a<b&c
        - [ ] Send @ana due:2026-12-01 after:sig
        - [ ] Send `this` @ana due:2026-12-01 status:Active
        """

    @Test func codeSpansInProblemsAreCodeAndEscaped() throws {
        let html = try Self.page(Self.planWithProblems)
        #expect(try Self.slice(html, from: "<ul>\n<li class=\"warning\">", to: "</ul>") == """
            <ul>
            <li class="warning"><span class="chip warning">warning</span> line 1: no communication channel has a cadence <span class="muted">[no-communication]</span><span class="sub">add a channel with a rhythm under Communication, e.g. <code>- Weekly sync every:week @dana</code></span></li>
            <li class="info"><span class="chip info">info</span> line 1: the plan has no conflict resolution process <span class="muted">[no-conflict-process]</span><span class="sub">add a <code>## Conflict resolution</code> section, e.g. <code>escalate: @lead -&gt; @sponsor</code></span></li>
            <li class="error"><span class="chip error">error</span> line 10: task <code>Sign</code> depends on <code>a&lt;b&amp;c</code>, which is not a task of this plan <span class="muted">[dependency-unknown]</span><span class="sub">use the <code>id:</code> of an existing task</span></li>
            <li class="error"><span class="chip error">error</span> line 11: task <code>Send</code> depends on <code>sig</code>, which is not a task of this plan <span class="muted">[dependency-unknown]</span><span class="sub">did you mean <code>sign</code>?</span></li>
            <li class="warning"><span class="chip warning">warning</span> line 12: unknown value <code>Active</code> for <code>status:</code> <span class="muted">[unknown-field]</span><span class="sub">use one of: doing, blocked, todo</span></li>
            </ul>
            """)
        #expect(!html.contains("`"))
    }

    @Test func backticksPairIntoCodeSpans() {
        typealias Part = PlanPage.TextPart
        let parts = { (text: String) in Part.parts(text).map { $0.code ? "[\($0.text)]" : $0.text }.joined(separator: "|") }
        #expect(parts("use `a` or `b`") == "use |[a]| or |[b]")
        #expect(parts("`a`") == "[a]")
        #expect(parts("one ` alone") == "one ` alone")
        #expect(parts("empty `` pair, then `x`") == "empty `` pair, then |[x]")
        #expect(parts("") == "")
    }

    @Test func aSiteForACustomerLeavesTheProblemsOut() throws {
        let shown = try Self.fragment(Self.planWithProblems)
        #expect(shown.pageHTML.contains("<h2 id=\"diagnostics-heading\">"))
        #expect(shown.indexRow.contains("<span class=\"sub problems\">2 errors, 2 warnings in the file</span>"))
        let hidden = try Self.fragment(Self.planWithProblems, showProblems: false)
        #expect(try Self.slice(hidden.pageHTML, from: "</section>\n\n", to: "<section") == """
            </section>





            <section
            """)
        #expect(!hidden.pageHTML.contains("diagnostics"))
        #expect(!hidden.indexRow.contains("problems"))
        // The build still reports them on the console.
        #expect(hidden.errors.count == 2)
    }

    @Test func showProblemsIsReadFromMapcYml() throws {
        #expect(try Configuration.parse("site: { title: x }\n", path: "mapc.yml").showProblems == true)
        #expect(try Configuration.parse("site: { show_problems: false }\n", path: "mapc.yml").showProblems == false)
        #expect(try Configuration.parse("site:\n  show_problems: true\n", path: "mapc.yml").showProblems == true)
        do {
            _ = try Configuration.parse("site: { show_problems: maybe }\n", path: "mapc.yml")
            Issue.record("no error")
        } catch {
            #expect(error.items.map(\.description)
                == ["mapc.yml:1:24: `site.show_problems` must be true or false, not `maybe`"])
        }
    }
}

// MARK: An image whose address is refused leaves its alt text

extension SiteDefectsTests {
    @Test func aRefusedImageLeavesItsAltTextNotAnEmptySource() throws {
        let html = try Self.page("""
            ---
            title: Plan
            ---
            ## Notes
            ![a <b> & "c"](javascript:alert(1)) ![ok](https://x.org/a.png "T") ![d](data:image/png;base64,AA==) ![f *g*](ftp://x/y.png "t>") [link](javascript:x)
            """)
        #expect(try Self.slice(html, from: "<h2 id=\"section-0\">Notes</h2>", to: "</p>") == """
            <h2 id="section-0">Notes</h2>
            <p>a &lt;b&gt; &amp; &quot;c&quot; <img src="https://x.org/a.png" alt="ok" title="T" /> d f g <a href="">link</a></p>
            """)
    }
}

// MARK: A risk's likelihood is shown

extension SiteDefectsTests {
    @Test func aRiskShowsItsLikelihood() throws {
        let html = try Self.page("""
            ---
            title: Plan
            ---
            ## Stakeholders
            | Handle | Name |
            |---|---|
            | @li | Li |
            ## Risks
            - Certification may slip impact:high likelihood:medium @li mitigation: book the slot & pay
            - Staff fall back likelihood:low&rare
            - Weather
            """)
        #expect(try Self.slice(html, from: "<ul class=\"risks\">", to: "</ul>") == """
            <ul class="risks"><li><span class="chip impact-high">high impact</span> <span class="chip likelihood-medium">medium likelihood</span> Certification may slip <span class="muted">@li</span><span class="sub">Mitigation: book the slot &amp; pay</span></li>
            <li><span class="chip likelihood-low&amp;rare">low&amp;rare likelihood</span> Staff fall back</li>
            <li>Weather</li>
            </ul>
            """)
    }
}
