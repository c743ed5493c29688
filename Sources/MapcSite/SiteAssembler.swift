import MapcModel
import MapcSource
import Mustache
import MapcEmit

/// Puts a site together from its plans' fragments: the portfolio, the person pages,
/// status.json and calendar.ics. Needs no plan model, so an incremental build only
/// renders the fragments of the plans that changed.
public struct SiteAssembler: Sendable {
    public let settings: SiteSettings
    /// `index-row` and `person-plan` stand for their fragments' rendered text here.
    let library: MustacheLibrary

    public init(_ settings: SiteSettings) throws(SiteRenderer.TemplateError) {
        self.settings = settings
        library = try SiteRenderer.library(settings.templates,
                                           replacing: ["index-row": "{{{html}}}", "person-plan": "{{{html}}}"])
    }

    /// The published plans and what is left out, in input order: a plan is left out when
    /// its id cannot be a page, or when an earlier plan has the same page
    /// (docs/site.md#output-is-atomic-and-deterministic).
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

    /// What `files` puts together.
    public struct Assembled {
        /// `index.html`, `status.json`, `style.css`, and the person pages not handed to
        /// `writePersonPage`.
        public var texts: [String: String] = [:]
        /// Every person page, the hash of what it shows, and what `writePersonPage`
        /// answered for it (nil when it was kept or not handed over).
        public var personPages: [(page: String, inputs: Digest, written: String?)] = []
        /// The first failure `writePersonPage` reported.
        public var writeFailure: WriteFailure?
    }

    /// Why a page handed to `writePersonPage` could not be written.
    public struct WriteFailure: Error, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// Every file but the plan pages and the calendar (`calendar(_:write:)`). `fragments`
    /// are the published plans in input order.
    /// `keepPersonPage` may answer true for a page whose inputs it knows unchanged: that
    /// page is not rendered. `writePersonPage`, when given, receives each rendered person
    /// page (`people/NAME.html`, text) on the thread that rendered it, so no page waits
    /// in memory for the others.
    public func files(_ fragments: [SiteFragment], leftOut: [String], deletedThisWeek: [SiteFragment.DeletedPlan] = [],
                      keepPersonPage: (_ page: String, _ inputs: Digest) -> Bool = { _, _ in false },
                      writePersonPage: (@Sendable (_ path: String, _ text: String) -> Result<String, WriteFailure>)? = nil)
        -> Assembled
    {
        var result = Assembled()
        result.texts["style.css"] = settings.templates["style.css"] ?? ""
        let ordered = fragments.sorted(by: SiteFragment.attentionOrder)
        let people = PeopleIndex(ordered, declared: settings.people.declared)
        // status.json needs nothing else: made beside the portfolio.
        let data = ParallelMap.map([0, 1]) { part -> String in
            part == 0 ? render(IndexPage(ordered, people: people, leftOut: leftOut, site: settings.base(root: ""),
                                             week: settings.history ? settings.week : nil, deleted: deletedThisWeek),
                             "index")
                      : status(fragments)
        }
        (result.texts["index.html"], result.texts["status.json"]) = (data[0], data[1])
        var toRender: [PeopleIndex.Person] = []
        var inputs: [String: Digest] = [:]
        for person in people.people {
            inputs[person.page] = Self.inputs(of: person)
            if !keepPersonPage(person.page, inputs[person.page]!) { toRender.append(person) }
        }
        let rendered = ParallelMap.map(toRender) { person -> (text: String?, written: Result<String, WriteFailure>?) in
            let text = render(PersonPage(person, site: settings.base(root: "../")), "person")
            guard let writePersonPage else { return (text, nil) }
            return (nil, writePersonPage("people/" + person.page, text))
        }
        var written: [String: String] = [:]
        for (person, page) in zip(toRender, rendered) {
            if let text = page.text { result.texts["people/" + person.page] = text }
            switch page.written {
            case let .success(token)?: written[person.page] = token
            case let .failure(failure)?: result.writeFailure = result.writeFailure ?? failure
            case nil: break
            }
        }
        result.personPages = people.people.map { ($0.page, inputs[$0.page]!, written[$0.page]) }
        return result
    }

    /// `calendar.ics` in chunks, for a caller that writes it as it comes (`files(calendar: false)`).
    public func calendar(_ fragments: [SiteFragment], write: ([UInt8]) -> Void) {
        ICalendar.assemble(fragments.lazy.map(\.calendarEvents), name: settings.calendarName, chunk: 1 << 20, write: write)
    }

    private func status(_ fragments: [SiteFragment]) -> String {
        let byStatus = fragments.sorted(by: SiteFragment.statusOrder)
        let counts = byStatus.map {
            StatusJSON.Counts(health: $0.health, overdue: $0.overdueCount, dueSoon: $0.dueSoonCount, blocked: $0.blockedCount)
        }
        return StatusJSON.document(today: settings.today, counts: counts, plans: byStatus.map { .rendered($0.statusEntry) })
            .render(indent: 2) + "\n"
    }

    func render(_ model: some ViewModel, _ template: String) -> String {
        library.render(model.mustache, withTemplate: template) ?? "<!-- template \(template) is missing -->\n"
    }

    /// A hash of everything a person page shows besides the settings: the person and
    /// each of their plans' sections, in order.
    static func inputs(of person: PeopleIndex.Person) -> Digest {
        var hash = ContentHash()
        hash.add(person.page); hash.add(person.handle); hash.add(person.name)
        for membership in person.memberships {
            hash.add(membership.fragment.title); hash.add(membership.fragment.page ?? "")
            hash.add(membership.person.section.text)
            hash.add(membership.person.listedOpenCount); hash.add(membership.person.listedOverdueCount)
            hash.add(membership.person.ownsPlan ? 1 : 0)
        }
        return hash.value
    }
}
