import MapcModel
import MapcSource

/// A computed plan history in the cache's binary form: what a plan whose versions did not
/// change gets back without pairing its tasks again (docs/history.md#the-cache).
extension PlanHistory {
    func encode(_ out: inout ByteWriter) {
        func at(_ value: CommitDay) { out.string(value.commit); out.day(value.day) }
        func task(_ value: TaskName) { out.string(value.id); out.string(value.title) }
        out.string(repositoryPath); out.string(id); out.string(title)
        out.bool(deleted != nil)
        if let deleted { at(deleted) }
        out.int(moves.count)
        for move in moves { out.string(move.from); out.string(move.to); at(move.at) }
        out.int(points.count)
        for point in points { at(point.at); out.int(point.total); out.int(point.done); out.int(point.open); out.int(point.overdue) }
        out.int(slips.count)
        for slip in slips {
            task(slip.task); out.day(slip.from); out.day(slip.to); out.int(slip.days); at(slip.at); out.bool(slip.inherited)
        }
        out.int(reassignments.count)
        for change in reassignments { task(change.task); out.optional(change.from?.name); out.optional(change.to?.name); at(change.at) }
        out.int(events.count)
        for event in events { out.string(event.kind.rawValue); task(event.task); at(event.at) }
        out.bool(scope != nil)
        if let scope {
            out.int(scope.baseline); out.int(scope.now); at(scope.since)
            out.int(scope.added.count)
            for name in scope.added { task(name) }
            out.int(scope.removed.count)
            for name in scope.removed { task(name) }
        }
        out.int(milestones.count)
        for trend in milestones {
            out.string(trend.title)
            out.int(trend.points.count)
            for point in trend.points { at(point.at); out.day(point.due); out.bool(point.done) }
        }
        out.int(skipped.count)
        for version in skipped { at(version.at); out.string(version.reason) }
        out.int(slipsByTask.count)
        for indices in slipsByTask {
            out.int(indices.count)
            for index in indices { out.int(index) }
        }
        out.int(latestTaskIDs.count)
        for id in latestTaskIDs { out.string(id) }
    }

    static func decode(_ input: inout ByteReader) throws(ByteReader.Damaged) -> PlanHistory {
        func at() throws(ByteReader.Damaged) -> CommitDay {
            let commit = try input.string()
            guard let day = try input.day() else { throw ByteReader.Damaged() }
            return CommitDay(commit: commit, day: day)
        }
        func day() throws(ByteReader.Damaged) -> Day {
            guard let day = try input.day() else { throw ByteReader.Damaged() }
            return day
        }
        func task() throws(ByteReader.Damaged) -> TaskName { TaskName(id: try input.string(), title: try input.string()) }
        let path = try input.string()
        var history = PlanHistory(file: path, repositoryPath: path, id: try input.string(), title: try input.string())
        if try input.bool() { history.deleted = try at() }
        for _ in 0..<(try input.count()) {
            history.moves.append(PlanHistory.Move(from: try input.string(), to: try input.string(), at: try at()))
        }
        for _ in 0..<(try input.count()) {
            history.points.append(BurnUpPoint(at: try at(), total: try input.int(), done: try input.int(),
                                              open: try input.int(), overdue: try input.int()))
        }
        for _ in 0..<(try input.count()) {
            history.slips.append(Slip(task: try task(), from: try day(), to: try day(), days: try input.int(), at: try at(),
                                      inherited: try input.bool()))
        }
        for _ in 0..<(try input.count()) {
            history.reassignments.append(Reassignment(task: try task(), from: try input.optional().map(Handle.init),
                                                      to: try input.optional().map(Handle.init), at: try at()))
        }
        for _ in 0..<(try input.count()) {
            guard let kind = TaskEvent.Kind(rawValue: try input.string()) else { throw ByteReader.Damaged() }
            history.events.append(TaskEvent(kind: kind, task: try task(), at: try at()))
        }
        if try input.bool() {
            let baseline = try input.int(), now = try input.int(), since = try at()
            var added: [TaskName] = [], removed: [TaskName] = []
            for _ in 0..<(try input.count()) { added.append(try task()) }
            for _ in 0..<(try input.count()) { removed.append(try task()) }
            history.scope = ScopeChange(baseline: baseline, now: now, since: since, added: added, removed: removed)
        }
        for _ in 0..<(try input.count()) {
            var trend = MilestoneTrend(title: try input.string(), points: [])
            for _ in 0..<(try input.count()) {
                trend.points.append(MilestoneTrend.Point(at: try at(), due: try input.day(), done: try input.bool()))
            }
            history.milestones.append(trend)
        }
        for _ in 0..<(try input.count()) { history.skipped.append(SkippedVersion(at: try at(), reason: try input.string())) }
        for _ in 0..<(try input.count()) {
            var indices: [Int] = []
            for _ in 0..<(try input.count()) {
                let index = try input.int()
                guard index >= 0, index < history.slips.count else { throw ByteReader.Damaged() }
                indices.append(index)
            }
            history.slipsByTask.append(indices)
        }
        for _ in 0..<(try input.count()) { history.latestTaskIDs.append(try input.string()) }
        return history
    }
}

extension PlanHistory {
    /// A hash of everything the history holds, its shown file too: what a site page made
    /// from it depends on, so a cached page is rendered again when its history changed.
    public var digest: Digest {
        var out = ByteWriter()
        out.string(file)
        encode(&out)
        return ContentHash.of(out.bytes)
    }
}
