import MapcModel
import MapcEmit

/// Pairs the tasks of two versions of a plan, so a renamed task is a rename and not a
/// removal plus an addition (docs/review.md#what-is-compared-with-what: give tasks an
/// `id:` to rename them freely).
///
/// In order: the same id (written or derived, occurrences paired in document order); the
/// same title; then, among tasks still unpaired on both sides, likely renames: a similar
/// title, or the same owner, due date and phase. Two different written ids are never paired:
/// the author said they are different tasks.
///
/// Likely renames are not found by comparing every old task with every new one (a plan of
/// 5,000 renamed tasks took minutes that way). Each new task is compared with at most
/// `candidateLimit` old tasks that share a word or a letter pair with its title, rarest
/// first (`RenameIndex`), and with at most `candidateLimit` old tasks with the same owner,
/// due date and phase. What is given up:
/// - two titles that share no word and no letter pair are never a rename by title (they
///   were not before either: their similarity is 0);
/// - when more than `candidateLimit` old tasks share a new title's rarest words, the best
///   match may be among those not compared; on a plan with fewer unpaired old tasks than
///   the limit every pair is compared, so ordinary diffs are paired exactly as before;
/// - in a group of more than `candidateLimit` tasks with the same owner, due date and
///   phase, the tasks no better candidate took are paired in document order.
public enum TaskMatching {
    /// How many old tasks one new task is compared with, by title and by facts each.
    static let candidateLimit = 32

    /// Pairs of (old index, new index) into `Plan.tasks`, in new document order.
    public static func pairs(old: Plan, new: Plan) -> [(old: Int, new: Int)] {
        var oldTaken = Array(repeating: false, count: old.tasks.count)
        var newPartner = [Int?](repeating: nil, count: new.tasks.count)

        func pair(by key: (Task) -> String?) {
            // Each key's old tasks in reverse document order, so the next one is `popLast`:
            // removing from the front was quadratic for thousands of equal keys.
            var waiting: [String: [Int]] = [:]
            for (index, task) in old.tasks.enumerated().reversed() where !oldTaken[index] {
                if let key = key(task) { waiting[key, default: []].append(index) }
            }
            for (index, task) in new.tasks.enumerated() where newPartner[index] == nil {
                guard let key = key(task), let partner = waiting[key]?.popLast() else { continue }
                oldTaken[partner] = true
                newPartner[index] = partner
            }
        }
        pair { $0.id }
        pair { normalized($0.title) }
        likelyRenames(old, new, &oldTaken, &newPartner)
        return newPartner.enumerated().compactMap { index, partner in partner.map { ($0, index) } }
    }

    /// Pairs tasks left unpaired by id and title: best candidates first, then what is left
    /// of large groups with the same facts.
    private static func likelyRenames(_ old: Plan, _ new: Plan, _ oldTaken: inout [Bool], _ newPartner: inout [Int?]) {
        let oldOpen = old.tasks.indices.filter { !oldTaken[$0] }
        let newOpen = new.tasks.indices.filter { newPartner[$0] == nil }
        guard !oldOpen.isEmpty, !newOpen.isEmpty else { return }
        let index = RenameIndex(oldOpen.map { old.tasks[$0].title })
        let oldFacts = oldOpen.map { facts(old.tasks[$0], old) }
        var groups: [String: [Int]] = [:]  // facts → positions in `oldOpen`, in order
        for (position, key) in oldFacts.enumerated() {
            if let key { groups[key, default: []].append(position) }
        }

        var candidates: [(score: Double, old: Int, new: Int)] = []
        var newFacts: [Int: String] = [:]
        for newIndex in newOpen {
            let task = new.tasks[newIndex]
            let title = TitleFeatures(task.title)
            let key = facts(task, new)
            newFacts[newIndex] = key
            var positions = index.candidates(for: title, limit: candidateLimit)
            if let key, let group = groups[key] {
                let picked = Set(positions)
                positions += group.prefix(candidateLimit).filter { !picked.contains($0) }
            }
            for position in positions {
                let oldIndex = oldOpen[position]
                if old.tasks[oldIndex].idRange != nil, task.idRange != nil { continue }
                let similar = index.similarity(position, title)
                let sameFacts = key != nil && oldFacts[position] == key
                guard similar >= 0.6 || sameFacts else { continue }
                candidates.append((similar + (sameFacts ? 1 : 0), oldIndex, newIndex))
            }
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.new, $0.old) < ($1.new, $1.old) }
        for candidate in candidates where !oldTaken[candidate.old] && newPartner[candidate.new] == nil {
            oldTaken[candidate.old] = true
            newPartner[candidate.new] = candidate.old
        }

        // Only a group larger than the limit can leave both sides of a same-facts pair
        // unpaired here; pair the rest in document order, as equal scores are paired above.
        var cursors: [String: (any: Int, derived: Int)] = [:]
        for newIndex in newOpen where newPartner[newIndex] == nil {
            guard let key = newFacts[newIndex], let group = groups[key], group.count > candidateLimit else { continue }
            let explicit = new.tasks[newIndex].idRange != nil
            var cursor = cursors[key] ?? (0, 0)
            // A new task with a written id needs an old one without: two written ids differ.
            var next = explicit ? cursor.derived : cursor.any
            while next < group.count,
                  oldTaken[oldOpen[group[next]]] || explicit && old.tasks[oldOpen[group[next]]].idRange != nil { next += 1 }
            if explicit { cursor.derived = next } else { cursor.any = next }
            cursors[key] = cursor
            guard next < group.count else { continue }
            oldTaken[oldOpen[group[next]]] = true
            newPartner[newIndex] = oldOpen[group[next]]
        }
    }

    /// Owner, due date and phase as one key; nil without an owner or a date to go by.
    private static func facts(_ task: Task, _ plan: Plan) -> String? {
        guard task.effectiveOwner != nil || task.due != nil else { return nil }
        let phase = task.phase.flatMap { plan.phases.indices.contains($0) ? normalized(plan.phases[$0].title) : nil }
        // Handles and days hold no `|`; the phase comes last, so the key reads one way.
        return (task.effectiveOwner?.key ?? "") + "|" + (task.due.map { $0.value.description } ?? "") + "|"
            + (phase.map { "p" + $0 } ?? "-")
    }

    /// Lowercased, with runs of white space as one space.
    public static func normalized(_ title: String) -> String {
        title.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// How alike two titles are, 0…1: the better of shared words (Jaccard) and shared
    /// letter pairs (Dice), so both a reworded and a retyped title count as similar.
    static func similarity(_ lhs: String, _ rhs: String) -> Double {
        TitleFeatures(lhs).similarity(TitleFeatures(rhs))
    }
}
