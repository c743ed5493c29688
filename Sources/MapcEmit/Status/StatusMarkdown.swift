import MapcModel
import MapcSource

/// `mapc status --format markdown`: fit to paste into a pull request or a weekly e-mail.
///
/// A one-line portfolio summary, a table with a row per plan (what needs attention
/// first), then a section per plan. Plan text is escaped (`MarkdownInline.escape`), so
/// a title can neither break the table nor inject HTML, links or emphasis; handles are
/// code spans, so they never notify an unrelated GitHub user.
public enum StatusMarkdown {
    /// The whole report: portfolio line, table, then a section per plan.
    public static func render(_ report: StatusReport) -> String {
        var out = "**Status on \(report.today):** \(report.headline)\n"
        guard !report.plans.isEmpty else { return out }
        out += "\n| Plan | Health | Done | Overdue | Due in 7 days | Blocked | Next deadline | Last update |\n"
        out += "|---|---|---:|---:|---:|---:|---|---|\n"
        for summary in report.plans {
            let cells = [
                MarkdownInline.escape(summary.plan.title.value),
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
        var out = "### \(emoji(summary.health)) \(MarkdownInline.escape(plan.title.value))\n\n"
        out += "**\(summary.health.label):** "
            + summary.healthReasons.map(MarkdownInline.escape).joined(separator: "; ") + "\n\n"
        out += "- **Progress:** \(Phrase.progress(summary))\n"
        func list(_ name: String, _ tasks: [Task], _ detail: (Task) -> String) {
            guard !tasks.isEmpty else { return }
            out += "- **\(name) (\(tasks.count)):**\n"
            for task in tasks {
                var parts = [MarkdownInline.escape(task.displayTitle)]
                parts.append(task.effectiveOwner.map { MarkdownInline.code("@\($0.name)") } ?? "no owner")
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
                out += "  - **\(MarkdownInline.escape(goal.id.value)):** \(MarkdownInline.escape(goal.title))"
                    + (behind.isEmpty ? "" : " — " + behind.map { MarkdownInline.escape(Phrase.metric($0)) }
                        .joined(separator: "; "))
                    + "\n"
            }
        }
        if let next = summary.nextDeadline {
            out += "- **Next deadline:** \(next.day) (\(Phrase.relative(next.day, today: today))): "
                + (next.isMilestone ? "milestone " : "") + MarkdownInline.escape(next.title) + "\n"
        } else {
            out += "- **Next deadline:** none\n"
        }
        var update = summary.lastUpdate.map { "\($0) (\(Phrase.relative($0, today: today)))" } ?? "none"
        if summary.isStale {
            update += " — **stale**" + (plan.review.map { ": the plan asks for a \($0.value.rawValue) update" } ?? "")
        }
        out += "- **Last update:** \(update)\n"
        var about = [MarkdownInline.code(plan.file)]
        if let owner = plan.owner { about.append("owner " + MarkdownInline.code("@\(owner.value.name)")) }
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
        }
    }
}

/// Plan text made safe to drop into Markdown (GFM) inline content, table cells included.
enum MarkdownInline {
    /// Backslash-escapes every character that could start Markdown or HTML syntax:
    /// emphasis, code, links, images, raw HTML, tables, strikethrough, math, and the
    /// characters that open a block (`#`, `+`, `-`, `=`, `1.`) at the start of the text.
    /// An `&` that would start an entity is escaped; line breaks become spaces.
    static func escape(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        var index = 0
        // SPEC: plan text is shown, never interpreted: `1.` at the start would be a list.
        var leadingDigits = true
        while index < scalars.count {
            let scalar = scalars[index]
            if "\\`*_[]<>|~$".unicodeScalars.contains(scalar)
                || (out.isEmpty && "#+-=".unicodeScalars.contains(scalar))
                || (leadingDigits && !out.isEmpty && (scalar == "." || scalar == ")"))
                || (scalar == "&" && startsEntity(scalars, at: index))
            {
                out += "\\" + String(scalar)
            } else if scalar == "\n" || scalar == "\r" || scalar == "\t" {
                out += " "
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\u{FFFD}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            if !("0"..."9").contains(scalar) { leadingDigits = false }
            index += 1
        }
        return out
    }

    /// `&name;`, `&#123;` or `&#x1F;` starts at `index`.
    private static func startsEntity(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var cursor = index + 1
        var sawBody = false
        while cursor < scalars.count, cursor - index <= 32 {
            let scalar = scalars[cursor]
            if scalar == ";" { return sawBody }
            guard scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || scalar == "#" else { return false }
            sawBody = true
            cursor += 1
        }
        return false
    }

    /// A code span holding `text` verbatim, with a fence longer than any backtick run in it.
    static func code(_ text: String) -> String {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let flat = text.replacingNewlines()
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }
}

extension String {
    /// The text on one line: line breaks become spaces.
    func replacingNewlines() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }
}
