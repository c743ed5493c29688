import MapcSource

/// When the open work would be done at the recent rate of completion, with its spread
/// (docs/history.md#the-forecast): the done count's weekly gains over the last
/// `Forecast.weeks` weeks of history, their mean and standard deviation.
public struct Forecast: Sendable, Equatable {
    /// How many weeks back the rate is taken from.
    public static let weeks = 6

    /// The day the forecast starts from: the latest point's.
    public var from: Day
    /// Tasks still open then.
    public var remaining: Int
    /// Tasks done per week: the mean over the weeks measured, and the standard deviation.
    public var ratePerWeek: Double
    public var spread: Double
    /// Weeks the rate was measured over (fewer than `weeks` for a young plan).
    public var weeksMeasured: Int
    /// The day the open work would be done at the mean rate; at the rate plus and minus one
    /// standard deviation (`latest` is nil when that rate is not above zero).
    public var date: Day
    public var earliest: Day
    public var latest: Day?

    /// The forecast from a plan's points, or nil: nothing left to do, nothing completed
    /// in the weeks measured (no rate to go by), or done only after the year 9999.
    public init?(_ points: [BurnUpPoint]) {
        guard let last = points.last, last.open > 0 else { return nil }
        let end = last.at.day
        let first = points[0].at.day
        func done(on day: Day) -> Int {
            var value = 0
            for point in points where point.at.day <= day { value = point.done }
            return value
        }
        var gains: [Double] = []
        for week in 0..<Self.weeks {
            let to = end.adding(days: -7 * week), from = to.adding(days: -7)
            guard to > first else { break }
            gains.append(Double(done(on: to) - done(on: max(from, first))))
        }
        guard !gains.isEmpty else { return nil }
        let mean = gains.reduce(0, +) / Double(gains.count)
        guard mean > 0 else { return nil }
        let variance = gains.count > 1 ? gains.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gains.count - 1) : 0
        from = end
        remaining = last.open
        ratePerWeek = mean
        spread = variance.squareRoot()
        weeksMeasured = gains.count
        let remaining = last.open, spread = variance.squareRoot()
        // A day past 9999-12-31 is no day mapc can write: beyond it is "open-ended" (a
        // plan of a million tasks done one a week), and so is a rate of about zero.
        let lastDay = Day(iso: "9999-12-31")!
        func finish(_ rate: Double) -> Day? {
            guard rate > 0 else { return nil }
            let days = (Double(remaining) / rate * 7).rounded(.up)
            guard days.isFinite, days <= Double(end.days(until: lastDay)) else { return nil }
            return end.adding(days: Int(days))
        }
        guard let date = finish(mean), let earliest = finish(mean + spread) else { return nil }
        self.date = date
        self.earliest = earliest
        latest = finish(mean - spread)
    }
}
