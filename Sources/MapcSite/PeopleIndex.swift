import MapcModel
import MapcSource
import MapcEmit

/// Who has a person page: every stakeholder of a published plan, by handle key.
public struct PeopleDirectory: Sendable, Equatable {
    public var keys: Set<String>

    public init(_ keys: Set<String> = []) { self.keys = keys }

    /// The person page of a handle (as an `href`), if that handle has one.
    func page(of handle: Handle) -> String? {
        keys.contains(handle.key) ? SitePaths.href(SitePaths.personPage(for: handle)) : nil
    }
}

/// Every stakeholder across the published plans, gathered from the plans' fragments in
/// attention order: the basis of the person pages and the portfolio's people list.
struct PeopleIndex: Sendable {
    struct Membership: Sendable {
        var fragment: SiteFragment
        var person: SiteFragment.Person
    }

    struct Person: Sendable {
        var key: String
        var handle: String
        /// The name from the first plan (in attention order) that lists them.
        var name: String
        var page: String
        var memberships: [Membership]
    }

    var people: [Person] = []

    init(_ ordered: [SiteFragment]) {
        var byKey: [String: Int] = [:]
        for fragment in ordered {
            for person in fragment.people {
                if let index = byKey[person.key] {
                    people[index].memberships.append(Membership(fragment: fragment, person: person))
                } else {
                    byKey[person.key] = people.count
                    people.append(Person(key: person.key, handle: person.handle, name: person.name,
                                         page: SitePaths.personPage(for: Handle(person.handle)),
                                         memberships: [Membership(fragment: fragment, person: person)]))
                }
            }
        }
        people.sort { ($0.name.lowercased(), $0.key) < ($1.name.lowercased(), $1.key) }
    }
}
