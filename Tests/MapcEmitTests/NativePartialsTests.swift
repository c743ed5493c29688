import MapcCheck
@testable import MapcEmit
import MapcLower
import MapcModel
import MapcSource
import Testing
@testable import MapcSite
import MapcBuild

/// The natively rendered `task-row` and `work-item` partials must give the bytes Mustache
/// gives for the default templates: every page of a site is compared both ways.
@Suite struct NativePartialsTests {
    static let today = Day(iso: "2026-11-24")!

    static let plans = [
        """
        ---
        title: Pilot <b>&amp;</b> "quotes" 'single'
        owner: "@ana"
        start: 2026-10-01
        due: 2026-12-31
        parties: [Acme, Globex]
        ---
        ## Stakeholders
        | Handle | Name | Party | Role |
        |---|---|---|---|
        | @ana | Ana <i>A</i> | Acme | Lead & "owner" |
        | @bo | Bo | Globex | Sponsor |
        ## Tasks
        ### Phase <one> due:2026-11-30
        - [ ] Sign 1 < 2 & 3 > 0 "quoted" send @ana due:2026-11-20 id:sign est:2d
          - [ ] Sub-task of 'sign' @bo

            A note with 1 < 2 & "quotes"
        - [x] Done thing @bo due:2026-11-01
        - [ ] ~~Dropped~~ @ana
        - [ ] Blocked on {{template}} @ghost due:2026-12-10 after:sign status:blocked
        - [ ] No owner, no date
        - [ ] With helpers @ana @bo @cy due:2026-12-01 status:doing
        ## Milestones
        - Go live due:2026-12-15
        """,
        """
        ---
        title: Second
        ---
        ## Tasks
        - [ ] Only @ana due:2026-11-01
        - [ ] 日本語のタスク @bo due:2027-01-10
        """,
    ]

    /// The real build, into memory (`SiteBuild.site(of:)`).
    static func build(_ files: [(path: String, bytes: [UInt8])], templates: [String: String] = DefaultTemplates.files,
                      siteTitle: String? = "Plans", native: Bool = true) throws -> [String: String] {
        var settings = SiteSettings(siteTitle: siteTitle, baseURL: nil, today: today, templates: templates)
        settings.nativePartials = native
        return try SiteBuild(configuration: Configuration(), settings: settings).site(of: files)
    }

    static func site(native: Bool) throws -> [String: String] {
        try build(plans.enumerated().map { ("p\($0.offset).md", Array($0.element.utf8)) }, native: native)
    }

    struct Failure: Error {}

    @Test func nativeRowsAreByteIdenticalToMustache() throws {
        let native = try Self.site(native: true)
        let mustache = try Self.site(native: false)
        #expect(native.keys.sorted() == mustache.keys.sorted())
        for (path, page) in mustache {
            #expect(native[path] == page, "\(path) differs")
        }
        // The comparison covers rows of every shape.
        let plan = try #require(native["plans/p0.html"])
        #expect(plan.contains("<tr class=\"task overdue\">"))
        #expect(plan.contains("Sign 1 &lt; 2 &amp; 3 &gt; 0 &quot;quoted&quot; send"))
        #expect(plan.contains("<span class=\"sub\">A note with 1 &lt; 2 &amp; &quot;quotes&quot;</span>"))
        #expect(plan.contains("<td>@ghost</td>"), "an owner who is no stakeholder gets no link")
        #expect(plan.contains("<a href=\"../people/ana.html\">@ana</a>"))
        #expect(plan.contains("<span class=\"sub\">sub-task of"))
        #expect(plan.contains("<li><span class=\"chip overdue\">overdue</span>"))
        #expect(try #require(native["people/ana.html"]).contains("<tr class=\"task"))
    }

    @Test func anOverriddenPartialIsRenderedByMustache() throws {
        var templates = DefaultTemplates.files
        templates["task-row.mustache"] = "<tr><td>{{title}} by {{owner}}</td></tr>\n"
        let files = try Self.build([("p.md", Array(Self.plans[1].utf8))], templates: templates, siteTitle: nil)
        #expect(try #require(files["plans/p.html"]).contains("<tr><td>Only by ana</td></tr>"))
    }

    @Test func authorHeadingsSitUnderThePageHeadings() {
        let html = "<h1>A</h1>\n<h3>B</h3>\n<p>x <code>&lt;h2&gt;</code></p>\n<h6>F</h6>\n<h2 class=\"x\">"
        #expect(PlanPage.clampHeadings(html, atLeast: 3)
            == "<h3>A</h3>\n<h3>B</h3>\n<p>x <code>&lt;h2&gt;</code></p>\n<h6>F</h6>\n<h2 class=\"x\">")
        #expect(PlanPage.clampHeadings("<h1>T</h1><h4>x</h4>", atLeast: 2) == "<h2>T</h2><h4>x</h4>")
    }
}
