import MapcModel
import MapcSource

/// `mapc status --format json`, and the site's `status.json`: the status report as data.
///
/// The shape is stable and documented in docs/status.md (`"format": "mapc-status"`,
/// `"version": 1`); keys are camelCase like `mapc check --format json`, handles are
/// written without `@`, days as `YYYY-MM-DD`, shares as numbers from 0 to 1 rounded to
/// four decimals, and every key is always present (`null` when there is no value).
public enum StatusJSON {
    /// What a plan's git history adds to its entry (docs/history.md#in-status): the scope
    /// now against the first active version, and how many times a task's date moved.
    public struct History: Sendable, Equatable {
        public var scopeBaseline: Int?
        public var scopeNow: Int?
        public var scopeChangePercent: Double?
        public var slips: Int

        public init(scopeBaseline: Int?, scopeNow: Int?, scopeChangePercent: Double?, slips: Int) {
            self.scopeBaseline = scopeBaseline
            self.scopeNow = scopeNow
            self.scopeChangePercent = scopeChangePercent
            self.slips = slips
        }
    }

    /// Indented JSON text with a final newline. `history` gives, by plan file, what the
    /// plans' history adds; a plan without one has `"history": null`.
    public static func render(_ report: StatusReport, history: [String: History] = [:]) -> String {
        document(report, history: history).render(indent: 2) + "\n"
    }

    /// The report as a JSON value, for callers that embed or re-indent it.
    public static func document(_ report: StatusReport, history: [String: History] = [:]) -> JSON {
        document(today: report.today, counts: report.plans.map(Counts.init),
                 plans: report.plans.map { plan($0, history: history[$0.plan.file]) })
    }

    /// Where a plan's entry sits in the indented document: in `plans`, two levels deep.
    public static let planLevel = 2

    /// What the summary block counts of one plan.
    public struct Counts: Sendable {
        public var health: Health
        public var overdue: Int
        public var dueSoon: Int
        public var blocked: Int

        public init(_ summary: PlanSummary) {
            health = summary.health
            overdue = summary.overdue.count
            dueSoon = summary.dueSoon.count
            blocked = summary.blocked.count
        }

        public init(health: Health, overdue: Int, dueSoon: Int, blocked: Int) {
            self.health = health
            self.overdue = overdue
            self.dueSoon = dueSoon
            self.blocked = blocked
        }
    }

    /// The document from each plan's counts and entry, in attention order. A site build
    /// keeps each entry rendered (`plan(_:).render(indent: 2, level: planLevel)`, given
    /// here as `.rendered`) and puts the file together without the plans' models.
    public static func document(today: Day, counts: [Counts], plans: [JSON]) -> JSON {
        func count(_ health: Health) -> Int { counts.filter { $0.health == health }.count }
        let summary: JSON = .object([
            ("plans", .number(counts.count)),
            ("offTrack", .number(count(.offTrack))),
            ("atRisk", .number(count(.atRisk))),
            ("onTrack", .number(count(.onTrack))),
            ("done", .number(count(.done))),
            ("inactive", .number(count(.inactive))),
            ("unknown", .number(count(.unknown))),
            ("overdue", .number(counts.reduce(0) { $0 + $1.overdue })),
            ("dueSoon", .number(counts.reduce(0) { $0 + $1.dueSoon })),
            ("blocked", .number(counts.reduce(0) { $0 + $1.blocked })),
        ])
        return .object([
            ("format", .string("mapc-status")),
            ("version", .number(1)),
            ("today", .string(today.description)),
            ("headline", .string(StatusReport.headline(counts.map(\.health)))),
            ("summary", summary),
            ("plans", .array(plans)),
        ])
    }

    /// One plan's status, with what its history adds (`null` when it was not read).
    public static func plan(_ summary: PlanSummary, history: History? = nil) -> JSON {
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
        let pairs: [(String, JSON)] = [
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
        ]
        // Appended: one more element makes the literal too slow to type-check.
        return .object(pairs + [("history", history.map(historyEntry) ?? .null)])
    }

    /// What the plan's history adds: its scope change (null when never active) and slips.
    static func historyEntry(_ history: History) -> JSON {
        var scope = JSON.null
        if let baseline = history.scopeBaseline {
            scope = .object([
                ("baseline", .number(baseline)),
                ("now", history.scopeNow.map(JSON.number) ?? .null),
                ("changePercent", history.scopeChangePercent.map(JSON.double) ?? .null),
            ])
        }
        return .object([("scope", scope), ("slips", .number(history.slips))])
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
