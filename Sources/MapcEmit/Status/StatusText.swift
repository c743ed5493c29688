import MapcModel
import MapcSource

/// `mapc status` as text for a terminal: a headline, then one block per plan, what needs
/// attention first. Empty lists are left out, so a healthy plan takes four lines.
///
/// ```
/// Status on 2026-11-24: 2 plans: 1 off track, 1 done
///
/// Off track  Riverside greening — Alder Walk
///   examples/council/riverside-greening.md · owner @rahel · due 2027-04-30 (in 157 days)
///   Why:            2 of 10 open tasks are overdue
///   Progress:       2 of 13 tasks done (15%)
///   Overdue (2):    Apply for the flood-risk consent · @kwame · due 2026-11-13, 11 days late
///   …
/// ```
public enum StatusText {
    /// The whole report; `brief` gives one line per plan, `color` ANSI colours for health.
    public static func render(_ report: StatusReport, color: Bool = false, brief: Bool = false) -> String {
        var out = "Status on \(report.today): \(report.headline)\n"
        if brief {
            for summary in report.plans { out += line(summary, color: color) + "\n" }
            return out
        }
        // One column for every plan's values, so the report reads as one table.
        let blocks = report.plans.map { ($0, rows($0)) }
        let width = blocks.flatMap { $0.1.map { $0.0.count + 1 } }.max() ?? 0
        for (summary, rows) in blocks {
            out += "\n" + heading(summary, color: color)
            for (name, values) in rows {
                for (index, value) in values.enumerated() {
                    let head = index == 0 ? name + ":" : ""
                    out += "  " + head + String(repeating: " ", count: width - head.count + 1) + value + "\n"
                }
            }
        }
        return out
    }

    /// `Off track  Riverside greening — 2/13 done, 2 overdue, next 2026-12-04`.
    static func line(_ summary: PlanSummary, color: Bool) -> String {
        var facts = ["\(summary.doneCount)/\(summary.totalCount) done"]
        if !summary.overdue.isEmpty { facts.append("\(summary.overdue.count) overdue") }
        if !summary.blocked.isEmpty { facts.append("\(summary.blocked.count) blocked") }
        if let next = summary.nextDeadline { facts.append("next \(next.day)") }
        return label(summary.health, color: color) + "  " + clean(summary.plan.title.value) + " — "
            + facts.joined(separator: ", ")
    }

    /// The health and title line, then the file, owner and due date.
    static func heading(_ summary: PlanSummary, color: Bool) -> String {
        let plan = summary.plan
        var about = [clean(plan.file)]
        if let owner = plan.owner { about.append("owner " + clean(owner.value.description)) }
        if let due = plan.due?.value { about.append("due \(due) (\(Phrase.relative(due, today: summary.today)))") }
        return label(summary.health, color: color) + "  " + clean(plan.title.value) + "\n"
            + "  " + about.joined(separator: " · ") + "\n"
    }

    /// The labelled facts of one plan; a label with several values takes several lines.
    static func rows(_ summary: PlanSummary) -> [(String, [String])] {
        let plan = summary.plan
        let today = summary.today
        var rows: [(String, [String])] = []
        // Reasons name goals by id: plan text, so cleaned like the rest.
        rows.append(("Why", [clean(summary.healthReasons.joined(separator: "; "))]))
        rows.append(("Progress", [Phrase.progress(summary)]))
        if !summary.overdue.isEmpty {
            rows.append(("Overdue (\(summary.overdue.count))", summary.overdueByDate.map { task in
                item(task, extra: task.effectiveDue.map { "due \($0), \(Phrase.late(summary.daysLate(task)))" })
            }))
        }
        if !summary.dueSoon.isEmpty {
            rows.append(("Due in 7 days (\(summary.dueSoon.count))", summary.dueSoonByDate.map { task in
                item(task, extra: task.effectiveDue.map { "due \($0) (\(Phrase.relative($0, today: today)))" })
            }))
        }
        if !summary.blocked.isEmpty {
            rows.append(("Blocked (\(summary.blocked.count))", summary.blocked.map { task in
                item(task, extra: task.effectiveDue.map { "due \($0)" })
            }))
        }
        if !summary.goalsOffTrack.isEmpty {
            rows.append(("Goals off track", summary.goalsOffTrack.map { goal in
                let behind = (summary.metricProgress[goal.id.value.lowercased()] ?? []).filter { $0.onTrack == false }
                return "\(clean(goal.id.value)): \(clean(goal.title))"
                    + (behind.isEmpty ? "" : " — " + behind.map { clean(Phrase.metric($0)) }.joined(separator: "; "))
            }))
        }
        if let next = summary.nextDeadline {
            rows.append(("Next deadline", ["\(next.day) (\(Phrase.relative(next.day, today: today))): "
                    + (next.isMilestone ? "milestone " : "") + clean(next.title)]))
        } else {
            rows.append(("Next deadline", ["none"]))
        }
        var update = summary.lastUpdate.map { "\($0) (\(Phrase.relative($0, today: today)))" } ?? "none"
        if summary.isStale {
            update += " — stale" + (plan.review.map { ": the plan asks for a \($0.value.rawValue) update" } ?? "")
        }
        rows.append(("Last update", [update]))
        return rows
    }

    /// `Configure the gateway · @li · due 2026-12-04, 3 days late`.
    static func item(_ task: Task, extra: String?) -> String {
        var parts = [clean(task.displayTitle)]
        parts.append(task.effectiveOwner.map { clean($0.description) } ?? "no owner")
        if let extra { parts.append(extra) }
        return parts.joined(separator: " · ")
    }

    /// The health label, padded so titles line up, coloured on a terminal.
    static func label(_ health: Health, color: Bool) -> String {
        let width = Health.allCases.map(\.label.count).max() ?? 0
        let text = health.label + String(repeating: " ", count: width - health.label.count)
        guard color else { return text }
        let code = switch health {
        case .offTrack: "1;31"
        case .atRisk: "1;33"
        case .onTrack: "1;32"
        case .done: "1;34"
        case .inactive: "2"
        case .unknown: "1;35"
        }
        return "\u{1B}[\(code)m\(health.label)\u{1B}[0m" + String(repeating: " ", count: width - health.label.count)
    }

    /// Plan text on one line with no terminal control characters: a title cannot move
    /// the cursor, recolour the screen or start a line of its own (`TerminalText`).
    static func clean(_ text: String) -> String {
        TerminalText.safe(text)
    }
}
