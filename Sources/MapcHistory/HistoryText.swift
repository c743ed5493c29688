import MapcEmit
import MapcSource

/// Words shared by the text and Markdown forms, and the site's history section.
public enum HistoryWords {

    public static func short(_ commit: String) -> String { String(commit.prefix(7)) }

    public static func percent(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        let text = String(format: "%.1f", value)
        return value > 0 ? "+" + text + "%" : text + "%"
    }

    /// The headline counts of the recent window.
    public static func recent(_ recent: RecentChanges) -> String {
        "\(recent.completed.count) completed, \(recent.added.count) added, \(recent.removed.count) removed, "
            + "\(recent.cancelled.count) cancelled, \(recent.slipped.count) slipped, \(recent.reassigned.count) re-assigned"
    }

    /// `done around 2027-01-01 (2026-12-07 – open-ended) at 0.3 tasks a week`.
    public static func forecast(_ forecast: Forecast) -> String {
        "done around \(forecast.date) (\(forecast.earliest) – \(forecast.latest.map(\.description) ?? "open-ended")) "
            + "at \(String(format: "%.1f", forecast.ratePerWeek)) tasks a week"
    }

    /// `2 slips of 1 task, 24 days net`, or nil when nothing slipped.
    public static func slips(_ slips: [Slip]) -> String? {
        guard !slips.isEmpty else { return nil }
        return "\(Phrase.count(slips.count, "slip")) of \(Phrase.count(Set(slips.map(\.task.id)).count, "task")), "
            + "\(slips.reduce(0) { $0 + $1.days }) days net"
    }

    /// A milestone's first and latest due date, and how often it moved.
    public static func trend(_ trend: MilestoneTrend) -> String? {
        let dues = trend.points.compactMap(\.due)
        guard let first = dues.first, let last = dues.last else { return nil }
        var moves = 0
        for index in dues.indices.dropFirst() where dues[index] != dues[index - 1] { moves += 1 }
        let done = trend.points.last?.done == true ? ", done" : ""
        guard moves > 0 else { return "\(last) (unchanged\(done))" }
        return "\(first) → \(last) (\(Phrase.shift(first.days(until: last))), moved \(Phrase.count(moves, "time"))\(done))"
    }
}

/// `mapc history` as text: per plan, the burn-up now, scope, slips, milestones, the
/// recent window and what was skipped. Plan text is made safe for a terminal.
public enum HistoryText {
    public static func render(_ report: HistoryReport, since: Day, until: Day) -> String {
        var out = "History of \(Phrase.count(report.plans.count, "plan")) at \(HistoryWords.short(report.head)); "
            + "recent changes \(since) – \(until)\n"
        for plan in report.plans {
            out += "\n" + render(plan, since: since, until: until)
        }
        return out
    }

    static func render(_ history: PlanHistory, since: Day, until: Day) -> String {
        let safe = TerminalText.safe
        var lines = ["\(safe(history.title)) (\(safe(history.file)))"]
        func row(_ label: String, _ text: String) { lines.append("  " + (label + ":").padding(toLength: 13, withPad: " ", startingAt: 0) + text) }
        for move in history.moves {
            row("Moved", "\(safe(move.from)) → \(safe(move.to)) on \(move.at.day) in \(HistoryWords.short(move.at.commit))")
        }
        if let deleted = history.deleted {
            row("Deleted", "\(deleted.day) in \(HistoryWords.short(deleted.commit))")
        }
        if let last = history.points.last, let first = history.points.first {
            row("Burn-up", "\(last.done) of \(Phrase.count(last.total, "task")) done, \(last.open) open, "
                + "\(last.overdue) overdue (\(Phrase.count(history.points.count, "version")) since \(first.at.day))")
        }
        if let scope = history.scope {
            row("Scope", "\(scope.now) now, \(scope.baseline) when first active on \(scope.since.day): "
                + "\(HistoryWords.percent(scope.changePercent)) (\(scope.added.count) added, \(scope.removed.count) removed)")
        } else {
            row("Scope", "never active: no baseline")
        }
        row("Slips", HistoryWords.slips(history.slips) ?? "none")
        if !history.reassignments.isEmpty { row("Re-assigned", Phrase.count(history.reassignments.count, "time")) }
        for trend in history.milestones {
            if let text = HistoryWords.trend(trend) { row("Milestone", "\(safe(trend.title)): \(text)") }
        }
        if let forecast = Forecast(history.points) { row("Forecast", HistoryWords.forecast(forecast)) }
        let recent = history.recent(since: since, until: until)
        row("Recent", HistoryWords.recent(recent))
        for item in recent.items {
            var detail = ""
            if let slip = item.slip { detail = " \(slip.from) → \(slip.to) (\(Phrase.shift(slip.days)))" }
            if let change = item.reassignment {
                detail = " \(change.from.map { "@" + safe($0.name) } ?? "nobody") → \(change.to.map { "@" + safe($0.name) } ?? "nobody")"
            }
            lines.append("    \(item.kind.rawValue) \"\(safe(item.task.title))\"\(detail) on \(item.day)")
        }
        for skipped in history.skipped {
            row("Skipped", "the version of \(skipped.at.day) (\(HistoryWords.short(skipped.at.commit))): \(safe(skipped.reason))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `mapc history --format markdown`: for a pull-request comment or a weekly e-mail; plan
/// text is inert (docs/status.md#markdown).
public enum HistoryMarkdown {
    public static func render(_ report: HistoryReport, since: Day, until: Day) -> String {
        var out = "**mapc history**: \(Phrase.count(report.plans.count, "plan")) at `\(HistoryWords.short(report.head))`, "
            + "recent changes \(since) – \(until)\n\n"
        guard !report.plans.isEmpty else { return out }
        out += "| Plan | Done | Scope change | Slips | Recent |\n|---|---|---|---|---|\n"
        let recents = report.plans.map { $0.recent(since: since, until: until) }
        for (plan, recent) in zip(report.plans, recents) {
            let last = plan.points.last
            out += "| \(MarkdownText.inert(plan.title, atLineStart: false)) | \(last.map { "\($0.done)/\($0.total)" } ?? "–") | "
                + "\(plan.scope.map { "\(HistoryWords.percent($0.changePercent)) (\($0.baseline) → \($0.now))" } ?? "–") | "
                + "\(plan.slips.count) | \(HistoryWords.recent(recent)) |\n"
        }
        for (plan, recent) in zip(report.plans, recents) {
            out += "\n### \(MarkdownText.inert(plan.title, atLineStart: false))\n\n"
            out += MarkdownText.code(plan.file)
            for move in plan.moves {
                out += " · moved from \(MarkdownText.code(move.from)) on \(move.at.day)"
            }
            out += "\(plan.deleted.map { " · deleted on \($0.day)" } ?? "")\n\n"
            let items = recent.items.map { item -> String in
                var text = "\(item.kind.rawValue) *\(MarkdownText.inert(item.task.title, atLineStart: false))*"
                if let slip = item.slip { return text + " \(slip.from) → \(slip.to) (\(Phrase.shift(slip.days)), \(item.day))" }
                if let change = item.reassignment {
                    text += " \(change.from.map { MarkdownText.code("@" + $0.name) } ?? "nobody") → "
                        + "\(change.to.map { MarkdownText.code("@" + $0.name) } ?? "nobody")"
                }
                return text + " (\(item.day))"
            }
            out += items.isEmpty ? "Nothing changed from \(since) to \(until).\n" : items.map { "- " + $0 + "\n" }.joined()
            if !plan.slips.isEmpty {
                out += "\n| Task | From | To | Days | Date |\n|---|---|---|---|---|\n"
                for slip in plan.slips {
                    out += "| \(MarkdownText.inert(slip.task.title, atLineStart: false)) | \(slip.from) | \(slip.to) | \(slip.days) | \(slip.at.day) |\n"
                }
            }
            for trend in plan.milestones {
                if let text = HistoryWords.trend(trend) { out += "\n- milestone *\(MarkdownText.inert(trend.title, atLineStart: false))*: \(text)" }
            }
            if !plan.milestones.isEmpty { out += "\n" }
            for skipped in plan.skipped {
                out += "\n> skipped the version of \(skipped.at.day) (`\(HistoryWords.short(skipped.at.commit))`): "
                    + MarkdownText.inert(skipped.reason, atLineStart: false) + "\n"
            }
        }
        return out
    }
}
