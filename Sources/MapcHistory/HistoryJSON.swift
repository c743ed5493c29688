import MapcEmit
import MapcSource

/// `mapc history --format json` (docs/history.md#json, schema
/// docs/schema/mapc-history.schema.json): every key always present, `null` when there is
/// no value; days `YYYY-MM-DD`, commits as full ids, handles without `@`.
public enum HistoryJSON {
    /// Indented JSON text with a final newline.
    public static func render(_ report: HistoryReport, since: Day, until: Day) -> String {
        document(report, since: since, until: until).render(indent: 2) + "\n"
    }

    public static func document(_ report: HistoryReport, since: Day, until: Day) -> JSON {
        .object([
            ("format", .string("mapc-history")),
            ("version", .number(1)),
            ("head", .string(report.head)),
            ("since", .string(since.description)),
            ("until", .string(until.description)),
            ("plans", .array(report.plans.map { plan($0, since: since, until: until) })),
        ])
    }

    /// One plan's history.
    public static func plan(_ history: PlanHistory, since: Day, until: Day) -> JSON {
        let recent = history.recent(since: since, until: until)
        return .object([
            ("file", .string(history.file)),
            ("id", .string(history.id)),
            ("title", .string(history.title)),
            ("deleted", history.deleted.map(commitDay) ?? .null),
            ("moves", .array(history.moves.map { move in
                .object([("from", .string(move.from)), ("to", .string(move.to))] + commitFields(move.at))
            })),
            ("points", .array(history.points.map { point in
                .object(commitFields(point.at) + [
                    ("total", .number(point.total)), ("done", .number(point.done)),
                    ("open", .number(point.open)), ("overdue", .number(point.overdue)),
                ])
            })),
            ("slips", .array(history.slips.map(slip))),
            ("reassignments", .array(history.reassignments.map(reassignment))),
            ("scope", history.scope.map(scope) ?? .null),
            ("milestones", .array(history.milestones.map { trend in
                .object([
                    ("title", .string(trend.title)),
                    ("points", .array(trend.points.map { point in
                        .object(commitFields(point.at) + [("due", day(point.due)), ("done", .bool(point.done))])
                    })),
                ])
            })),
            ("recent", .object([
                ("completed", .array(recent.completed.map(event))),
                ("added", .array(recent.added.map(event))),
                ("removed", .array(recent.removed.map(event))),
                ("cancelled", .array(recent.cancelled.map(event))),
                ("slipped", .array(recent.slipped.map(slip))),
                ("reassigned", .array(recent.reassigned.map(reassignment))),
            ])),
            ("forecast", Forecast(history.points).map(forecast) ?? .null),
            ("skipped", .array(history.skipped.map { skipped in
                .object(commitFields(skipped.at) + [("reason", .string(skipped.reason))])
            })),
        ])
    }

    static func commitFields(_ at: CommitDay) -> [(String, JSON)] {
        [("commit", .string(at.commit)), ("date", .string(at.day.description))]
    }

    static func commitDay(_ at: CommitDay) -> JSON { .object(commitFields(at)) }

    static func task(_ name: TaskName) -> [(String, JSON)] {
        [("task", .string(name.id)), ("title", .string(name.title))]
    }

    static func slip(_ slip: Slip) -> JSON {
        .object(task(slip.task) + [
            ("from", .string(slip.from.description)), ("to", .string(slip.to.description)), ("days", .number(slip.days)),
        ] + commitFields(slip.at) + [("inherited", .bool(slip.inherited))])
    }

    static func reassignment(_ change: Reassignment) -> JSON {
        .object(task(change.task) + [
            ("from", change.from.map { .string($0.name) } ?? .null), ("to", change.to.map { .string($0.name) } ?? .null),
        ] + commitFields(change.at))
    }

    static func event(_ event: TaskEvent) -> JSON {
        .object(task(event.task) + commitFields(event.at))
    }

    static func scope(_ scope: ScopeChange) -> JSON {
        .object([
            ("baseline", .number(scope.baseline)),
            ("now", .number(scope.now)),
            ("changePercent", scope.changePercent.map(JSON.double) ?? .null),
            ("since", commitDay(scope.since)),
            ("added", .array(scope.added.map { .object(task($0)) })),
            ("removed", .array(scope.removed.map { .object(task($0)) })),
        ])
    }

    static func forecast(_ forecast: Forecast) -> JSON {
        .object([
            ("from", .string(forecast.from.description)),
            ("remaining", .number(forecast.remaining)),
            ("ratePerWeek", .double(rounded(forecast.ratePerWeek))),
            ("spread", .double(rounded(forecast.spread))),
            ("weeks", .number(forecast.weeksMeasured)),
            ("date", .string(forecast.date.description)),
            ("earliest", .string(forecast.earliest.description)),
            ("latest", day(forecast.latest)),
        ])
    }

    static func day(_ day: Day?) -> JSON { day.map { .string($0.description) } ?? .null }

    /// Two decimals, so output does not depend on float printing noise.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded(.toNearestOrAwayFromZero) / 100 }
}
