import MapcEmit
import MapcHistory
import MapcSource

/// A plan's history on its page (docs/history.md#on-the-site): the burn-up chart with its
/// table, the forecast, the scope change, the slip log, re-assignments and the milestone
/// trend, from the `PlanHistory` the build read. The site never runs git.
struct HistorySection: ViewModel {
    /// `4 versions from 2026-10-01 to 2026-11-20; in the latest, 2 of 4 tasks done, 2 open, 2 overdue.`
    var summary = ""
    /// `Scope: 4 tasks now, 4 when first active on 2026-10-05 (0.0%): 1 added, 1 removed`.
    var scope: String?
    /// `Forecast: done around …`.
    var forecast: String?
    /// `BurnUpChart.html()`: the figure and its data table, safe HTML.
    var chart: String?
    var hasSlips = false
    /// `2 slips of 1 task, 24 days net`.
    var slipSummary = ""
    /// The latest `listLimit` slips, oldest first; `slipsLeftOut` says how many earlier ones are not.
    var slips: [SlipRow] = []
    var slipsLeftOut: String?
    var hasReassignments = false
    var reassignments: [ReassignmentRow] = []
    var reassignmentsLeftOut: String?
    var hasMilestoneTrend = false
    var milestoneTrend: [TrendRow] = []
    var hasSkipped = false
    var skipped: [SkippedRow] = []
    /// The days of "This week" and what changed in them (at most `listLimit`).
    var weekSince = ""
    var weekUntil = ""
    var hasWeek = false
    var week: [WeekItem] = []
    var weekLeftOut: String?

    struct SlipRow: ViewModel {
        var task = ""
        var from = ""
        var to = ""
        /// `17 days later`.
        var shift = ""
        var later = false
        /// It moved with its parent task or its phase deadline.
        var inherited = false
        var date = ""
        var commit = ""
    }

    struct ReassignmentRow: ViewModel {
        var task = ""
        /// `@dana`, or `nobody`.
        var from = ""
        var to = ""
        var date = ""
        var commit = ""
    }

    /// One milestone's due date over the versions: where it started, where it is, and
    /// each move (milestone trend analysis, as a table).
    struct TrendRow: ViewModel {
        var title = ""
        var first = ""
        var now = ""
        /// `14 days later`, `unchanged`.
        var change = ""
        var later = false
        /// `moved 2 times`; nil when it never moved.
        var moved: String?
        var done = false
        /// The latest changes (at most `trailLimit`); `trailLeftOut` counts the earlier ones.
        var trail: [TrailPoint] = []
        var trailLeftOut: String?
    }

    /// The due date as of a commit's day: the first version, then each change.
    struct TrailPoint: ViewModel {
        /// Every point but the first follows an arrow.
        var changed = false
        var asOf = ""
        var due = ""
    }

    struct SkippedRow: ViewModel {
        var date = ""
        var commit = ""
        var reason = ""
    }
}

extension HistorySection {
    /// Rows a list shows at most: a history is as long as the repository's, and a page
    /// must stay readable (`mapc history --format json` has every row).
    static let listLimit = 100

    /// The last `listLimit` of `items`, and what says how many earlier ones are left out.
    static func latest<T>(_ items: [T], _ noun: String) -> (ArraySlice<T>, String?) {
        guard items.count > listLimit else { return (items[...], nil) }
        let left = items.count - listLimit
        return (items.suffix(listLimit), "\(Phrase.count(left, "earlier " + noun)) not listed here; "
                    + "`mapc history --format json` has them all.")
    }

    init(_ history: PlanHistory, week changes: [SiteFragment.WeekChange], window: (since: Day, until: Day)) {
        let words = HistoryWords.self
        weekSince = window.since.description
        weekUntil = window.until.description
        hasWeek = !changes.isEmpty
        let (shownWeek, weekLeft) = Self.latest(changes, "change")
        week = shownWeek.map(WeekItem.init)
        weekLeftOut = weekLeft
        if let first = history.points.first, let last = history.points.last {
            summary = "\(Phrase.count(history.points.count, "version")) from \(first.at.day) to \(last.at.day); in the latest, "
                + "\(last.done) of \(Phrase.count(last.total, "task")) done, \(last.open) open, \(last.overdue) overdue."
        } else {
            summary = "No readable version yet."
        }
        if let change = history.scope {
            scope = "Scope: \(Phrase.count(change.now, "task")) now, \(change.baseline) when first active on \(change.since.day) "
                + "(\(words.percent(change.changePercent))): \(change.added.count) added, \(change.removed.count) removed."
        } else if !history.points.isEmpty {
            scope = "Scope: never active, so no baseline yet."
        }
        let burnUp = BurnUpChart(history, idPrefix: "burnup")
        if let forecast = burnUp.forecast {
            self.forecast = "Forecast: \(words.forecast(forecast)), the rate of the last \(Phrase.count(forecast.weeksMeasured, "week"))."
        }
        chart = burnUp.html()
        hasSlips = !history.slips.isEmpty
        slipSummary = (words.slips(history.slips) ?? "") + "."
        let (shownSlips, slipsLeft) = Self.latest(history.slips, "slip")
        slipsLeftOut = slipsLeft
        slips = shownSlips.map { slip in
            SlipRow(task: slip.task.title, from: slip.from.description, to: slip.to.description, shift: Phrase.shift(slip.days),
                    later: slip.days > 0, inherited: slip.inherited, date: slip.at.day.description,
                    commit: words.short(slip.at.commit))
        }
        hasReassignments = !history.reassignments.isEmpty
        let (shownChanges, changesLeft) = Self.latest(history.reassignments, "re-assignment")
        reassignmentsLeftOut = changesLeft
        reassignments = shownChanges.map { change in
            ReassignmentRow(task: change.task.title, from: change.from.map { "@" + $0.name } ?? "nobody",
                            to: change.to.map { "@" + $0.name } ?? "nobody", date: change.at.day.description,
                            commit: words.short(change.at.commit))
        }
        milestoneTrend = history.milestones.compactMap(TrendRow.init)
        hasMilestoneTrend = !milestoneTrend.isEmpty
        hasSkipped = !history.skipped.isEmpty
        skipped = history.skipped.map {
            SkippedRow(date: $0.at.day.description, commit: words.short($0.at.commit), reason: $0.reason)
        }
    }
}

extension HistorySection.TrendRow {
    /// Dates a milestone's trail shows at most.
    static let trailLimit = 12

    /// Nil for a milestone that never had a date.
    init?(_ trend: MilestoneTrend) {
        let dated = trend.points.filter { $0.due != nil }
        guard let first = dated.first?.due, let now = dated.last?.due else { return nil }
        title = trend.title
        self.first = first.description
        self.now = now.description
        let days = first.days(until: now)
        change = days == 0 ? "unchanged" : Phrase.shift(days)
        later = days > 0
        done = trend.points.last?.done == true
        // Versions without a date are passed over, as `mapc history` counts the moves.
        var previous: Day?
        for point in dated where point.due != previous {
            trail.append(HistorySection.TrailPoint(changed: !trail.isEmpty, asOf: point.at.day.description,
                                                   due: point.due?.description ?? ""))
            previous = point.due
        }
        moved = trail.count > 1 ? "moved " + Phrase.count(trail.count - 1, "time") : nil
        if trail.count > Self.trailLimit {
            trailLeftOut = Phrase.count(trail.count - Self.trailLimit, "earlier date")
            trail = Array(trail.suffix(Self.trailLimit))
            trail[0].changed = false
        }
    }
}
