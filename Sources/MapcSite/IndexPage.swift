import MapcModel
import MapcSource
import MapcEmit

/// The portfolio (`index.mustache`): every plan with its health, most urgent first.
struct IndexPage: ViewModel {
    var site = SiteBase()
    var hasPlans = false
    /// `3 plans.`
    var planCountText = ""
    /// How many plans have each health, most urgent first; healths no plan has are left out.
    var healthCounts: [HealthCount] = []
    var plans: [PlanEntry] = []
    var hasPeople = false
    var people: [PersonEntry] = []
    /// Plans left out of the site and why.
    var skipped: Skipped?
    /// What changed in the plans' git history this week; nil when the build read none.
    var thisWeek: ThisWeek?

    struct HealthCount: ViewModel {
        /// The health's id, a CSS class: `off-track`.
        var key = ""
        var count = 0
        /// `off track`.
        var label = ""
    }

    /// A plan on the portfolio: `{{> index-row}}` inserts its row, already rendered.
    struct PlanEntry: ViewModel {
        /// The plan's `index-row.mustache`.
        var html = ""
        var title = ""
        var href = ""
    }

    /// Everyone with a person page, by name.
    struct PersonEntry: ViewModel {
        var name = ""
        var handle = ""
        var href = ""
        var hasOpen = false
        var openText = ""
        var hasOverdue = false
        var overdueText = ""
    }

    struct Skipped: ViewModel {
        var items: [String] = []
    }

    /// The week's changes across plans (docs/history.md#on-the-site), plans in portfolio order.
    struct ThisWeek: ViewModel {
        var since = ""
        var until = ""
        /// `3 completed, 1 added, 0 removed, 0 cancelled, 2 slipped, 1 re-assigned in 2 of 5 plans`.
        var summary = ""
        var hasChanges = false
        var plans: [WeekPlan] = []
        /// Plans whose file was deleted this week: they have no page to list changes on.
        var hasDeleted = false
        var deleted: [DeletedPlan] = []
    }

    struct DeletedPlan: ViewModel {
        var title = ""
        var file = ""
        var date = ""
    }

    struct WeekPlan: ViewModel {
        var title = ""
        var href = ""
        /// The first `WeekChanges.portfolioLimit` changes; the plan page lists them all.
        var changes: [WeekItem] = []
        /// `and 35 more on the plan's page`.
        var more: String?
    }
}

extension IndexPage.ThisWeek {
    init(_ plans: [SiteFragment], deleted: [SiteFragment.DeletedPlan], window: (since: Day, until: Day)) {
        since = window.since.description
        until = window.until.description
        var counts: [SiteFragment.WeekChange.Kind: Int] = [:]
        for plan in plans {
            guard let changes = plan.week, !changes.isEmpty else { continue }
            for change in changes { counts[change.kind, default: 0] += 1 }
            let limit = WeekChanges.portfolioLimit
            self.plans.append(IndexPage.WeekPlan(
                title: plan.title, href: "plans/" + SitePaths.href(plan.page ?? ""),
                changes: changes.prefix(limit).map(WeekItem.init),
                more: changes.count > limit ? "and \(changes.count - limit) more on the plan's page" : nil))
        }
        self.deleted = deleted.map { IndexPage.DeletedPlan(title: $0.title, file: $0.file, date: $0.day.description) }
        hasDeleted = !deleted.isEmpty
        hasChanges = !self.plans.isEmpty || hasDeleted
        let total = plans.count
        summary = SiteFragment.WeekChange.Kind.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            + " in \(self.plans.count) of \(total == 1 ? "1 plan" : "\(total) plans")"
            + (deleted.isEmpty ? "." : "; \(deleted.count == 1 ? "1 plan" : "\(deleted.count) plans") deleted.")
    }
}

extension IndexPage {
    /// The page, from the plans' fragments in attention order (rows already rendered).
    init(_ plans: [SiteFragment], people: PeopleIndex, leftOut: [String], site: SiteBase,
         week: (since: Day, until: Day)? = nil, deleted: [SiteFragment.DeletedPlan] = []) {
        self.site = site
        hasPlans = !plans.isEmpty
        planCountText = plans.count == 1 ? "1 plan." : "\(plans.count) plans."
        for health in Health.allCases.sorted(by: { $0.urgency < $1.urgency }) {
            let count = plans.filter { $0.health == health }.count
            if count > 0 { healthCounts.append(HealthCount(key: health.rawValue, count: count, label: health.label.lowercased())) }
        }
        self.plans = plans.map { plan in
            PlanEntry(html: plan.indexRow, title: plan.title, href: "plans/" + SitePaths.href(plan.page ?? ""))
        }
        hasPeople = !people.people.isEmpty
        self.people = people.people.map { person in
            let open = person.memberships.reduce(0) { $0 + $1.person.openCount }
            let overdue = person.memberships.reduce(0) { $0 + $1.person.overdueCount }
            return PersonEntry(name: person.name, handle: person.handle, href: "people/" + SitePaths.href(person.page),
                               hasOpen: open > 0, openText: open == 1 ? "1 open task" : "\(open) open tasks",
                               hasOverdue: overdue > 0, overdueText: "\(overdue) overdue")
        }
        skipped = leftOut.isEmpty ? nil : Skipped(items: leftOut)
        thisWeek = week.map { ThisWeek(plans, deleted: deleted, window: $0) }
    }
}

/// A plan's row on the portfolio (`index-row.mustache`), rendered once per plan.
struct IndexRow: ViewModel {
    var site = SiteBase()
    var facts = PlanFacts()
    /// `plans/NAME.html`.
    var href = ""
    /// `1 error, 2 warnings in the file`.
    var problemText: String?
    /// The first reason for the plan's health.
    var healthReason: String?
    /// The plan's parties, comma-separated.
    var parties = ""
}

extension IndexRow {
    init(_ plan: SitePlan, site: SiteBase, showProblems: Bool = true) {
        let summary = plan.summary
        self.site = site
        facts = PlanFacts(summary)
        href = "plans/" + SitePaths.href(plan.page)
        let problems = [(summary.errors, "error"), (summary.warnings, "warning")].filter { $0.0 > 0 }
            .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        problemText = problems.isEmpty || !showProblems ? nil : problems.joined(separator: ", ") + " in the file"
        healthReason = summary.healthReasons.first
        parties = summary.plan.parties.map(\.value).joined(separator: ", ")
    }
}

/// Facts shown on both the portfolio and a plan page (and `progress.mustache`).
struct PlanFacts: InlineViewModel {
    var title = ""
    /// The health's id, a CSS class: `at-risk`.
    var health = ""
    /// `At risk`.
    var healthLabel = ""
    var statusLabel = ""
    var overdueCount = 0
    var hasOverdue = false
    var dueSoonCount = 0
    var blockedCount = 0
    /// The date of the newest update.
    var lastUpdate: String?
    /// True when the plan is overdue for an update.
    var stale = false
    var progress = Progress()
    var next: NextDeadline?
    /// `due in 3 days`, `was due yesterday`: for an active or paused plan with a due date.
    var dueText: String?
    var late = false

    /// Done tasks against all (`progress.mustache`).
    struct Progress: ViewModel {
        /// Done of total, rounded down.
        var percent = 0
        var done = 0
        var total = 0
        /// `3 of 8 tasks done`.
        var label = ""
        /// Progress weighted by estimates, when the plan gives them.
        var weighted: Int?
    }

    /// The nearest open deadline of a task or milestone.
    struct NextDeadline: ViewModel {
        var day = ""
        /// The task's title, or the milestone's after `◆ `.
        var title = ""
    }
}

extension PlanFacts {
    init(_ summary: PlanSummary) {
        let plan = summary.plan
        title = plan.title.value
        health = summary.health.rawValue
        healthLabel = summary.health.label
        statusLabel = Self.statusLabel(plan.status.value)
        overdueCount = summary.overdue.count
        hasOverdue = !summary.overdue.isEmpty
        dueSoonCount = summary.dueSoon.count
        blockedCount = summary.blocked.count
        lastUpdate = summary.lastUpdate?.description
        stale = summary.isStale
        progress = Progress(percent: Int((summary.progress * 100).rounded(.down)), done: summary.doneCount,
                            total: summary.totalCount, label: "\(summary.doneCount) of \(summary.totalCount) tasks done",
                            weighted: summary.weightedProgress.map { Int(($0 * 100).rounded(.down)) })
        next = summary.nextDeadline.map { NextDeadline(day: $0.day.description, title: ($0.isMilestone ? "◆ " : "") + $0.title) }
        if let days = summary.daysToDue, plan.status.value == .active || plan.status.value == .onHold {
            dueText = days > 1 ? "due in \(days) days" : days == 1 ? "due tomorrow" : days == 0 ? "due today"
                : days == -1 ? "was due yesterday" : "was due \(-days) days ago"
            late = days < 0
        }
    }

    static func statusLabel(_ status: PlanStatus) -> String {
        switch status {
        case .draft: "Draft"
        case .active: "Active"
        case .onHold: "On hold"
        case .done: "Done"
        case .cancelled: "Cancelled"
        }
    }
}
