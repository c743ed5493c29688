import MapcHistory
import MapcModel
import MapcSource
import MapcCheck
import MapcEmit

/// Everything one plan gives a site, rendered: its page, its row on the portfolio, its
/// section on each stakeholder's page, its status.json entry and its calendar events.
///
/// A site is put together from fragments alone (`SiteAssembler`), so `mapc build` can keep
/// them between runs and re-render only the plans whose file changed (docs/site.md,
/// "Incremental builds"). A fragment depends on its plan's file and on `SiteSettings`,
/// nothing else; the set of people with a page is part of the settings.
public struct SiteFragment: Sendable, Equatable {
    /// The plan file, as discovered.
    public var file: String
    public var planID: String
    /// An `id:` written in the front matter that was rejected (it may try to escape).
    public var rejectedID: String?
    /// The page under `plans/`, nil when the id cannot be a file name.
    public var page: String?
    public var title: String
    /// For the attention order: health urgency, then overdue count, then title.
    public var health: Health
    public var overdueCount: Int
    public var dueSoonCount: Int
    public var blockedCount: Int
    /// The plan page, whole. Kept in memory for one build only: the cache stores it as a file.
    public var pageHTML: String
    /// The plan's row on the portfolio (`index-row.mustache`).
    public var indexRow: String
    /// One entry per stakeholder (the first row of a handle), in table order.
    public var people: [Person]
    /// The plan's entry of status.json, rendered at its depth.
    public var statusEntry: String
    public var events: [ICalendar.Event]
    /// The plan's errors, for the console, and how many warnings and notes it has.
    public var errors: [Diagnostic]
    public var warningCount: Int
    public var noteCount: Int
    /// Where workspace rules report about this plan (`Checker.workspaceAnchors`), kept so a
    /// cached plan is checked across files without being compiled again.
    public var workspaceAnchors: [Diagnostic]
    /// The plan's stakeholders as the workspace rules see them (every plan, published or
    /// not), kept so a cached plan is checked across files without being compiled again.
    public var members: [WorkspacePlan.Person] = []
    /// Their identities (`PersonIdentity.key`), sorted: the only people the plan's pages
    /// link, since handles are per plan. Which page each has is all the fragment depends on
    /// outside its file and the settings (see `linkKey`).
    public var handles: [String] { members.map(\.identity).sorted() }
    /// `events`, when they were moved to a spool (`spool(into:)`).
    public var spooledEvents: SpooledText?
    /// What changed in the plan's git history in the site's week, for the portfolio's
    /// "This week" (docs/history.md#on-the-site); nil when no history was read for it.
    public var week: [WeekChange]?

    /// A hash of the person page each of `handles` has: a cached fragment is rendered
    /// again only when this changes (one of its people gained, lost or changed a page).
    public func linkKey(_ people: PeopleDirectory) -> Digest {
        Self.linkKey(handles, people)
    }

    /// The person page of each of `handles` in `people`, as a hash.
    public static func linkKey(_ handles: [String], _ people: PeopleDirectory) -> Digest {
        var hash = ContentHash()
        for identity in handles { hash.add(identity); hash.add(people.pages[identity] ?? "") }
        return hash.value
    }

    public init(file: String, planID: String, rejectedID: String?, page: String?, title: String, health: Health,
                overdueCount: Int, dueSoonCount: Int, blockedCount: Int, pageHTML: String, indexRow: String,
                people: [Person], statusEntry: String, events: [ICalendar.Event], errors: [Diagnostic],
                warningCount: Int, noteCount: Int, workspaceAnchors: [Diagnostic])
    {
        self.file = file
        self.planID = planID
        self.rejectedID = rejectedID
        self.page = page
        self.title = title
        self.health = health
        self.overdueCount = overdueCount
        self.dueSoonCount = dueSoonCount
        self.blockedCount = blockedCount
        self.pageHTML = pageHTML
        self.indexRow = indexRow
        self.people = people
        self.statusEntry = statusEntry
        self.events = events
        self.errors = errors
        self.warningCount = warningCount
        self.noteCount = noteCount
        self.workspaceAnchors = workspaceAnchors
    }

    /// A stakeholder of the plan, and the plan's section on their page.
    public struct Person: Sendable, Equatable {
        /// The stakeholder's identity (`PersonIdentity.key`), the handle's spelling and the
        /// name shown.
        public var key: String
        public var handle: String
        public var name: String
        /// `person-plan.mustache` for this plan.
        public var section: SpooledText
        /// Open tasks they own here, all and overdue (the portfolio's people list) and
        /// as listed on their page (at most `PlanPage.rowLimit`).
        public var openCount: Int
        public var overdueCount: Int
        public var listedOpenCount: Int
        public var listedOverdueCount: Int
        /// Whether they own the plan (its front matter's `owner`).
        public var ownsPlan: Bool

        public init(key: String, handle: String, name: String, section: SpooledText, openCount: Int, overdueCount: Int,
                    listedOpenCount: Int, listedOverdueCount: Int, ownsPlan: Bool)
        {
            self.ownsPlan = ownsPlan
            self.key = key
            self.handle = handle
            self.name = name
            self.section = section
            self.openCount = openCount
            self.overdueCount = overdueCount
            self.listedOpenCount = listedOpenCount
            self.listedOverdueCount = listedOverdueCount
        }
    }

    /// One change of the week: a task completed, added, removed, cancelled, slipped or re-assigned.
    public struct WeekChange: Sendable, Equatable {
        public typealias Kind = RecentChanges.Item.Kind

        public var kind: Kind
        /// The task's title.
        public var task: String
        /// `2026-11-01 → 2026-11-18 (17 days later)`, `@dana → @marcus`, or empty.
        public var detail: String
        public var day: Day

        public init(kind: Kind, task: String, detail: String, day: Day) {
            self.kind = kind
            self.task = task
            self.detail = detail
            self.day = day
        }
    }

    /// A plan whose file a commit of the week deleted: it has no page any more, so the
    /// portfolio's "This week" names it.
    public struct DeletedPlan: Sendable, Equatable {
        public var title: String
        /// The file as it was, shown as mapc shows files.
        public var file: String
        public var day: Day

        public init(title: String, file: String, day: Day) {
            self.title = title
            self.file = file
            self.day = day
        }
    }

    /// A total order: what needs attention first, as the portfolio lists plans.
    static func attentionOrder(_ lhs: SiteFragment, _ rhs: SiteFragment) -> Bool {
        StatusReport.needsAttentionFirst((lhs.health, lhs.overdueCount, lhs.title, lhs.page ?? ""),
                                         (rhs.health, rhs.overdueCount, rhs.title, rhs.page ?? ""))
    }

    /// status.json's order (`StatusReport.attentionOrder`): the file breaks ties.
    static func statusOrder(_ lhs: SiteFragment, _ rhs: SiteFragment) -> Bool {
        StatusReport.needsAttentionFirst((lhs.health, lhs.overdueCount, lhs.title, lhs.file),
                                         (rhs.health, rhs.overdueCount, rhs.title, rhs.file))
    }
}

/// What every fragment of a site depends on besides its plan.
public struct SiteSettings: Sendable {
    public var siteTitle: String
    /// calendar.ics's `X-WR-CALNAME`: the configured site title, else a generic name.
    public var calendarName: String
    public var baseURL: String?
    public var today: Day
    public var templates: [String: String]
    /// Who has a person page: every stakeholder of a published plan.
    public var people: PeopleDirectory
    /// Render default partials natively (NativePartials); false renders all by Mustache.
    public var nativePartials = true
    /// Show the plans' diagnostics: the Problems block of a plan page and the count on the
    /// portfolio (mapc.yml `site.show_problems`).
    public var showProblems = true
    /// The build read the plans' git history: plan pages show it, or say there is none
    /// yet, and the portfolio shows the week's changes (docs/history.md#on-the-site).
    public var history = false

    /// The days of the portfolio's "This week": the 7 days up to today, as `mapc history`'s
    /// default window.
    public var week: (since: Day, until: Day) { (today.adding(days: -6), today) }

    public init(siteTitle: String?, baseURL: String?, today: Day, templates: [String: String] = DefaultTemplates.files,
                people: PeopleDirectory = PeopleDirectory()) {
        self.siteTitle = siteTitle ?? "Plans"
        calendarName = ICalendar.name(siteTitle: siteTitle)
        // A second line of defence: callers check the URL first (Configuration.baseURLProblem)
        // and report it; one that was not checked is left out rather than put in a page.
        self.baseURL = baseURL.flatMap { Configuration.baseURLProblem($0) == nil ? $0 : nil }
            .map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.today = today
        self.templates = templates
        self.people = people
    }

    /// What every page shows besides its own keys; `root` is the path back to the site root.
    func base(root: String) -> SiteBase {
        SiteBase(siteTitle: siteTitle, root: root, today: today.description, todayLong: SiteDates.long(today))
    }
}
