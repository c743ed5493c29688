import MapcCheck
import MapcEmit
import MapcLower
import MapcModel
import MapcSource
import Testing

/// The health rule and the progress figures every summary shows (docs/status.md).
@Suite struct SummaryTests {
    static let today = Day(iso: "2026-11-24")!

    static func summary(_ body: String, status: String = "active") throws -> PlanSummary {
        let text = "---\ntitle: T\nstatus: \(status)\nstart: 2026-10-01\ndue: 2026-12-31\n---\n"
            + "## Stakeholders\n| Handle |\n|---|\n| @li |\n" + body
        let source = SourceFile(path: "t.md", text: text)
        guard case let .plan(plan) = PlanLowering.lower(source) else { throw Failure() }
        let diagnostics = Checker(configuration: Configuration(), today: today).check(plan, source: source)
        return PlanSummary(plan: plan, diagnostics: diagnostics, today: today)
    }

    struct Failure: Error {}

    @Test func onTrackAtRiskOffTrack() throws {
        let fine = try Self.summary("## Tasks\n- [ ] A @li due:2026-12-01\n- [x] B @li\n")
        #expect(fine.health == .onTrack)
        #expect(fine.doneCount == 1 && fine.totalCount == 2)
        #expect(fine.nextDeadline == Deadline(day: Day(iso: "2026-12-01")!, title: "A", isMilestone: false))

        let late = try Self.summary("## Tasks\n- [ ] A @li due:2026-11-20\n- [ ] B @li due:2026-12-20\n- [ ] C @li due:2026-12-21\n- [ ] D @li due:2026-12-22\n- [ ] E @li due:2026-12-23\n")
        #expect(late.health == .atRisk)
        #expect(late.overdue.map(\.title) == ["A"])

        let blocked = try Self.summary("## Tasks\n- [ ] A @li due:2026-12-01 status:blocked\n")
        #expect(blocked.health == .atRisk)
        #expect(blocked.blocked.count == 1)

        let off = try Self.summary("## Tasks\n- [ ] A @li due:2026-11-20\n- [ ] B @li due:2026-12-20\n")
        #expect(off.health == .offTrack)
        #expect(off.healthReasons == ["1 of 2 open tasks are overdue"])

        #expect(try Self.summary("", status: "done").health == .done)
        #expect(try Self.summary("").health == .unknown)
        #expect(try Self.summary("", status: "on-hold").health == .inactive)
    }

    /// A plan with `overdue` open tasks past their date and `onTime` open tasks due later.
    static func tasks(overdue: Int, onTime: Int) -> String {
        "## Tasks\n" + (0..<overdue).map { "- [ ] Late \($0) @li due:2026-11-20\n" }.joined()
            + (0..<onTime).map { "- [ ] Later \($0) @li due:2026-12-20\n" }.joined()
    }

    @Test func threeOverdueTasksPutAPlanOffTrackTwoDoNot() throws {
        // docs/status.md: 3 or more overdue is off track whatever the plan's size (20 open
        // tasks here, so the quarter rule does not apply: 3 × 4 < 20).
        let two = try Self.summary(Self.tasks(overdue: 2, onTime: 18))
        #expect(two.health == .atRisk)
        #expect(two.healthReasons == ["2 tasks are overdue"])
        let three = try Self.summary(Self.tasks(overdue: 3, onTime: 17))
        #expect(three.health == .offTrack)
        #expect(three.healthReasons == ["3 of 20 open tasks are overdue"])
    }

    @Test func aQuarterOfTheOpenTasksOverduePutsAPlanOffTrack() throws {
        // docs/status.md: `overdue × 4 ≥ open`, with fewer than 3 overdue.
        let quarter = try Self.summary(Self.tasks(overdue: 2, onTime: 6))
        #expect(quarter.health == .offTrack)
        #expect(quarter.healthReasons == ["2 of 8 open tasks are overdue"])
        let less = try Self.summary(Self.tasks(overdue: 2, onTime: 7))
        #expect(less.health == .atRisk)
        #expect(less.healthReasons == ["2 tasks are overdue"])
        let one = try Self.summary(Self.tasks(overdue: 1, onTime: 3))
        #expect(one.health == .offTrack)
        #expect(one.healthReasons == ["1 of 4 open tasks are overdue"])
    }

    @Test func weightedProgressUsesEstimates() throws {
        let summary = try Self.summary("## Tasks\n- [x] A @li est:3d\n- [ ] B @li est:1d due:2026-12-01\n- [ ] ~~C~~ @li est:5d\n")
        #expect(summary.weightedProgress == 0.75)
        #expect(summary.progress == 0.5)
    }

    static let task = "## Tasks\n- [ ] A @li due:2026-12-20\n"

    @Test func aMetricIsNotBehindBecauseOfTheCalendarAlone() throws {
        // 54 of 91 days elapsed (59%), 20% of the way: shown, not judged (docs/status.md#metrics).
        let body = "## Goals\n### G1: Seats\n## Metrics\n| Metric | Goal | Baseline | Target | Current |\n|---|---|---|---|---|\n| Seats | G1 | 0 | 50 | 10 |\n" + Self.task
        let summary = try Self.summary(body)
        let progress = try #require(summary.metricProgress["g1"]?.first)
        #expect(progress.onTrack == nil)
        #expect(progress.fraction == 0.2 && progress.percent == 20)
        #expect((progress.expected ?? 0) > 0.59 && (progress.expected ?? 0) < 0.6)
        #expect(summary.goalsOffTrack.isEmpty)
        #expect(summary.health == .onTrack)
    }

    @Test func aMetricIsBehindWhenItsDueDateOrACheckpointPassedUnmet() throws {
        let header = "## Goals\n### G1: Seats\n## Metrics\n| Metric | Goal | Baseline | Target | Current | Due | Checkpoints |\n|---|---|---|---|---|---|---|\n"
        let due = try Self.summary(header + "| Seats | G1 | 0 | 50 | 10 | 2026-11-20 | |\n" + Self.task)
        #expect(due.metricProgress["g1"]?.first?.onTrack == false)
        #expect(due.metricProgress["g1"]?.first?.behindBecause == "due 2026-11-20, 10 of 50")
        #expect(due.health == .atRisk)
        #expect(due.healthReasons == ["goal G1 behind schedule"])
        let missed = try Self.summary(header + "| Seats | G1 | 0 | 50 | 10 | | 5 by 2026-10-15, 20 by 2026-11-15, 35 by 2026-12-15 |\n" + Self.task)
        #expect(missed.metricProgress["g1"]?.first?.onTrack == false)
        #expect(missed.metricProgress["g1"]?.first?.behindBecause == "checkpoint 20 by 2026-11-15 missed (10)")
        let met = try Self.summary(header + "| Seats | G1 | 0 | 50 | 22 | | 2026-11-15: 20, 2026-12-15: 35 |\n" + Self.task)
        #expect(met.metricProgress["g1"]?.first?.onTrack == true)
        #expect(met.health == .onTrack)
        // A metric that must go down is met from above.
        let down = try Self.summary(header + "| Incidents | G1 | 10 | 2 | 6 | | 5 by 2026-11-15 |\n" + Self.task)
        #expect(down.metricProgress["g1"]?.first?.onTrack == false)
        let reached = try Self.summary(header + "| Incidents | G1 | 10 | 2 | 2 | 2026-11-01 | |\n" + Self.task)
        #expect(reached.metricProgress["g1"]?.first?.onTrack == true)
    }

    @Test func percentagesAreRoundedOneWayEverywhere() throws {
        #expect(Percent.whole(0.996) == 99)
        #expect(Percent.whole(0.965) == 96)
        #expect(Percent.whole(1.2) == 100 && Percent.whole(-0.1) == 0 && Percent.whole(.nan) == 0)
        #expect(Percent.whole(0.29) == 29)
    }

    @Test func aMetricWithoutACurrentValueIsNotJudged() throws {
        let body = "## Goals\n### G1: Seats\n## Metrics\n| Metric | Goal | Baseline | Target | Current | Due |\n|---|---|---|---|---|---|\n| Seats | G1 | 0 | 50 | | 2026-11-01 |\n" + Self.task
        let summary = try Self.summary(body)
        #expect(summary.metricProgress["g1"]?.first?.onTrack == nil)
        #expect(summary.goalsOffTrack.isEmpty)
        #expect(summary.health == .onTrack)
    }

    @Test func anOverdueSubTaskOfAnOverdueTaskIsOneLatePieceOfWork() throws {
        // Two late pieces (a task with a late sub-task, and another) among 9: at risk, not off track.
        var body = "## Tasks\n- [ ] A @li due:2026-11-20\n  - [ ] A1 @li\n  - [ ] A2 @li due:2026-11-18\n- [ ] B @li due:2026-11-21\n"
        for name in ["C", "D", "E", "F", "G", "H", "I"] { body += "- [ ] \(name) @li due:2026-12-20\n" }
        let summary = try Self.summary(body)
        #expect(summary.overdue.count == 4)
        #expect(summary.health == .atRisk)
        #expect(summary.healthReasons == ["2 tasks are overdue"])
        // Three late pieces make it off track, as three separate late tasks always did.
        let three = try Self.summary(body.replacingOccurrences(of: "- [ ] C @li due:2026-12-20", with: "- [ ] C @li due:2026-11-22"))
        #expect(three.health == .offTrack)
        #expect(three.healthReasons == ["3 of 9 open tasks are overdue"])
    }

    @Test func aPlanWhereNothingWasReadIsNeverOnTrack() throws {
        let german = try Self.summary("## Aufgaben\n- [ ] Angebote einholen @li due:2026-12-01\n")
        #expect(german.health == .unknown)
        #expect(german.healthReasons == ["mapc read no task and no milestone in the plan"])
        #expect(german.health.label == "Not judged")
        #expect(try Self.summary("## Milestones\n- Pilot live due:2026-12-01\n").health == .onTrack)
    }
}
