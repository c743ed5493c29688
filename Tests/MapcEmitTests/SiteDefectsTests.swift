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
    static func page(_ text: String, configuration: Configuration = Configuration()) throws -> String {
        let source = SourceFile(path: "p.md", text: text)
        guard case let .plan(plan) = PlanLowering.lower(source) else { throw Failure() }
        let diagnostics = Checker(configuration: configuration, today: today).check(plan, source: source)
        var settings = SiteSettings(siteTitle: "Plans", baseURL: nil, today: today)
        settings.people = PeopleDirectory(Set(plan.stakeholders.map(\.handle.value.key)))
        return try SiteRenderer(settings).fragment(plan, source: source, prose: ProseRendering.render(plan, source: source),
                                                   diagnostics: diagnostics).pageHTML
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
