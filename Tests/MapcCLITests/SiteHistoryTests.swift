import Foundation
import MapcSource
import Testing

/// `mapc build` with the plans' git history (docs/history.md#on-the-site): the plan page's
/// history section, the portfolio's "This week", status.json, `--no-history`, the note
/// outside a repository, and the cache following new commits.
@Suite struct SiteHistoryTests {
    /// History is on: the harness turns it off for every other site test.
    static let withHistory = ["MAPC_NO_HISTORY": ""]

    /// The scripted plans name owners they do not list as stakeholders: errors, exit 1.
    static let planErrors: Int32 = 1

    static func build(_ repository: ScriptedRepository, _ extra: [String] = [], today: String = "2026-11-24",
                      environment: [String: String] = withHistory) -> (Run, String) {
        let out = CLI.temporaryDirectory() + "/site"
        let run = CLI.run(["build", repository.path + "/plans", "-o", out, "--today", today] + extra, environment: environment)
        return (run, out)
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// The part of a page from the first line holding `start` to the `</section>` closing it.
    static func section(_ html: String, _ start: String) -> String {
        guard let from = html.range(of: start) else { return "" }
        let lineStart = html[..<from.lowerBound].lastIndex(of: "\n").map { html.index(after: $0) } ?? html.startIndex
        guard let end = html.range(of: "</section>", range: from.upperBound..<html.endIndex) else { return "" }
        return String(html[lineStart..<end.upperBound]) + "\n"
    }

    @Test func aPlanPageShowsItsBurnUpSlipsAndMilestoneTrend() throws {
        let (repository, commits) = try HistoryCommandTests.pilot()
        let (run, out) = Self.build(repository)
        #expect(run.status == Self.planErrors, "\(run.err)")
        #expect(!run.err.contains("note:"), "no note when the history was read: \(run.err)")
        let page = Self.read(out + "/plans/pilot.html")
        let history = Self.section(page, "<section class=\"history\"")
        CLI.expectSnapshot(HistoryCommandTests.normalized(history, repository, commits), "site-history-pilot.html")
        // What a reader needs, without reading the snapshot: the chart and its table, the
        // two slips of one task, the milestone's three dates.
        #expect(history.contains("<title id=\"burnup-title\">Burn-up of Payments pilot: 2 of 4 tasks done on 2026-11-20"))
        #expect(history.contains("<caption>Burn-up of Payments pilot"))
        #expect(history.contains("<p>2 slips of 1 task, 24 days net.</p>"))
        #expect(history.contains("<th scope=\"row\">Train staff</th><td><time datetime=\"2026-11-01\">2026-11-01</time></td>"
                                 + "<td><time datetime=\"2026-11-18\">2026-11-18</time></td><td class=\"alert\">17 days later</td>"))
        #expect(history.contains("<td class=\"alert\">14 days later, moved 2 times</td>"))
        #expect(history.contains("Train staff: @dana → @marcus"))
    }

    @Test func thePortfolioSaysWhatChangedThisWeekAcrossPlans() throws {
        let (repository, commits) = try HistoryCommandTests.pilot()
        // A second plan, committed this week, with nothing changed in it since.
        try repository.commit(["plans/quiet.md": P("Quiet plan", "quiet", "active", ["[ ] Wait @li due:2026-12-01"])],
                              on: "2026-11-21")
        let (run, out) = Self.build(repository)
        #expect(run.status == Self.planErrors, "\(run.err)")
        let week = Self.section(Self.read(out + "/index.html"), "aria-labelledby=\"week-heading\"")
        CLI.expectSnapshot(HistoryCommandTests.normalized(week, repository, commits), "site-history-week.html")
        #expect(week.contains("in git: 1 completed, 1 added, 0 removed, 1 cancelled, 1 slipped, 1 re-assigned in 2 of 2 plans."))
    }

    /// A plan deleted this week has no page any more: the portfolio names it, so its end
    /// does not go unsaid. One deleted before the week is not news.
    @Test func aPlanDeletedThisWeekIsNamedOnThePortfolio() throws {
        let (repository, commits) = try HistoryCommandTests.pilot()
        try repository.commit(["plans/old.md": P("Old plan", "old", "active", ["[ ] Wind down @li"]),
                               "plans/older.md": P("Older plan", "older", "active", ["[ ] Archive @li"])], on: "2026-11-01")
        try repository.commit(["plans/older.md": nil], on: "2026-11-10")
        try repository.commit(["plans/old.md": nil], on: "2026-11-22")
        let (run, out) = Self.build(repository)
        #expect(run.status == Self.planErrors, "\(run.err)")
        let week = Self.section(Self.read(out + "/index.html"), "aria-labelledby=\"week-heading\"")
        #expect(week.contains("in 1 of 1 plan; 1 plan deleted.</p>"), "\(week)")
        #expect(week.contains("<h3>Plans deleted</h3>\n<ul class=\"week\"><li>Old plan <span class=\"muted\">"
                              + "\(repository.path)/plans/old.md</span> <time datetime=\"2026-11-22\">2026-11-22</time></li>\n</ul>"),
                "\(HistoryCommandTests.normalized(week, repository, commits))")
        #expect(!week.contains("Older plan"))
    }

    @Test func statusJSONIsWhatStatusWithHistorySays() throws {
        let (repository, _) = try HistoryCommandTests.pilot()
        let (run, out) = Self.build(repository)
        #expect(run.status == Self.planErrors, "\(run.err)")
        let status = CLI.run(["status", repository.path + "/plans", "--format", "json", "--history", "--today", "2026-11-24"])
        #expect(status.status == 0, "\(status.err)")
        #expect(Self.read(out + "/status.json") == status.out)
        #expect(status.out.contains("\"history\": {\n        \"scope\": {\n          \"baseline\": 4,"))
    }

    @Test func noHistoryLeavesItOutAndOutsideARepositoryOneLineSaysWhy() throws {
        let (repository, _) = try HistoryCommandTests.pilot()
        let (off, out) = Self.build(repository, ["--no-history"])
        #expect(off.status == Self.planErrors && !off.err.contains("note:"), "\(off.err)")
        let page = Self.read(out + "/plans/pilot.html")
        #expect(!page.contains("history-heading"))
        #expect(!Self.read(out + "/index.html").contains("week-heading"))
        #expect(Self.read(out + "/status.json").contains("\"history\": null"))

        let folder = CLI.temporaryDirectory()
        CLI.write(P("Loose plan", "loose", "active", ["[ ] Start due:2026-12-01"]), to: folder + "/plans/loose.md")
        let site = folder + "/site"
        let outside = CLI.run(["build", folder + "/plans", "-o", site, "--today", "2026-11-24"], environment: Self.withHistory)
        #expect(outside.status == Self.planErrors)
        // One line, then the plan's own error.
        #expect(outside.err.hasPrefix("mapc: note: the site shows no history: `\(folder)/plans` is not in a git repository: "
                + "there is no history to read (`--no-history` leaves it out without this note)\n\(folder)/plans/loose.md:8:7: error:"),
                "\(outside.err)")
        #expect(outside.err.components(separatedBy: "note:").count == 2)
        #expect(!Self.read(site + "/plans/loose.html").contains("history-heading"))
        let quiet = CLI.run(["build", folder + "/plans", "-o", site, "--today", "2026-11-24", "--quiet"],
                            environment: Self.withHistory)
        #expect(quiet.status == Self.planErrors && !quiet.err.contains("note:"), "\(quiet.err)")
    }

    /// A shallow clone (CI's default) has a cut history: the site leaves it out and says
    /// what to change, never shows numbers from it.
    @Test func aShallowCloneBuildsWithoutHistoryAndSaysWhatToChange() throws {
        let (repository, _) = try HistoryCommandTests.pilot()
        let clone = CLI.temporaryDirectory() + "/clone"
        try repository.git(["clone", "-q", "--depth", "1", "file://" + repository.path, clone])
        let out = CLI.temporaryDirectory() + "/site"
        let run = CLI.run(["build", clone + "/plans", "-o", out, "--today", "2026-11-24"], environment: Self.withHistory)
        #expect(run.status == Self.planErrors)
        #expect(run.err.hasPrefix("mapc: note: the site shows no history: this is a shallow clone, so its history is "
                                  + "incomplete and mapc will not count from it; fetch the whole history (`git fetch "
                                  + "--unshallow`), or in GitHub Actions give actions/checkout `fetch-depth: 0` "
                                  + "(`--no-history` leaves it out without this note)\n"), "\(run.err)")
        #expect(!Self.read(out + "/plans/pilot.html").contains("history-heading"))
        #expect(Self.read(out + "/status.json").contains("\"history\": null"))
    }

    @Test func aPlanWithoutACommitSaysSo() throws {
        let (repository, _) = try HistoryCommandTests.pilot()
        CLI.write(P("New plan", "new", "draft", ["[ ] Begin @li"]), to: repository.path + "/plans/new.md")
        let (run, out) = Self.build(repository)
        #expect(run.status == Self.planErrors, "\(run.err)")
        #expect(Self.read(out + "/plans/new.html").contains(
            "<p class=\"muted\">No history yet: this file has no commit on the current branch up to 2026-11-24.</p>"))
    }

    /// A page is kept from the cache only while its history is unchanged: committing a
    /// file as it is changes no byte of it, but adds a version to its history.
    @Test func theCacheFollowsNewCommitsEvenWhenTheFileIsUnchanged() throws {
        let (repository, _) = try HistoryCommandTests.pilot()
        let cache = CLI.temporaryDirectory() + "/cache"
        let out = CLI.temporaryDirectory() + "/site"
        let environment = ["MAPC_NO_HISTORY": "", "MAPC_CACHE_DIR": cache]
        let arguments = ["build", repository.path + "/plans", "-o", out, "--today", "2026-11-24"]
        CLI.write(P("Payments pilot", "pilot", "active", [
            "[x] Configure SSO @li due:2026-10-20 id:sso",
            "[x] Train staff @marcus due:2026-11-18",
            "[x] Book the room @dana due:2026-10-22",
            "[ ] ~~Order terminals~~ @li due:2026-10-30",
            "[ ] Write the runbook @li due:2026-11-10",
        ], ["Pilot live due:2026-11-29"]), to: repository.path + "/plans/pilot.md")
        #expect(CLI.run(arguments, environment: environment).status == Self.planErrors)
        #expect(Self.read(out + "/plans/pilot.html").contains("<p>4 versions from 2026-10-01 to 2026-11-20"))
        try repository.git(["commit", "-q", "-a", "-m", "train"], date: "2026-11-23")
        let second = CLI.run(arguments + ["--verbose"], environment: environment)
        #expect(second.status == Self.planErrors)
        #expect(second.err.contains("mapc: rendered 1 of 1 plans"), "\(second.err)")
        let page = Self.read(out + "/plans/pilot.html")
        #expect(page.contains("<p>5 versions from 2026-10-01 to 2026-11-23"))
        #expect(page.contains("<span class=\"chip completed\">completed</span> Train staff"))
        // Nothing new: the page comes from the cache.
        let third = CLI.run(arguments + ["--verbose"], environment: environment)
        #expect(third.err.contains("mapc: rendered 0 of 1 plans"), "\(third.err)")
        // The portfolio's week comes from the cached fragment.
        #expect(Self.read(out + "/index.html").contains("<span class=\"chip completed\">completed</span> Train staff"))
    }

    /// A history as long as the repository's stays a readable page: the latest 100 slips,
    /// the latest 12 dates of a milestone, with how many are left out.
    @Test func aLongHistoryIsListedInPart() throws {
        let repository = try ScriptedRepository()
        let start = try #require(Day(iso: "2026-01-01"))
        for step in 0...105 {
            let due = start.adding(days: 100 + step), milestone = start.adding(days: 200 + step)
            try repository.commit(["plans/long.md": P("Long plan", "long", "active", ["[ ] Slide @li due:\(due)"],
                                                      ["Launch due:\(milestone)"])],
                                  on: start.adding(days: step).description)
        }
        let (run, out) = Self.build(repository, today: "2026-05-01")
        #expect(run.status == Self.planErrors, "\(run.err)")
        let history = Self.section(Self.read(out + "/plans/long.html"), "<section class=\"history\"")
        #expect(history.contains("<p>105 slips of 1 task, 105 days net.</p>"))
        #expect(history.contains("<p class=\"muted\">5 earlier slips not listed here; `mapc history --format json` has them all.</p>"))
        let slipLog = Self.section(history, "<table class=\"slips\">")
        #expect(slipLog.components(separatedBy: "<tr><th scope=\"row\">Slide</th>").count - 1 == 100)
        #expect(history.contains("<td class=\"alert\">105 days later, moved 105 times</td><td><span class=\"muted\">94 earlier dates</span> → "
                                 + "<span class=\"trail\">2026-10-22 <span class=\"muted\">(as of 2026-04-05)</span></span> → "))
    }
}
