import MapcSource

/// A goal: `### G1: Go live with 50 paying seats` and the text under it.
public struct Goal: Codable, Sendable {
    public var id: Located<String>
    public var title: String
    public var description: String
    public var range: SourceRange

    public init(id: Located<String>, title: String, description: String, range: SourceRange) {
        self.id = id
        self.title = title
        self.description = description
        self.range = range
    }
}

/// A row of the Stakeholders table.
public struct Stakeholder: Codable, Sendable {
    public var handle: Located<Handle>
    public var name: String?
    public var party: String?
    public var role: String?
    public var interests: String?
    public var expectations: String?
    public var capacity: String?
    /// Columns beyond the known ones, by header.
    public var extra: [String: String]
    public var range: SourceRange
    /// Where the Party cell is, for diagnostics about it.
    public var partyRange: SourceRange?

    public init(handle: Located<Handle>, name: String? = nil, party: String? = nil, role: String? = nil,
                interests: String? = nil, expectations: String? = nil, capacity: String? = nil,
                extra: [String: String] = [:], range: SourceRange)
    {
        self.handle = handle
        self.name = name
        self.party = party
        self.role = role
        self.interests = interests
        self.expectations = expectations
        self.capacity = capacity
        self.extra = extra
        self.range = range
    }
}

/// A number as written in a table cell, e.g. `40%`, `1,200 seats`, `3.5`.
public struct Quantity: Codable, Sendable, Hashable {
    public var text: String
    public var value: Double?
    public var unit: String?

    public init(text: String, value: Double?, unit: String?) {
        self.text = text
        self.value = value
        self.unit = unit
    }
}

/// An interim target of a metric: `20 by 2026-12-01` in the Checkpoints column.
public struct Checkpoint: Codable, Sendable {
    public var value: Quantity
    public var due: Located<Day>

    public init(value: Quantity, due: Located<Day>) {
        self.value = value
        self.due = due
    }
}

/// A row of the Metrics table.
public struct Metric: Codable, Sendable {
    public var name: Located<String>
    /// Goal ids this metric measures.
    public var goals: [Located<String>]
    public var baseline: Quantity?
    public var target: Quantity?
    public var current: Quantity?
    public var unit: String?
    public var due: Located<Day>?
    /// Interim targets with their dates, earliest first (docs/format.md#metrics).
    public var checkpoints: [Checkpoint] = []
    public var extra: [String: String]
    public var range: SourceRange

    public init(name: Located<String>, goals: [Located<String>] = [], baseline: Quantity? = nil,
                target: Quantity? = nil, current: Quantity? = nil, unit: String? = nil,
                due: Located<Day>? = nil, extra: [String: String] = [:], range: SourceRange)
    {
        self.name = name
        self.goals = goals
        self.baseline = baseline
        self.target = target
        self.current = current
        self.unit = unit
        self.due = due
        self.extra = extra
        self.range = range
    }
}

/// An H3 inside Tasks: a phase, maybe with a deadline.
public struct Phase: Codable, Sendable {
    public var title: String
    public var due: Located<Day>?
    /// A `start:` in the heading.
    public var start: Located<Day>?
    /// True when the heading's `due:` is not a real day (its tasks' dates are unknown).
    public var hasInvalidDue = false
    /// Handles written in the heading, e.g. the phase lead.
    public var handles: [Located<Handle>] = []
    public var range: SourceRange

    public init(title: String, due: Located<Day>?, range: SourceRange) {
        self.title = title
        self.due = due
        self.range = range
    }
}

/// Effort written as `est:3d` or `est:4h`.
public struct Effort: Codable, Sendable, Hashable {
    /// Hours of work; a day counts 8 hours, a week 5 days.
    public var hours: Double
    public var text: String

    public init(hours: Double, text: String) {
        self.hours = hours
        self.text = text
    }
}

/// A task: a GFM task-list item under Tasks (docs/format.md#task-items).
public struct Task: Codable, Sendable {
    public enum State: String, Codable, Sendable { case open, done, cancelled }
    public enum Progress: String, Codable, Sendable { case todo, doing, blocked }
    public enum Priority: String, Codable, Sendable { case highest, high, medium, low, lowest }

    /// Stable id: `id:` / `🆔`, else derived from the title.
    public var id: String
    /// Where an explicit id was written; nil for a derived id.
    public var idRange: SourceRange?
    public var title: String
    /// The whole list item.
    public var range: SourceRange
    /// The item's text after the checkbox: where diagnostics without a token point.
    public var titleRange: SourceRange
    public var state: State
    public var progress: Progress
    /// The task's own owner token (the first handle).
    public var owner: Located<Handle>?
    /// The owner, or the parent task's when the sub-task names none
    /// (docs/format.md#inheritance-and-the-effective-due-date).
    public var effectiveOwner: Handle?
    public var contributors: [Located<Handle>]
    public var due: Located<Day>?
    /// True when a due token was written but is not a real day (reported as invalid-date).
    public var hasInvalidDue = false
    /// Own due date, else the parent's, else the phase deadline.
    public var effectiveDue: Day?
    public var start: Located<Day>?
    public var scheduled: Located<Day>?
    public var doneOn: Located<Day>?
    public var after: [Located<String>]
    public var goals: [Located<String>]
    public var estimate: Located<Effort>?
    public var priority: Priority?
    /// Index in `Plan.tasks` of the parent task, for sub-tasks.
    public var parent: Int?
    /// Index in `Plan.phases`.
    public var phase: Int?
    /// Plain nested items and later paragraphs.
    public var notes: [String]
    /// The text of the plain top-level item the task is listed under (`- Procurement`).
    public var group: String?
    /// Obsidian Tasks' `➕` created date and `❌` cancelled date.
    public var created: Located<Day>?
    public var cancelledOn: Located<Day>?
    /// Obsidian Tasks' `🔁` recurrence as written (`every week on Monday`).
    public var recurrence: String?
    /// Obsidian Tasks' `🏁` action on completion (`delete`, `keep`).
    public var onCompletion: String?
    /// Token keys written almost right in the item (`due: 2026-12-01`): reported, not read.
    public var almostTokens: [String] = []

    public init(id: String, idRange: SourceRange?, title: String, range: SourceRange, titleRange: SourceRange,
                state: State, progress: Progress = .todo, owner: Located<Handle>? = nil,
                effectiveOwner: Handle? = nil, contributors: [Located<Handle>] = [], due: Located<Day>? = nil,
                effectiveDue: Day? = nil, start: Located<Day>? = nil, scheduled: Located<Day>? = nil,
                doneOn: Located<Day>? = nil, after: [Located<String>] = [], goals: [Located<String>] = [],
                estimate: Located<Effort>? = nil, priority: Priority? = nil, parent: Int? = nil,
                phase: Int? = nil, notes: [String] = [])
    {
        self.id = id
        self.idRange = idRange
        self.title = title
        self.range = range
        self.titleRange = titleRange
        self.state = state
        self.progress = progress
        self.owner = owner
        self.effectiveOwner = effectiveOwner
        self.contributors = contributors
        self.due = due
        self.effectiveDue = effectiveDue
        self.start = start
        self.scheduled = scheduled
        self.doneOn = doneOn
        self.after = after
        self.goals = goals
        self.estimate = estimate
        self.priority = priority
        self.parent = parent
        self.phase = phase
        self.notes = notes
    }

    /// Open means neither done nor cancelled (docs/format.md#task-items).
    public var isOpen: Bool { state == .open }
}

/// A milestone: `Pilot live due:2026-12-01 goal:G1 celebrate: team lunch`.
public struct Milestone: Codable, Sendable {
    public var title: String
    public var due: Located<Day>?
    public var goals: [Located<String>]
    public var celebrate: String?
    public var done: Bool
    public var handles: [Located<Handle>]
    public var range: SourceRange
    public var titleRange: SourceRange

    public init(title: String, due: Located<Day>?, goals: [Located<String>], celebrate: String?, done: Bool,
                handles: [Located<Handle>], range: SourceRange, titleRange: SourceRange)
    {
        self.title = title
        self.due = due
        self.goals = goals
        self.celebrate = celebrate
        self.done = done
        self.handles = handles
        self.range = range
        self.titleRange = titleRange
    }
}

/// A workshop or meeting: `2026-10-05 Kickoff workshop @dana @li` with its decisions.
public struct Workshop: Codable, Sendable {
    public var date: Located<Day>?
    public var title: String
    public var attendees: [Located<Handle>]
    public var decisions: [Decision]
    public var range: SourceRange

    public init(date: Located<Day>?, title: String, attendees: [Located<Handle>], decisions: [Decision],
                range: SourceRange)
    {
        self.date = date
        self.title = title
        self.attendees = attendees
        self.decisions = decisions
        self.range = range
    }
}

/// A decision taken in a workshop (`decision: …`).
public struct Decision: Codable, Sendable {
    public var text: String
    public var handles: [Located<Handle>]
    public var range: SourceRange

    public init(text: String, handles: [Located<Handle>], range: SourceRange) {
        self.text = text
        self.handles = handles
        self.range = range
    }
}

/// How often a channel meets (`every:`).
public enum ChannelCadence: String, Codable, Sendable, CaseIterable {
    case day, week, twoWeeks = "2weeks", month, quarter

    /// The cadence an `every:` value names, with its adjective aliases.
    public init?(token: String) {
        switch token.lowercased() {
        case "day", "daily": self = .day
        case "week", "weekly": self = .week
        case "2weeks", "biweekly": self = .twoWeeks
        case "month", "monthly": self = .month
        case "quarter", "quarterly": self = .quarter
        default: return nil
        }
    }

    /// Every value `every:` accepts, for help texts.
    public static let accepted = ["day", "week", "2weeks", "month", "quarter",
                                  "daily", "weekly", "biweekly", "monthly", "quarterly"]
}

/// A communication channel: `Weekly sync every:week @dana`.
public struct Channel: Codable, Sendable {
    public var title: String
    public var every: Located<ChannelCadence>?
    public var handles: [Located<Handle>]
    public var range: SourceRange

    public init(title: String, every: Located<ChannelCadence>?, handles: [Located<Handle>], range: SourceRange) {
        self.title = title
        self.every = every
        self.handles = handles
        self.range = range
    }
}

/// A risk or conflict: `Legal review may slip impact:high @sam mitigation: …`.
public struct Risk: Codable, Sendable {
    public var title: String
    public var impact: String?
    public var likelihood: String?
    public var owner: Located<Handle>?
    public var handles: [Located<Handle>]
    public var mitigation: String?
    public var range: SourceRange

    public init(title: String, impact: String?, likelihood: String?, owner: Located<Handle>?,
                handles: [Located<Handle>], mitigation: String?, range: SourceRange)
    {
        self.title = title
        self.impact = impact
        self.likelihood = likelihood
        self.owner = owner
        self.handles = handles
        self.mitigation = mitigation
        self.range = range
    }
}

/// An escalation path: `escalate: @dana -> @exec`.
public struct Escalation: Codable, Sendable {
    public var path: [Located<Handle>]
    public var range: SourceRange

    public init(path: [Located<Handle>], range: SourceRange) {
        self.path = path
        self.range = range
    }
}

/// A dated entry of Updates: `2026-11-20: security review started`.
public struct Update: Codable, Sendable {
    public var date: Located<Day>
    public var text: String
    public var handles: [Located<Handle>]
    public var range: SourceRange

    public init(date: Located<Day>, text: String, handles: [Located<Handle>], range: SourceRange) {
        self.date = date
        self.text = text
        self.handles = handles
        self.range = range
    }
}
