import MapcModel
import MapcSource

/// Every stakeholder across all plans, keyed by handle: the basis of the person pages.
struct PeopleIndex {
    struct Membership {
        var plan: SitePlan
        var stakeholder: Stakeholder
    }

    struct Person {
        var handle: Handle
        var name: String
        var page: String
        var memberships: [Membership]
    }

    var people: [Person] = []
    private var byKey: [String: Int] = [:]

    init(plans: [SitePlan]) {
        for plan in plans {
            for stakeholder in plan.plan.stakeholders {
                let key = stakeholder.handle.value.key
                if let index = byKey[key] {
                    if !people[index].memberships.contains(where: { $0.plan.page == plan.page }) {
                        people[index].memberships.append(Membership(plan: plan, stakeholder: stakeholder))
                    }
                } else {
                    byKey[key] = people.count
                    people.append(Person(handle: stakeholder.handle.value, name: stakeholder.name ?? "@\(stakeholder.handle.value.name)",
                                         page: SitePaths.personPage(for: stakeholder.handle.value),
                                         memberships: [Membership(plan: plan, stakeholder: stakeholder)]))
                }
            }
        }
        people.sort { ($0.name.lowercased(), $0.handle.key) < ($1.name.lowercased(), $1.handle.key) }
        byKey = Dictionary(uniqueKeysWithValues: people.enumerated().map { ($1.handle.key, $0) })
    }

    /// The person page of a handle, if that handle is a stakeholder somewhere.
    func page(of handle: Handle) -> String? {
        byKey[handle.key].map { SitePaths.href(people[$0].page) }
    }
}
