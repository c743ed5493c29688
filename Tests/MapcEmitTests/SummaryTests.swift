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

    @Test func metricsAreJudgedAgainstTheCalendar() throws {
        // 54 of 91 days elapsed (59%): 20% of the way is behind, 60% is on track.
        let body = "## Goals\n### G1: Seats\n### G2: NPS\n## Metrics\n| Metric | Goal | Baseline | Target | Current |\n|---|---|---|---|---|\n| Seats | G1 | 0 | 50 | 10 |\n| NPS | G2 | 20 | 40 | 32 |\n"
        let summary = try Self.summary(body)
        #expect(summary.goalsOffTrack.map(\.id.value) == ["G1"])
        #expect(summary.metricProgress["g2"]?.first?.fraction == 0.6)
        #expect(summary.health == .atRisk)
    }

    @Test func aMetricWithoutACurrentValueIsNotJudged() throws {
        let body = "## Goals\n### G1: Seats\n## Metrics\n| Metric | Goal | Baseline | Target | Current |\n|---|---|---|---|---|\n| Seats | G1 | 0 | 50 | |\n"
        let summary = try Self.summary(body)
        #expect(summary.metricProgress["g1"]?.first?.onTrack == nil)
        #expect(summary.goalsOffTrack.isEmpty)
        #expect(summary.health == .onTrack)
    }
}
