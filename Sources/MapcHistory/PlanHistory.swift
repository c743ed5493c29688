import MapcEmit
import MapcModel
import MapcSource

/// A commit on the branch's first-parent line: its id and the day it was committed.
public struct CommitDay: Sendable, Equatable {
    public var commit: String
    public var day: Day

    public init(commit: String, day: Day) {
        self.commit = commit
        self.day = day
    }
}

/// A task named in history: its id and title in the version the event is about.
public struct TaskName: Sendable, Equatable {
    public var id: String
    public var title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

/// One plan's history on the current branch (docs/history.md#what-is-computed): one
/// value per plan file, followed through renames, computed from every version git has.
public struct PlanHistory: Sendable {
    /// The file as shown (relative to where mapc was run, like every mapc output), and
    /// its path from the top of the repository.
    public var file: String
    public var repositoryPath: String
    /// The plan's id and title in its latest readable version.
    public var id: String
    public var title: String
    /// The commit that deleted the file, for a plan that is gone.
    public var deleted: CommitDay?
    /// Earlier paths of the file, oldest first, with the commit that moved it.
    public var moves: [Move] = []
    /// One point per first-parent commit that changed the plan (oldest first).
    public var points: [BurnUpPoint] = []
    /// Every change of a task's effective due date, oldest first.
    public var slips: [Slip] = []
    /// Every change of a task's effective owner, oldest first.
    public var reassignments: [Reassignment] = []
    /// Tasks added, removed, completed, cancelled and reopened, oldest first.
    public var events: [TaskEvent] = []
    /// Tasks in scope now against the first version whose status was `active`; nil when
    /// the plan was never active.
    public var scope: ScopeChange?
    /// Each milestone's due date as of each version (milestone trend analysis).
    public var milestones: [MilestoneTrend] = []
    /// Versions that were not read (a broken front matter, not a plan any more), each
    /// skipped with the reason.
    public var skipped: [SkippedVersion] = []
    /// For each task of the latest version (by index), the slips of that task and of the
    /// tasks it continues, oldest first: what `mapc diff` counts ("third slip").
    public var slipsByTask: [[Int]] = []
    /// The ids of the latest readable version's tasks, in order: a caller holding another
    /// reading of that version checks it is the same before using `slips(ofTaskAt:)`.
    public var latestTaskIDs: [String] = []

    public init(file: String, repositoryPath: String, id: String, title: String) {
        self.file = file
        self.repositoryPath = repositoryPath
        self.id = id
        self.title = title
    }

    /// The slips of the latest version's task at `index` (in `Plan.tasks` order).
    public func slips(ofTaskAt index: Int) -> [Slip] {
        slipsByTask.indices.contains(index) ? slipsByTask[index].map { slips[$0] } : []
    }

    /// The file moved: from, to, and when.
    public struct Move: Sendable, Equatable {
        public var from: String
        public var to: String
        public var at: CommitDay
    }
}

/// The plan's task counts after one commit.
public struct BurnUpPoint: Sendable, Equatable {
    public var at: CommitDay
    /// Tasks in scope (not cancelled), done, open, and open past their effective due date
    /// on the commit's day. Sub-tasks count like tasks, as in progress (docs/status.md).
    public var total: Int
    public var done: Int
    public var open: Int
    public var overdue: Int

    public init(at: CommitDay, total: Int, done: Int, open: Int, overdue: Int) {
        self.at = at
        self.total = total
        self.done = done
        self.open = open
        self.overdue = overdue
    }
}

/// A task's effective due date moved: later is a positive slip, earlier a negative one.
public struct Slip: Sendable, Equatable {
    public var task: TaskName
    public var from: Day
    public var to: Day
    public var days: Int
    public var at: CommitDay
    /// True when the task wrote no date on either side: it moved with its parent task or
    /// its phase deadline.
    public var inherited: Bool
}

/// A task's effective owner changed.
public struct Reassignment: Sendable, Equatable {
    public var task: TaskName
    public var from: Handle?
    public var to: Handle?
    public var at: CommitDay
}

/// Something that happened to a task between two versions.
public struct TaskEvent: Sendable, Equatable {
    public enum Kind: String, Sendable { case added, removed, completed, cancelled, reopened }
    public var kind: Kind
    public var task: TaskName
    public var at: CommitDay
}

/// Scope now against the baseline: the first version whose status was `active`.
public struct ScopeChange: Sendable, Equatable {
    public var baseline: Int
    public var now: Int
    public var since: CommitDay
    /// Tasks in scope now that were not at the baseline (new, or un-cancelled), and tasks
    /// in scope at the baseline that are not now (removed, or cancelled):
    /// `now − baseline = added − removed`.
    public var added: [TaskName]
    public var removed: [TaskName]

    /// The change as a percentage of the baseline, to one decimal; nil for an empty baseline.
    public var changePercent: Double? {
        guard baseline > 0 else { return nil }
        return (Double(now - baseline) / Double(baseline) * 1000).rounded(.toNearestOrAwayFromZero) / 10
    }
}

/// One milestone's due date as of each version that has it.
public struct MilestoneTrend: Sendable, Equatable {
    public var title: String
    public var points: [Point]

    public struct Point: Sendable, Equatable {
        public var at: CommitDay
        public var due: Day?
        public var done: Bool
    }
}

/// A version of the file that history could not use.
public struct SkippedVersion: Sendable, Equatable {
    public var at: CommitDay
    public var reason: String
}

/// What changed in a window of days, across the plan (the "this week" of a status meeting).
public struct RecentChanges: Sendable, Equatable {
    public var since: Day
    public var until: Day
    public var completed: [TaskEvent] = []
    public var added: [TaskEvent] = []
    public var removed: [TaskEvent] = []
    public var cancelled: [TaskEvent] = []
    public var slipped: [Slip] = []
    public var reassigned: [Reassignment] = []

    public var isEmpty: Bool {
        completed.isEmpty && added.isEmpty && removed.isEmpty && cancelled.isEmpty && slipped.isEmpty && reassigned.isEmpty
    }

    /// One change of the window, as every form lists it.
    public struct Item: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case completed, added, removed, cancelled, slipped, reassigned = "re-assigned"
        }

        public var kind: Kind
        public var task: TaskName
        public var day: Day
        /// The date's move, for `slipped`.
        public var slip: Slip?
        /// The owners, for `re-assigned`.
        public var reassignment: Reassignment?
    }

    /// Every change in the order every form lists them: completed, added, removed,
    /// cancelled, slipped, re-assigned, each oldest first.
    public var items: [Item] {
        let events: [(Item.Kind, [TaskEvent])] = [(.completed, completed), (.added, added), (.removed, removed),
                                                  (.cancelled, cancelled)]
        return events.flatMap { kind, list in list.map { Item(kind: kind, task: $0.task, day: $0.at.day) } }
            + slipped.map { Item(kind: .slipped, task: $0.task, day: $0.at.day, slip: $0) }
            + reassigned.map { Item(kind: .reassigned, task: $0.task, day: $0.at.day, reassignment: $0) }
    }
}

extension PlanHistory {
    /// What the history adds to the plan's entry of status.json.
    public var statusFacts: StatusJSON.History {
        StatusJSON.History(scopeBaseline: scope?.baseline, scopeNow: scope?.now, scopeChangePercent: scope?.changePercent,
                           slips: slips.count)
    }

    /// What happened between `since` and `until`, both days included.
    public func recent(since: Day, until: Day) -> RecentChanges {
        var result = RecentChanges(since: since, until: until)
        let inside = { (at: CommitDay) in at.day >= since && at.day <= until }
        for event in events where inside(event.at) {
            switch event.kind {
            case .completed: result.completed.append(event)
            case .added: result.added.append(event)
            case .removed: result.removed.append(event)
            case .cancelled: result.cancelled.append(event)
            case .reopened: break
            }
        }
        result.slipped = slips.filter { inside($0.at) }
        result.reassigned = reassignments.filter { inside($0.at) }
        return result
    }
}
