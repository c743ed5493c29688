import MapcModel
import MapcSource

/// `mapc status --format markdown`: fit to paste into a pull request or a weekly e-mail.
///
/// A one-line portfolio summary, a table with a row per plan (what needs attention
/// first), then a section per plan. Plan text is inert (`MarkdownText`), so a title can
/// neither break the table nor inject HTML, links, emphasis, pings or references; handles
/// are code spans, so they never notify an unrelated GitHub user.
public enum StatusMarkdown {
    /// The whole report: portfolio line, table, then a section per plan.
    public static func render(_ report: StatusReport) -> String {
        var out = "**Status on \(report.today):** \(report.headline)\n"
        guard !report.plans.isEmpty else { return out }
        out += "\n| Plan | Health | Done | Overdue | Due in 7 days | Blocked | Next deadline | Last update |\n"
        out += "|---|---|---:|---:|---:|---:|---|---|\n"
        for summary in report.plans {
            let cells = [
                MarkdownText.inert(summary.plan.title.value),
                emoji(summary.health) + " " + summary.health.label,
                "\(summary.doneCount)/\(summary.totalCount)"
                    + (summary.totalCount > 0 ? " (\(Phrase.percent(summary.progress)))" : ""),
                String(summary.overdue.count),
                String(summary.dueSoon.count),
                String(summary.blocked.count),
                summary.nextDeadline.map { "\($0.day)" } ?? "—",
                (summary.lastUpdate.map { "\($0)" } ?? "—") + (summary.isStale ? " (stale)" : ""),
            ]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        for summary in report.plans {
            out += "\n" + section(summary)
        }
        return out
    }

    /// One plan's details under an H3 with its health.
    static func section(_ summary: PlanSummary) -> String {
        let plan = summary.plan
        let today = summary.today
        var out = "### \(emoji(summary.health)) \(MarkdownText.inert(plan.title.value))\n\n"
        out += "**\(summary.health.label):** "
            + summary.healthReasons.map { MarkdownText.inert($0, atLineStart: false) }.joined(separator: "; ") + "\n\n"
        out += "- **Progress:** \(Phrase.progress(summary))\n"
        func list(_ name: String, _ tasks: [Task], _ detail: (Task) -> String) {
            guard !tasks.isEmpty else { return }
            out += "- **\(name) (\(tasks.count)):**\n"
            for task in tasks {
                var parts = [MarkdownText.inert(task.displayTitle)]
                parts.append(task.effectiveOwner.map { MarkdownText.code("@\($0.name)") } ?? "no owner")
                let text = detail(task)
                if !text.isEmpty { parts.append(text) }
                out += "  - " + parts.joined(separator: " — ") + "\n"
            }
        }
        list("Overdue", summary.overdueByDate) { task in
            task.effectiveDue.map { "due \($0), \(Phrase.late(summary.daysLate(task)))" } ?? ""
        }
        list("Due in the next 7 days", summary.dueSoonByDate) { task in
            task.effectiveDue.map { "due \($0) (\(Phrase.relative($0, today: today)))" } ?? ""
        }
        list("Blocked", summary.blocked) { task in task.effectiveDue.map { "due \($0)" } ?? "" }
        if !summary.goalsOffTrack.isEmpty {
            out += "- **Goals off track (\(summary.goalsOffTrack.count)):**\n"
            for goal in summary.goalsOffTrack {
                let behind = (summary.metricProgress[goal.id.value.lowercased()] ?? []).filter { $0.onTrack == false }
                out += "  - **\(MarkdownText.inert(goal.id.value)):** \(MarkdownText.inert(goal.title))"
                    + (behind.isEmpty ? "" : " — " + behind.map { MarkdownText.inert(Phrase.metric($0)) }
                        .joined(separator: "; "))
                    + "\n"
            }
        }
        if let next = summary.nextDeadline {
            out += "- **Next deadline:** \(next.day) (\(Phrase.relative(next.day, today: today))): "
                + (next.isMilestone ? "milestone " : "") + MarkdownText.inert(next.title) + "\n"
        } else {
            out += "- **Next deadline:** none\n"
        }
        var update = summary.lastUpdate.map { "\($0) (\(Phrase.relative($0, today: today)))" } ?? "none"
        if summary.isStale {
            update += " — **stale**" + (plan.review.map { ": the plan asks for a \($0.value.rawValue) update" } ?? "")
        }
        out += "- **Last update:** \(update)\n"
        var about = [MarkdownText.code(plan.file)]
        if let owner = plan.owner { about.append("owner " + MarkdownText.code("@\(owner.value.name)")) }
        if let due = plan.due?.value { about.append("due \(due) (\(Phrase.relative(due, today: today)))") }
        out += "\n" + about.joined(separator: " · ") + "\n"
        return out
    }

    /// A coloured mark beside the health label (the label is always written too).
    static func emoji(_ health: Health) -> String {
        switch health {
        case .offTrack: "🔴"
        case .atRisk: "🟠"
        case .onTrack: "🟢"
        case .done: "✅"
        case .inactive: "⚪"
        case .unknown: "❔"
        }
    }
}
