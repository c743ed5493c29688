import MapcSite
import MapcSource

/// The decisions of a site build, apart from doing them (ARCHITECTURE.md#build): from what
/// is known about each file — its hash, what the cache holds for it, what compiling it
/// told — which plans to compile, which are published, who gets a person page, which
/// plans rendered earlier must be rendered again, and what the cache keeps. Pure values
/// in, values out: tested without a file system (`BuildPlanTests`); `SiteBuild` does the
/// reading, compiling, rendering and writing.
public enum BuildPlan {
    /// What is known of a plan before its page is rendered: enough to publish it.
    public struct Identity: Sendable, Equatable {
        public var file: String
        public var id: String
        public var rejectedID: String?
        /// Its stakeholders' identities (`PersonIdentity.key`): each gets a person page when it is published.
        public var people: [String]

        public init(file: String, id: String, rejectedID: String?, people: [String]) {
            self.file = file
            self.id = id
            self.rejectedID = rejectedID
            self.people = people
        }
    }

    /// What a file needs before anything is rendered.
    public enum Start: Sendable, Equatable {
        /// Its bytes are what the cache holds a fragment for: nothing to compile.
        case reuse
        /// Compile it (and render it, once the people with pages are known).
        case compile
    }

    /// A cache entry for the same bytes is reused; anything else is compiled. (Files that
    /// could not be read are compiled too: compiling is what reports them.)
    public static func start(cachedFor hashes: [Bool]) -> [Start] {
        hashes.map { $0 ? .reuse : .compile }
    }

    /// Which plans are published, what is left out and why, and who has a person page.
    public struct Publication: Sendable, Equatable {
        /// Indices of the published files, in input order.
        public var published: [Int]
        public var leftOut: [String]
        public var people: PeopleDirectory
    }

    /// `identities` by file index (nil: not a plan). A plan is left out when its id cannot
    /// be a page or an earlier plan has the same page (docs/site.md#output-is-atomic-and-deterministic);
    /// the stakeholders of the published plans have person pages.
    public static func publication(_ identities: [Identity?], declared: [String: String] = [:]) -> Publication {
        let plans = identities.enumerated().compactMap { index, identity in identity.map { (index, $0) } }
        let (published, leftOut) = SiteAssembler.publish(plans.map { ($0.1.file, $0.1.id, $0.1.rejectedID) })
        let people = Set(published.flatMap { plans[$0].1.people })
        return Publication(published: published.map { plans[$0].0 }, leftOut: leftOut,
                           people: PeopleDirectory(people, declared: declared))
    }

    /// A plan rendered before the people with pages were known: from the cache, or in the
    /// first pass of a large workspace with a guess.
    public struct Rendered: Sendable {
        /// Handles its pages may link (`SiteFragment.handles`).
        public var handles: [String]
        /// Which of them had a person page when it was rendered (`SiteFragment.linkKey`).
        public var renderedUnder: Digest
        /// Whether its page is at hand (stored, or written aside).
        public var hasPage: Bool
        /// Whether it has a page at all (an id that can be a page).
        public var wantsPage: Bool

        public init(handles: [String], renderedUnder: Digest, hasPage: Bool, wantsPage: Bool) {
            self.handles = handles
            self.renderedUnder = renderedUnder
            self.hasPage = hasPage
            self.wantsPage = wantsPage
        }
    }

    /// The plans rendered before that must be rendered again: a person they link gained
    /// or lost a page, or they are published and their page is not at hand. What a plan
    /// is did not change, so neither does who is published.
    public static func renderAgain(_ rendered: [Int: Rendered], publication: Publication) -> Set<Int> {
        let published = Set(publication.published)
        var again = Set<Int>()
        for (index, plan) in rendered {
            let now = SiteFragment.linkKey(plan.handles, publication.people)
            if now != plan.renderedUnder || (published.contains(index) && plan.wantsPage && !plan.hasPage) {
                again.insert(index)
            }
        }
        return again
    }

    /// What the cache keeps after a build: the fragments of every plan of this run (by
    /// file), and the person pages of this site. Entries for files and people that are gone
    /// are dropped.
    public struct Retained: Sendable, Equatable {
        public var plans: Set<String>
        public var persons: Set<String>
    }

    public static func retained(planFiles: [String], personPages: [String]) -> Retained {
        Retained(plans: Set(planFiles), persons: Set(personPages))
    }
}
