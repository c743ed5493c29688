import MapcCheck
@testable import MapcEmit
import MapcLower
import MapcModel
import MapcSource
import Testing
@testable import MapcDiff

/// Task pairing in `mapc diff`: the indexed matching pairs ordinary plans exactly as
/// comparing every pair did, and pairs large renamed plans by their titles.
@Suite struct TaskMatchingTests {
    static func plan(_ body: String) throws -> Plan {
        let text = "---\ntitle: Pilot\n---\n## Stakeholders\n| Handle |\n|---|\n| @a |\n| @b |\n## Tasks\n" + body
        guard case let .plan(plan) = PlanLowering.lower(SourceFile(path: "pilot.md", text: text)) else {
            throw Failure()
        }
        return plan
    }

    struct Failure: Error {}

    /// A small deterministic generator (SplitMix64): the same plans on every run.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        mutating func pick<T>(_ values: [T]) -> T { values[next(values.count)] }
    }

    static let words = ["sign", "the", "order", "review", "runbook", "train", "staff", "stores", "gateway",
                        "configure", "send", "agenda", "slides", "mail", "oslo", "pilot", "café", "b"]

    /// A random task list: reworded and retyped titles, shared owners and dates, phases,
    /// a few written ids, sub-tasks.
    static func tasks(_ generator: inout Generator, count: Int, phases: Bool) -> String {
        var lines: [String] = []
        for index in 0..<count {
            if phases, index % 7 == 0 { lines.append("### Phase \(generator.next(3)) due:2026-12-\(10 + generator.next(3))") }
            let title = (0..<(1 + generator.next(4))).map { _ in generator.pick(words) }.joined(separator: " ")
            var line = (generator.next(5) == 0 && index > 0 ? "  " : "") + "- [\(generator.pick([" ", " ", "x"]))] " + title
            if generator.next(2) == 0 { line += " " + generator.pick(["@a", "@b"]) }
            if generator.next(2) == 0 { line += " due:2026-12-0\(1 + generator.next(3))" }
            if generator.next(6) == 0 { line += " id:t\(generator.next(6))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("ordinary plans are paired exactly as by comparing every pair")
    func sameAsExhaustive() throws {
        var generator = Generator(state: 2026)
        var compared = 0, renames = 0
        for round in 0..<300 {
            let phases = round % 3 == 0
            let old = try Self.plan(Self.tasks(&generator, count: 1 + generator.next(30), phases: phases))
            let new = try Self.plan(Self.tasks(&generator, count: 1 + generator.next(30), phases: phases))
            let found = TaskMatching.pairs(old: old, new: new).map { [$0.old, $0.new] }
            let expected = Reference.pairs(old: old, new: new).map { [$0.old, $0.new] }
            #expect(found == expected, "round \(round)")
            compared += 1
            renames += expected.filter { old.tasks[$0[0]].title != new.tasks[$0[1]].title }.count
        }
        // The generated plans do exercise renames, not only equal titles.
        #expect(compared == 300)
        #expect(renames > 300)
    }

    @Test("similarity is the better of shared words and shared letter pairs")
    func similarity() {
        #expect(TaskMatching.similarity("Sign the order", "sign  the ORDER") == 1)
        #expect(TaskMatching.similarity("Send the agenda", "Mail the agenda") == 2.0 / 3)  // 8 of 12 pairs each
        #expect(TaskMatching.similarity("abc", "xyz") == 0)
        #expect(TaskMatching.similarity("a", "a b") == 0.5)
        #expect(TaskMatching.similarity("", "") == 1)
        for (lhs, rhs) in [("Review the runbook", "Reviewed runbooks"), ("café crème", "cafe creme"), ("x", "xy")] {
            #expect(TaskMatching.similarity(lhs, rhs) == Reference.similarity(lhs, rhs), "\(lhs) / \(rhs)")
        }
    }

    @Test("2,000 renamed tasks are each paired with their own old version")
    func manyRenames() throws {
        var old = "", new = ""
        for index in 0..<2_000 {
            let owner = index % 2 == 0 ? "@a" : "@b"
            old += "- [ ] Review the runbook number \(index) with finance \(owner) due:2026-12-0\(1 + index % 9)\n"
            new += "- [ ] Check the runbook number \(index) with the finance team \(owner) due:2026-12-0\(1 + index % 9)\n"
        }
        let pairs = TaskMatching.pairs(old: try Self.plan(old), new: try Self.plan(new))
        #expect(pairs.count == 2_000)
        #expect(pairs.allSatisfy { $0.old == $0.new })
    }

    @Test("a large group with the same owner, date and phase pairs in document order")
    func largeSameFactsGroup() throws {
        var old = "", new = ""
        for index in 0..<100 {
            old += "- [ ] Qqq\(index)zz @a due:2026-12-01\n"
            new += "- [ ] Www\(index)vv @a due:2026-12-01\n"
        }
        let pairs = TaskMatching.pairs(old: try Self.plan(old), new: try Self.plan(new))
        #expect(pairs.count == 100)
        #expect(pairs.allSatisfy { $0.old == $0.new })
    }

    /// The matching as it was before the index: every unpaired old task scored against
    /// every unpaired new one. Kept here as the definition the index must reproduce.
    enum Reference {
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
            pair { TaskMatching.normalized($0.title) }
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

        static func sameFacts(_ old: Task, _ oldPlan: Plan, _ new: Task, _ newPlan: Plan) -> Bool {
            guard old.effectiveOwner != nil || old.due != nil else { return false }
            func phase(_ task: Task, _ plan: Plan) -> String? {
                task.phase.flatMap { plan.phases.indices.contains($0) ? TaskMatching.normalized(plan.phases[$0].title) : nil }
            }
            return old.effectiveOwner == new.effectiveOwner && old.due?.value == new.due?.value
                && phase(old, oldPlan) == phase(new, newPlan)
        }

        static func similarity(_ lhs: String, _ rhs: String) -> Double {
            let a = TaskMatching.normalized(lhs), b = TaskMatching.normalized(rhs)
            if a == b { return 1 }
            func words(_ text: String) -> [Substring] { text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }
            func bigrams(_ text: String) -> [String] {
                let characters = Array(text.filter { !$0.isWhitespace })
                guard characters.count > 1 else { return characters.map(String.init) }
                return (0..<characters.count - 1).map { String(characters[$0]) + String(characters[$0 + 1]) }
            }
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
    }
}
