import MapcModel
import MapcSource
import MapcEmit

/// A plan's timeline as inline SVG: phases, task bars from start to due, milestones,
/// dependencies and a today line. No script, readable labels, `<title>` on every mark
/// for screen readers; colours come from the stylesheet's classes.
public struct GanttChart {
    public let plan: Plan
    public let today: Day
    /// A prefix for element ids, unique per page.
    public let idPrefix: String

    /// Task rows drawn at most; the page says when a plan has more.
    static let rowLimit = 500
    static let labelWidth = 300.0
    static let chartWidth = 720.0
    static let rowHeight = 24.0
    static let headerHeight = 34.0

    public init(plan: Plan, today: Day, idPrefix: String = "gantt") {
        self.plan = plan
        self.today = today
        self.idPrefix = idPrefix
    }

    private enum Row {
        case phase(title: String, from: Day?, to: Day?)
        case task(index: Int, from: Day, to: Day)
        case milestone(Milestone, Day)
    }

    /// The SVG, or nil when nothing in the plan has a date.
    public func render() -> String? {
        let rows = layoutRows()
        guard !rows.isEmpty else { return nil }
        var days: [Day] = [today]
        if let start = plan.start?.value { days.append(start) }
        if let due = plan.due?.value { days.append(due) }
        for row in rows {
            switch row {
            case let .task(_, from, to): days += [from, to]
            case let .milestone(_, day): days.append(day)
            case .phase: break
            }
        }
        let first = days.min()!.adding(days: -3)
        let last = days.max()!.adding(days: 3)
        let span = Double(max(1, first.days(until: last)))
        func x(_ day: Day) -> Double {
            Self.labelWidth + Double(first.days(until: day)) / span * Self.chartWidth
        }
        let width = Self.labelWidth + Self.chartWidth + 10
        let height = Self.headerHeight + Double(rows.count) * Self.rowHeight + 8
        var svg = ""
        let titleID = "\(idPrefix)-title", descID = "\(idPrefix)-desc"
        svg += "<svg class=\"gantt\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" "
        svg += "width=\"\(fmt(width))\" height=\"\(fmt(height))\" role=\"img\" aria-labelledby=\"\(titleID) \(descID)\">"
        svg += "<title id=\"\(titleID)\">Timeline of \(esc(plan.title.value))</title>"
        let taskCount = rows.filter { if case .task = $0 { true } else { false } }.count
        let overdueCount = rows.filter { if case let .task(index, _, _) = $0 { isOverdue(plan.tasks[index]) } else { false } }.count
        svg += "<desc id=\"\(descID)\">\(taskCount) dated tasks from \(first.adding(days: 3)) to \(last.adding(days: -3)); "
        svg += "\(overdueCount) overdue; today is \(today).</desc>"

        // Ticks along the top: months, quarters, half-years or years, the finest whose
        // labels do not run into each other; a label that would not fit whole is left out.
        let scale = Self.TickScale.fitting(span: span, chartWidth: Self.chartWidth)
        for tick in scale.ticks(from: first, to: last) {
            let tx = x(tick)
            svg += "<line class=\"grid\" x1=\"\(fmt(tx))\" y1=\"\(fmt(Self.headerHeight - 6))\" x2=\"\(fmt(tx))\" y2=\"\(fmt(height))\"/>"
            let label = scale.label(tick)
            guard tx + 3 + Self.textWidth(label) <= width else { continue }
            svg += "<text class=\"tick\" x=\"\(fmt(tx + 3))\" y=\"\(fmt(Self.headerHeight - 12))\">\(label)</text>"
        }

        // Dependencies first, so bars draw over them.
        var rowOfTask: [Int: Int] = [:]
        var barOfTask: [Int: (from: Day, to: Day)] = [:]
        for (rowIndex, row) in rows.enumerated() {
            if case let .task(index, from, to) = row {
                rowOfTask[index] = rowIndex
                barOfTask[index] = (from, to)
            }
        }
        let ids = Dictionary(plan.tasks.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, task) in plan.tasks.enumerated() {
            guard let row = rowOfTask[index], let bar = barOfTask[index] else { continue }
            for dependency in task.after {
                guard let other = ids[dependency.value], let otherRow = rowOfTask[other],
                      let otherBar = barOfTask[other] else { continue }
                let x1 = x(otherBar.to), y1 = y(otherRow) + Self.rowHeight / 2
                let x2 = x(bar.from), y2 = y(row) + Self.rowHeight / 2
                let bend = max(x1, x2 - 8)
                svg += "<path class=\"dependency\" d=\"M\(fmt(x1)) \(fmt(y1)) H\(fmt(bend)) V\(fmt(y2)) H\(fmt(x2))\">"
                svg += "<title>\(esc(plan.tasks[other].displayTitle)) comes before \(esc(task.displayTitle))</title></path>"
            }
        }

        for (rowIndex, row) in rows.enumerated() {
            let top = y(rowIndex)
            switch row {
            case let .phase(title, from, to):
                svg += "<g class=\"phase\"><title>Phase: \(esc(title))\(from.map { " from \($0)" } ?? "")\(to.map { " to \($0)" } ?? "")</title>"
                svg += "<text class=\"phase-label\" x=\"4\" y=\"\(fmt(top + 16))\">\(esc(truncate(title, 40)))</text>"
                if let from, let to {
                    svg += "<rect class=\"phase-bar\" x=\"\(fmt(x(from)))\" y=\"\(fmt(top + 9))\" width=\"\(fmt(max(2, x(to) - x(from))))\" height=\"6\"/>"
                }
                svg += "</g>"
            case let .task(index, from, to):
                let task = plan.tasks[index]
                let state = stateClass(task)
                let when = Self.doneDay(task).map { done in "done on \(done)" + (task.effectiveDue.map { ", due \($0)" } ?? "") }
                    ?? "\(stateLabel(task)), \(from == to ? "due \(to)" : "\(from) to \(to)")"
                let label = "\(task.displayTitle) — \(when)" + (task.effectiveOwner.map { ", owner @\($0.name)" } ?? "")
                svg += "<g class=\"task \(state)\"><title>\(esc(label))</title>"
                svg += "<text class=\"task-label\" x=\"14\" y=\"\(fmt(top + 16))\">\(esc(truncate(task.displayTitle, 42)))</text>"
                let left = x(from), right = max(x(to), x(from) + 4)
                svg += "<rect class=\"bar\" x=\"\(fmt(left))\" y=\"\(fmt(top + 5))\" width=\"\(fmt(right - left))\" height=\"14\" rx=\"3\"/>"
                svg += "</g>"
            case let .milestone(milestone, day):
                let cx = x(day), cy = top + Self.rowHeight / 2
                let state = milestone.done ? "done" : (day < today ? "overdue" : "open")
                svg += "<g class=\"milestone \(state)\"><title>\(esc("Milestone: \(milestone.title), \(day)\(milestone.done ? ", reached" : "")"))</title>"
                svg += "<text class=\"task-label\" x=\"14\" y=\"\(fmt(top + 16))\">◆ \(esc(truncate(milestone.title, 40)))</text>"
                svg += "<path class=\"diamond\" d=\"M\(fmt(cx)) \(fmt(cy - 7)) L\(fmt(cx + 7)) \(fmt(cy)) L\(fmt(cx)) \(fmt(cy + 7)) L\(fmt(cx - 7)) \(fmt(cy)) Z\"/>"
                svg += "</g>"
            }
        }

        let todayX = x(today)
        svg += "<g class=\"today\"><title>Today, \(today)</title>"
        svg += "<line x1=\"\(fmt(todayX))\" y1=\"\(fmt(Self.headerHeight - 4))\" x2=\"\(fmt(todayX))\" y2=\"\(fmt(height))\"/>"
        // Right of the line, or left of it when it would run past the chart's edge.
        svg += todayX + 3 + Self.textWidth("today") <= width
            ? "<text x=\"\(fmt(todayX + 3))\" y=\"\(fmt(Self.headerHeight - 1))\">today</text></g>"
            : "<text x=\"\(fmt(todayX - 3))\" y=\"\(fmt(Self.headerHeight - 1))\" text-anchor=\"end\">today</text></g>"
        svg += "</svg>"
        return svg
    }

    /// Phases in order with their dated tasks, then milestones.
    private func layoutRows() -> [Row] {
        var rows: [Row] = []
        var phaseTasks: [Int?: [Int]] = [:]
        var phaseOrder: [Int?] = []
        var drawn = 0
        for (index, task) in plan.tasks.enumerated() where task.state != .cancelled {
            guard Self.isDrawn(task), drawn < Self.rowLimit else { continue }
            drawn += 1
            if phaseTasks[task.phase] == nil { phaseOrder.append(task.phase) }
            phaseTasks[task.phase, default: []].append(index)
        }
        for phase in phaseOrder {
            let indices = phaseTasks[phase] ?? []
            var bars: [(Int, Day, Day)] = []
            for index in indices {
                let task = plan.tasks[index]
                let planned = task.effectiveDue ?? task.start?.value ?? Self.doneDay(task)!
                var from = task.start?.value ?? task.scheduled?.value ?? planned
                if task.start == nil, let hours = task.estimate?.value.hours {
                    from = planned.adding(days: -max(0, Int((hours / 8).rounded(.up)) - 1))
                }
                // A done task ends the day it was done (`✅`, `done:`), early or late.
                let to = Self.doneDay(task) ?? planned
                // Done early: the same length, ending that day.
                if to < from { from = to.adding(days: -from.days(until: planned)) }
                bars.append((index, min(from, to), to))
            }
            if let phase {
                let p = plan.phases[phase]
                rows.append(.phase(title: p.title, from: bars.map(\.1).min(), to: p.due?.value ?? bars.map(\.2).max()))
            }
            rows += bars.map { .task(index: $0.0, from: $0.1, to: $0.2) }
        }
        let milestones = plan.milestones.compactMap { milestone in milestone.due.map { (milestone, $0.value) } }
        if !milestones.isEmpty {
            rows.append(.phase(title: "Milestones", from: nil, to: nil))
            rows += milestones.map { .milestone($0.0, $0.1) }
        }
        return rows
    }

    /// The day a done task was done, when the plan says.
    static func doneDay(_ task: Task) -> Day? { task.state == .done ? task.doneOn?.value : nil }

    /// Whether the timeline draws the task: not cancelled, and with a date (a due date,
    /// its own or inherited, a start, or the day it was done).
    public static func isDrawn(_ task: Task) -> Bool {
        task.state != .cancelled && (task.effectiveDue != nil || task.start != nil || doneDay(task) != nil)
    }

    private func y(_ row: Int) -> Double { Self.headerHeight + Double(row) * Self.rowHeight }

    private func isOverdue(_ task: Task) -> Bool { TaskRows.isOverdue(task, plan: plan, today: today) }

    private func stateClass(_ task: Task) -> String {
        if task.state == .done { return "done" }
        if isOverdue(task) { return "overdue" }
        if task.progress == .blocked { return "blocked" }
        if task.progress == .doing { return "doing" }
        return "open"
    }

    private func stateLabel(_ task: Task) -> String {
        switch stateClass(task) {
        case "done": "done"
        case "overdue": "overdue"
        case "blocked": "blocked"
        case "doing": "in progress"
        default: "open"
        }
    }

    private func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    private func esc(_ text: String) -> String { HTMLSafety.escape(text) }

    private func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The width of a tick or today label, generously (11px text, 7px a character): what
    /// decides whether a label fits, never drawn.
    static func textWidth(_ label: String) -> Double { Double(label.count) * 7 }

    /// Which first days of months get a tick, and how each is labelled.
    struct TickScale: Equatable {
        /// Months between ticks: 1, 3, 6, 12 or a multiple of 12.
        var months: Int

        /// The finest scale whose closest two ticks are further apart than the longest
        /// label and a gap.
        static func fitting(span: Double, chartWidth: Double) -> TickScale {
            let pixelsPerDay = chartWidth / span
            for months in [1, 3, 6, 12, 24, 60, 120, 240, 600] {
                let scale = TickScale(months: months)
                // The shortest such stretch of the calendar: February, a quarter from January…
                let days = months == 1 ? 28.0 : months == 3 ? 89 : months == 6 ? 181 : Double(months / 12) * 365
                if days * pixelsPerDay >= textWidth(scale.longestLabel) + 10 { return scale }
            }
            return TickScale(months: 1200)
        }

        var longestLabel: String {
            months == 1 ? "May 2026" : months == 3 ? "Q1 2026" : months == 6 ? "H1 2026" : "2026"
        }

        /// `Apr 2026`, `Q2 2026`, `H1 2026`, `2027`.
        func label(_ day: Day) -> String {
            let (year, month, _) = day.components
            switch months {
            case 1: return "\(GanttChart.monthNames[month - 1]) \(year)"
            case 3: return "Q\((month - 1) / 3 + 1) \(year)"
            case 6: return "H\((month - 1) / 6 + 1) \(year)"
            default: return "\(year)"
            }
        }

        /// The first days of months in `first...last` that start a period of the scale.
        func ticks(from first: Day, to last: Day) -> [Day] {
            var result: [Day] = []
            var (year, month, _) = first.components
            while let tick = Day(year: year, month: month, day: 1), tick <= last {
                let starts = months < 12 ? (month - 1) % months == 0 : month == 1 && year % (months / 12) == 0
                if tick >= first, starts { result.append(tick) }
                month += 1
                if month > 12 { month = 1; year += 1 }
            }
            return result
        }
    }
}
