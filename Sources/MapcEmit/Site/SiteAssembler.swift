import MapcModel
import MapcSource
import Mustache

/// Puts a site together from its plans' fragments: the portfolio, the person pages,
/// status.json and calendar.ics. Needs no plan model, so an incremental build only
/// renders the fragments of the plans that changed.
public struct SiteAssembler: Sendable {
    public let settings: SiteSettings
    /// `index-row` and `person-plan` stand for their fragments' rendered text here.
    let library: MustacheLibrary
    let renderer: SiteRenderer

    public init(_ settings: SiteSettings) throws(SiteRenderer.TemplateError) {
        self.settings = settings
        renderer = try SiteRenderer(settings)
        library = try SiteRenderer.library(settings.templates,
                                           replacing: ["index-row": "{{{html}}}", "person-plan": "{{{html}}}"])
    }

    /// The published plans and what is left out, in input order: a plan is left out when
    /// its id cannot be a page, or when an earlier plan has the same page (SPEC §5).
    public static func publish(_ plans: [(file: String, id: String, rejectedID: String?)])
        -> (published: [Int], leftOut: [String])
    {
        var published: [Int] = [], leftOut: [String] = []
        var pages = Set<String>()
        for (index, plan) in plans.enumerated() {
            if let rejected = plan.rejectedID, SitePaths.escapes(rejected) {
                leftOut.append("\(plan.file): plan id `\(rejected)` would escape the output folder")
                continue
            }
            guard let page = SitePaths.planPage(for: plan.id), pages.insert(page.lowercased()).inserted else {
                leftOut.append("\(plan.file): plan id `\(plan.id)` cannot be a page name")
                continue
            }
            published.append(index)
        }
        return (published, leftOut)
    }

    /// The site's people, from the published fragments in attention order.
    func people(_ ordered: [SiteFragment]) -> PeopleIndex { PeopleIndex(ordered) }

    /// Every file but the plan pages: `index.html`, `people/*.html`, `status.json`,
    /// `calendar.ics`, `style.css`. `fragments` are the published plans in input order.
    /// `keepPersonPage` may answer true for a page whose inputs it knows unchanged: then
    /// that page is not rendered, and `personPages` names it instead.
    public func files(_ fragments: [SiteFragment], leftOut: [String],
                      keepPersonPage: (_ page: String, _ inputs: UInt64) -> Bool = { _, _ in false })
        -> (files: [String: String], personPages: [(page: String, inputs: UInt64)])
    {
        var files: [String: String] = [:]
        files["style.css"] = settings.templates["style.css"] ?? ""
        let ordered = fragments.sorted(by: SiteFragment.attentionOrder)
        let people = PeopleIndex(ordered)
        // The calendar and status.json need nothing else: made beside the pages.
        let data = ParallelMap.map([0, 1, 2]) { part -> String in
            switch part {
            case 0: render(IndexPage.context(ordered, people: people, leftOut: leftOut, base: renderer.base(root: "")),
                           "index")
            case 1: status(fragments)
            default: ICalendar.assemble(fragments.map(\.events), name: settings.calendarName)
            }
        }
        (files["index.html"], files["status.json"], files["calendar.ics"]) = (data[0], data[1], data[2])
        var personPages: [(page: String, inputs: UInt64)] = []
        var toRender: [PeopleIndex.Person] = []
        for person in people.people {
            let inputs = Self.inputs(of: person)
            personPages.append((person.page, inputs))
            if !keepPersonPage(person.page, inputs) { toRender.append(person) }
        }
        let rendered = ParallelMap.map(toRender) { person in
            render(PersonPage.context(person, base: renderer.base(root: "../")), "person")
        }
        for (person, page) in zip(toRender, rendered) { files["people/" + person.page] = page }
        return (files, personPages)
    }

    private func status(_ fragments: [SiteFragment]) -> String {
        let byStatus = fragments.sorted(by: SiteFragment.statusOrder)
        let counts = byStatus.map {
            StatusJSON.Counts(health: $0.health, overdue: $0.overdueCount, dueSoon: $0.dueSoonCount, blocked: $0.blockedCount)
        }
        return StatusJSON.document(today: settings.today, counts: counts, plans: byStatus.map { .rendered($0.statusEntry) })
            .render(indent: 2) + "\n"
    }

    func render(_ context: [String: Any], _ template: String) -> String {
        library.render(context, withTemplate: template) ?? "<!-- template \(template) is missing -->\n"
    }

    /// A hash of everything a person page shows besides the settings: the person and
    /// each of their plans' sections, in order.
    static func inputs(of person: PeopleIndex.Person) -> UInt64 {
        var hash = ContentHash()
        hash.add(person.key); hash.add(person.handle); hash.add(person.name)
        for membership in person.memberships {
            hash.add(membership.fragment.title); hash.add(membership.fragment.page ?? "")
            hash.add(membership.person.section)
            hash.add(membership.person.listedOpenCount); hash.add(membership.person.listedOverdueCount)
        }
        return hash.value
    }
}
