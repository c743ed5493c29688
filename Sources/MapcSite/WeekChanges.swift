import MapcEmit
import MapcHistory
import MapcSource

/// What a plan's history says happened in a window of days, as the portfolio's "This
/// week" lists it: the same changes as `mapc history`'s recent window, in its order.
enum WeekChanges {
    /// Changes listed per plan on the portfolio; its page lists them all.
    static let portfolioLimit = 8

    static func of(_ history: PlanHistory, window: (since: Day, until: Day)) -> [SiteFragment.WeekChange] {
        let recent = history.recent(since: window.since, until: window.until)
        typealias Change = SiteFragment.WeekChange
        var changes: [Change] = []
        for event in recent.completed { changes.append(Change(kind: .completed, task: event.task.title, detail: "", day: event.at.day)) }
        for event in recent.added { changes.append(Change(kind: .added, task: event.task.title, detail: "", day: event.at.day)) }
        for event in recent.removed { changes.append(Change(kind: .removed, task: event.task.title, detail: "", day: event.at.day)) }
        for event in recent.cancelled { changes.append(Change(kind: .cancelled, task: event.task.title, detail: "", day: event.at.day)) }
        for slip in recent.slipped {
            changes.append(Change(kind: .slipped, task: slip.task.title,
                                  detail: "\(slip.from) → \(slip.to) (\(Phrase.shift(slip.days)))", day: slip.at.day))
        }
        for change in recent.reassigned {
            changes.append(Change(kind: .reassigned, task: change.task.title,
                                  detail: "\(change.from.map { "@" + $0.name } ?? "nobody") → \(change.to.map { "@" + $0.name } ?? "nobody")",
                                  day: change.at.day))
        }
        return changes
    }
}

/// A change of the week as a page lists it.
struct WeekItem: ViewModel {
    /// `completed`, `added`, `removed`, `cancelled`, `slipped`, `re-assigned`: a CSS class too.
    var kind = ""
    var task = ""
    var detail: String?
    var date = ""
}

extension WeekItem {
    init(_ change: SiteFragment.WeekChange) {
        self.init(kind: change.kind.rawValue, task: change.task, detail: change.detail.isEmpty ? nil : change.detail,
                  date: change.day.description)
    }
}
