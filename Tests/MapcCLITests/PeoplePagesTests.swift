import Foundation
import Testing

/// Handles are per plan (docs/site.md#people): two plans' `@tom` are one person only when
/// their names agree or mapc.yml declares them; a person page shows the plans they own and
/// the work they take part in.
@Suite struct PeoplePagesTests {
    static let acme = """
        ---
        title: Acme rollout
        owner: "@dana"
        ---
        ## Stakeholders
        | Handle | Name |
        |---|---|
        | @tom | Tom Hargreaves |
        | @dana | Dana Whitfield |
        ## Tasks
        - [ ] Sign the order @tom due:2026-12-10
        - [ ] Train staff @dana @tom due:2026-12-12

        """
    static let globex = """
        ---
        title: Globex pilot
        owner: "@tom"
        ---
        ## Stakeholders
        | Handle | Name |
        |---|---|
        | @tom | Tom Baker |
        | @dana | Dana Whitfield |
        ## Tasks
        - [ ] Run the pilot @tom due:2026-12-10

        """

    /// Builds the two plans (and `config` as mapc.yml); the site's folder and the run.
    static func build(config: String? = nil) -> (site: String, run: Run) {
        let folder = CLI.temporaryDirectory()
        CLI.write(acme, to: folder + "/plans/acme.md")
        CLI.write(globex, to: folder + "/plans/globex.md")
        if let config { CLI.write(config, to: folder + "/plans/mapc.yml") }
        let site = folder + "/_site"
        return (site, CLI.run(["build", folder + "/plans", "-o", site, "--today", "2026-11-24"]))
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    static func people(_ site: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: site + "/people")) ?? []).sorted()
    }

    @Test("one handle, two names: two pages, each plan links its own, and a warning")
    func twoPeopleOneHandle() {
        let (site, run) = Self.build()
        #expect(run.status == 0)
        #expect(Self.people(site) == ["dana.html", "tom~tom-baker.html", "tom~tom-hargreaves.html"])
        #expect(Self.read(site + "/plans/acme.html").contains("href=\"../people/tom~tom-hargreaves.html\""))
        #expect(!Self.read(site + "/plans/acme.html").contains("tom-baker"))
        #expect(Self.read(site + "/plans/globex.html").contains("href=\"../people/tom~tom-baker.html\""))
        #expect(!Self.read(site + "/plans/globex.html").contains("tom-hargreaves"))
        let baker = Self.read(site + "/people/tom~tom-baker.html")
        #expect(baker.contains("<h1>Tom Baker <span class=\"muted\">@tom</span></h1>"))
        #expect(!baker.contains("Acme rollout"), "one customer's work must not show on another's page")

        let check = CLI.run(["check", (site as NSString).deletingLastPathComponent + "/plans", "--today", "2026-11-24",
                             "--format", "json"])
        #expect(check.out.contains("\"rule\": \"handle-reused\""))
        #expect(check.out.contains("`@tom` is Tom Baker here but Tom Hargreaves in "))
    }

    @Test("mapc.yml people join a handle on purpose, under the declared name")
    func declaredPersonIsOne() {
        let (site, run) = Self.build(config: "people:\n  \"@tom\": Tom Hargreaves\n")
        #expect(run.status == 0)
        #expect(run.out.contains("0 errors, 2 warnings"), "no handle-reused warning: \(run.out)")
        #expect(Self.people(site) == ["dana.html", "tom.html"])
        let tom = Self.read(site + "/people/tom.html")
        #expect(tom.contains("<h1>Tom Hargreaves <span class=\"muted\">@tom</span></h1>"))
        #expect(tom.contains("<p class=\"lede\">Owns 1 plan · 2 open tasks in 2 plans.</p>"))
    }

    @Test("a person page shows the plans they own and the work they share")
    func ownersAndContributors() {
        let (site, _) = Self.build()
        let dana = Self.read(site + "/people/dana.html")
        #expect(dana.contains("<p class=\"lede\">Owns 1 plan · 1 open task in 2 plans.</p>"))
        #expect(dana.contains(" · owns this plan</p>"))
        let hargreaves = Self.read(site + "/people/tom~tom-hargreaves.html")
        #expect(hargreaves.contains("<li>Task: Train staff (owner @dana)</li>"))
    }
}
