import MapcEmit
import MapcHistory
import MapcSource

/// What a plan's history says happened in a window of days, as the portfolio's "This
/// week" lists it: the same changes as `mapc history`'s recent window, in its order.
enum WeekChanges {
    /// Changes listed per plan on the portfolio; its page lists them all.
    static let portfolioLimit = 8

    static func of(_ history: PlanHistory, window: (since: Day, until: Day)) -> [SiteFragment.WeekChange] {
        history.recent(since: window.since, until: window.until).items.map { item in
            var detail = ""
            if let slip = item.slip { detail = "\(slip.from) → \(slip.to) (\(Phrase.shift(slip.days)))" }
            if let change = item.reassignment {
                detail = "\(change.from.map { "@" + $0.name } ?? "nobody") → \(change.to.map { "@" + $0.name } ?? "nobody")"
            }
            return SiteFragment.WeekChange(kind: item.kind, task: item.task.title, detail: detail, day: item.day)
        }
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
