import MapcDiff
import MapcModel
import MapcSource

/// Turns the first-parent commits and what each blob gave into one `PlanHistory` per
/// plan file (docs/history.md#what-is-computed). Pure: no git, no files, so it is tested
/// on commits written by hand.
public enum HistoryBuilder {
    /// A file version: which commit, at which path, which blob.
    struct Version {
        var commit: Int
        var path: String
        var blob: String
    }

    /// One file through its renames, from its first version to now or its deletion.
    struct Track: Sendable {
        var versions: [Version] = []
        var deleted: Int?
        var path: String { versions.last?.path ?? "" }
    }

    /// The histories of the plan files whose path (from the top of the repository) passes
    /// `select`: files there now, and deleted files that were last there. `shown` turns a
    /// repository path into the path to print. Plans in file order.
    public static func build(commits: [CommitRecord], snapshots: [String: PlanSnapshot], serial: Bool = false,
                             select: (String) -> Bool, shown: (String) -> String) -> [PlanHistory] {
        var table = SnapshotTable(snapshots)
        return build(commits: commits, table: &table, cached: [:], serial: serial, select: select, shown: shown).plans
    }

    /// The same, reusing `cached` histories of files whose versions did not change
    /// (keyed by `key(of:_:)`); also returns every history by its key, for the cache.
    static func build(commits: [CommitRecord], table: inout SnapshotTable, cached: [Digest: PlanHistory], serial: Bool,
                      select: (String) -> Bool, shown: (String) -> String)
        -> (plans: [PlanHistory], byKey: [Digest: PlanHistory])
    {
        let identities = table.identities
        let tracks = follow(commits) { identities[$0] }.filter { track in
            select(track.path) && track.versions.contains { identities[$0.blob]?.kind == .plan }
        }
        let keys = tracks.map { key(of: $0, commits) }
        var byKey: [Digest: PlanHistory] = [:]
        var todo: [Track] = []
        var todoKeys: [Digest] = []
        for (track, key) in zip(tracks, keys) {
            if let hit = cached[key] { byKey[key] = hit } else if byKey[key] == nil {
                todo.append(track)
                todoKeys.append(key)
            }
        }
        var needed: [String: PlanSnapshot] = [:]
        for track in todo {
            // A reading that cannot be decoded (only a bug could write one) is a skipped version.
            for version in track.versions where needed[version.blob] == nil {
                needed[version.blob] = table.snapshot(version.blob) ?? PlanSnapshot(kind: .broken("its cached reading is damaged"))
            }
        }
        let snapshots = needed
        let computed = ParallelMap.map(todo, serial: serial) { track in history(of: track, commits, snapshots) }
        for (key, history) in zip(todoKeys, computed) where history != nil { byKey[key] = history }
        let plans = keys.compactMap { byKey[$0] }.map { history in
            var history = history
            history.file = shown(history.repositoryPath)
            return history
        }.sorted { $0.file < $1.file }
        return (plans, byKey)
    }

    /// What a file's history depends on: its versions (commit, path, blob) and its
    /// deletion. Blob ids fix the content, so equal keys give equal histories.
    static func key(of track: Track, _ commits: [CommitRecord]) -> Digest {
        var hash = ContentHash()
        hash.add("mapc-history-track \(HistoryReader.format)")
        for version in track.versions {
            hash.add(commits[version.commit].id)
            hash.add(version.path)
            hash.add(version.blob)
        }
        hash.add(track.deleted.map { commits[$0].id } ?? "-")
        return hash.value
    }

    /// Follows every file through the commits: git's renames, and a deletion and an
    /// addition in one commit that hold the same plan (same written id, else same title),
    /// which git did not see as a rename because too much of the text changed.
    static func follow(_ commits: [CommitRecord], _ identity: (String) -> PlanSnapshot.Identity?) -> [Track] {
        var tracks: [Track] = []
        var live: [String: Int] = [:]
        var deletedAt: [String: Int] = [:]  // path → the last track deleted there
        func lastPlan(_ track: Int) -> PlanSnapshot.Identity? {
            for version in tracks[track].versions.reversed() {
                if let snapshot = identity(version.blob), snapshot.kind == .plan { return snapshot }
            }
            return nil
        }
        for (index, commit) in commits.enumerated() {
            // Detach every old path first: a commit may swap two files' names.
            let moving = commit.changes.map { change in (change.oldPath.flatMap { live.removeValue(forKey: $0) }, change) }
            var deletions: [Int] = []
            var additions: [FileChange] = []
            for (track, change) in moving {
                switch (track, change.newPath, change.newBlob) {
                case let (track?, path?, blob?):
                    tracks[track].versions.append(Version(commit: index, path: path, blob: blob))
                    live[path] = track
                case let (track?, _, _):
                    deletions.append(track)
                case (nil, _?, _?):
                    additions.append(change)
                default:
                    break
                }
            }
            // The plans deleted here, by written id and by title, in order: an addition takes
            // the first one not taken yet (one look-up each, so a commit that moves thousands
            // of files git did not pair stays linear).
            var byID: [String: [Int]] = [:], byTitle: [String: [Int]] = [:]
            for track in deletions {
                guard let last = lastPlan(track) else { continue }
                if last.explicitID { byID[last.id, default: []].append(track) }
                byTitle[last.title, default: []].append(track)
            }
            // Reversed, so the first in order is taken from the end.
            for key in byID.keys { byID[key]!.reverse() }
            for key in byTitle.keys { byTitle[key]!.reverse() }
            var taken = Set<Int>()
            func take(_ list: inout [Int]?) -> Int? {
                while let first = list?.popLast() {
                    if !taken.contains(first) { return first }
                }
                return nil
            }
            for addition in additions {
                guard let path = addition.newPath, let blob = addition.newBlob else { continue }
                let version = Version(commit: index, path: path, blob: blob)
                let added = identity(blob)
                var partner: Int?
                if let added, added.kind == .plan {
                    partner = added.explicitID ? take(&byID[added.id]) : nil
                    partner = partner ?? take(&byTitle[added.title])
                    // A plan deleted here earlier and restored (a revert) goes on where it stopped.
                    if partner == nil, let earlier = deletedAt[path], let last = lastPlan(earlier), last.id == added.id {
                        partner = earlier
                        tracks[earlier].deleted = nil
                        deletedAt[path] = nil
                    }
                }
                if let partner {
                    taken.insert(partner)
                    tracks[partner].versions.append(version)
                    live[path] = partner
                } else {
                    tracks.append(Track(versions: [version]))
                    live[path] = tracks.count - 1
                }
            }
            for track in deletions where !taken.contains(track) {
                tracks[track].deleted = index
                deletedAt[tracks[track].path] = track
            }
        }
        return tracks
    }

    /// Everything computed for one file, from its readable versions in order.
    /// Nil when no version is readable.
    static func history(of track: Track, _ commits: [CommitRecord], _ snapshots: [String: PlanSnapshot]) -> PlanHistory? {
        let readable = track.versions.filter { snapshots[$0.blob]?.kind == .plan }
        guard let last = readable.last, let latest = snapshots[last.blob] else { return nil }
        var history = PlanHistory(file: track.path, repositoryPath: track.path,
                                  id: latest.explicitID ? latest.id : PlanFiles.defaultID(track.path), title: latest.title)
        func at(_ version: Version) -> CommitDay {
            CommitDay(commit: commits[version.commit].id, day: commits[version.commit].day)
        }
        history.deleted = track.deleted.map { CommitDay(commit: commits[$0].id, day: commits[$0].day) }
        var seenPlan = false
        for (index, version) in track.versions.enumerated() {
            if index > 0, track.versions[index - 1].path != version.path {
                history.moves.append(PlanHistory.Move(from: track.versions[index - 1].path, to: version.path, at: at(version)))
            }
            switch snapshots[version.blob]?.kind {
            case .plan?: seenPlan = true
            case let .broken(reason)?: history.skipped.append(SkippedVersion(at: at(version), reason: reason))
            case .notAPlan? where seenPlan:
                history.skipped.append(SkippedVersion(at: at(version), reason: "the file has no front matter"))
            default: break
            }
        }

        var lineages: [Int] = []  // per task of the previous version
        var previous: (snapshot: PlanSnapshot, model: Plan)?
        var nextLineage = 0
        var names: [Int: TaskName] = [:]
        var slipIndices: [Int: [Int]] = [:]
        var baseline: (scope: Set<Int>, count: Int, at: CommitDay)?
        var milestoneOrder: [String] = []
        var milestones: [String: MilestoneTrend] = [:]
        for version in readable {
            let snapshot = snapshots[version.blob]!
            let model = snapshot.matchingModel()
            let when = at(version)
            var current = [Int](repeating: -1, count: snapshot.tasks.count)
            func name(_ task: PlanSnapshot.TaskFacts) -> TaskName { TaskName(id: task.id, title: task.displayTitle) }
            if let previous {
                var oldPaired = Set<Int>()
                for pair in TaskMatching.pairs(old: previous.model, new: model) {
                    oldPaired.insert(pair.old)
                    let lineage = lineages[pair.old]
                    current[pair.new] = lineage
                    let old = previous.snapshot.tasks[pair.old], new = snapshot.tasks[pair.new]
                    switch (old.state, new.state) {
                    case (.open, .done), (.cancelled, .done):
                        history.events.append(TaskEvent(kind: .completed, task: name(new), at: when))
                    case (.open, .cancelled), (.done, .cancelled):
                        history.events.append(TaskEvent(kind: .cancelled, task: name(new), at: when))
                    case (.done, .open), (.cancelled, .open):
                        history.events.append(TaskEvent(kind: .reopened, task: name(new), at: when))
                    default: break
                    }
                    if let from = old.effectiveDue, let to = new.effectiveDue, from != to {
                        slipIndices[lineage, default: []].append(history.slips.count)
                        history.slips.append(Slip(task: name(new), from: from, to: to, days: from.days(until: to), at: when,
                                                  inherited: old.due == nil && new.due == nil))
                    }
                    // As `mapc diff`: an owner that only moved with the parent task is not repeated.
                    if old.effectiveOwner != new.effectiveOwner, old.owner != nil || new.owner != nil {
                        history.reassignments.append(Reassignment(task: name(new), from: old.effectiveOwner,
                                                                  to: new.effectiveOwner, at: when))
                    }
                }
                for (index, task) in previous.snapshot.tasks.enumerated() where !oldPaired.contains(index) {
                    history.events.append(TaskEvent(kind: .removed, task: name(task), at: when))
                }
            }
            for (index, task) in snapshot.tasks.enumerated() {
                if current[index] < 0 {
                    current[index] = nextLineage
                    nextLineage += 1
                    history.events.append(TaskEvent(kind: .added, task: name(task), at: when))
                }
                names[current[index]] = name(task)
            }
            var total = 0, done = 0, open = 0, overdue = 0
            for task in snapshot.tasks {
                switch task.state {
                case .cancelled: continue
                case .done: done += 1
                case .open:
                    open += 1
                    if let due = task.effectiveDue, due < when.day { overdue += 1 }
                }
                total += 1
            }
            history.points.append(BurnUpPoint(at: when, total: total, done: done, open: open, overdue: overdue))
            if baseline == nil, snapshot.status == .active {
                let scope = Set(snapshot.tasks.indices.filter { snapshot.tasks[$0].state != .cancelled }.map { current[$0] })
                baseline = (scope, total, when)
            }
            for milestone in snapshot.milestones {
                let key = TaskMatching.normalized(milestone.title)
                if milestones[key] == nil {
                    milestoneOrder.append(key)
                    milestones[key] = MilestoneTrend(title: milestone.title, points: [])
                }
                // Only the first of two milestones with one title: a trend per milestone.
                guard milestones[key]!.points.last?.at != when else { continue }
                milestones[key]!.title = milestone.title
                milestones[key]!.points.append(MilestoneTrend.Point(at: when, due: milestone.due, done: milestone.done))
            }
            lineages = current
            previous = (snapshot, model)
        }
        history.milestones = milestoneOrder.compactMap { milestones[$0] }
        if let baseline, let last = previous {
            let now = Set(last.snapshot.tasks.indices.filter { last.snapshot.tasks[$0].state != .cancelled }.map { lineages[$0] })
            history.scope = ScopeChange(baseline: baseline.count, now: history.points.last?.total ?? 0, since: baseline.at,
                                        added: now.subtracting(baseline.scope).sorted().compactMap { names[$0] },
                                        removed: baseline.scope.subtracting(now).sorted().compactMap { names[$0] })
        }
        history.slipsByTask = lineages.map { slipIndices[$0] ?? [] }
        history.latestTaskIDs = previous?.snapshot.tasks.map(\.id) ?? []
        return history
    }
}
