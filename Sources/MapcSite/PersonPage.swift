import MapcModel
import MapcSource
import MapcEmit

/// A person's page (`person.mustache`): what they owe, to whom, by when, across every plan.
struct PersonPage: ViewModel {
    var site = SiteBase()
    var name = ""
    var handle = ""
    /// `Owns 1 plan · 3 open tasks in 2 plans, 1 overdue.`
    var summary = ""
    var plans: [PlanEntry] = []

    /// A plan on the page: `{{> person-plan}}` inserts its section, already rendered.
    struct PlanEntry: ViewModel {
        /// The plan's `person-plan.mustache` for this person.
        var html = ""
        var title = ""
        /// The plan's page under `plans/`.
        var page = ""
        /// The section's id (`PersonPage.anchor`).
        var anchor = ""
    }
}

extension PersonPage {
    /// The whole page, its plans' sections already rendered.
    init(_ person: PeopleIndex.Person, site: SiteBase) {
        self.site = site
        name = person.name
        handle = person.handle
        plans = person.memberships.map { membership in
            PlanEntry(html: membership.person.section.text, title: membership.fragment.title,
                      page: SitePaths.href(membership.fragment.page ?? ""), anchor: Self.anchor(membership.fragment.page ?? ""))
        }
        let open = person.memberships.reduce(0) { $0 + $1.person.listedOpenCount }
        let overdue = person.memberships.reduce(0) { $0 + $1.person.listedOverdueCount }
        let planCount = person.memberships.count
        let owned = person.memberships.filter(\.person.ownsPlan).count
        summary = (owned > 0 ? "Owns \(owned) plan\(owned == 1 ? "" : "s") · " : "")
            + "\(open) open task\(open == 1 ? "" : "s") in \(planCount) plan\(planCount == 1 ? "" : "s")"
            + (overdue > 0 ? ", \(overdue) overdue." : ".")
    }

    /// The section's id on the page: from the plan's page, so it is stable and unique.
    static func anchor(_ page: String) -> String {
        "plan-" + (page.hasSuffix(".html") ? String(page.dropLast(5)) : page)
    }
}

/// One plan's section on a stakeholder's page (`person-plan.mustache`), rendered once per
/// plan and person.
struct PersonPlanSection: ViewModel {
    var site = SiteBase()
    /// The section's id (`PersonPage.anchor`).
    var anchor = ""
    var title = ""
    /// The plan's page under `plans/`.
    var page = ""
    var role: String?
    var party: String?
    /// The plan's other parties, comma-separated.
    var owes: String?
    /// True when the person owns the plan.
    var owns = false
    var hasTasks = false
    /// Their open tasks in the plan.
    var tasks: [SharedModel<TaskRow>] = []
    var hasMentions = false
    /// `Milestone: Go live, 2026-12-15`, `Risk: …`, `Task: …` (shared, not owned), `Channel: …`.
    var mentions: [String] = []

    /// Open tasks they own here, all and overdue (the portfolio's people list) and as
    /// listed (at most `PlanPage.rowLimit`).
    struct Counts {
        var open, overdue, listedOpen, listedOverdue: Int
    }
}

extension PersonPlanSection {
    /// The section of `stakeholder` in a plan, with the counts the page and the portfolio show.
    static func make(_ sitePlan: SitePlan, _ stakeholder: Stakeholder, rows: RowBook, shared: SharedWork, site: SiteBase)
        -> (section: PersonPlanSection, counts: Counts)
    {
        let plan = sitePlan.plan, today = rows.today
        let handle = stakeholder.handle.value
        let owned = rows.openTasksByOwner[handle] ?? []
        let listed = owned.prefix(PlanPage.rowLimit)
        func overdue<C: Collection<Int>>(_ indices: C) -> Int {
            indices.filter { TaskRows.isOverdue(plan.tasks[$0], plan: plan, today: today) }.count
        }
        let counts = Counts(open: owned.count, overdue: overdue(owned), listedOpen: listed.count,
                            listedOverdue: overdue(listed))
        let ownParty = stakeholder.party?.lowercased()
        let others = plan.parties.map(\.value).filter { $0.lowercased() != ownParty }
        var mentions: [String] = []
        for milestone in plan.milestones where milestone.handles.contains(where: { $0.value == handle }) {
            mentions.append("Milestone: \(milestone.title)\(milestone.due.map { ", \($0.value)" } ?? "")")
        }
        for risk in plan.risks where risk.owner?.value == handle {
            mentions.append("Risk: \(risk.title)")
        }
        for task in shared.tasks[handle] ?? [] {
            let owner = plan.tasks[task].effectiveOwner
            mentions.append("Task: \(plan.tasks[task].title)\(owner.map { " (owner @\($0.name))" } ?? "")")
        }
        for channel in plan.channels where channel.handles.contains(where: { $0.value == handle }) {
            mentions.append("Channel: \(channel.title)\(channel.every.map { ", every \($0.value.rawValue)" } ?? "")")
        }
        let section = PersonPlanSection(
            site: site, anchor: PersonPage.anchor(sitePlan.page), title: plan.title.value, page: SitePaths.href(sitePlan.page),
            role: stakeholder.role, party: stakeholder.party, owes: others.isEmpty ? nil : others.joined(separator: ", "),
            owns: plan.owner?.value == handle,
            hasTasks: !listed.isEmpty, tasks: listed.map(rows.row), hasMentions: !mentions.isEmpty, mentions: mentions)
        return (section, counts)
    }
}

/// Open tasks each person takes part in without owning them, gathered once per plan so a
/// plan of thousands of people and tasks stays linear.
struct SharedWork {
    var tasks: [Handle: [Int]] = [:]

    init(_ plan: Plan) {
        for (index, task) in plan.tasks.enumerated() where task.isOpen {
            var seen = Set<Handle>()
            for contributor in task.contributors where contributor.value != task.effectiveOwner
                && seen.insert(contributor.value).inserted {
                tasks[contributor.value, default: []].append(index)
            }
        }
    }
}
