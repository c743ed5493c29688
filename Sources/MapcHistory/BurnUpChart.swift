import MapcEmit
import MapcSource

/// A plan's burn-up as inline SVG (docs/history.md#on-the-site): the scope line
/// (tasks not cancelled) and the done line as steps over the commits that changed the
/// plan, and a dashed forecast from the recent rate of completion with its spread as a
/// shaded wedge. No script; `role="img"` with a `<title>` starting "Burn-up" and a
/// `<desc>`; the same data is also a table (`table()`), for screen readers and anyone who
/// wants the numbers. Colours come from the site's variables with fallbacks, so the
/// chart reads alone too. A pure function of the history: same history, same bytes.
public struct BurnUpChart: Sendable {
    public let history: PlanHistory
    /// The forecast the chart draws, from the history's points (nil when there is none).
    public let forecast: Forecast?
    /// A prefix for element ids, unique per page.
    public let idPrefix: String

    static let width = 720.0
    static let height = 260.0
    static let left = 44.0, right = 16.0, top = 30.0, bottom = 36.0
    /// The forecast is drawn at most this far past the latest point.
    static let horizonDays = 365

    public init(_ history: PlanHistory, idPrefix: String = "burnup") {
        self.history = history
        self.idPrefix = idPrefix
        forecast = Forecast(history.points)
    }

    /// The sentence that titles the chart, and is its text alternative.
    public var summary: String {
        guard let last = history.points.last else { return "Burn-up of \(history.title): no versions" }
        var text = "Burn-up of \(history.title): \(last.done) of \(last.total) tasks done on \(last.at.day)"
        if let scope = history.scope {
            text += ", scope \(scope.baseline) → \(scope.now) since \(scope.since.day)"
        }
        if let forecast {
            text += "; at the recent rate done around \(forecast.date)"
        }
        return text
    }

    /// The SVG, or nil when the plan has no points.
    public func svg() -> String? {
        let points = history.points
        guard let first = points.first, let last = points.last else { return nil }
        var end = last.at.day
        if let forecast { end = max(end, min(forecast.latest ?? forecast.date, last.at.day.adding(days: Self.horizonDays))) }
        let start = first.at.day
        let span = Double(max(1, start.days(until: end)))
        let maximum = max(1, points.map(\.total).max() ?? 1)
        let plotWidth = Self.width - Self.left - Self.right, plotHeight = Self.height - Self.top - Self.bottom
        func x(_ day: Day) -> Double { Self.left + Double(start.days(until: day)) / span * plotWidth }
        func y(_ value: Double) -> Double { Self.top + plotHeight - value / Double(maximum) * plotHeight }

        let titleID = "\(idPrefix)-title", descID = "\(idPrefix)-desc"
        var svg = "<svg class=\"burnup\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(Self.width)) \(fmt(Self.height))\" "
        svg += "width=\"\(fmt(Self.width))\" height=\"\(fmt(Self.height))\" role=\"img\" aria-labelledby=\"\(titleID) \(descID)\">"
        svg += "<title id=\"\(titleID)\">\(esc(summary))</title>"
        svg += "<desc id=\"\(descID)\">Tasks in scope and tasks done after each of \(points.count) commits that changed the plan, "
            + "from \(start) to \(last.at.day)\(forecast.map { ", and a forecast from \($0.ratePerWeek.formatted2) tasks a week" } ?? "").</desc>"
        // Grid and axes.
        let ticks = Array(Set([0, maximum / 2, maximum])).sorted()
        for tick in ticks {
            svg += "<line x1=\"\(fmt(Self.left))\" y1=\"\(fmt(y(Double(tick))))\" x2=\"\(fmt(Self.width - Self.right))\" "
                + "y2=\"\(fmt(y(Double(tick))))\" style=\"stroke: var(--line, #d0d7de)\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(fmt(Self.left - 6))\" y=\"\(fmt(y(Double(tick)) + 4))\" text-anchor=\"end\" font-size=\"11\" "
                + "style=\"fill: var(--muted, #57606a)\">\(tick)</text>"
        }
        for (day, anchor) in [(start, "start"), (end, "end")] where day != start || anchor == "start" {
            svg += "<text x=\"\(fmt(x(day)))\" y=\"\(fmt(Self.height - 12))\" text-anchor=\"\(anchor)\" font-size=\"11\" "
                + "style=\"fill: var(--muted, #57606a)\">\(day)</text>"
        }
        // The forecast's spread and line, under the data, cut at the horizon by a clip path.
        let clipID = "\(idPrefix)-clip"
        svg += "<defs><clipPath id=\"\(clipID)\"><rect x=\"\(fmt(Self.left))\" y=\"0\" width=\"\(fmt(plotWidth))\" "
            + "height=\"\(fmt(Self.height))\"/></clipPath></defs>"
        if let forecast {
            let from = (x(forecast.from), y(Double(last.done)))
            let goal = y(Double(last.total))
            if let latest = forecast.latest {
                svg += "<polygon class=\"burnup-spread\" points=\"\(fmt(from.0)),\(fmt(from.1)) \(fmt(x(forecast.earliest))),\(fmt(goal)) "
                    + "\(fmt(x(latest))),\(fmt(goal))\" clip-path=\"url(#\(clipID))\" style=\"fill: var(--accent, #0969da)\" "
                    + "fill-opacity=\"0.12\"/>"
            }
            svg += "<line class=\"burnup-forecast\" x1=\"\(fmt(from.0))\" y1=\"\(fmt(from.1))\" x2=\"\(fmt(x(forecast.date)))\" "
                + "y2=\"\(fmt(goal))\" clip-path=\"url(#\(clipID))\" style=\"stroke: var(--accent, #0969da)\" stroke-width=\"2\" "
                + "stroke-dasharray=\"6 4\"/>"
        }
        svg += "<path class=\"burnup-scope\" d=\"\(steps(points.map { ($0.at.day, $0.total) }, x, y))\" fill=\"none\" "
            + "style=\"stroke: var(--fg, #1f2328)\" stroke-width=\"2\"/>"
        if end > last.at.day {
            // The scope as it stands, carried on to the forecast's end: what "done" must reach.
            svg += "<line class=\"burnup-scope-ahead\" x1=\"\(fmt(x(last.at.day)))\" y1=\"\(fmt(y(Double(last.total))))\" "
                + "x2=\"\(fmt(x(end)))\" y2=\"\(fmt(y(Double(last.total))))\" style=\"stroke: var(--fg, #1f2328)\" "
                + "stroke-width=\"1\" stroke-dasharray=\"2 3\"/>"
        }
        svg += "<path class=\"burnup-done\" d=\"\(steps(points.map { ($0.at.day, $0.done) }, x, y))\" fill=\"none\" "
            + "style=\"stroke: var(--ok, #1a7f37)\" stroke-width=\"2.5\"/>"
        // A legend in words: colour is never the only cue.
        let legendY = fmt(Self.top - 12)
        svg += "<text x=\"\(fmt(Self.left + 8))\" y=\"\(legendY)\" font-size=\"11\" style=\"fill: var(--fg, #1f2328)\">"
            + "— scope (\(last.total))</text>"
        svg += "<text x=\"\(fmt(Self.left + 108))\" y=\"\(legendY)\" font-size=\"11\" style=\"fill: var(--ok, #1a7f37)\">"
            + "— done (\(last.done))</text>"
        if let forecast {
            svg += "<text x=\"\(fmt(Self.left + 200))\" y=\"\(legendY)\" font-size=\"11\" style=\"fill: var(--accent, #0969da)\">"
                + "- - forecast \(forecast.date)</text>"
        }
        return svg + "</svg>"
    }

    /// The data as an HTML table: one row per commit that changed the plan.
    public func table() -> String {
        var html = "<table class=\"burnup-data\"><caption>\(esc(summary))</caption><thead><tr>"
        for header in ["Date", "Commit", "In scope", "Done", "Open", "Overdue"] { html += "<th scope=\"col\">\(header)</th>" }
        html += "</tr></thead><tbody>"
        for point in history.points {
            html += "<tr><td>\(point.at.day)</td><td><code>\(esc(String(point.at.commit.prefix(7))))</code></td>"
                + "<td>\(point.total)</td><td>\(point.done)</td><td>\(point.open)</td><td>\(point.overdue)</td></tr>"
        }
        return html + "</tbody></table>"
    }

    /// The chart and its table in one `<figure>`; the table folded in a `<details>`.
    public func html() -> String? {
        guard let svg = svg() else { return nil }
        return "<figure class=\"burnup-figure\">\(svg)<figcaption><details><summary>Burn-up data</summary>"
            + table() + "</details></figcaption></figure>"
    }

    /// A step line: flat until the next commit, then up or down.
    private func steps(_ values: [(Day, Int)], _ x: (Day) -> Double, _ y: (Double) -> Double) -> String {
        var d = ""
        for (index, (day, value)) in values.enumerated() {
            let px = fmt(x(day)), py = fmt(y(Double(value)))
            d += index == 0 ? "M\(px) \(py)" : " H\(px) V\(py)"
        }
        return d
    }

    /// Text as it may appear in SVG and HTML: the site's escaping, with every control
    /// (a newline too) shown as a space, since a chart label is one line.
    func esc(_ text: String) -> String {
        var line = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            line.append(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? " " : scalar)
        }
        return HTMLSafety.escape(String(line))
    }

    private func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension Double {
    /// Two decimals at most, as people write them (`1.5`, `2`).
    var formatted2: String {
        let rounded = (self * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
