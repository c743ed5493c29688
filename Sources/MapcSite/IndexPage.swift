import MapcModel
import MapcSource
import MapcEmit

/// The portfolio: every plan with its health, most urgent first.
enum IndexPage {
    /// A plan's row (`index-row.mustache`).
    static func row(_ plan: SitePlan) -> [String: Any] {
        let summary = plan.summary
        var row = PlanFacts.common(summary)
        row["href"] = "plans/" + SitePaths.href(plan.page)
        let problems = [(summary.errors, "error"), (summary.warnings, "warning")].filter { $0.0 > 0 }
            .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        row["problemText"] = problems.isEmpty ? false : problems.joined(separator: ", ") + " in the file"
        row["healthReason"] = summary.healthReasons.first ?? false
        row["parties"] = summary.plan.parties.map(\.value).joined(separator: ", ")
        return row
    }

    /// The page, from the plans' fragments in attention order (rows already rendered).
    static func context(_ plans: [SiteFragment], people: PeopleIndex, leftOut: [String], base: [String: Any])
        -> [String: Any]
    {
        var context = base
        context["hasPlans"] = !plans.isEmpty
        context["planCountText"] = plans.count == 1 ? "1 plan." : "\(plans.count) plans."
        var counts: [[String: Any]] = []
        for health in Health.allCases.sorted(by: { $0.urgency < $1.urgency }) {
            let count = plans.filter { $0.health == health }.count
            if count > 0 { counts.append(["key": health.rawValue, "count": count, "label": health.label.lowercased()]) }
        }
        context["healthCounts"] = counts
        context["plans"] = plans.map { plan -> [String: Any] in
            ["html": plan.indexRow, "title": plan.title, "href": "plans/" + SitePaths.href(plan.page ?? "")]
        }
        context["hasPeople"] = !people.people.isEmpty
        context["people"] = people.people.map { person -> [String: Any] in
            let open = person.memberships.reduce(0) { $0 + $1.person.openCount }
            let overdue = person.memberships.reduce(0) { $0 + $1.person.overdueCount }
            return ["name": person.name, "handle": person.handle, "href": "people/" + SitePaths.href(person.page),
                    "hasOpen": open > 0, "openText": open == 1 ? "1 open task" : "\(open) open tasks",
                    "hasOverdue": overdue > 0, "overdueText": "\(overdue) overdue"]
        }
        context["skipped"] = leftOut.isEmpty ? false : ["items": leftOut] as [String: Any]
        return context
    }
}

/// Facts shown on both the portfolio and a plan page.
enum PlanFacts {
    static func common(_ summary: PlanSummary) -> [String: Any] {
        let plan = summary.plan
        var facts: [String: Any] = [
            "title": plan.title.value, "health": summary.health.rawValue, "healthLabel": summary.health.label,
            "statusLabel": statusLabel(plan.status.value),
            "overdueCount": summary.overdue.count, "hasOverdue": !summary.overdue.isEmpty,
            "dueSoonCount": summary.dueSoon.count, "blockedCount": summary.blocked.count,
            "lastUpdate": summary.lastUpdate?.description ?? false, "stale": summary.isStale,
        ]
        let percent = Int((summary.progress * 100).rounded(.down))
        var progress: [String: Any] = [
            "percent": percent, "done": summary.doneCount, "total": summary.totalCount,
            "label": "\(summary.doneCount) of \(summary.totalCount) tasks done",
        ]
        progress["weighted"] = summary.weightedProgress.map { Int(($0 * 100).rounded(.down)) } ?? false
        facts["progress"] = progress
        if let next = summary.nextDeadline {
            facts["next"] = ["day": next.day.description, "title": (next.isMilestone ? "◆ " : "") + next.title]
        } else {
            facts["next"] = false
        }
        if let days = summary.daysToDue, plan.status.value == .active || plan.status.value == .onHold {
            facts["dueText"] = days > 1 ? "due in \(days) days" : days == 1 ? "due tomorrow" : days == 0 ? "due today"
                : days == -1 ? "was due yesterday" : "was due \(-days) days ago"
            facts["late"] = days < 0
        } else {
            facts["dueText"] = false
            facts["late"] = false
        }
        return facts
    }

    static func statusLabel(_ status: PlanStatus) -> String {
        switch status {
        case .draft: "Draft"
        case .active: "Active"
        case .onHold: "On hold"
        case .done: "Done"
        case .cancelled: "Cancelled"
        }
    }
}
