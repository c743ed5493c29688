import MapcModel
import MapcSource
import Mustache

/// Builds the static site as a map of relative paths to file contents: a pure function of
/// the plans, the templates and "today", so two builds are byte-identical.
public struct SiteBuilder {
    public var siteTitle: String
    public var baseURL: String?
    public var today: Day
    public var templates: [String: String]
    /// Render default partials natively (NativePartials); false renders all by Mustache.
    public var nativePartials = true

    public init(siteTitle: String?, baseURL: String?, today: Day, templates: [String: String] = DefaultTemplates.files) {
        self.siteTitle = siteTitle ?? "Plans"
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.today = today
        self.templates = templates
    }

    /// A template that does not parse, named so the user can fix it.
    public struct TemplateError: Error, CustomStringConvertible {
        public var name: String
        public var message: String
        public var description: String { "template \(name) does not parse: \(message)" }
    }

    /// Every file of the site. `leftOut` names plans that could not be published.
    public func build(_ plans: [SitePlan], leftOut: [String] = [],
                      extraFiles: [String: String] = [:]) throws(TemplateError) -> [String: String] {
        var library = MustacheLibrary()
        for (file, text) in templates.sorted(by: { $0.key < $1.key }) where file.hasSuffix(".mustache") {
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch {
                throw TemplateError(name: file, message: "\(error)")
            }
        }
        let native = nativePartials ? NativePartials.matching(templates) : .none
        for (name, text) in native.replacements.sorted(by: { $0.key < $1.key }) {
            do { try library.register(text, named: name) } catch { throw TemplateError(name: name, message: "\(error)") }
        }
        var files = extraFiles
        files["style.css"] = templates["style.css"] ?? ""
        let ordered = plans.sorted(by: Self.attentionOrder)
        let people = PeopleIndex(plans: ordered)
        let base = Self.baseContext(siteTitle: siteTitle, today: today, root: "")
        files["index.html"] = render(library, "index", IndexPage.context(ordered, people: people, leftOut: leftOut,
                                                                         base: base, siteTitle: siteTitle))
        // Pages are independent: render them on every core (Mustache is most of a build).
        let siteTitle = siteTitle, today = today, baseURL = baseURL, renderer = library
        let planPages = ParallelMap.map(ordered) { plan -> String in
            let base = Self.baseContext(siteTitle: siteTitle, today: today, root: "../")
            let context = PlanPage.context(plan, people: people, base: base, today: today,
                                           canonical: baseURL.map { "\($0)plans/\(SitePaths.href(plan.page))" }, native: native)
            return renderer.render(context, withTemplate: "plan") ?? "<!-- template plan is missing -->\n"
        }
        for (plan, page) in zip(ordered, planPages) { files["plans/" + plan.page] = page }
        let personPages = ParallelMap.map(people.people) { person -> String in
            let base = Self.baseContext(siteTitle: siteTitle, today: today, root: "../")
            let context = PersonPage.context(person, people: people, base: base, today: today, native: native)
            return renderer.render(context, withTemplate: "person") ?? "<!-- template person is missing -->\n"
        }
        for (person, page) in zip(people.people, personPages) { files["people/" + person.page] = page }
        return files
    }

    private func render(_ library: MustacheLibrary, _ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? "<!-- template \(name) is missing -->\n"
    }

    private static func baseContext(siteTitle: String, today: Day, root: String) -> [String: Any] {
        ["siteTitle": siteTitle, "root": root, "today": today.description, "todayLong": Self.longDate(today)]
    }

    /// What needs attention first: health, then overdue work, then title.
    static func attentionOrder(_ lhs: SitePlan, _ rhs: SitePlan) -> Bool {
        let a = lhs.summary, b = rhs.summary
        if a.health.urgency != b.health.urgency { return a.health.urgency < b.health.urgency }
        if a.overdue.count != b.overdue.count { return a.overdue.count > b.overdue.count }
        if a.plan.title.value != b.plan.title.value { return a.plan.title.value < b.plan.title.value }
        return lhs.page < rhs.page
    }

    /// `24 November 2026`.
    static func longDate(_ day: Day) -> String {
        let (year, month, dayOfMonth) = day.components
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        return "\(dayOfMonth) \(months[month - 1]) \(year)"
    }
}
