import MapcModel
import MapcParse
import MapcSource

/// Goals (docs/format.md#goals): one H3 per goal, `### G1: Go live with 50 paying seats`.
enum GoalsLowering {
    static func lower(_ blocks: [Int], _ context: inout LoweringContext, into plan: inout Plan) {
        let tree = context.tree
        var description: [String] = []
        func finishGoal() {
            guard !plan.goals.isEmpty, !description.isEmpty else { return }
            plan.goals[plan.goals.count - 1].description = description.joined(separator: "\n\n")
            description = []
        }
        for block in blocks {
            if tree[block].kind == .heading, tree[block].level == 3 {
                finishGoal()
                description = []
                let heading = tree.plainText(of: block).trimmingSpaces
                let range = tree[block].range ?? .fileStart
                var locator = Locator(source: context.source, tree: tree, node: block, range: range)
                if let (id, title) = splitID(heading) {
                    plan.goals.append(Goal(id: Located(id, at: locator.locate(id + ":", boundary: true).dropLast(1)),
                                           title: title, description: "", range: range))
                } else {
                    let id = derivedID(heading)
                    plan.goals.append(Goal(id: Located(id, at: locator.locate(heading, boundary: false)),
                                           title: heading, description: "", range: range))
                }
            } else if !plan.goals.isEmpty, tree[block].kind != .htmlBlock {
                let text = tree.plainText(of: block).trimmingSpaces
                if !text.isEmpty { description.append(text) }
            }
        }
        finishGoal()
    }

    /// `G1: Go live` → ("G1", "Go live"); nil when the heading has no id prefix.
    static func splitID(_ heading: String) -> (String, String)? {
        guard let colon = heading.firstIndex(of: ":") else { return nil }
        let id = heading[..<colon]
        let rest = heading[heading.index(after: colon)...]
        guard !id.isEmpty, id.count <= 24, rest.first == " " || rest.isEmpty,
              id.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) })
        else { return nil }
        return (String(id), rest.trimmingSpaces)
    }
}

extension SourceRange {
    /// The range without its last `count` bytes (e.g. a trailing `:`).
    func dropLast(_ count: Int) -> SourceRange {
        length >= count ? SourceRange(start: start, end: end - count) : self
    }
}
