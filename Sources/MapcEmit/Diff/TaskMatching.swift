import MapcModel

/// Pairs the tasks of two versions of a plan, so a renamed task is a rename and not a
/// removal plus an addition (docs/review.md#what-is-compared-with-what: give tasks an
/// `id:` to rename them freely).
///
/// In order: the same id (written or derived, occurrences paired in document order); the
/// same title; then, among tasks still unpaired on both sides, likely renames: a similar
/// title, or the same owner, due date and phase. Two different written ids are never paired:
/// the author said they are different tasks.
enum TaskMatching {
    /// Pairs of (old index, new index) into `Plan.tasks`, in new document order.
    static func pairs(old: Plan, new: Plan) -> [(old: Int, new: Int)] {
        var oldTaken = Array(repeating: false, count: old.tasks.count)
        var newPartner = [Int?](repeating: nil, count: new.tasks.count)

        func pair(by key: (Task) -> String?) {
            var waiting: [String: [Int]] = [:]
            for (index, task) in old.tasks.enumerated() where !oldTaken[index] {
                if let key = key(task) { waiting[key, default: []].append(index) }
            }
            for (index, task) in new.tasks.enumerated() where newPartner[index] == nil {
                guard let key = key(task), var queue = waiting[key], !queue.isEmpty else { continue }
                let partner = queue.removeFirst()
                waiting[key] = queue
                oldTaken[partner] = true
                newPartner[index] = partner
            }
        }
        pair { $0.id }
        pair { normalized($0.title) }

        // Likely renames, best candidates first.
        var candidates: [(score: Double, old: Int, new: Int)] = []
        for (newIndex, newTask) in new.tasks.enumerated() where newPartner[newIndex] == nil {
            for (oldIndex, oldTask) in old.tasks.enumerated() where !oldTaken[oldIndex] {
                if oldTask.idRange != nil, newTask.idRange != nil { continue }
                let similar = similarity(oldTask.title, newTask.title)
                let sameFacts = sameFacts(oldTask, old, newTask, new)
                guard similar >= 0.6 || sameFacts else { continue }
                candidates.append((similar + (sameFacts ? 1 : 0), oldIndex, newIndex))
            }
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.new, $0.old) < ($1.new, $1.old) }
        for candidate in candidates where !oldTaken[candidate.old] && newPartner[candidate.new] == nil {
            oldTaken[candidate.old] = true
            newPartner[candidate.new] = candidate.old
        }
        return newPartner.enumerated().compactMap { index, partner in partner.map { ($0, index) } }
    }

    /// Same owner, due date and phase, and at least an owner or a date to go by.
    private static func sameFacts(_ old: Task, _ oldPlan: Plan, _ new: Task, _ newPlan: Plan) -> Bool {
        guard old.effectiveOwner != nil || old.due != nil else { return false }
        return old.effectiveOwner == new.effectiveOwner && old.due?.value == new.due?.value
            && phaseTitle(old, oldPlan) == phaseTitle(new, newPlan)
    }

    private static func phaseTitle(_ task: Task, _ plan: Plan) -> String? {
        task.phase.flatMap { plan.phases.indices.contains($0) ? normalized(plan.phases[$0].title) : nil }
    }

    /// Lowercased, with runs of white space as one space.
    static func normalized(_ title: String) -> String {
        title.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// How alike two titles are, 0…1: the better of shared words (Jaccard) and shared
    /// letter pairs (Dice), so both a reworded and a retyped title count as similar.
    static func similarity(_ lhs: String, _ rhs: String) -> Double {
        let a = normalized(lhs), b = normalized(rhs)
        if a == b { return 1 }
        let wordsA = Set(words(a)), wordsB = Set(words(b))
        let union = wordsA.union(wordsB).count
        let jaccard = union == 0 ? 0 : Double(wordsA.intersection(wordsB).count) / Double(union)
        let pairsA = bigrams(a), pairsB = bigrams(b)
        var remaining: [String: Int] = [:]
        for pair in pairsB { remaining[pair, default: 0] += 1 }
        var shared = 0
        for pair in pairsA where (remaining[pair] ?? 0) > 0 {
            remaining[pair]! -= 1
            shared += 1
        }
        let total = pairsA.count + pairsB.count
        let dice = total == 0 ? 0 : 2 * Double(shared) / Double(total)
        return max(jaccard, dice)
    }

    private static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
    }

    private static func bigrams(_ text: String) -> [String] {
        let characters = Array(text.filter { !$0.isWhitespace })
        guard characters.count > 1 else { return characters.map(String.init) }
        return (0..<characters.count - 1).map { String(characters[$0]) + String(characters[$0 + 1]) }
    }
}
