import MapcModel
import MapcSource

/// What a name in a plan refers to: a stakeholder, a task or a goal.
enum Symbol: Hashable, Sendable {
    /// A handle, by its lowercased name (handles compare without case, docs/format.md#handles).
    case handle(String)
    case task(String)
    /// A goal id, lowercased (metrics' Goal column compares without case).
    case goal(String)
}

/// One place a symbol is written.
struct Occurrence: Sendable {
    var symbol: Symbol
    /// Bytes of the name as written (a handle with its `@`), in the source's offsets.
    var range: SourceRange
    /// The place that defines it: the Stakeholders row, the `id:` token, the goal heading.
    var isDefinition: Bool
}

/// Every place a handle, task id or goal id is written in one plan, for hover, navigation
/// and rename. Built from the model: it reads nothing the compiler did not.
struct PlanIndex: Sendable {
    private(set) var occurrences: [Occurrence] = []
    /// Where each symbol is defined (the first definition when there are several).
    private(set) var definitions: [Symbol: Occurrence] = [:]

    init(plan: Plan) {
        for stakeholder in plan.stakeholders {
            add(.handle(stakeholder.handle.value.key), stakeholder.handle.range, definition: true)
        }
        for use in plan.handleUses { add(.handle(use.value.key), use.range, definition: false) }
        for goal in plan.goals { add(.goal(goal.id.value.lowercased()), goal.id.range, definition: true) }
        for task in plan.tasks {
            if let idRange = task.idRange { add(.task(task.id), idRange, definition: true) }
            for after in task.after { add(.task(after.value), after.range, definition: false) }
            for goal in task.goals { add(.goal(goal.value.lowercased()), goal.range, definition: false) }
        }
        for milestone in plan.milestones {
            for goal in milestone.goals { add(.goal(goal.value.lowercased()), goal.range, definition: false) }
        }
        for metric in plan.metrics {
            for goal in metric.goals { add(.goal(goal.value.lowercased()), goal.range, definition: false) }
        }
        occurrences.sort { $0.range.start < $1.range.start }
    }

    private mutating func add(_ symbol: Symbol, _ range: SourceRange, definition: Bool) {
        let occurrence = Occurrence(symbol: symbol, range: range, isDefinition: definition)
        occurrences.append(occurrence)
        if definition, definitions[symbol] == nil { definitions[symbol] = occurrence }
    }

    /// The occurrence under a byte offset (its end counts, so a cursor just after a name finds it).
    func occurrence(at offset: Int) -> Occurrence? {
        var low = 0, high = occurrences.count
        while low < high {
            let mid = (low + high) / 2
            if occurrences[mid].range.start <= offset { low = mid + 1 } else { high = mid }
        }
        var index = low - 1
        while index >= 0 {
            let candidate = occurrences[index]
            if candidate.range.start <= offset, offset <= candidate.range.end { return candidate }
            // Ranges do not nest much; look back a few in case an earlier one is longer.
            if offset - candidate.range.start > 4096 { break }
            index -= 1
        }
        return nil
    }

    /// Every occurrence of a symbol, in document order.
    func occurrences(of symbol: Symbol) -> [Occurrence] { occurrences.filter { $0.symbol == symbol } }
}
