import MapcModel
import MapcSource
import MapcEmit

/// One plan's page: header, glance tiles, diagnostics, goals, timeline, tasks by phase
/// and owner, stakeholders by party, and everything else the author wrote.
enum PlanPage {
    /// Rows a page lists before it points to `mapc export`: a plan of 100,000 tasks is
    /// data, not a page anyone reads, and must not make the build crawl.
    static let rowLimit = 2_000
    static func context(_ sitePlan: SitePlan, people: PeopleDirectory, base: [String: Any], today: Day,
                        canonical: String?, native: NativePartials = .none, rows: RowBook? = nil) -> [String: Any]
    {
        let summary = sitePlan.summary
        let plan = summary.plan
        var context = base.merging(PlanFacts.common(summary)) { _, new in new }
        context["canonical"] = canonical ?? false
        context["healthReasons"] = summary.healthReasons
        if let owner = plan.owner?.value {
            context["owner"] = owner.name
            context["ownerPage"] = people.page(of: owner) ?? false
        } else {
            context["owner"] = false
        }
        let window = [plan.start?.value, plan.due?.value].map { $0.map(SiteDates.long) }
        context["window"] = window[0] != nil || window[1] != nil
            ? "\(window[0] ?? "…") – \(window[1] ?? "…")" : false
        context["hasParties"] = !plan.parties.isEmpty
        context["parties"] = plan.parties.map(\.value)
        context["file"] = sitePlan.source.path
        context["hasDiagnostics"] = !summary.diagnostics.isEmpty
        context["diagnosticsSummary"] = diagnosticsSummary(summary.diagnostics)
        context["diagnostics"] = summary.diagnostics.map { diagnostic -> [String: Any] in
            ["severity": diagnostic.severity.rawValue, "line": diagnostic.start.line, "message": diagnostic.message,
             "rule": diagnostic.rule.rawValue, "help": diagnostic.help ?? false]
        }
        context["preamble"] = preamble(sitePlan) ?? false
        goals(summary, into: &context)
        let chart = GanttChart(plan: plan, today: today, idPrefix: "gantt").render()
        context["gantt"] = chart ?? false
        let undated = plan.tasks.filter { $0.state != .cancelled && $0.effectiveDue == nil && $0.start == nil }.count
        context["undatedNote"] = undated == 0 ? false : "\(undated) task\(undated == 1 ? "" : "s") without a date not shown"
        let rows = rows ?? RowBook(plan: plan, people: people, today: today, native: native)
        context["phases"] = phases(plan, rows: rows)
        context["truncated"] = plan.tasks.count > rowLimit
            ? "This plan has \(plan.tasks.count) tasks; the first \(rowLimit) are listed. `mapc export` gives them all." : false
        let owners = owners(plan, people: people, rows: rows)
        context["owners"] = owners
        context["hasOwners"] = !owners.isEmpty
        context["partyGroups"] = partyGroups(plan, people: people, today: today, rows: rows)
        context["hasParties"] = !plan.parties.isEmpty || !plan.stakeholders.isEmpty
        sections(sitePlan, into: &context)
        return context
    }

    static func diagnosticsSummary(_ diagnostics: [Diagnostic]) -> String {
        let parts = [(Severity.error, "error"), (.warning, "warning"), (.info, "note")].compactMap { severity, word in
            let count = diagnostics.count(of: severity)
            return count == 0 ? nil : "\(count) \(word)\(count == 1 ? "" : "s")"
        }
        return parts.joined(separator: ", ")
    }

    private static func preamble(_ sitePlan: SitePlan) -> String? {
        guard let index = sitePlan.plan.sections.firstIndex(where: { $0.kind == nil && $0.title.isEmpty }),
              sitePlan.plan.sections[index].hasContent, var html = sitePlan.prose.html(ofSection: index) else { return nil }
        // The author's H1 usually repeats the title the page already shows.
        let heading = "<h1>\(HTMLSafety.escape(sitePlan.plan.title.value))</h1>\n"
        if html.hasPrefix(heading) { html.removeFirst(heading.count) }
        html = clampHeadings(html, atLeast: 2)
        return html.isEmpty ? nil : html
    }

    /// Keeps the author's headings under the page's own: every `<hN>` and `</hN>` (as
    /// cmark writes them, without attributes) becomes at least `<h{level}>`. Clamping, not
    /// shifting, so a `###` under a section's `<h2>` stays an `<h3>` and no level is skipped.
    /// One pass over the bytes.
    static func clampHeadings(_ html: String, atLeast level: Int) -> String {
        var bytes = Array(html.utf8)
        var index = 0
        while index + 3 < bytes.count {
            defer { index += 1 }
            guard bytes[index] == 0x3C else { continue }  // <
            let h = bytes[index + 1] == 0x2F ? index + 2 : index + 1  // </h or <h
            guard h + 2 < bytes.count, bytes[h] == 0x68, (0x31...0x36).contains(bytes[h + 1]), bytes[h + 2] == 0x3E
            else { continue }
            bytes[h + 1] = UInt8(0x30 + max(level, Int(bytes[h + 1] - 0x30)))
            index = h + 2
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func goals(_ summary: PlanSummary, into context: inout [String: Any]) {
        let plan = summary.plan
        context["hasGoals"] = !plan.goals.isEmpty || !plan.metrics.isEmpty
        context["goals"] = plan.goals.map { goal -> [String: Any] in
            let progress = summary.metricProgress[goal.id.value.lowercased()] ?? []
            return ["id": goal.id.value, "title": goal.title,
                    "description": goal.description.isEmpty ? false : goal.description,
                    "metrics": progress.map(metric)]
        }
        let goalIDs = Set(plan.goals.map { $0.id.value.lowercased() })
        let unlinked = plan.metrics.filter { metric in !metric.goals.contains { goalIDs.contains($0.value.lowercased()) } }
        context["hasUnlinkedMetrics"] = !unlinked.isEmpty
        context["unlinkedMetrics"] = unlinked.map { metric -> [String: Any] in
            ["name": metric.name.value, "baseline": metric.baseline?.text ?? "—", "current": metric.current?.text ?? "—",
             "target": metric.target?.text ?? "—"]
        }
    }

    private static func metric(_ progress: MetricProgress) -> [String: Any] {
        let metric = progress.metric
        var row: [String: Any] = [
            "name": metric.name.value, "baseline": metric.baseline?.text ?? "—",
            "current": metric.current?.text ?? "—", "target": metric.target?.text ?? "—",
            "due": metric.due?.value.description ?? false,
        ]
        if let percent = progress.percent {
            row["hasBar"] = true
            row["percent"] = percent
        } else {
            row["hasBar"] = false
        }
        row["expected"] = progress.expected.map(Percent.whole) ?? false
        if let onTrack = progress.onTrack {
            row["judged"] = true
            row["onTrack"] = onTrack
            row["verdict"] = (progress.fraction ?? 0) >= 1 ? "target reached"
                : onTrack ? "checkpoint met" : "behind: " + (progress.behindBecause ?? "a date passed unmet")
        } else {
            row["judged"] = false
        }
        return row
    }

    private static func phases(_ plan: Plan, rows: RowBook) -> [[String: Any]] {
        var groups: [(title: String, due: Day?, rows: [[String: Any]])] = []
        var groupOfPhase: [Int?: Int] = [:]
        for (index, task) in plan.tasks.enumerated().prefix(rowLimit) {
            let key = task.phase
            if groupOfPhase[key] == nil {
                groupOfPhase[key] = groups.count
                groups.append((key.map { plan.phases[$0].title } ?? "Tasks", key.flatMap { plan.phases[$0].due?.value }, []))
            }
            groups[groupOfPhase[key]!].rows.append(rows.row(index))
        }
        // Phases without tasks still show, with their deadline.
        for (index, phase) in plan.phases.enumerated() where groupOfPhase[index] == nil {
            groups.append((phase.title, phase.due?.value, []))
        }
        return groups.map { ["title": $0.title, "due": $0.due?.description ?? false, "tasks": $0.rows] }
    }

    private static func owners(_ plan: Plan, people: PeopleDirectory, rows: RowBook) -> [[String: Any]] {
        var order: [Handle] = []
        var tasks: [Handle: [[String: Any]]] = [:]
        var listed = 0
        for (index, task) in plan.tasks.enumerated() where task.isOpen {
            guard let owner = task.effectiveOwner, listed < rowLimit else { continue }
            listed += 1
            if tasks[owner] == nil { order.append(owner) }
            tasks[owner, default: []].append(rows.row(index))
        }
        let stakeholders = plan.stakeholdersByHandle
        return order.sorted { $0.key < $1.key }.map { handle in
            let person = stakeholders[handle]
            return ["name": person?.name ?? "@\(handle.name)", "handle": handle.name,
                    "page": people.page(of: handle) ?? false, "party": person?.party ?? false,
                    "tasks": tasks[handle] ?? []]
        }
    }

    /// The plan's parties in order, then parties only stakeholders name, each with its
    /// people (names compared case-insensitively), grouped in one pass.
    private static func partyGroups(_ plan: Plan, people: PeopleDirectory, today: Day, rows: RowBook) -> [[String: Any]] {
        var names = plan.parties.map(\.value)
        var known = Set(names.map { $0.lowercased() })
        var membersByParty: [String: [Stakeholder]] = [:]
        for stakeholder in plan.stakeholders {
            let party = stakeholder.party ?? "No party given"
            if known.insert(party.lowercased()).inserted { names.append(party) }
            membersByParty[party.lowercased(), default: []].append(stakeholder)
        }
        return names.map { party -> [String: Any] in
            let members = membersByParty[party.lowercased()] ?? []
            return ["party": party, "people": members.map { stakeholder -> [String: Any] in
                let open = (rows.openTasksByOwner[stakeholder.handle.value] ?? []).map { plan.tasks[$0] }
                let overdue = open.filter { TaskRows.isOverdue($0, plan: plan, today: today) }
                return ["name": stakeholder.name ?? "@\(stakeholder.handle.value.name)",
                        "handle": stakeholder.handle.value.name, "page": people.page(of: stakeholder.handle.value) ?? false,
                        "role": stakeholder.role ?? "", "interests": stakeholder.interests ?? "",
                        "expectations": stakeholder.expectations ?? "", "capacity": stakeholder.capacity ?? "",
                        "openText": open.isEmpty ? "none" : open.count == 1 ? "1 open task" : "\(open.count) open tasks",
                        "hasOverdue": !overdue.isEmpty, "overdueText": "\(overdue.count) overdue"]
            }]
        }
    }

    private static func sections(_ sitePlan: SitePlan, into context: inout [String: Any]) {
        let plan = sitePlan.plan
        let today = sitePlan.summary.today
        context["hasMilestones"] = !plan.milestones.isEmpty
        context["milestones"] = plan.milestones.map { milestone -> [String: Any] in
            let late = !milestone.done && (milestone.due.map { $0.value < today } ?? false)
            return ["stateClass": milestone.done ? "done" : late ? "overdue" : "open",
                    "stateLabel": milestone.done ? "reached" : late ? "missed" : "upcoming",
                    "title": milestone.title, "due": milestone.due?.value.description ?? false,
                    "goals": milestone.goals.isEmpty ? false : milestone.goals.map(\.value).joined(separator: ", "),
                    "celebrate": milestone.celebrate ?? false]
        }
        context["hasWorkshops"] = !plan.workshops.isEmpty
        context["workshops"] = plan.workshops.map { workshop -> [String: Any] in
            ["date": workshop.date?.value.description ?? false, "title": workshop.title,
             "attendees": workshop.attendees.isEmpty ? false : workshop.attendees.map { "@\($0.value.name)" }.joined(separator: ", "),
             "hasDecisions": !workshop.decisions.isEmpty, "decisions": workshop.decisions.map(\.text)]
        }
        context["hasChannels"] = !plan.channels.isEmpty
        context["channels"] = plan.channels.map { channel -> [String: Any] in
            ["title": channel.title, "every": channel.every?.value.rawValue ?? false,
             "people": channel.handles.isEmpty ? false : channel.handles.map { "@\($0.value.name)" }.joined(separator: ", ")]
        }
        context["hasRisks"] = !plan.risks.isEmpty
        context["risks"] = plan.risks.map { risk -> [String: Any] in
            ["title": risk.title, "impact": risk.impact ?? false, "owner": risk.owner?.value.name ?? false,
             "mitigation": risk.mitigation ?? false]
        }
        if let conflict = plan.sections.firstIndex(where: { $0.kind == .conflictResolution }) {
            context["conflict"] = [
                "escalations": plan.escalations.map { ["path": $0.path.map { "@\($0.value.name)" }.joined(separator: " → ")] },
                "html": PlanPage.clampHeadings(sitePlan.prose.html(ofSection: conflict) ?? "", atLeast: 3),
            ] as [String: Any]
        } else {
            context["conflict"] = false
        }
        let updates = plan.updates.sorted { $0.date.value > $1.date.value }
        context["hasUpdates"] = !updates.isEmpty
        context["updates"] = updates.map { ["date": $0.date.value.description, "text": $0.text] }
        var prose: [[String: Any]] = []
        for (index, section) in plan.sections.enumerated()
        where (section.kind == nil && !section.title.isEmpty) || section.kind == .retrospective {
            let html = PlanPage.clampHeadings(sitePlan.prose.html(ofSection: index) ?? "", atLeast: 3)
            prose.append(["anchor": "section-\(index)", "title": section.title, "html": html])
        }
        context["prose"] = prose
    }
}
