import MapcModel
import MapcSource
import MapcEmit

/// One plan's page (`plan.mustache`): header, glance tiles, diagnostics, goals, timeline,
/// tasks by phase and owner, stakeholders by party, and everything else the author wrote.
struct PlanPage: ViewModel {
    var site = SiteBase()
    var facts = PlanFacts()
    var healthReasons: [String] = []
    /// The plan owner's handle, without `@`, and their person page when they have one.
    var owner: String?
    var ownerPage: String?
    /// `1 October 2026 – 31 December 2026`, `…` for a missing end.
    var window: String?
    /// True when the front matter names parties: the "Shared by" line.
    var hasParties = false
    var parties: [String] = []
    /// The plan file, as discovered.
    var file = ""
    var hasDiagnostics = false
    /// `1 error, 2 warnings`.
    var diagnosticsSummary = ""
    var diagnostics: [Problem] = []
    /// The prose before the first section, safe HTML.
    var preamble: String?
    var hasGoals = false
    var goals: [GoalCard] = []
    var hasUnlinkedMetrics = false
    /// Metrics that measure no goal of the plan.
    var unlinkedMetrics: [MetricLine] = []
    /// The timeline, inline SVG (`GanttChart`).
    var gantt: String?
    /// `2 tasks without a date not shown`.
    var undatedNote: String?
    /// The plan's git history (docs/history.md#on-the-site), when the build read one.
    var history: HistorySection?
    /// Why a build that read history has none for this plan.
    var historyNote: String?
    var phases: [PhaseTable] = []
    /// Said when the plan has more tasks than a page lists.
    var truncated: String?
    var owners: [OwnerWork] = []
    var hasOwners = false
    /// True when there is a party table to show: "Stakeholders by party".
    var hasPartyGroups = false
    var partyGroups: [PartyTable] = []
    var hasMilestones = false
    var milestones: [MilestoneItem] = []
    var hasWorkshops = false
    var workshops: [WorkshopItem] = []
    var hasChannels = false
    var channels: [ChannelItem] = []
    var hasRisks = false
    var risks: [RiskItem] = []
    /// The conflict-resolution section, when the plan has one.
    var conflict: ConflictSection?
    var hasUpdates = false
    /// Newest first.
    var updates: [UpdateItem] = []
    /// Sections mapc does not interpret, and the retrospective.
    var prose: [ProseSection] = []

    /// A diagnostic of the plan file.
    struct Problem: ViewModel {
        /// `error`, `warning` or `info`: a CSS class too.
        var severity = ""
        var line = 0
        /// The message, its `code spans` apart.
        var message: [TextPart] = []
        var rule = ""
        var hasHelp = false
        var help: [TextPart] = []
    }

    /// A piece of a diagnostic's text: plain, or a code span (written between backticks).
    struct TextPart: ViewModel {
        var text = ""
        var code = false

        /// `unknown rule `x``, as text and code: each pair of backticks is a code span;
        /// a backtick without a partner, or an empty pair, stays as written.
        static func parts(_ text: String) -> [TextPart] {
            var parts: [TextPart] = []
            var rest = Substring(text)
            var plain = ""
            while let open = rest.firstIndex(of: "`") {
                let after = rest.index(after: open)
                guard let close = rest[after...].firstIndex(of: "`") else {
                    plain += rest
                    rest = ""
                    break
                }
                guard close > after else {
                    plain += rest[..<open] + "``"
                    rest = rest[rest.index(after: close)...]
                    continue
                }
                plain += rest[..<open]
                if !plain.isEmpty { parts.append(TextPart(text: plain)) }
                plain = ""
                parts.append(TextPart(text: String(rest[after..<close]), code: true))
                rest = rest[rest.index(after: close)...]
            }
            plain += rest
            if !plain.isEmpty { parts.append(TextPart(text: plain)) }
            return parts
        }
    }

    struct GoalCard: ViewModel {
        var id = ""
        var title = ""
        var description: String?
        var metrics: [MetricBar] = []
    }

    /// A metric of a goal, as a bar from baseline to target.
    struct MetricBar: ViewModel {
        var name = ""
        var baseline = ""
        var current = ""
        var target = ""
        var due: String?
        /// True when the metric can be drawn (numbers, a target apart from the baseline).
        var hasBar = false
        var percent: Int?
        /// Where the calendar says the metric should be, in percent.
        var expected: Int?
        /// True when the plan gives a way to judge the metric (`onTrack`, `verdict`).
        var judged = false
        var onTrack: Bool?
        /// `target reached`, `checkpoint met`, `behind: …`.
        var verdict: String?
    }

    /// A metric that measures no goal of the plan.
    struct MetricLine: ViewModel {
        var name = ""
        var baseline = ""
        var current = ""
        var target = ""
    }

    /// A phase's tasks (or `Tasks` for those outside any phase).
    struct PhaseTable: ViewModel {
        var title = ""
        var due: String?
        var tasks: [SharedModel<TaskRow>] = []
    }

    /// An owner's open tasks.
    struct OwnerWork: ViewModel {
        var name = ""
        var handle = ""
        var page: String?
        var party: String?
        var tasks: [SharedModel<TaskRow>] = []
    }

    /// A party and its stakeholders.
    struct PartyTable: ViewModel {
        var party = ""
        /// Whether anyone in the table has the column's value: an empty column is left out.
        var hasInterests = false
        var hasExpectations = false
        var hasCapacity = false
        var people: [PartyMember] = []
    }

    struct PartyMember: ViewModel {
        var name = ""
        var handle = ""
        var page: String?
        var role = ""
        var interests = ""
        var expectations = ""
        var capacity = ""
        /// `none`, `1 open task`, `3 open tasks`.
        var openText = ""
        var hasOverdue = false
        var overdueText = ""
    }

    struct MilestoneItem: ViewModel {
        /// `done`, `overdue` or `open`.
        var stateClass = ""
        /// `reached`, `missed` or `upcoming`.
        var stateLabel = ""
        var title = ""
        var due: String?
        /// The goal ids it marks, comma-separated.
        var goals: String?
        var celebrate: String?
    }

    struct WorkshopItem: ViewModel {
        var date: String?
        var title = ""
        /// `@handle`s, comma-separated.
        var attendees: String?
        var hasDecisions = false
        var decisions: [String] = []
    }

    struct ChannelItem: ViewModel {
        var title = ""
        var every: String?
        /// `@handle`s, comma-separated.
        var people: String?
    }

    struct RiskItem: ViewModel {
        var title = ""
        var impact: String?
        var likelihood: String?
        var owner: String?
        var mitigation: String?
    }

    struct ConflictSection: ViewModel {
        var escalations: [Escalation] = []
        /// The section's prose, safe HTML.
        var html = ""
    }

    struct Escalation: ViewModel {
        /// `@a → @b → @c`.
        var path = ""
    }

    struct UpdateItem: ViewModel {
        var date = ""
        var text = ""
    }

    /// A section of prose, safe HTML.
    struct ProseSection: ViewModel {
        /// The heading's id: `section-N`.
        var anchor = ""
        var title = ""
        var html = ""
    }
}

extension PlanPage {
    /// Rows a page lists before it points to `mapc export`: a plan of 100,000 tasks is
    /// data, not a page anyone reads, and must not make the build crawl.
    static let rowLimit = 2_000

    init(_ sitePlan: SitePlan, people: PeopleDirectory, site: SiteBase, today: Day, canonical: String?,
         native: NativePartials = .none, rows: RowBook? = nil, showProblems: Bool = true)
    {
        let summary = sitePlan.summary
        let plan = summary.plan
        self.site = site
        self.site.canonical = canonical
        facts = PlanFacts(summary)
        healthReasons = summary.healthReasons
        if let owner = plan.owner?.value {
            self.owner = owner.name
            ownerPage = people.page(of: owner)
        }
        let window = [plan.start?.value, plan.due?.value].map { $0.map(SiteDates.long) }
        self.window = window[0] != nil || window[1] != nil ? "\(window[0] ?? "…") – \(window[1] ?? "…")" : nil
        parties = plan.parties.map(\.value)
        file = sitePlan.source.path
        hasDiagnostics = showProblems && !summary.diagnostics.isEmpty
        if hasDiagnostics {
            diagnosticsSummary = Self.diagnosticsSummary(summary.diagnostics)
            diagnostics = summary.diagnostics.map { diagnostic in
                Problem(severity: diagnostic.severity.rawValue, line: diagnostic.start.line,
                        message: TextPart.parts(diagnostic.message), rule: diagnostic.rule.rawValue,
                        hasHelp: diagnostic.help != nil, help: TextPart.parts(diagnostic.help ?? ""))
            }
        }
        preamble = Self.preamble(sitePlan)
        goals(summary)
        gantt = GanttChart(plan: plan, today: today, idPrefix: "gantt").render()
        let undated = plan.tasks.filter { $0.state != .cancelled && !GanttChart.isDrawn($0) }.count
        undatedNote = undated == 0 ? nil : "\(undated) task\(undated == 1 ? "" : "s") without a date not shown"
        let rows = rows ?? RowBook(plan: plan, people: people, today: today, native: native)
        phases = Self.phases(plan, rows: rows)
        truncated = plan.tasks.count > Self.rowLimit
            ? "This plan has \(plan.tasks.count) tasks; the first \(Self.rowLimit) are listed. `mapc export` gives them all."
            : nil
        owners = Self.owners(plan, people: people, rows: rows)
        hasOwners = !owners.isEmpty
        partyGroups = Self.partyGroups(plan, people: people, today: today, rows: rows)
        hasPartyGroups = !partyGroups.isEmpty
        hasParties = !parties.isEmpty
        sections(sitePlan)
    }

    static func diagnosticsSummary(_ diagnostics: [Diagnostic]) -> String {
        let parts = [(Severity.error, "error"), (.warning, "warning"), (.info, "info")].compactMap { severity, word in
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

    private mutating func goals(_ summary: PlanSummary) {
        let plan = summary.plan
        hasGoals = !plan.goals.isEmpty || !plan.metrics.isEmpty
        goals = plan.goals.map { goal in
            let progress = summary.metricProgress[goal.id.value.lowercased()] ?? []
            return GoalCard(id: goal.id.value, title: goal.title,
                            description: goal.description.isEmpty ? nil : goal.description,
                            metrics: progress.map(Self.metric))
        }
        let goalIDs = Set(plan.goals.map { $0.id.value.lowercased() })
        let unlinked = plan.metrics.filter { metric in !metric.goals.contains { goalIDs.contains($0.value.lowercased()) } }
        hasUnlinkedMetrics = !unlinked.isEmpty
        unlinkedMetrics = unlinked.map { metric in
            MetricLine(name: metric.name.value, baseline: metric.baseline?.text ?? "—", current: metric.current?.text ?? "—",
                       target: metric.target?.text ?? "—")
        }
    }

    private static func metric(_ progress: MetricProgress) -> MetricBar {
        let metric = progress.metric
        var bar = MetricBar(name: metric.name.value, baseline: metric.baseline?.text ?? "—",
                            current: metric.current?.text ?? "—", target: metric.target?.text ?? "—",
                            due: metric.due?.value.description)
        if let percent = progress.percent {
            bar.hasBar = true
            bar.percent = percent
        }
        bar.expected = progress.expected.map(Percent.whole)
        if let onTrack = progress.onTrack {
            bar.judged = true
            bar.onTrack = onTrack
            bar.verdict = (progress.fraction ?? 0) >= 1 ? "target reached"
                : onTrack ? "checkpoint met" : "behind: " + (progress.behindBecause ?? "a date passed unmet")
        }
        return bar
    }

    private static func phases(_ plan: Plan, rows: RowBook) -> [PhaseTable] {
        var groups: [PhaseTable] = []
        var groupOfPhase: [Int?: Int] = [:]
        for (index, task) in plan.tasks.enumerated().prefix(rowLimit) {
            let key = task.phase
            if groupOfPhase[key] == nil {
                groupOfPhase[key] = groups.count
                groups.append(PhaseTable(title: key.map { plan.phases[$0].title } ?? "Tasks",
                                         due: key.flatMap { plan.phases[$0].due?.value.description }))
            }
            groups[groupOfPhase[key]!].tasks.append(rows.row(index))
        }
        // Phases without tasks still show, with their deadline.
        for (index, phase) in plan.phases.enumerated() where groupOfPhase[index] == nil {
            groups.append(PhaseTable(title: phase.title, due: phase.due?.value.description))
        }
        return groups
    }

    private static func owners(_ plan: Plan, people: PeopleDirectory, rows: RowBook) -> [OwnerWork] {
        var order: [Handle] = []
        var tasks: [Handle: [SharedModel<TaskRow>]] = [:]
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
            return OwnerWork(name: person?.name ?? "@\(handle.name)", handle: handle.name, page: people.page(of: handle),
                             party: person?.party, tasks: tasks[handle] ?? [])
        }
    }

    /// The plan's parties in order, then parties only stakeholders name, each with its
    /// people (names compared case-insensitively), grouped in one pass.
    private static func partyGroups(_ plan: Plan, people: PeopleDirectory, today: Day, rows: RowBook) -> [PartyTable] {
        var names = plan.parties.map(\.value)
        var known = Set(names.map { $0.lowercased() })
        var membersByParty: [String: [Stakeholder]] = [:]
        for stakeholder in plan.stakeholders {
            let party = stakeholder.party ?? "No party given"
            if known.insert(party.lowercased()).inserted { names.append(party) }
            membersByParty[party.lowercased(), default: []].append(stakeholder)
        }
        // A party nobody belongs to has no table (the "Shared by" line names it).
        return names.compactMap { party in
            guard let members = membersByParty[party.lowercased()] else { return nil }
            return PartyTable(
                party: party, hasInterests: members.contains { !($0.interests ?? "").isEmpty },
                hasExpectations: members.contains { !($0.expectations ?? "").isEmpty },
                hasCapacity: members.contains { !($0.capacity ?? "").isEmpty },
                people: members.map { stakeholder in
                    let open = (rows.openTasksByOwner[stakeholder.handle.value] ?? []).map { plan.tasks[$0] }
                    let overdue = open.filter { TaskRows.isOverdue($0, plan: plan, today: today) }
                    return PartyMember(
                        name: stakeholder.name ?? "@\(stakeholder.handle.value.name)", handle: stakeholder.handle.value.name,
                        page: people.page(of: stakeholder.handle.value), role: stakeholder.role ?? "",
                        interests: stakeholder.interests ?? "", expectations: stakeholder.expectations ?? "",
                        capacity: stakeholder.capacity ?? "",
                        openText: open.isEmpty ? "none" : open.count == 1 ? "1 open task" : "\(open.count) open tasks",
                        hasOverdue: !overdue.isEmpty, overdueText: "\(overdue.count) overdue")
                })
        }
    }

    private mutating func sections(_ sitePlan: SitePlan) {
        let plan = sitePlan.plan
        let today = sitePlan.summary.today
        hasMilestones = !plan.milestones.isEmpty
        milestones = plan.milestones.map { milestone in
            let late = !milestone.done && (milestone.due.map { $0.value < today } ?? false)
            return MilestoneItem(stateClass: milestone.done ? "done" : late ? "overdue" : "open",
                                 stateLabel: milestone.done ? "reached" : late ? "missed" : "upcoming",
                                 title: milestone.title, due: milestone.due?.value.description,
                                 goals: milestone.goals.isEmpty ? nil : milestone.goals.map(\.value).joined(separator: ", "),
                                 celebrate: milestone.celebrate)
        }
        hasWorkshops = !plan.workshops.isEmpty
        workshops = plan.workshops.map { workshop in
            WorkshopItem(date: workshop.date?.value.description, title: workshop.title,
                         attendees: workshop.attendees.isEmpty
                             ? nil : workshop.attendees.map { "@\($0.value.name)" }.joined(separator: ", "),
                         hasDecisions: !workshop.decisions.isEmpty, decisions: workshop.decisions.map(\.text))
        }
        hasChannels = !plan.channels.isEmpty
        channels = plan.channels.map { channel in
            ChannelItem(title: channel.title, every: channel.every?.value.rawValue,
                        people: channel.handles.isEmpty ? nil : channel.handles.map { "@\($0.value.name)" }.joined(separator: ", "))
        }
        hasRisks = !plan.risks.isEmpty
        risks = plan.risks.map { risk in
            RiskItem(title: risk.title, impact: risk.impact, likelihood: risk.likelihood, owner: risk.owner?.value.name, mitigation: risk.mitigation)
        }
        if let index = plan.sections.firstIndex(where: { $0.kind == .conflictResolution }) {
            conflict = ConflictSection(
                escalations: plan.escalations.map { Escalation(path: $0.path.map { "@\($0.value.name)" }.joined(separator: " → ")) },
                html: Self.clampHeadings(sitePlan.prose.html(ofSection: index) ?? "", atLeast: 3))
        }
        let updates = plan.updates.sorted { $0.date.value > $1.date.value }
        hasUpdates = !updates.isEmpty
        self.updates = updates.map { UpdateItem(date: $0.date.value.description, text: $0.text) }
        for (index, section) in plan.sections.enumerated()
        where (section.kind == nil && !section.title.isEmpty) || section.kind == .retrospective {
            let html = Self.clampHeadings(sitePlan.prose.html(ofSection: index) ?? "", atLeast: 3)
            prose.append(ProseSection(anchor: "section-\(index)", title: section.title, html: html))
        }
    }
}
