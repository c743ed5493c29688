import MapcBuild
import MapcLSP
import MapcModel
import MapcSource

extension LanguageServer {
    /// The symbol under a position, with the document's analysis.
    func symbol(_ params: JSON) -> (uri: String, open: OpenDocument, analysis: Analysis, occurrence: Occurrence)? {
        guard let (uri, position) = Self.documentPosition(params), let open = documents[uri],
              let analysis = analysis(uri), let index = analysis.index else { return nil }
        let offset = analysis.sourceOffset(open.document.offset(of: position, encoding: encoding))
        guard let occurrence = index.occurrence(at: offset) else { return nil }
        return (uri, open, analysis, occurrence)
    }

    /// Where a symbol is defined: the Stakeholders row, the `id:` token (or the title of a
    /// task whose id is derived from it), the goal heading.
    func definitionRange(_ symbol: Symbol, _ analysis: Analysis) -> SourceRange? {
        if let definition = analysis.index?.definitions[symbol] { return definition.range }
        if case let .task(id) = symbol, let plan = analysis.plan, let index = plan.taskIndexByID[id] {
            return plan.tasks[index].titleRange
        }
        return nil
    }

    func location(_ uri: String, _ range: SourceRange, _ analysis: Analysis, _ document: TextDocument) -> JSON {
        ["uri": .string(uri), "range": self.range(range, analysis, document).json]
    }

    /// `textDocument/definition`.
    func definition(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let found = symbol(params), let range = definitionRange(found.occurrence.symbol, found.analysis) else {
            return .success(.null)
        }
        return .success(location(found.uri, range, found.analysis, found.open.document))
    }

    /// `textDocument/references`.
    func references(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let found = symbol(params), let index = found.analysis.index else { return .success(.null) }
        let declaration = params["context"]?["includeDeclaration"]?.bool ?? true
        var ranges = index.occurrences(of: found.occurrence.symbol).filter { declaration || !$0.isDefinition }.map(\.range)
        if declaration, index.definitions[found.occurrence.symbol] == nil,
           let derived = definitionRange(found.occurrence.symbol, found.analysis)
        {
            ranges.insert(derived, at: 0)
        }
        return .success(.array(ranges.map { location(found.uri, $0, found.analysis, found.open.document) }))
    }

    /// `textDocument/documentHighlight`: the definition as written (3), uses as read (2).
    func documentHighlight(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let found = symbol(params), let index = found.analysis.index else { return .success(.null) }
        return .success(.array(index.occurrences(of: found.occurrence.symbol).map { occurrence in
            ["range": range(occurrence.range, found.analysis, found.open.document).json,
             "kind": .int(occurrence.isDefinition ? 3 : 2)]
        }))
    }

    /// `textDocument/documentSymbol`: the plan's outline.
    func documentSymbols(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let uri = params["textDocument"]?["uri"]?.string else { return .failure(.invalidParams("no textDocument.uri")) }
        guard let open = documents[uri], let analysis = analysis(uri), let plan = analysis.plan else { return .success([]) }
        let outline = Outline(plan: plan)
        let nodes = outline.nodes()
        let convert: (SourceRange) -> JSON = { self.range($0, analysis, open.document).json }
        if client.hierarchicalSymbols {
            func json(_ node: Outline.Node) -> JSON {
                var item: [String: JSON] = ["name": .string(node.name.isEmpty ? "(untitled)" : node.name),
                                            "kind": .int(node.kind), "range": convert(node.range),
                                            "selectionRange": convert(node.selection)]
                if let detail = node.detail { item["detail"] = .string(detail) }
                if !node.children.isEmpty { item["children"] = .array(node.children.map(json)) }
                return .object(item)
            }
            return .success(.array(nodes.map(json)))
        }
        var flat: [JSON] = []
        func walk(_ node: Outline.Node, container: String?) {
            var item: [String: JSON] = ["name": .string(node.name.isEmpty ? "(untitled)" : node.name), "kind": .int(node.kind),
                                        "location": location(uri, node.range, analysis, open.document)]
            if let container { item["containerName"] = .string(container) }
            flat.append(.object(item))
            for child in node.children { walk(child, container: node.name) }
        }
        for node in nodes { walk(node, container: nil) }
        return .success(.array(flat))
    }

    /// `workspace/symbol`: goals, tasks and milestones of every plan, open or on disk.
    func workspaceSymbols(_ params: JSON) -> Result<JSON, ResponseError> {
        let query = (params["query"]?.string ?? "").lowercased()
        func matches(_ name: String) -> Bool {
            guard !query.isEmpty else { return true }
            // Every character of the query, in order (as editors' fuzzy pickers do).
            var rest = Substring(query)
            for character in name.lowercased() where rest.first == character { rest.removeFirst() }
            return rest.isEmpty
        }
        var results: [JSON] = []
        var openPaths = Set<String>()
        for (uri, open) in documents.sorted(by: { $0.key < $1.key }) {
            openPaths.insert(open.path)
            guard let analysis = analysis(uri), let plan = analysis.plan else { continue }
            let indexed = IndexedPlan(plan: plan, bytes: open.document.bytes, analysis: analysis, encoding: encoding)
            for symbol in indexed.symbols where matches(symbol.name) {
                results.append(["name": .string(symbol.name), "kind": .int(symbol.kind), "containerName": .string(symbol.container),
                                "location": ["uri": .string(uri), "range": symbol.range.json]])
            }
        }
        for (path, plan) in workspace.plans.sorted(by: { $0.key < $1.key }) where !openPaths.contains(path) {
            let uri = Paths.uri(fromPath: path.hasPrefix("/") ? path : FileSystem.join(root, path))
            for symbol in plan.symbols where matches(symbol.name) {
                results.append(["name": .string(symbol.name), "kind": .int(symbol.kind), "containerName": .string(symbol.container),
                                "location": ["uri": .string(uri), "range": symbol.range.json]])
                if results.count >= 1000 { return .success(.array(results)) }
            }
        }
        return .success(.array(results))
    }

    /// `textDocument/foldingRange`: front matter, sections, phases, goals and tasks with sub-items.
    func foldingRanges(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let uri = params["textDocument"]?["uri"]?.string else { return .failure(.invalidParams("no textDocument.uri")) }
        guard let open = documents[uri], let analysis = analysis(uri), let plan = analysis.plan,
              let source = analysis.compiled?.source else { return .success([]) }
        var ranges: [JSON] = []
        func fold(_ range: SourceRange, kind: String? = nil) {
            let start = open.document.position(of: analysis.documentOffset(range.start), encoding: encoding).line
            // The end's line, not counting a final newline the range takes in.
            let endOffset = max(range.start, range.end - 1)
            let end = open.document.position(of: analysis.documentOffset(endOffset), encoding: encoding).line
            guard end > start else { return }
            var item: [String: JSON] = ["startLine": .int(start), "endLine": .int(end)]
            if let kind { item["kind"] = .string(kind) }
            ranges.append(.object(item))
        }
        if plan.bodyStart > 0 { fold(SourceRange(start: 0, end: plan.bodyStart), kind: "imports") }
        for node in Outline(plan: plan).nodes() {
            func walk(_ node: Outline.Node) {
                fold(Self.trimmed(node.range, source))
                node.children.forEach(walk)
            }
            walk(node)
        }
        return .success(.array(ranges))
    }

    /// A range without the blank lines at its end.
    static func trimmed(_ range: SourceRange, _ source: SourceFile) -> SourceRange {
        var end = range.end
        while end > range.start, [0x0A, 0x0D, 0x20, 0x09].contains(source.bytes[end - 1]) { end -= 1 }
        return SourceRange(start: range.start, end: end)
    }
}

/// The plan's outline for document symbols and folding: sections, and in them goals,
/// stakeholders, phases, tasks (sub-tasks under their parent), milestones and metrics.
struct Outline {
    struct Node {
        var name: String
        var detail: String?
        var kind: Int
        var range: SourceRange
        var selection: SourceRange
        var children: [Node] = []
    }

    let plan: Plan

    func nodes() -> [Node] {
        var result: [Node] = []
        let sections = plan.sections.filter { $0.headingRange != nil }
        for section in sections {
            guard let heading = section.headingRange else { continue }
            let range = SourceRange(start: heading.start, end: max(heading.end, section.bodyRange.end))
            var node = Node(name: section.title, detail: section.kind == nil ? nil : "section", kind: SymbolKind.namespace,
                            range: range, selection: heading)
            let inside: (SourceRange) -> Bool = { range.start <= $0.start && $0.end <= range.end }
            switch section.kind {
            case .goals?:
                let goals = plan.goals.filter { inside($0.range) }
                node.children = goals.map { goal in
                    Node(name: "\(goal.id.value): \(goal.title)", kind: SymbolKind.constant, range: goal.range,
                         selection: clamp(goal.id.range, to: goal.range))
                }
            case .stakeholders?:
                node.children = plan.stakeholders.filter { inside($0.range) }.map { person in
                    Node(name: "@\(person.handle.value.name)", detail: [person.name, person.party].compactMap { $0 }.joined(separator: " · "),
                         kind: SymbolKind.field, range: person.range, selection: clamp(person.handle.range, to: person.range))
                }
            case .tasks?:
                node.children = taskNodes(in: range)
            case .milestones?:
                node.children = plan.milestones.filter { inside($0.range) }.map { milestone in
                    Node(name: milestone.title, detail: milestone.due.map { "due \($0.value)" }, kind: SymbolKind.key,
                         range: milestone.range, selection: clamp(milestone.titleRange, to: milestone.range))
                }
            case .metrics?:
                node.children = plan.metrics.filter { inside($0.range) }.map { metric in
                    Node(name: metric.name.value, kind: SymbolKind.field, range: metric.range,
                         selection: clamp(metric.name.range, to: metric.range))
                }
            default: break
            }
            result.append(node)
        }
        return result
    }

    private func clamp(_ inner: SourceRange, to outer: SourceRange) -> SourceRange {
        let start = min(max(inner.start, outer.start), outer.end)
        return SourceRange(start: start, end: min(max(inner.end, start), outer.end))
    }

    /// Phases with their tasks, and tasks outside phases; sub-tasks under their parent.
    private func taskNodes(in section: SourceRange) -> [Node] {
        let phases = plan.phases.enumerated().filter { section.start <= $0.element.range.start && $0.element.range.start <= section.end }
        func taskNode(_ index: Int) -> Node {
            let task = plan.tasks[index]
            var node = Node(name: task.displayName, detail: task.state == .open ? task.effectiveDue.map { "due \($0)" } : task.state.rawValue,
                            kind: SymbolKind.event, range: task.range, selection: clamp(task.titleRange, to: task.range))
            node.children = plan.tasks.indices.filter { plan.tasks[$0].parent == index }.map(taskNode)
            return node
        }
        var nodes: [Node] = []
        let topLevel = plan.tasks.indices.filter { plan.tasks[$0].parent == nil
            && section.start <= plan.tasks[$0].range.start && plan.tasks[$0].range.end <= section.end }
        var before = topLevel.filter { plan.tasks[$0].phase == nil }.map(taskNode)
        nodes += before
        before.removeAll()
        for (position, (phaseIndex, phase)) in phases.enumerated() {
            let end = position + 1 < phases.count ? phases[position + 1].element.range.start : section.end
            var node = Node(name: phase.title, detail: phase.due.map { "due \($0.value)" }, kind: SymbolKind.module,
                            range: SourceRange(start: phase.range.start, end: max(phase.range.end, end)), selection: phase.range)
            node.children = topLevel.filter { plan.tasks[$0].phase == phaseIndex }.map(taskNode)
            node.range = SourceRange(start: node.range.start, end: max(node.range.end, node.children.map(\.range.end).max() ?? 0))
            nodes.append(node)
        }
        return nodes
    }
}
