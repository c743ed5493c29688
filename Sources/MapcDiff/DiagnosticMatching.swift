import MapcCheck
import MapcModel
import MapcSource

/// Which diagnostics a change introduced and which it fixed
/// (docs/review.md#what-is-compared-with-what).
///
/// A diagnostic is about a subject: the task, stakeholder, goal, metric, phase or milestone
/// whose lines hold it, or the plan as a whole. Two versions' diagnostics are the same
/// problem when they have the same rule and the same subject (tasks paired by
/// `TaskMatching`, other items by their key), even when the message changed with the
/// subject: a renamed task or a slipped date is not one problem fixed and another
/// introduced. Diagnostics of the same rule and subject pair by message first; without a
/// subject, by message (line numbers in it ignored).
enum DiagnosticMatching {
    static func compare(_ old: PlanVersion, _ new: PlanVersion,
                        taskPairs: [(old: Int, new: Int)]) -> (introduced: [Diagnostic], fixed: [Diagnostic]) {
        var newPartnerOfOld: [Int: Int] = [:]
        for pair in taskPairs { newPartnerOfOld[pair.old] = pair.new }
        let oldSubjects = Subjects(old.plan) { index in newPartnerOfOld[index].map { "task \($0)" } ?? "old task \(index)" }
        let newSubjects = Subjects(new.plan) { "task \($0)" }
        let oldKeys = old.diagnostics.map { key($0, oldSubjects, old.root) }
        let newKeys = new.diagnostics.map { key($0, newSubjects, new.root) }

        var oldTaken = Array(repeating: false, count: old.diagnostics.count)
        var newTaken = Array(repeating: false, count: new.diagnostics.count)
        // Same subject and message first, then same subject: the best partner wins.
        for exact in [true, false] {
            var waiting: [String: [Int]] = [:]
            for index in old.diagnostics.indices.reversed() where !oldTaken[index] {
                guard let key = oldKeys[index].key(exact: exact) else { continue }
                waiting[key, default: []].append(index)
            }
            for index in new.diagnostics.indices where !newTaken[index] {
                guard let key = newKeys[index].key(exact: exact), let partner = waiting[key]?.popLast() else { continue }
                oldTaken[partner] = true
                newTaken[index] = true
            }
        }
        let introduced = new.diagnostics.indices.filter { !newTaken[$0] }.map { new.diagnostics[$0] }
        var fixed = old.diagnostics.indices.filter { !oldTaken[$0] }.map { old.diagnostics[$0] }
        // A front matter that no longer parses stops the checks that read it: their silence
        // is not a fix.
        if new.plan.frontMatterUnreadable, !old.plan.frontMatterUnreadable {
            fixed.removeAll { diagnostic in
                diagnostic.isPlanLevel || diagnostic.range.start < old.plan.bodyStart
                    || Registry.rule(diagnostic.rule)?.readsFrontMatter == true
            }
        }
        return (introduced, fixed)
    }

    /// A diagnostic's identity across versions: rule and subject, and its message.
    struct Key {
        var rule: String
        var subject: String?
        var message: String

        func key(exact: Bool) -> String? {
            if exact { return rule + "\u{0}" + (subject ?? "") + "\u{0}" + message }
            return subject.map { rule + "\u{0}" + $0 }
        }
    }

    static func key(_ diagnostic: Diagnostic, _ subjects: Subjects, _ root: String) -> Key {
        let subject = diagnostic.isPlanLevel ? "plan" : subjects.subject(at: diagnostic.range.start)
        return Key(rule: diagnostic.rule.rawValue, subject: subject, message: normalized(diagnostic.message, root))
    }

    /// The message with the side's root removed and `line 12` read as `line #`: lines move
    /// when a plan is edited.
    static func normalized(_ message: String, _ root: String) -> String {
        var message = message
        if !root.isEmpty { message = message.replacing(root, with: "") }
        var out = ""
        var rest = Substring(message)
        while let range = rest.range(of: "line ") {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            if !digits.isEmpty {
                out += "#"
                rest = rest.dropFirst(digits.count)
            }
        }
        return out + rest
    }

    /// The items of a plan by source range, to find the innermost one holding a position.
    struct Subjects {
        private var spans: [(range: SourceRange, name: String)] = []

        /// `taskName` names a task by its index in `plan.tasks`, so that paired tasks of the
        /// two versions get the same name.
        init(_ plan: Plan, taskName: (Int) -> String) {
            for (index, task) in plan.tasks.enumerated() { spans.append((task.range, taskName(index))) }
            for item in plan.stakeholders { spans.append((item.range, "stakeholder " + item.handle.value.name.lowercased())) }
            for item in plan.goals { spans.append((item.range, "goal " + item.id.value.lowercased())) }
            for item in plan.metrics { spans.append((item.range, "metric " + item.name.value.lowercased())) }
            for item in plan.phases { spans.append((item.range, "phase " + item.title.lowercased())) }
            for item in plan.milestones { spans.append((item.range, "milestone " + item.title.lowercased())) }
            spans.sort { $0.range.start != $1.range.start ? $0.range.start < $1.range.start : $0.range.end > $1.range.end }
        }

        /// How far back past spans that ended the search looks for one that holds the
        /// position: nesting is shallow, so this bounds the work without missing a subject.
        static let lookBack = 64

        /// The innermost item whose range holds `offset`, if any.
        func subject(at offset: Int) -> String? {
            var low = 0, high = spans.count
            while low < high {
                let middle = (low + high) / 2
                if spans[middle].range.start <= offset { low = middle + 1 } else { high = middle }
            }
            var index = low - 1
            while index >= 0, low - 1 - index < Self.lookBack {
                if spans[index].range.end > offset { return spans[index].name }
                index -= 1
            }
            return nil
        }
    }
}
