import MapcCheck
import MapcModel
import MapcSource
import MapcEmit

/// Who has a person page, and which: every stakeholder of a published plan, one page per
/// person (`PersonIdentity`). A plan's pages link only its own stakeholders, through
/// `scoped(to:)`: handles are per plan.
public struct PeopleDirectory: Sendable, Equatable {
    /// The page (`people/` left out) of each identity.
    public private(set) var pages: [String: String] = [:]
    /// `mapc.yml`'s people: handle key → the name their page shows.
    public private(set) var declared: [String: String] = [:]
    /// The plan this directory links for: handle key → identity.
    private var local: [String: String]?

    public init(_ identities: Set<String> = [], declared: [String: String] = [:]) {
        self.declared = declared
        for (identity, person) in PersonIdentity.people(identities, declared: Set(declared.keys)) {
            pages[identity] = Self.page(of: person)
        }
    }

    /// `people/tom.html`; a handle shared by people of different names gives each a page
    /// of its own, `people/tom~tom-baker.html` (no handle page holds a `~`).
    static func page(of person: PersonIdentity.Person) -> String {
        let page = SitePaths.personPage(for: Handle(person.handleKey))
        guard !person.nameKey.isEmpty else { return page }
        let joined = String(page.dropLast(".html".count)) + "~" + person.nameKey
        return joined.utf8.count > SitePaths.nameLimit
            ? SitePaths.personPage(for: Handle(person.handleKey + "~" + person.nameKey)) : joined + ".html"
    }

    /// The directory as `plan`'s pages see it: a handle links to the page of this plan's
    /// stakeholder with that handle, or nowhere.
    public func scoped(to plan: Plan) -> PeopleDirectory {
        var scoped = self
        scoped.local = Dictionary(WorkspacePlan.Person.of(plan).map { (PersonIdentity.split($0.identity).handleKey, $0.identity) },
                                  uniquingKeysWith: { first, _ in first })
        return scoped
    }

    /// The person page of a handle (as an `href`), if that handle has one here.
    func page(of handle: Handle) -> String? {
        guard let identity = local?[handle.key], let page = pages[identity] else { return nil }
        return SitePaths.href(page)
    }
}

/// Every person across the published plans, gathered from the plans' fragments in
/// attention order: the basis of the person pages and the portfolio's people list.
struct PeopleIndex: Sendable {
    struct Membership: Sendable {
        var fragment: SiteFragment
        var person: SiteFragment.Person
    }

    struct Person: Sendable {
        var handle: String
        /// The declared name, else the name from the first plan (in attention order) that lists them.
        var name: String
        var page: String
        var memberships: [Membership]
    }

    var people: [Person] = []

    init(_ ordered: [SiteFragment], declared: [String: String] = [:]) {
        let directory = PeopleDirectory(Set(ordered.flatMap { $0.people.map(\.key) }), declared: declared)
        var byPage: [String: Int] = [:]
        for fragment in ordered {
            for person in fragment.people {
                guard let page = directory.pages[person.key] else { continue }
                if let index = byPage[page] {
                    people[index].memberships.append(Membership(fragment: fragment, person: person))
                } else {
                    byPage[page] = people.count
                    let handleKey = PersonIdentity.split(person.key).handleKey
                    people.append(Person(handle: person.handle, name: declared[handleKey] ?? person.name, page: page,
                                         memberships: [Membership(fragment: fragment, person: person)]))
                }
            }
        }
        people.sort { ($0.name.lowercased(), $0.page) < ($1.name.lowercased(), $1.page) }
    }
}
