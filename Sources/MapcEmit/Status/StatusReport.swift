import MapcModel
import MapcSource

/// The status of several plans in attention order: what every status format shows.
///
/// Build it once from the summaries and hand it to `StatusText`, `StatusMarkdown` or
/// `StatusJSON`; all three read the same facts from `PlanSummary` and compute none.
public struct StatusReport: Sendable {
    /// The day the plans were judged against.
    public var today: Day
    /// The plans, what needs attention first (see `attentionOrder`).
    public var plans: [PlanSummary]

    /// The summaries in attention order, as of `today`.
    public init(_ summaries: [PlanSummary], today: Day) {
        self.today = today
        plans = summaries.sorted(by: Self.attentionOrder)
    }

    /// Health urgency (off track first), then more overdue tasks first, then title,
    /// then file: a total order, so the same plans always come out the same way.
    public static func attentionOrder(_ lhs: PlanSummary, _ rhs: PlanSummary) -> Bool {
        needsAttentionFirst((lhs.health, lhs.overdue.count, lhs.plan.title.value, lhs.plan.file),
                            (rhs.health, rhs.overdue.count, rhs.plan.title.value, rhs.plan.file))
    }

    /// The attention order on its keys, shared by status reports and the site; the last
    /// key breaks ties (a file or a page name) so the order is total.
    public static func needsAttentionFirst(_ lhs: (health: Health, overdue: Int, title: String, tieBreak: String),
                                    _ rhs: (health: Health, overdue: Int, title: String, tieBreak: String)) -> Bool {
        if lhs.health.urgency != rhs.health.urgency { return lhs.health.urgency < rhs.health.urgency }
        if lhs.overdue != rhs.overdue { return lhs.overdue > rhs.overdue }
        if lhs.title != rhs.title { return lhs.title < rhs.title }
        return lhs.tieBreak < rhs.tieBreak
    }

    /// How many plans have a health.
    public func count(_ health: Health) -> Int { plans.filter { $0.health == health }.count }

    /// The health values present, in attention order, with their counts.
    public var healthCounts: [(health: Health, count: Int)] {
        Health.allCases.sorted { $0.urgency < $1.urgency }
            .map { ($0, count($0)) }
            .filter { $0.count > 0 }
    }

    /// `3 plans: 1 off track, 1 at risk, 1 done`.
    public var headline: String { Self.headline(plans.map(\.health)) }

    /// The headline of plans with these healths.
    public static func headline(_ healths: [Health]) -> String {
        let counts = Health.allCases.sorted { $0.urgency < $1.urgency }
            .map { health in (health, healths.filter { $0 == health }.count) }
            .filter { $0.1 > 0 }
            .map { "\($0.1) \($0.0.label.lowercased())" }
        let plural = Phrase.count(healths.count, "plan")
        return counts.isEmpty ? plural : plural + ": " + counts.joined(separator: ", ")
    }
}

extension PlanSummary {
    /// Days an overdue task is late by its effective due date (0 when not dated).
    public func daysLate(_ task: Task) -> Int {
        task.effectiveDue.map { $0.days(until: today) } ?? 0
    }

    /// Overdue tasks, the latest first (earliest due date), then in plan order.
    public var overdueByDate: [Task] { Self.byDue(overdue) }

    /// Tasks due in the next 7 days, the soonest first, then in plan order.
    public var dueSoonByDate: [Task] { Self.byDue(dueSoon) }

    /// Sorted by effective due date; ties keep their order (Swift's sort is not stable).
    static func byDue(_ tasks: [Task]) -> [Task] {
        tasks.enumerated().sorted { lhs, rhs in
            let left = lhs.element.effectiveDue?.daysSinceEpoch ?? Int.max
            let right = rhs.element.effectiveDue?.daysSinceEpoch ?? Int.max
            return (left, lhs.offset) < (right, rhs.offset)
        }.map(\.element)
    }

    /// Days since the newest update, or nil without one.
    public var daysSinceUpdate: Int? { lastUpdate.map { $0.days(until: today) } }
}

/// Small English phrases every output shares, so they read the same everywhere.
public enum Phrase {
    /// `1 task`, `3 tasks`.
    public static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `28 days later`, `3 days earlier`: a date moved by `days`.
    public static func shift(_ days: Int) -> String {
        days >= 0 ? "\(count(days, "day")) later" : "\(count(-days, "day")) earlier"
    }

    /// `today`, `tomorrow`, `in 3 days`, `yesterday`, `5 days ago` for a day relative to today.
    public static func relative(_ day: Day, today: Day) -> String {
        let delta = today.days(until: day)
        switch delta {
        case 0: return "today"
        case 1: return "tomorrow"
        case -1: return "yesterday"
        case 2...: return "in \(delta) days"
        default: return "\(-delta) days ago"
        }
    }

    /// `1 day late`, `11 days late`.
    public static func late(_ days: Int) -> String { "\(count(days, "day")) late" }

    /// A share as a whole percentage, rounded as the site rounds it (`Percent.whole`): `15%`.
    static func percent(_ fraction: Double) -> String {
        "\(Percent.whole(fraction))%"
    }

    /// `2 of 13 tasks done (15%)`, and `, 33% by estimate` when estimates exist.
    static func progress(_ summary: PlanSummary) -> String {
        var text = "\(summary.doneCount) of \(count(summary.totalCount, "task")) done"
        if summary.totalCount > 0 { text += " (\(percent(summary.progress)))" }
        if let weighted = summary.weightedProgress { text += ", \(percent(weighted)) by estimate" }
        return text
    }

    /// How a metric behind schedule stands:
    /// `Trees planted: 0, target 120 trees (0% of the way, 41% expected by now)`, or
    /// `Success rate: no current value (baseline 98.1%, target 98.5%), 46% expected by now`.
    static func metric(_ progress: MetricProgress) -> String {
        let metric = progress.metric
        var unit = metric.unit.map { " " + $0 } ?? ""
        if metric.target?.unit != nil { unit = "" }
        let target = metric.target.map { "target \($0.text)\(unit)" }
        let expected = progress.expected.map { "\(percent($0)) expected by now" }
        if let current = metric.current {
            var text = "\(metric.name.value): \(current.text)" + (target.map { ", " + $0 } ?? "")
            let notes = [progress.fraction.map { "\(percent($0)) of the way" }, progress.behindBecause, expected]
                .compactMap { $0 }
            if !notes.isEmpty { text += " (" + notes.joined(separator: ", ") + ")" }
            return text
        }
        let known = [metric.baseline.map { "baseline \($0.text)" }, target].compactMap { $0 }
        return "\(metric.name.value): no current value" + (known.isEmpty ? "" : " (" + known.joined(separator: ", ") + ")")
            + (expected.map { ", " + $0 } ?? "")
    }
}
