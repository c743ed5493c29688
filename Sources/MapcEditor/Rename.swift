import MapcLSP
import MapcModel
import MapcSource

/// Renaming a task id, goal id or handle: every place it is written, in one edit.
enum Renaming {
    /// The part of an occurrence's range that holds the name itself: a handle without its
    /// `@` (and without the quotes of `owner: "@dana"`).
    static func nameRange(_ occurrence: Occurrence, source: SourceFile) -> SourceRange? {
        let text = source.text(occurrence.range)
        let name: String
        switch occurrence.symbol {
        case let .handle(key): name = key
        case let .task(id): name = id
        case let .goal(id): name = id
        }
        // Handles and goal ids compare without case: find the name as written.
        guard let found = text.lowercased().range(of: name.lowercased()), text.lowercased().utf8.count == text.utf8.count
        else { return nil }
        let start = occurrence.range.start + text.lowercased()[..<found.lowerBound].utf8.count
        return SourceRange(start: start, end: start + name.utf8.count)
    }

    /// Why `name` cannot be the new name, or nil when it can.
    static func problem(_ name: String, for symbol: Symbol, plan: Plan) -> String? {
        let allowed: (Character) -> Bool = { $0.isLetter || $0.isNumber || "_-.".contains($0) }
        guard !name.isEmpty, name.allSatisfy(allowed), name.last != ".", name.last != "-" else {
            return "`\(name)` is not a valid name: use letters, digits, `_`, `-` or `.`"
        }
        switch symbol {
        case .handle:
            if plan.stakeholders.contains(where: { $0.handle.value.key == name.lowercased() }) {
                return "`@\(name)` is already a stakeholder of this plan"
            }
        case .task:
            if plan.taskIndexByID[name] != nil { return "a task already has the id `\(name)`" }
        case .goal:
            if plan.goals.contains(where: { $0.id.value.lowercased() == name.lowercased() }) {
                return "a goal already has the id `\(name)`"
            }
        }
        return nil
    }

    /// The edits that rename `symbol` to `name`. A task whose id is derived from its title
    /// gets an `id:` token, so the title can stay as it is.
    static func edits(_ symbol: Symbol, to name: String, plan: Plan, index: PlanIndex, source: SourceFile) -> [ByteEdit] {
        var edits: [ByteEdit] = []
        for occurrence in index.occurrences(of: symbol) {
            guard let range = nameRange(occurrence, source: source) else { continue }
            edits.append(ByteEdit(range: range, text: name))
        }
        if case let .task(id) = symbol, index.definitions[symbol] == nil, let taskIndex = plan.taskIndexByID[id] {
            let task = plan.tasks[taskIndex]
            let line = source.line(containing: task.titleRange.start)
            edits.append(ByteEdit(range: .at(source.contentEnd(ofLine: line)), text: " id:\(name)"))
        }
        return edits
    }
}

extension LanguageServer {
    /// `textDocument/prepareRename`: the name under the cursor, or an error saying why not.
    func prepareRename(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let found = symbol(params), let source = found.analysis.compiled?.source,
              let range = Renaming.nameRange(found.occurrence, source: source) else {
            return .failure(ResponseError(code: ResponseError.requestFailed,
                                          message: "only a task id, a goal id or a handle can be renamed"))
        }
        return .success(["range": self.range(range, found.analysis, found.open.document).json,
                         "placeholder": .string(source.text(range))])
    }

    /// `textDocument/rename`.
    func rename(_ params: JSON) -> Result<JSON, ResponseError> {
        guard var name = params["newName"]?.string else { return .failure(.invalidParams("no newName")) }
        guard let found = symbol(params), let plan = found.analysis.plan, let index = found.analysis.index,
              let source = found.analysis.compiled?.source else {
            return .failure(ResponseError(code: ResponseError.requestFailed,
                                          message: "only a task id, a goal id or a handle can be renamed"))
        }
        if case .handle = found.occurrence.symbol, name.hasPrefix("@") { name.removeFirst() }
        if let problem = Renaming.problem(name, for: found.occurrence.symbol, plan: plan) {
            return .failure(ResponseError(code: ResponseError.requestFailed, message: problem))
        }
        let edits = Renaming.edits(found.occurrence.symbol, to: name, plan: plan, index: index, source: source)
        return .success(["changes": [found.uri: .array(edits.map { textEdit($0, found.analysis, found.open.document) })]])
    }

    func textEdit(_ edit: ByteEdit, _ analysis: Analysis, _ document: TextDocument) -> JSON {
        ["range": range(edit.range, analysis, document).json, "newText": .string(edit.text)]
    }
}
