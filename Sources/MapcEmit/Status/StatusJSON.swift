import MapcModel
import MapcSource

/// `mapc status --format json`, and the site's `status.json`: the status report as data.
///
/// The shape is stable and documented in docs/status.md (`"format": "mapc-status"`,
/// `"version": 1`); keys are camelCase like `mapc check --format json`, handles are
/// written without `@`, days as `YYYY-MM-DD`, shares as numbers from 0 to 1 rounded to
/// four decimals, and every key is always present (`null` when there is no value).
public enum StatusJSON {
    /// Indented JSON text with a final newline.
    public static func render(_ report: StatusReport) -> String {
        document(report).render(indent: 2) + "\n"
    }

    /// The report as a JSON value, for callers that embed or re-indent it.
    public static func document(_ report: StatusReport) -> JSON {
        let summary: JSON = .object([
            ("plans", .number(report.plans.count)),
            ("offTrack", .number(report.count(.offTrack))),
            ("atRisk", .number(report.count(.atRisk))),
            ("onTrack", .number(report.count(.onTrack))),
            ("done", .number(report.count(.done))),
            ("inactive", .number(report.count(.inactive))),
            ("overdue", .number(report.plans.reduce(0) { $0 + $1.overdue.count })),
            ("dueSoon", .number(report.plans.reduce(0) { $0 + $1.dueSoon.count })),
            ("blocked", .number(report.plans.reduce(0) { $0 + $1.blocked.count })),
        ])
        return .object([
            ("format", .string("mapc-status")),
            ("version", .number(1)),
            ("today", .string(report.today.description)),
            ("headline", .string(report.headline)),
            ("summary", summary),
            ("plans", .array(report.plans.map(plan))),
        ])
    }

    /// One plan's status.
    public static func plan(_ summary: PlanSummary) -> JSON {
        let plan = summary.plan
        let progress: JSON = .object([
            ("done", .number(summary.doneCount)),
            ("total", .number(summary.totalCount)),
            ("fraction", share(summary.progress)),
            ("weighted", summary.weightedProgress.map(share) ?? .null),
        ])
        let next: JSON = summary.nextDeadline.map { deadline in
            .object([
                ("date", .string(deadline.day.description)),
                ("title", .string(deadline.title)),
                ("kind", .string(deadline.isMilestone ? "milestone" : "task")),
                ("daysLeft", .number(summary.today.days(until: deadline.day))),
            ])
        } ?? .null
        return .object([
            ("id", .string(plan.id.value)),
            ("title", .string(plan.title.value)),
            ("file", .string(plan.file)),
            ("status", .string(plan.status.value.rawValue)),
            ("owner", plan.owner.map { .string($0.value.name) } ?? .null),
            ("parties", .array(plan.parties.map { .string($0.value) })),
            ("start", day(plan.start?.value)),
            ("due", day(plan.due?.value)),
            ("daysToDue", summary.daysToDue.map(JSON.number) ?? .null),
            ("health", .string(summary.health.rawValue)),
            ("healthLabel", .string(summary.health.label)),
            ("healthReasons", .array(summary.healthReasons.map(JSON.string))),
            ("progress", progress),
            ("overdue", .array(summary.overdueByDate.map { task(
                $0, extra: [("daysLate", .number(summary.daysLate($0)))]) })),
            ("dueSoon", .array(summary.dueSoonByDate.map { task(
                $0, extra: [("daysLeft", .number($0.effectiveDue.map { summary.today.days(until: $0) } ?? 0))]) })),
            ("blocked", .array(summary.blocked.map { task($0, extra: []) })),
            ("goalsOffTrack", .array(summary.goalsOffTrack.map { goal in
                let behind = (summary.metricProgress[goal.id.value.lowercased()] ?? []).filter { $0.onTrack == false }
                return .object([
                    ("id", .string(goal.id.value)),
                    ("title", .string(goal.title)),
                    ("metrics", .array(behind.map(metric))),
                ])
            })),
            ("nextDeadline", next),
            ("lastUpdate", day(summary.lastUpdate)),
            ("daysSinceUpdate", summary.daysSinceUpdate.map(JSON.number) ?? .null),
            ("review", plan.review.map { .string($0.value.rawValue) } ?? .null),
            ("stale", .bool(summary.isStale)),
            ("diagnostics", .object([
                ("errors", .number(summary.errors)),
                ("warnings", .number(summary.warnings)),
                ("infos", .number(summary.diagnostics.count(of: .info))),
            ])),
        ])
    }

    /// A task reference: id, title, effective owner and due date, progress, and `extra`.
    static func task(_ task: Task, extra: [(String, JSON)]) -> JSON {
        .object([
            ("id", .string(task.id)),
            ("title", .string(task.displayTitle)),
            ("owner", task.effectiveOwner.map { .string($0.name) } ?? .null),
            ("due", day(task.effectiveDue)),
            ("progress", .string(task.progress.rawValue)),
        ] + extra)
    }

    /// A metric with its cells as written and where it stands.
    static func metric(_ progress: MetricProgress) -> JSON {
        let metric = progress.metric
        return .object([
            ("name", .string(metric.name.value)),
            ("baseline", metric.baseline.map { .string($0.text) } ?? .null),
            ("target", metric.target.map { .string($0.text) } ?? .null),
            ("current", metric.current.map { .string($0.text) } ?? .null),
            ("unit", metric.unit.map(JSON.string) ?? .null),
            ("due", day(metric.due?.value)),
            ("fraction", progress.fraction.map(share) ?? .null),
            ("expected", progress.expected.map(share) ?? .null),
        ])
    }

    /// `YYYY-MM-DD`, or null.
    static func day(_ day: Day?) -> JSON { day.map { .string($0.description) } ?? .null }

    /// A share rounded to four decimals, so output does not depend on float printing noise.
    static func share(_ value: Double) -> JSON {
        .double((value * 10_000).rounded(.toNearestOrAwayFromZero) / 10_000)
    }
}
