import Foundation
@testable import MapcHistory
import MapcModel
import MapcSource
import Testing

/// `HistoryBuilder` on commits written by hand: how files are followed, what is
/// skipped, and what is counted. No git: the walk's output is data.
@Suite struct HistoryBuilderTests {
    static func day(_ text: String) -> Day { Day(iso: text)! }

    static func plan(_ id: String = "pilot", explicit: Bool = true, title: String = "Pilot", status: PlanStatus = .active,
                     tasks: [PlanSnapshot.TaskFacts]) -> PlanSnapshot {
        var snapshot = PlanSnapshot(kind: .plan)
        snapshot.id = id
        snapshot.explicitID = explicit
        snapshot.title = title
        snapshot.status = status
        snapshot.tasks = tasks
        return snapshot
    }

    static func task(_ title: String, _ state: Task.State = .open, due: String? = nil, owner: String? = nil) -> PlanSnapshot.TaskFacts {
        PlanSnapshot.TaskFacts(id: derivedID(title), explicitID: false, title: title, state: state,
                               owner: owner.map(Handle.init), effectiveOwner: owner.map(Handle.init),
                               due: due.map(day), effectiveDue: due.map(day))
    }

    static func commit(_ id: String, _ date: String, _ changes: [FileChange]) -> CommitRecord {
        CommitRecord(id: id, firstParent: nil, day: day(date), changes: changes)
    }

    static func build(_ commits: [CommitRecord], _ snapshots: [String: PlanSnapshot]) -> [PlanHistory] {
        HistoryBuilder.build(commits: commits, snapshots: snapshots, serial: true, select: { _ in true }, shown: { $0 })
    }

    @Test func aDeletionAndAnAdditionOfTheSamePlanInOneCommitAreAMove() {
        // git saw no rename (too much changed); the written id says it is the same plan.
        let snapshots = [
            "b1": Self.plan(tasks: [Self.task("One"), Self.task("Two")]),
            "b2": Self.plan(title: "Pilot, reworded", tasks: [Self.task("One", .done), Self.task("Two"), Self.task("Three")]),
        ]
        let histories = Self.build([
            Self.commit("c1", "2026-10-01", [FileChange(oldPath: nil, oldBlob: nil, newPath: "a.md", newBlob: "b1")]),
            Self.commit("c2", "2026-10-08", [FileChange(oldPath: "a.md", oldBlob: "b1", newPath: nil, newBlob: nil),
                                             FileChange(oldPath: nil, oldBlob: nil, newPath: "plans/b.md", newBlob: "b2")]),
        ], snapshots)
        #expect(histories.count == 1)
        let history = histories[0]
        #expect(history.file == "plans/b.md")
        #expect(history.deleted == nil)
        #expect(history.moves == [PlanHistory.Move(from: "a.md", to: "plans/b.md", at: CommitDay(commit: "c2", day: Self.day("2026-10-08")))])
        #expect(history.points.map(\.total) == [2, 3])
        #expect(history.points.map(\.done) == [0, 1])
        #expect(history.scope?.added.map(\.title) == ["Three"])
    }

    @Test func aDeletedPlanEndsWithItsDeletion() {
        let snapshots = ["b1": Self.plan(tasks: [Self.task("One")])]
        let histories = Self.build([
            Self.commit("c1", "2026-10-01", [FileChange(oldPath: nil, oldBlob: nil, newPath: "a.md", newBlob: "b1")]),
            Self.commit("c2", "2026-10-08", [FileChange(oldPath: "a.md", oldBlob: "b1", newPath: nil, newBlob: nil)]),
        ], snapshots)
        #expect(histories.map(\.deleted) == [CommitDay(commit: "c2", day: Self.day("2026-10-08"))])
        #expect(histories[0].points.count == 1)
    }

    /// A plan deleted and later restored at its path (a revert) goes on where it stopped:
    /// one history, not deleted; a different plan added there later is a history of its own.
    @Test func aRestoredPlanGoesOnWhereItStopped() {
        let snapshots = [
            "b1": Self.plan(tasks: [Self.task("One", due: "2026-10-10")]),
            "b2": Self.plan(tasks: [Self.task("One", due: "2026-10-15")]),
            "x1": Self.plan("other", title: "Other", tasks: [Self.task("Else")]),
        ]
        let histories = Self.build([
            Self.commit("c1", "2026-10-01", [FileChange(oldPath: nil, oldBlob: nil, newPath: "a.md", newBlob: "b1")]),
            Self.commit("c2", "2026-10-02", [FileChange(oldPath: "a.md", oldBlob: "b1", newPath: nil, newBlob: nil)]),
            Self.commit("c3", "2026-10-03", [FileChange(oldPath: nil, oldBlob: nil, newPath: "a.md", newBlob: "b2")]),
            Self.commit("c4", "2026-10-04", [FileChange(oldPath: "a.md", oldBlob: "b2", newPath: nil, newBlob: nil)]),
            Self.commit("c5", "2026-10-05", [FileChange(oldPath: nil, oldBlob: nil, newPath: "a.md", newBlob: "x1")]),
        ], snapshots)
        #expect(histories.map(\.id) == ["pilot", "other"] || histories.map(\.id) == ["other", "pilot"])
        let pilot = histories.first { $0.id == "pilot" }
        #expect(pilot?.points.map(\.at.commit) == ["c1", "c3"])
        #expect(pilot?.slips.map(\.days) == [5])
        #expect(pilot?.deleted?.commit == "c4")
        let other = histories.first { $0.id == "other" }
        #expect(other?.points.map(\.at.commit) == ["c5"])
        #expect(other?.deleted == nil)
    }

    /// A date pulled in is a negative slip; a date added or removed is none; a task that
    /// moved with its phase slipped `inherited`. A plan never active has no scope; an
    /// empty baseline has no percentage.
    @Test func slipsAndScopeAtTheirEdges() {
        func phased(_ title: String, phaseDue: String) -> PlanSnapshot.TaskFacts {
            PlanSnapshot.TaskFacts(id: derivedID(title), explicitID: false, title: title, state: .open, effectiveDue: Self.day(phaseDue), phase: 0)
        }
        var v1 = Self.plan(status: .active, tasks: [Self.task("Early", due: "2026-10-20"), Self.task("Dated"), phased("Follower", phaseDue: "2026-10-30")])
        v1.phases = ["Phase"]
        var v2 = Self.plan(status: .active, tasks: [Self.task("Early", due: "2026-10-12"), Self.task("Dated", due: "2026-10-25"),
                                                    phased("Follower", phaseDue: "2026-11-06")])
        v2.phases = ["Phase"]
        let histories = Self.build([
            Self.commit("c1", "2026-10-01", [FileChange(oldPath: nil, oldBlob: nil, newPath: "a.md", newBlob: "v1")]),
            Self.commit("c2", "2026-10-02", [FileChange(oldPath: "a.md", oldBlob: "v1", newPath: "a.md", newBlob: "v2")]),
            Self.commit("c3", "2026-10-03", [FileChange(oldPath: nil, oldBlob: nil, newPath: "draft.md", newBlob: "d1")]),
            Self.commit("c4", "2026-10-04", [FileChange(oldPath: nil, oldBlob: nil, newPath: "empty.md", newBlob: "e1")]),
            Self.commit("c5", "2026-10-05", [FileChange(oldPath: "empty.md", oldBlob: "e1", newPath: "empty.md", newBlob: "e2")]),
        ], ["v1": v1, "v2": v2, "d1": Self.plan("draft", status: .draft, tasks: [Self.task("One")]),
            "e1": Self.plan("empty", tasks: []), "e2": Self.plan("empty", tasks: [Self.task("First")])])
        #expect(histories.map(\.file) == ["a.md", "draft.md", "empty.md"])
        let plan = histories[0]
        #expect(plan.slips.map(\.task.title) == ["Early", "Follower"])
        #expect(plan.slips.map(\.days) == [-8, 7])
        #expect(plan.slips.map(\.inherited) == [false, true])
        #expect(histories[1].scope == nil)
        #expect(histories[2].scope?.baseline == 0)
        #expect(histories[2].scope?.now == 1)
        #expect(histories[2].scope?.changePercent == nil)
    }

    @Test func aBrokenVersionIsSkippedWithItsReason() {
        let snapshots = [
            "b1": Self.plan(tasks: [Self.task("One", due: "2026-10-10")]),
            "b2": PlanSnapshot(kind: .broken("front matter opened here is never closed")),
            "b3": Self.plan(tasks: [Self.task("One", due: "2026-10-20")]),
        ]
        let histories = Self.build([
            Self.commit("c1", "2026-10-01", [FileChange(oldPath: nil, oldBlob: nil, newPath: "a.md", newBlob: "b1")]),
            Self.commit("c2", "2026-10-02", [FileChange(oldPath: "a.md", oldBlob: "b1", newPath: "a.md", newBlob: "b2")]),
            Self.commit("c3", "2026-10-03", [FileChange(oldPath: "a.md", oldBlob: "b2", newPath: "a.md", newBlob: "b3")]),
        ], snapshots)
        let history = histories[0]
        #expect(history.points.map(\.at.commit) == ["c1", "c3"])
        #expect(history.skipped.map(\.at.commit) == ["c2"])
        #expect(history.skipped.first?.reason == "front matter opened here is never closed")
        // The slip is measured across the broken version, from the last readable one.
        #expect(history.slips.map(\.days) == [10])
        #expect(history.slips.first?.at.commit == "c3")
    }

    @Test func filesThatWereNeverPlansAreNotHistories() {
        let histories = Self.build([
            Self.commit("c1", "2026-10-01", [FileChange(oldPath: nil, oldBlob: nil, newPath: "README.md", newBlob: "r")]),
        ], ["r": PlanSnapshot(kind: .notAPlan)])
        #expect(histories.isEmpty)
    }

    @Test func aRenamedTaskKeepsItsSlips() {
        // Renamed and re-dated in separate commits: the second slip is the same task's.
        var renamed = Self.task("Configure the gateway for Oslo", due: "2026-10-20", owner: "li")
        renamed.id = "gateway"
        renamed.explicitID = true
        var original = Self.task("Configure the gateway", due: "2026-10-10", owner: "li")
        original.id = "gateway"
        original.explicitID = true
        var later = renamed
        later.due = Self.day("2026-10-30")
        later.effectiveDue = later.due
        let snapshots = ["b1": Self.plan(tasks: [original]), "b2": Self.plan(tasks: [renamed]), "b3": Self.plan(tasks: [later])]
        let histories = Self.build([
            Self.commit("c1", "2026-10-01", [FileChange(oldPath: nil, oldBlob: nil, newPath: "a.md", newBlob: "b1")]),
            Self.commit("c2", "2026-10-02", [FileChange(oldPath: "a.md", oldBlob: "b1", newPath: "a.md", newBlob: "b2")]),
            Self.commit("c3", "2026-10-03", [FileChange(oldPath: "a.md", oldBlob: "b2", newPath: "a.md", newBlob: "b3")]),
        ], snapshots)
        #expect(histories[0].slips(ofTaskAt: 0).map(\.days) == [10, 10])
        #expect(histories[0].events.filter { $0.kind == .added }.count == 1)
    }

    /// A cached reading whose identity decodes but whose tasks do not (only a bug could
    /// write one; the file's checksum held) is a skipped version, never a crash.
    @Test func aDamagedCachedReadingIsSkipped() throws {
        var facts = ByteWriter()
        facts.int(0); facts.string("pilot"); facts.bool(true); facts.string("Pilot"); facts.string("no such status")
        var file = ByteWriter()
        file.string("mapc-history-blobs"); file.int(HistoryReader.format); file.string("key")
        file.int(1); file.string("b2"); file.int(facts.bytes.count); file.append(facts.bytes)
        var table = try #require(SnapshotTable.decode(file.checkedBytes, key: "key"))
        table.insert("b1", Self.plan(tasks: [Self.task("One", due: "2026-10-10")]))
        #expect(table.identities["b2"]?.kind == .plan)
        let commits = [
            Self.commit("c1", "2026-10-01", [FileChange(oldPath: nil, oldBlob: nil, newPath: "a.md", newBlob: "b1")]),
            Self.commit("c2", "2026-10-02", [FileChange(oldPath: "a.md", oldBlob: "b1", newPath: "a.md", newBlob: "b2")]),
        ]
        let (plans, _) = HistoryBuilder.build(commits: commits, table: &table, cached: [:], serial: true,
                                              select: { _ in true }, shown: { $0 })
        #expect(plans.map(\.points.count) == [1])
        #expect(plans.first?.skipped.map(\.reason) == ["its cached reading is damaged"])
        // Its only version damaged: no history, and no crash.
        var alone = try #require(SnapshotTable.decode(file.checkedBytes, key: "key"))
        let only = [Self.commit("c1", "2026-10-01", [FileChange(oldPath: nil, oldBlob: nil, newPath: "a.md", newBlob: "b2")])]
        #expect(HistoryBuilder.build(commits: only, table: &alone, cached: [:], serial: true, select: { _ in true },
                                     shown: { $0 }).plans.isEmpty)
    }

    /// A commit whose date git could not give takes the day before it on the line.
    @Test func anUndatedCommitTakesThePreviousDay() {
        let undated = CommitWalk.undated
        let commits = ["2026-10-01", nil, "2026-10-05", nil].enumerated().map { index, date in
            CommitRecord(id: "c\(index)", firstParent: nil, day: date.map(Self.day) ?? undated, changes: [])
        }
        #expect(CommitWalk.dated(commits, previous: nil).map(\.day.description)
                == ["2026-10-01", "2026-10-01", "2026-10-05", "2026-10-05"])
        #expect(CommitWalk.dated(Array(commits[1...]), previous: Self.day("2026-09-30")).map(\.day.description)
                == ["2026-09-30", "2026-10-05", "2026-10-05"])
        #expect(CommitWalk.dated(Array(commits[1...]), previous: nil).map(\.day.description)
                == ["2026-10-05", "2026-10-05", "2026-10-05"])
        #expect(CommitWalk.dated([commits[1]], previous: nil).map(\.day.description) == ["1970-01-01"])
    }

    @Test func theWalkIsParsedFromGitLogOutput() throws {
        let zero = String(repeating: "0", count: 40), a = String(repeating: "a", count: 40), b = String(repeating: "b", count: 40)
        var text = "\u{01}c2\u{02}c1 m\u{02}2026-10-08T23:30:00-05:00\u{00}\n"
        text += ":100644 100644 \(a) \(b) R087\u{00}old.md\u{00}plans/new.md\u{00}"
        text += ":120000 000000 \(a) \(zero) D\u{00}link.md\u{00}"
        text += "\u{01}c1\u{02}\u{02}2026-10-01T12:00:00+00:00\u{00}\n"
        text += ":000000 100644 \(zero) \(a) A\u{00}old.md\u{00}"
        let commits = try #require(CommitWalk.parse(Data(text.utf8)))
        #expect(commits.map(\.id) == ["c2", "c1"])
        #expect(commits[0].firstParent == "c1")
        #expect(commits[1].firstParent == nil)
        // The committer's own day, not UTC's.
        #expect(commits[0].day == Self.day("2026-10-08"))
        // The symbolic link is no plan file; the rename keeps both sides.
        #expect(commits[0].changes == [FileChange(oldPath: "old.md", oldBlob: a, newPath: "plans/new.md", newBlob: b)])
        #expect(commits[1].changes == [FileChange(oldPath: nil, oldBlob: nil, newPath: "old.md", newBlob: a)])
        #expect(CommitWalk.parse(Data("garbage".utf8)) == nil)
        // A date git could not give (an empty one, year 11476) is undated, not an error.
        let odd = "\u{01}c2\u{02}c1\u{02}%cI\u{00}\n\u{01}c1\u{02}\u{02}11476-08-15T05:20:00+00:00\u{00}\n"
        #expect(CommitWalk.parse(Data(odd.utf8))?.map(\.day) == [CommitWalk.undated, CommitWalk.undated])
    }
}

/// The burn-up chart and its forecast, rendered directly from a history.
@Suite struct BurnUpChartTests {
    static func history(_ counts: [(String, Int, Int)], title: String = "Pilot <\"&\">") -> PlanHistory {
        var history = PlanHistory(file: "a.md", repositoryPath: "a.md", id: "pilot", title: title)
        history.points = counts.enumerated().map { index, count in
            BurnUpPoint(at: CommitDay(commit: String(repeating: "\(index % 10)", count: 40), day: Day(iso: count.0)!),
                        total: count.1, done: count.2, open: count.1 - count.2, overdue: 0)
        }
        return history
    }

    @Test func theChartIsAnAccessibleImageWithItsDataAsATable() throws {
        let history = Self.history([("2026-10-01", 10, 0), ("2026-10-08", 12, 2), ("2026-10-15", 12, 5), ("2026-10-22", 13, 7)])
        let chart = BurnUpChart(history, idPrefix: "plan-burnup")
        let svg = try #require(chart.svg())
        #expect(svg.hasPrefix("<svg class=\"burnup\" xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("role=\"img\" aria-labelledby=\"plan-burnup-title plan-burnup-desc\""))
        #expect(svg.contains("<title id=\"plan-burnup-title\">Burn-up of Pilot &lt;&quot;&amp;&quot;&gt;: 7 of 13 tasks done on 2026-10-22"))
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("Pilot <"))
        // Scope and done as steps over the four commits, and a dashed forecast.
        #expect(svg.contains("class=\"burnup-scope\" d=\"M44 "))
        #expect(svg.components(separatedBy: " H").count - 1 == 6)
        #expect(svg.contains("class=\"burnup-forecast\""))
        #expect(svg.contains("stroke-dasharray"))
        let table = chart.table()
        #expect(table.hasPrefix("<table class=\"burnup-data\"><caption>Burn-up of Pilot &lt;"))
        #expect(table.components(separatedBy: "<tr><td>").count - 1 == 4)
        #expect(table.contains("<tr><td>2026-10-22</td><td><code>3333333</code></td><td>13</td><td>7</td><td>6</td><td>0</td></tr>"))
        let html = try #require(chart.html())
        #expect(html.hasPrefix("<figure class=\"burnup-figure\"><svg"))
        #expect(html.contains("<details><summary>Burn-up data</summary><table"))
        // Same history, same bytes.
        #expect(BurnUpChart(history, idPrefix: "plan-burnup").svg() == svg)
    }

    /// The whole figure, byte for byte (one element a line here): what the site will embed.
    @Test func theFigureIsExactlyTheReviewedMarkup() throws {
        let history = Self.history([("2026-10-01", 10, 0), ("2026-10-08", 12, 2), ("2026-10-15", 12, 5), ("2026-10-22", 13, 7)])
        let expected = [
            #"<figure class="burnup-figure">"#,
            #"<svg class="burnup" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 260" width="720" height="260" role="img" aria-labelledby="plan-burnup-title plan-burnup-desc">"#,
            #"<title id="plan-burnup-title">Burn-up of Pilot &lt;&quot;&amp;&quot;&gt;: 7 of 13 tasks done on 2026-10-22; at the recent rate done around 2026-11-09</title>"#,
            #"<desc id="plan-burnup-desc">Tasks in scope and tasks done after each of 4 commits that changed the plan, from 2026-10-01 to 2026-10-22, and a forecast from 2.33 tasks a week.</desc>"#,
            #"<line x1="44" y1="224" x2="704" y2="224" style="stroke: var(--line, #d0d7de)" stroke-width="1"/>"#,
            #"<text x="38" y="228" text-anchor="end" font-size="11" style="fill: var(--muted, #57606a)">0</text>"#,
            #"<line x1="44" y1="134.5" x2="704" y2="134.5" style="stroke: var(--line, #d0d7de)" stroke-width="1"/>"#,
            #"<text x="38" y="138.5" text-anchor="end" font-size="11" style="fill: var(--muted, #57606a)">6</text>"#,
            #"<line x1="44" y1="30" x2="704" y2="30" style="stroke: var(--line, #d0d7de)" stroke-width="1"/>"#,
            #"<text x="38" y="34" text-anchor="end" font-size="11" style="fill: var(--muted, #57606a)">13</text>"#,
            #"<text x="44" y="248" text-anchor="start" font-size="11" style="fill: var(--muted, #57606a)">2026-10-01</text>"#,
            #"<text x="704" y="248" text-anchor="end" font-size="11" style="fill: var(--muted, #57606a)">2026-11-15</text>"#,
            #"<defs>"#,
            #"<clipPath id="plan-burnup-clip">"#,
            #"<rect x="44" y="0" width="660" height="260"/>"#,
            #"</clipPath>"#,
            #"</defs>"#,
            #"<polygon class="burnup-spread" points="352,119.5 572,30 704,30" clip-path="url(#plan-burnup-clip)" style="fill: var(--accent, #0969da)" fill-opacity="0.12"/>"#,
            #"<line class="burnup-forecast" x1="352" y1="119.5" x2="616" y2="30" clip-path="url(#plan-burnup-clip)" style="stroke: var(--accent, #0969da)" stroke-width="2" stroke-dasharray="6 4"/>"#,
            #"<path class="burnup-scope" d="M44 74.8 H146.7 V44.9 H249.3 V44.9 H352 V30" fill="none" style="stroke: var(--fg, #1f2328)" stroke-width="2"/>"#,
            #"<line class="burnup-scope-ahead" x1="352" y1="30" x2="704" y2="30" style="stroke: var(--fg, #1f2328)" stroke-width="1" stroke-dasharray="2 3"/>"#,
            #"<path class="burnup-done" d="M44 224 H146.7 V194.2 H249.3 V149.4 H352 V119.5" fill="none" style="stroke: var(--ok, #1a7f37)" stroke-width="2.5"/>"#,
            #"<text x="52" y="18" font-size="11" style="fill: var(--fg, #1f2328)">— scope (13)</text>"#,
            #"<text x="152" y="18" font-size="11" style="fill: var(--ok, #1a7f37)">— done (7)</text>"#,
            #"<text x="244" y="18" font-size="11" style="fill: var(--accent, #0969da)">- - forecast 2026-11-09</text>"#,
            #"</svg>"#,
            #"<figcaption>"#,
            #"<details>"#,
            #"<summary>Burn-up data</summary>"#,
            #"<table class="burnup-data">"#,
            #"<caption>Burn-up of Pilot &lt;&quot;&amp;&quot;&gt;: 7 of 13 tasks done on 2026-10-22; at the recent rate done around 2026-11-09</caption>"#,
            #"<thead>"#,
            #"<tr>"#,
            #"<th scope="col">Date</th>"#,
            #"<th scope="col">Commit</th>"#,
            #"<th scope="col">In scope</th>"#,
            #"<th scope="col">Done</th>"#,
            #"<th scope="col">Open</th>"#,
            #"<th scope="col">Overdue</th>"#,
            #"</tr>"#,
            #"</thead>"#,
            #"<tbody>"#,
            #"<tr>"#,
            #"<td>2026-10-01</td>"#,
            #"<td>"#,
            #"<code>0000000</code>"#,
            #"</td>"#,
            #"<td>10</td>"#,
            #"<td>0</td>"#,
            #"<td>10</td>"#,
            #"<td>0</td>"#,
            #"</tr>"#,
            #"<tr>"#,
            #"<td>2026-10-08</td>"#,
            #"<td>"#,
            #"<code>1111111</code>"#,
            #"</td>"#,
            #"<td>12</td>"#,
            #"<td>2</td>"#,
            #"<td>10</td>"#,
            #"<td>0</td>"#,
            #"</tr>"#,
            #"<tr>"#,
            #"<td>2026-10-15</td>"#,
            #"<td>"#,
            #"<code>2222222</code>"#,
            #"</td>"#,
            #"<td>12</td>"#,
            #"<td>5</td>"#,
            #"<td>7</td>"#,
            #"<td>0</td>"#,
            #"</tr>"#,
            #"<tr>"#,
            #"<td>2026-10-22</td>"#,
            #"<td>"#,
            #"<code>3333333</code>"#,
            #"</td>"#,
            #"<td>13</td>"#,
            #"<td>7</td>"#,
            #"<td>6</td>"#,
            #"<td>0</td>"#,
            #"</tr>"#,
            #"</tbody>"#,
            #"</table>"#,
            #"</details>"#,
            #"</figcaption>"#,
            #"</figure>"#,
        ].joined()
        #expect(try #require(BurnUpChart(history, idPrefix: "plan-burnup").html()) == expected)
    }

    @Test func aPlanWithoutVersionsHasNoChart() {
        #expect(BurnUpChart(Self.history([])).svg() == nil)
        #expect(BurnUpChart(Self.history([])).html() == nil)
    }

    @Test func theForecastTakesTheRecentWeeklyRateAndItsSpread() throws {
        // Done: 0, 2, 5, 7 at weekly points; gains over the three weeks: 2, 3, 2.
        let history = Self.history([("2026-10-01", 10, 0), ("2026-10-08", 12, 2), ("2026-10-15", 12, 5), ("2026-10-22", 13, 7)])
        let forecast = try #require(Forecast(history.points))
        #expect(forecast.weeksMeasured == 3)
        #expect(abs(forecast.ratePerWeek - 7.0 / 3) < 1e-9)
        #expect(abs(forecast.spread - (1.0 / 3).squareRoot()) < 1e-9)
        #expect(forecast.remaining == 6)
        // 6 tasks at 2.33 a week: 18 days.
        #expect(forecast.date == Day(iso: "2026-11-09"))
        #expect(forecast.earliest < forecast.date)
        #expect(try #require(forecast.latest) > forecast.date)
        // Nothing done lately: no rate, no forecast; all done: nothing to forecast.
        #expect(Forecast(Self.history([("2026-10-01", 5, 0), ("2026-10-20", 5, 0)]).points) == nil)
        #expect(Forecast(Self.history([("2026-10-01", 5, 0), ("2026-10-20", 5, 5)]).points) == nil)
        // A million tasks at 2.5 a week are done in the year 9692; at the slow end of the
        // spread (1.3 a week), after 9999: open-ended, not a day no one can write.
        let huge = Self.history([("2026-10-01", 1_000_000, 0), ("2026-10-08", 1_000_000, 3), ("2026-10-15", 1_000_000, 6),
                                 ("2026-10-22", 1_000_000, 9), ("2026-10-29", 1_000_000, 12), ("2026-11-05", 1_000_000, 15),
                                 ("2026-11-12", 1_000_000, 15)])
        let far = try #require(Forecast(huge.points))
        #expect(far.date == Day(iso: "9692-11-20"))
        #expect(far.latest == nil)
        // One a week out of a million: after 9999 even at the mean rate, so no forecast.
        #expect(Forecast(Self.history([("2026-10-01", 1_000_000, 0), ("2026-11-12", 1_000_000, 1)]).points) == nil)
    }
}

