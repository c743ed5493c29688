import MapcCheck
import MapcModel
import MapcSource

/// How a plan is doing, in the words of a status report (docs/status.md has the rules).
public enum Health: String, Sendable, CaseIterable {
    case offTrack = "off-track"
    case atRisk = "at-risk"
    case onTrack = "on-track"
    case done
    /// Draft, on hold or cancelled: not running, so not judged.
    case inactive
    /// Active, but mapc read no task and no milestone in it: nothing to judge, never "on
    /// track" (its sections may be named in another language, say).
    case unknown

    /// What a person reads.
    public var label: String {
        switch self {
        case .offTrack: "Off track"
        case .atRisk: "At risk"
        case .onTrack: "On track"
        case .done: "Done"
        case .inactive: "Not running"
        case .unknown: "Not judged"
        }
    }

    /// Attention order: what needs attention first.
    public var urgency: Int {
        switch self {
        case .offTrack: 0
        case .atRisk: 1
        case .unknown: 2
        case .onTrack: 3
        case .inactive: 4
        case .done: 5
        }
    }
}

/// A dated thing that is next: a task or a milestone.
public struct Deadline: Sendable, Hashable {
    public var day: Day
    public var title: String
    public var isMilestone: Bool

    public init(day: Day, title: String, isMilestone: Bool) {
        self.day = day
        self.title = title
        self.isMilestone = isMilestone
    }
}

/// Where a goal's metric stands against its target and the calendar, and whether it is
/// behind: one judgement for the site, `status` and JSON (docs/status.md#metrics).
public struct MetricProgress: Sendable {
    public var metric: Metric
    /// 0…1 (may exceed 1) from baseline to target; nil when the numbers are missing.
    public var fraction: Double?
    /// The share of the metric's time window already elapsed, 0…1: shown beside the bar,
    /// never judged (a metric may by its nature land at the end).
    public var expected: Double?
    /// True when the metric met what the plan asked of it by now, false when a date the
    /// plan gives (its Due, or a checkpoint) has passed unmet, nil when there is nothing
    /// to judge it by yet.
    public var onTrack: Bool?
    /// Why it is behind, in words: "checkpoint 20 by 2026-11-15 missed (12)".
    public var behindBecause: String?

    /// The progress as a whole percentage, rounded down: 99.6% is not shown as 100%.
    public var percent: Int? { fraction.map(Percent.whole) }
}

/// Whole percentages, one rounding everywhere: down, clamped to 0…100.
public enum Percent {
    public static func whole(_ fraction: Double) -> Int {
        guard fraction.isFinite else { return 0 }
        return Int((min(1, max(0, fraction)) * 100 + 1e-9).rounded(.down))
    }
}

/// The facts every summary, page and export shows about one plan, computed once.
public struct PlanSummary: Sendable {
    public var plan: Plan
    public var diagnostics: [Diagnostic]
    public var today: Day

    public var health: Health
    /// Done tasks / all tasks that are not cancelled.
    public var doneCount: Int
    public var totalCount: Int
    /// Done estimate hours / all estimate hours, when any task has an estimate.
    public var weightedProgress: Double?
    public var overdue: [Task]
    public var dueSoon: [Task]
    public var blocked: [Task]
    public var nextDeadline: Deadline?
    public var lastUpdate: Day?
    public var isStale: Bool
    /// Metric progress by goal id.
    public var metricProgress: [String: [MetricProgress]]
    public var goalsOffTrack: [Goal]
    /// Why the health is what it is, in words.
    public var healthReasons: [String]

    public var progress: Double { totalCount == 0 ? 0 : Double(doneCount) / Double(totalCount) }
    public var errors: Int { diagnostics.count(of: .error) }
    public var warnings: Int { diagnostics.count(of: .warning) }
    public var daysToDue: Int? { plan.due.map { today.days(until: $0.value) } }

    public init(plan: Plan, diagnostics: [Diagnostic], today: Day) {
        self.plan = plan
        self.diagnostics = diagnostics
        self.today = today
        let counted = plan.tasks.filter { $0.state != .cancelled }
        doneCount = counted.filter { $0.state == .done }.count
        totalCount = counted.count
        let estimated = counted.compactMap { task in task.estimate.map { (task, $0.value.hours) } }
        let allHours = estimated.reduce(0) { $0 + $1.1 }
        weightedProgress = allHours > 0
            ? estimated.filter { $0.0.state == .done }.reduce(0) { $0 + $1.1 } / allHours : nil
        let open = plan.tasks.filter(\.isOpen)
        let running = plan.status.value == .active
        overdue = running ? open.filter { ($0.effectiveDue.map { $0 < today }) ?? false } : []
        dueSoon = open.filter { task in
            guard let due = task.effectiveDue else { return false }
            return due >= today && due <= today.adding(days: 7)
        }
        blocked = open.filter { $0.progress == .blocked }
        var candidates = open.compactMap { task in
            task.effectiveDue.flatMap { $0 >= today ? Deadline(day: $0, title: task.displayTitle, isMilestone: false) : nil }
        }
        candidates += plan.milestones.compactMap { milestone in
            guard !milestone.done, let due = milestone.due?.value, due >= today else { return nil }
            return Deadline(day: due, title: milestone.title, isMilestone: true)
        }
        nextDeadline = candidates.min { ($0.day, $0.isMilestone ? 0 : 1, $0.title) < ($1.day, $1.isMilestone ? 0 : 1, $1.title) }
        lastUpdate = plan.updates.map(\.date.value).filter { $0 <= today }.max()
        isStale = diagnostics.contains { $0.rule == PlanStale.id }

        var progressByGoal: [String: [MetricProgress]] = [:]
        for metric in plan.metrics {
            let progress = Self.progress(of: metric, plan: plan, today: today)
            for goal in metric.goals { progressByGoal[goal.value.lowercased(), default: []].append(progress) }
        }
        metricProgress = progressByGoal
        goalsOffTrack = plan.goals.filter { goal in
            (progressByGoal[goal.id.value.lowercased()] ?? []).contains { $0.onTrack == false }
        }

        let pieces = Self.pieces(plan: plan, today: today)
        (health, healthReasons) = Self.judge(plan: plan, today: today, open: pieces.open, overdue: pieces.overdue,
                                             blocked: blocked, stale: isStale, goalsOffTrack: goalsOffTrack,
                                             errors: diagnostics.count(of: .error))
    }

    /// The health rule (documented in docs/status.md):
    /// - done plans are done; draft, on-hold and cancelled plans are not running;
    /// - off track: the plan's due date has passed with open work, or at least 3 open
    ///   tasks are overdue, or a quarter or more of the open tasks are;
    /// - at risk: anything overdue or blocked, a goal behind its metric schedule, an update
    ///   older than the review cadence allows, or errors in the plan;
    /// - on track otherwise.
    static func judge(plan: Plan, today: Day, open: Int, overdue: Int, blocked: [Task], stale: Bool,
                      goalsOffTrack: [Goal], errors: Int) -> (Health, [String])
    {
        switch plan.status.value {
        case .done: return (.done, ["the plan is done"])
        case .draft, .onHold, .cancelled: return (.inactive, ["the plan is \(plan.status.value.rawValue)"])
        case .active: break
        }
        if plan.tasks.isEmpty && plan.milestones.isEmpty {
            return (.unknown, ["mapc read no task and no milestone in the plan"])
        }
        var off: [String] = []
        let openTasks = plan.tasks.filter(\.isOpen).count
        if let due = plan.due?.value, due < today, openTasks > 0 {
            off.append("the plan was due \(due) and \(openTasks) task\(openTasks == 1 ? " is" : "s are") still open")
        }
        if overdue >= 3 || (open > 0 && overdue * 4 >= open && overdue > 0) {
            off.append("\(overdue) of \(open) open tasks are overdue")
        }
        if !off.isEmpty { return (.offTrack, off) }
        var risk: [String] = []
        if overdue > 0 { risk.append("\(overdue) task\(overdue == 1 ? " is" : "s are") overdue") }
        if !blocked.isEmpty { risk.append("\(blocked.count) task\(blocked.count == 1 ? " is" : "s are") blocked") }
        if !goalsOffTrack.isEmpty {
            risk.append("goal\(goalsOffTrack.count == 1 ? "" : "s") \(goalsOffTrack.map(\.id.value).joined(separator: ", ")) behind schedule")
        }
        if stale { risk.append("no update within the review cadence") }
        if errors > 0 { risk.append("\(errors) error\(errors == 1 ? "" : "s") in the plan") }
        if !risk.isEmpty { return (.atRisk, risk) }
        return (.onTrack, ["nothing overdue, blocked or behind"])
    }

    /// Open and overdue tasks counted as pieces of work for the health rule: an open
    /// sub-task of an open task is part of it, an overdue one of an overdue task too, so a
    /// late task with late sub-tasks is one late piece of work, not three.
    static func pieces(plan: Plan, today: Day) -> (open: Int, overdue: Int) {
        let running = plan.status.value == .active
        func isOverdue(_ task: Task) -> Bool { running && task.isOpen && (task.effectiveDue.map { $0 < today } ?? false) }
        var open = 0, overdue = 0
        for task in plan.tasks {
            let parent = task.parent.map { plan.tasks[$0] }
            if task.isOpen, parent?.isOpen != true { open += 1 }
            if isOverdue(task), !(parent.map(isOverdue) ?? false) { overdue += 1 }
        }
        return (open, overdue)
    }

    /// Progress from baseline to target, the share of its window elapsed, and the verdict:
    /// behind only when its Due date, or a checkpoint, has passed with the value short of
    /// what it names (docs/status.md#metrics).
    static func progress(of metric: Metric, plan: Plan, today: Day) -> MetricProgress {
        var result = MetricProgress(metric: metric, fraction: nil, expected: nil, onTrack: nil)
        guard let target = metric.target?.value else { return result }
        // No current value yet means "not measured", not "no progress": it is not judged.
        guard let start = metric.baseline?.value ?? (metric.checkpoints.isEmpty ? nil : 0),
              let now = metric.current?.value else { return result }
        if target == start {
            result.fraction = now == target ? 1 : 0
        } else {
            result.fraction = (now - start) / (target - start)
        }
        if let windowStart = plan.start?.value, let windowEnd = metric.due?.value ?? plan.due?.value,
           windowEnd > windowStart
        {
            let elapsed = Double(windowStart.days(until: today)) / Double(windowStart.days(until: windowEnd))
            result.expected = min(1, max(0, elapsed))
        }
        // Growing or shrinking: a target below the baseline is met from above.
        let rising = target >= start
        func met(_ value: Double) -> Bool { rising ? now >= value : now <= value }
        if met(target) {
            result.onTrack = true
            return result
        }
        if let due = metric.due?.value, due < today {
            result.onTrack = false
            result.behindBecause = "due \(due), \(metric.current?.text ?? "") of \(metric.target?.text ?? "")"
            return result
        }
        // The latest checkpoint that has passed decides: one caught up with since is not held against it.
        if let latest = metric.checkpoints.last(where: { $0.due.value < today }) {
            let reached = met(latest.value.value ?? target)
            result.onTrack = reached
            if !reached {
                result.behindBecause = "checkpoint \(latest.value.text) by \(latest.due.value) missed (\(metric.current?.text ?? ""))"
            }
        }
        return result
    }
}

extension Task {
    /// The task's title as a person reads it.
    public var displayTitle: String { title.isEmpty ? id : title }
}
