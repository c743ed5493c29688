import MapcModel
import MapcSource
import MapcEmit

/// A person's page: what they owe, to whom, by when, across every plan.
enum PersonPage {
    /// One plan's section on a stakeholder's page (`person-plan.mustache`), with the
    /// counts the page and the portfolio show.
    static func section(_ sitePlan: SitePlan, _ stakeholder: Stakeholder, rows: RowBook, shared: SharedWork)
        -> (context: [String: Any], counts: Counts)
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
        let context: [String: Any] = [
            "anchor": anchor(sitePlan.page), "title": plan.title.value, "page": SitePaths.href(sitePlan.page),
            "role": stakeholder.role ?? false, "party": stakeholder.party ?? false,
            "owns": plan.owner?.value == handle,
            "owes": others.isEmpty ? false : others.joined(separator: ", "),
            "hasTasks": !listed.isEmpty,
            "tasks": listed.map(rows.row),
            "hasMentions": !mentions.isEmpty, "mentions": mentions,
        ]
        return (context, counts)
    }

    struct Counts {
        var open, overdue, listedOpen, listedOverdue: Int
    }

    /// The section's id on the page: from the plan's page, so it is stable and unique.
    static func anchor(_ page: String) -> String {
        "plan-" + (page.hasSuffix(".html") ? String(page.dropLast(5)) : page)
    }

    /// The whole page, its plans' sections already rendered.
    static func context(_ person: PeopleIndex.Person, base: [String: Any]) -> [String: Any] {
        var context = base
        context["name"] = person.name
        context["handle"] = person.handle
        context["plans"] = person.memberships.map { membership -> [String: Any] in
            ["html": membership.person.section.text, "title": membership.fragment.title,
             "page": SitePaths.href(membership.fragment.page ?? ""), "anchor": anchor(membership.fragment.page ?? "")]
        }
        let open = person.memberships.reduce(0) { $0 + $1.person.listedOpenCount }
        let overdue = person.memberships.reduce(0) { $0 + $1.person.listedOverdueCount }
        let planCount = person.memberships.count
        let owned = person.memberships.filter(\.person.ownsPlan).count
        context["summary"] = (owned > 0 ? "Owns \(owned) plan\(owned == 1 ? "" : "s") · " : "")
            + "\(open) open task\(open == 1 ? "" : "s") in \(planCount) plan\(planCount == 1 ? "" : "s")"
            + (overdue > 0 ? ", \(overdue) overdue." : ".")
        return context
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
