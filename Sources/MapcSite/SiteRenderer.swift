import MapcHistory
import MapcCheck
import MapcModel
import MapcSource
import Mustache
import MapcEmit

/// Renders one plan into its `SiteFragment`: the per-plan half of a site build, run on
/// every core. Which templates are used, and how, is fixed here once per build.
public struct SiteRenderer: Sendable {
    public let settings: SiteSettings
    let library: MustacheLibrary
    let native: NativePartials

    /// A template that does not parse, or templates that include each other in a cycle,
    /// named so the user can fix them.
    public struct TemplateError: Error, CustomStringConvertible {
        public var name: String
        public var message: String
        /// For an inclusion cycle: the file names from `name` back to itself.
        public var cycle: [String]?

        public init(name: String, message: String, cycle: [String]? = nil) {
            self.name = name
            self.message = message
            self.cycle = cycle
        }

        public var description: String {
            guard let cycle else { return "template \(name) does not parse: \(message)" }
            return "template \(name) includes itself: \(cycle.joined(separator: " → ")); "
                + "a partial must not include itself, directly or through other templates"
        }
    }

    public init(_ settings: SiteSettings) throws(TemplateError) {
        self.settings = settings
        native = settings.nativePartials ? NativePartials.matching(settings.templates) : .none
        library = try Self.library(settings.templates, replacing: native.replacements)
    }

    /// The templates as a Mustache library, some partials replaced by other text. A cycle
    /// of inclusions is an error here: rendering it would overflow the stack.
    static func library(_ templates: [String: String], replacing: [String: String]) throws(TemplateError)
        -> MustacheLibrary
    {
        var texts: [String: String] = [:]
        for (file, text) in templates where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            texts[name] = replacing[name] ?? text
        }
        if let cycle = TemplateInclusions.cycle(in: texts) {
            let files = cycle.map { $0 + ".mustache" }
            throw TemplateError(name: files[0], message: "", cycle: files)
        }
        var library = MustacheLibrary()
        for (file, text) in templates.sorted(by: { $0.key < $1.key }) where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            do {
                try library.register(replacing[name] ?? text, named: name)
            } catch {
                throw TemplateError(name: replacing[name] == nil ? file : name, message: "\(error)")
            }
        }
        return library
    }

    func render(_ model: some ViewModel, _ template: String) -> String {
        library.render(model.mustache, withTemplate: template) ?? "<!-- template \(template) is missing -->\n"
    }

    /// The fragment of a compiled plan. A plan whose id cannot be a page gets no page,
    /// row, section, entry or events: it is left out of the site.
    /// `people` replaces the settings' directory, e.g. a guess to be checked later with
    /// `SiteFragment.linkKey`.
    public func fragment(_ plan: Plan, source: SourceFile, prose: PlanProse, diagnostics: [Diagnostic],
                         people directory: PeopleDirectory? = nil, history: PlanHistory? = nil) -> SiteFragment {
        let summary = PlanSummary(plan: plan, diagnostics: diagnostics, today: settings.today)
        let page = plan.rejectedID.map(SitePaths.escapes) == true ? nil : SitePaths.planPage(for: plan.id.value)
        var fragment = SiteFragment(
            file: source.path, planID: plan.id.value, rejectedID: plan.rejectedID, page: page, title: plan.title.value,
            health: summary.health, overdueCount: summary.overdue.count, dueSoonCount: summary.dueSoon.count,
            blockedCount: summary.blocked.count, pageHTML: "", indexRow: "", people: [], statusEntry: "", events: [],
            errors: diagnostics.filter { $0.severity == .error }, warningCount: diagnostics.count(of: .warning),
            noteCount: diagnostics.count(of: .info), workspaceAnchors: [])
        fragment.members = WorkspacePlan.Person.of(plan)
        guard let page else { return fragment }
        let sitePlan = SitePlan(source: source, summary: summary, prose: prose, page: page)
        let today = settings.today, people = (directory ?? settings.people).scoped(to: plan)
        let rows = RowBook(plan: plan, people: people, today: today, native: native)
        var planPage = PlanPage(sitePlan, people: people, site: settings.base(root: "../"), today: today,
                            canonical: settings.baseURL.map { "\($0)plans/\(SitePaths.href(page))" }, native: native,
                            rows: rows, showProblems: settings.showProblems)
        if settings.history {
            let week = history.map { WeekChanges.of($0, window: settings.week) } ?? []
            planPage.history = history.map { HistorySection($0, week: week, window: settings.week) }
            if history == nil {
                planPage.historyNote = "No history yet: this file has no commit on the current branch up to \(today)."
            }
            fragment.week = week
        }
        fragment.pageHTML = render(planPage, "plan")
        fragment.indexRow = render(IndexRow(sitePlan, site: settings.base(root: ""), showProblems: settings.showProblems), "index-row")
        var seen = Set<String>()
        let shared = SharedWork(plan)
        for stakeholder in plan.stakeholders where seen.insert(stakeholder.handle.value.key).inserted {
            let (section, counts) = PersonPlanSection.make(sitePlan, stakeholder, rows: rows, shared: shared,
                                                           site: settings.base(root: "../"))
            let handle = stakeholder.handle.value
            fragment.people.append(SiteFragment.Person(
                key: PersonIdentity.key(stakeholder), handle: handle.name, name: stakeholder.name ?? "@\(handle.name)",
                section: SpooledText(render(section, "person-plan")),
                openCount: counts.open, overdueCount: counts.overdue,
                listedOpenCount: counts.listedOpen, listedOverdueCount: counts.listedOverdue,
                ownsPlan: plan.owner?.value == handle))
        }
        fragment.statusEntry = StatusJSON.plan(summary, history: history?.statusFacts).render(indent: 2, level: StatusJSON.planLevel)
        fragment.events = ICalendar.events(of: plan, today: today)
        return fragment
    }
}
