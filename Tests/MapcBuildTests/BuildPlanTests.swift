import MapcBuild
import MapcSite
import MapcSource
import Testing

/// The build's decisions, without a file system: what is reused, published, rendered
/// again, kept (docs/site.md#incremental-builds).
@Suite struct BuildPlanTests {
    static func identity(_ file: String, _ id: String, people: [String] = [], rejected: String? = nil) -> BuildPlan.Identity {
        BuildPlan.Identity(file: file, id: id, rejectedID: rejected, people: people)
    }

    @Test func aFileWhoseBytesTheCacheKnowsIsReusedTheRestCompiled() {
        #expect(BuildPlan.start(cachedFor: [true, false, true]) == [.reuse, .compile, .reuse])
    }

    @Test func theFirstPlanOfAPageIsPublishedAndItsStakeholdersGetPages() {
        let publication = BuildPlan.publication([
            Self.identity("a.md", "pilot", people: ["dana", "li"]),
            nil,                                                   // not a plan
            Self.identity("b.md", "Pilot", people: ["zoe"]),        // same page, ignoring case
            Self.identity("c.md", "escape", people: ["bo"], rejected: "../x"),
            Self.identity("d.md", "rollout", people: ["li", "ana"]),
        ])
        #expect(publication.published == [0, 4])
        #expect(publication.leftOut == ["b.md: plan id `Pilot` cannot be a page name",
                                        "c.md: plan id `../x` would escape the output folder"])
        #expect(publication.people == PeopleDirectory(["dana", "li", "ana"]))
    }

    @Test func aPlanIsRenderedAgainOnlyWhenSomeoneItLinksGainedOrLostAPage() {
        let before = PeopleDirectory(["dana"])
        let publication = BuildPlan.publication([
            Self.identity("a.md", "a", people: ["dana"]),
            Self.identity("b.md", "b", people: ["zoe"]),          // zoe is new: she now has a page
            Self.identity("c.md", "c", people: ["ana"]),
        ])
        let rendered: [Int: BuildPlan.Rendered] = [
            // Names dana (had a page, still has): kept.
            0: .init(handles: ["dana"], renderedUnder: SiteFragment.linkKey(["dana"], before), hasPage: true, wantsPage: true),
            // Names zoe (had none, now has): rendered again.
            2: .init(handles: ["ana", "zoe"], renderedUnder: SiteFragment.linkKey(["ana", "zoe"], PeopleDirectory(["ana"])),
                     hasPage: true, wantsPage: true),
        ]
        #expect(BuildPlan.renderAgain(rendered, publication: publication) == [2])
    }

    @Test func aPublishedPlanWhosePageIsNotAtHandIsRenderedAgain() {
        let publication = BuildPlan.publication([Self.identity("a.md", "a")])
        let key = SiteFragment.linkKey([], publication.people)
        #expect(BuildPlan.renderAgain([0: .init(handles: [], renderedUnder: key, hasPage: false, wantsPage: true)],
                                      publication: publication) == [0])
        #expect(BuildPlan.renderAgain([0: .init(handles: [], renderedUnder: key, hasPage: true, wantsPage: true)],
                                      publication: publication).isEmpty)
    }

    @Test func theCacheKeepsThisRunsPlansAndPeopleOnly() {
        let retained = BuildPlan.retained(planFiles: ["a.md", "b.md", "a.md"], personPages: ["dana.html"])
        #expect(retained.plans == ["a.md", "b.md"])
        #expect(retained.persons == ["dana.html"])
    }
}
