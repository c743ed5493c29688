import MapcModel
import MapcSource
import MapcEmit

/// One side of a diff: a plan as compiled, where it was found, and its diagnostics.
public struct PlanVersion: Sendable {
    public var plan: Plan
    /// The path shown to people, e.g. `plans/acme.md` or `new/acme.md`.
    public var path: String
    /// The path inside the side's root, to pair plans whose id changed but whose file did not.
    public var relativePath: String
    /// Text to drop from diagnostic messages before comparing the two sides (the side's
    /// root as it appears in paths, e.g. `old/`), so the same problem compares equal.
    public var root: String
    /// The diagnostics of this plan's file, in presentation order.
    public var diagnostics: [Diagnostic]

    public init(plan: Plan, path: String, relativePath: String, root: String = "", diagnostics: [Diagnostic]) {
        self.plan = plan
        self.path = path
        self.relativePath = relativePath
        self.root = root
        self.diagnostics = diagnostics
    }
}

/// The semantic change between two sets of plans (docs/review.md#mapc-diff-the-semantic-change).
public struct WorkspaceDiff: Sendable {
    /// Plans only on the new side; their diagnostics count as introduced.
    public var added: [PlanVersion] = []
    /// Plans only on the old side.
    public var removed: [PlanVersion] = []
    /// Plans on both sides that changed, in path order.
    public var changed: [PlanDiff] = []
    /// Plans on both sides with no change worth reporting.
    public var unchanged = 0

    public init() {}

    /// True when nothing changed at all.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}

/// What changed in one plan that exists on both sides.
public struct PlanDiff: Sendable {
    public var id: String
    /// The new title.
    public var title: String
    /// The new path, and the old one when the file moved.
    public var path: String
    public var oldPath: String?
    /// Set when one side's front matter cannot be read: then its values are defaults, and
    /// `fields` and the parties are not compared.
    public var frontMatter: FrontMatterChange?
    /// Front-matter values: title, status, start, due, owner, review.
    public var fields: [FieldChange] = []
    public var partiesAdded: [String] = []
    public var partiesRemoved: [String] = []
    public var stakeholders: [ItemChange] = []
    public var goals: [ItemChange] = []
    public var metrics: [ItemChange] = []
    public var phases: [ItemChange] = []
    public var milestones: [ItemChange] = []
    /// Tasks added, removed or changed: new document order, then removed tasks in old order.
    public var tasks: [TaskDiff] = []
    /// Updates on the new side the old side did not have, in the order written.
    public var updatesAdded: [Update] = []
    /// Diagnostics of the new side that the old side did not have (by rule and subject,
    /// `DiagnosticMatching`).
    public var introduced: [Diagnostic] = []
    /// Diagnostics of the old side that are gone.
    public var fixed: [Diagnostic] = []

    public init(id: String, title: String, path: String, oldPath: String?) {
        self.id = id
        self.title = title
        self.path = path
        self.oldPath = oldPath
    }

    /// True when nothing in the plan changed.
    public var isEmpty: Bool {
        oldPath == nil && frontMatter == nil && fields.isEmpty && partiesAdded.isEmpty && partiesRemoved.isEmpty && stakeholders.isEmpty
            && goals.isEmpty && metrics.isEmpty && phases.isEmpty && milestones.isEmpty && tasks.isEmpty
            && updatesAdded.isEmpty && introduced.isEmpty && fixed.isEmpty
    }
}

/// A front matter that stopped or started parsing between the two versions.
public enum FrontMatterChange: Sendable, Equatable {
    /// The new version's front matter cannot be read: where, and the reader's words.
    case noLongerParses(line: Int, message: String)
    /// The old version's front matter could not be read; the new one can.
    case parsesAgain
}

/// A value that changed: `due` 2027-01-29 → 2027-02-26.
public struct FieldChange: Sendable, Hashable {
    /// The field as the plan names it (`status`, `due`, `target`, `party`…).
    public var field: String
    /// Old and new values as written; nil when absent.
    public var old: String?
    public var new: String?
    /// For dates present on both sides: days from old to new (positive is later).
    public var days: Int?

    public init(field: String, old: String?, new: String?, days: Int? = nil) {
        self.field = field
        self.old = old
        self.new = new
        self.days = days
    }

    /// A change of a date, with the shift in days when both sides have one.
    static func date(_ field: String, _ old: Day?, _ new: Day?) -> FieldChange? {
        guard old != new else { return nil }
        let days = old.flatMap { old in new.map { old.days(until: $0) } }
        return FieldChange(field: field, old: old?.description, new: new?.description, days: days)
    }

    /// A change of a text value, or nil when it did not change.
    static func text(_ field: String, _ old: String?, _ new: String?) -> FieldChange? {
        old == new ? nil : FieldChange(field: field, old: old, new: new)
    }
}

/// Whether something is new, gone, or there on both sides with changes.
public enum ChangeKind: String, Sendable {
    case added, removed, changed
}

/// A goal, metric, stakeholder, phase or milestone that was added, removed or changed.
public struct ItemChange: Sendable {
    public var kind: ChangeKind
    /// How the item is matched and named: goal id, metric name, `@handle`, phase or milestone title.
    public var key: String
    /// A longer name, when the key is an id or a handle (goal title, person's name).
    public var label: String?
    /// For changed items, what changed; for added ones, the values worth showing.
    public var fields: [FieldChange]

    public init(kind: ChangeKind, key: String, label: String? = nil, fields: [FieldChange] = []) {
        self.kind = kind
        self.key = key
        self.label = label
        self.fields = fields
    }
}

/// A task that was added, removed or changed, with everything that happened to it.
public struct TaskDiff: Sendable {
    public var kind: ChangeKind
    /// The new id and title (the old ones for a removed task).
    public var id: String
    public var title: String
    /// True when the id was written (`id:`, `🆔`) rather than derived from the title.
    public var hasExplicitID: Bool
    /// Context for added and removed tasks: owner, due date, state on its side.
    public var owner: Handle?
    public var due: Day?
    public var state: Task.State
    /// For changed tasks, what changed, in a fixed order.
    public var changes: [TaskChange]

    public init(kind: ChangeKind, id: String, title: String, hasExplicitID: Bool, owner: Handle?, due: Day?,
                state: Task.State, changes: [TaskChange] = [])
    {
        self.kind = kind
        self.id = id
        self.title = title
        self.hasExplicitID = hasExplicitID
        self.owner = owner
        self.due = due
        self.state = state
        self.changes = changes
    }
}

/// One thing that happened to a task present on both sides.
public enum TaskChange: Sendable {
    /// Same task (same explicit id, or paired by owner, date, phase or a similar title), new title.
    case renamed(from: String, oldID: String?)
    /// Open or cancelled before, done now; `on` is its `✅` date when written.
    case completed(on: Day?)
    /// Done or cancelled before, open now.
    case reopened(from: Task.State)
    /// Cancelled now (struck through).
    case cancelled(from: Task.State)
    /// The accountable owner changed (nil: nobody).
    case reassigned(from: Handle?, to: Handle?)
    /// The effective due date changed; `days` is the slip when both are dates.
    case redated(Redate)
    /// `after:` ids added and removed.
    case dependencies(added: [String], removed: [String])
    /// `status:` of an open task: todo, doing, blocked.
    case progress(from: Task.Progress, to: Task.Progress)
}

/// A due date that moved, and what it now collides with.
public struct Redate: Sendable {
    public var from: Day?
    public var to: Day?
    /// Days from the old date to the new one (positive: later), when both exist.
    public var days: Int?
    /// The plan's due date, when the task is now due after it and was not before.
    public var passesPlanDue: Day?
    /// True when the task is now due after the plan's due date and was not before.
    public var isPastPlanDue: Bool { passesPlanDue != nil }
    /// Tasks that depend on this one and are now due before it (and were not before).
    public var passesDependents: [Dependent]

    public init(from: Day?, to: Day?, days: Int?, passesPlanDue: Day?, passesDependents: [Dependent]) {
        self.from = from
        self.to = to
        self.days = days
        self.passesPlanDue = passesPlanDue
        self.passesDependents = passesDependents
    }

    /// A task that depends on the re-dated one.
    public struct Dependent: Sendable {
        public var id: String
        public var title: String
        public var due: Day

        public init(id: String, title: String, due: Day) {
            self.id = id
            self.title = title
            self.due = due
        }
    }
}

extension TaskChange {
    /// A stable name for the kind of change, used in JSON and in counts.
    public var name: String {
        switch self {
        case .renamed: "renamed"
        case .completed: "completed"
        case .reopened: "reopened"
        case .cancelled: "cancelled"
        case .reassigned: "reassigned"
        case .redated: "redated"
        case .dependencies: "dependencies"
        case .progress: "progress"
        }
    }
}
