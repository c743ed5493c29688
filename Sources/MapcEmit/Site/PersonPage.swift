import MapcModel
import MapcSource

/// A person's page: what they owe, to whom, by when, across every plan.
enum PersonPage {
    static func context(_ person: PeopleIndex.Person, people: PeopleIndex, base: [String: Any],
                        today: Day, native: NativePartials = .none) -> [String: Any]
    {
        var context = base
        context["name"] = person.name
        context["handle"] = person.handle.name
        var openTotal = 0, overdueTotal = 0
        context["plans"] = person.memberships.enumerated().map { number, membership -> [String: Any] in
            let plan = membership.plan.plan
            let indices = plan.tasks.indices.filter { plan.tasks[$0].isOpen && plan.tasks[$0].effectiveOwner == person.handle }
                .prefix(PlanPage.rowLimit).map { $0 }
            openTotal += indices.count
            overdueTotal += indices.filter { TaskRows.isOverdue(plan.tasks[$0], plan: plan, today: today) }.count
            let ownParty = membership.stakeholder.party?.lowercased()
            let others = plan.parties.map(\.value).filter { $0.lowercased() != ownParty }
            var mentions: [String] = []
            for milestone in plan.milestones where milestone.handles.contains(where: { $0.value == person.handle }) {
                mentions.append("Milestone: \(milestone.title)\(milestone.due.map { ", \($0.value)" } ?? "")")
            }
            for risk in plan.risks where risk.owner?.value == person.handle {
                mentions.append("Risk: \(risk.title)")
            }
            for channel in plan.channels where channel.handles.contains(where: { $0.value == person.handle }) {
                mentions.append("Channel: \(channel.title)\(channel.every.map { ", every \($0.value.rawValue)" } ?? "")")
            }
            return ["anchor": "plan-\(number)", "title": plan.title.value, "page": SitePaths.href(membership.plan.page),
                    "role": membership.stakeholder.role ?? false, "party": membership.stakeholder.party ?? false,
                    "owes": others.isEmpty ? false : others.joined(separator: ", "),
                    "hasTasks": !indices.isEmpty,
                    "tasks": indices.map { TaskRows.row($0, plan: plan, people: people, today: today, native: native) },
                    "hasMentions": !mentions.isEmpty, "mentions": mentions]
        }
        let planCount = person.memberships.count
        context["summary"] = "\(openTotal) open task\(openTotal == 1 ? "" : "s") in \(planCount) plan\(planCount == 1 ? "" : "s")"
            + (overdueTotal > 0 ? ", \(overdueTotal) overdue." : ".")
        return context
    }
}
