import MapcBuild
import MapcCheck
import MapcLSP
import MapcModel
import MapcSource

extension LanguageServer {
    /// The document's diagnostics as LSP values: `check`'s, plus the workspace rules'
    /// findings across files (`duplicate-id` of plan ids, `handle-reused`).
    func diagnostics(_ uri: String) -> [JSON] {
        guard let open = documents[uri], let analysis = analysis(uri) else { return [] }
        let workspacePlans = workspacePlans(open, analysis)
        var found = analysis.diagnostics + workspaceFindings(open, analysis, workspacePlans)
        found.sort(by: Diagnostic.presentationOrder)
        let id = analysis.plan?.id.value
        let related = RelatedInformation(uri: uri, analysis: analysis, document: open.document, encoding: encoding,
                                         earlier: workspacePlans.first { $0.file < open.path && $0.id == id }?.file)
        return found.map { diagnostic in
            var item: [String: JSON] = [
                "range": range(diagnostic.range, analysis, open.document).json,
                "severity": .int(Self.severity(diagnostic.severity)),
                "code": .string(diagnostic.rule.rawValue),
                "source": "mapc",
                "message": .string(diagnostic.message),
            ]
            if let help = diagnostic.help { item["data"] = ["help": .string(help)] }
            let links = related.links(for: diagnostic)
            if !links.isEmpty { item["relatedInformation"] = .array(links) }
            return .object(item)
        }
    }

    static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .error: 1
        case .warning: 2
        case .info: 3
        }
    }

    /// A compiler byte range as an LSP range in the document.
    func range(_ range: SourceRange, _ analysis: Analysis, _ document: TextDocument) -> MapcLSP.Range {
        document.range(analysis.documentOffset(range.start), analysis.documentOffset(range.end), encoding: encoding)
    }

    /// The other plans of the workspace, in path order, as the workspace rules see them:
    /// open documents with the text the editor has, the rest as on disk.
    func workspacePlans(_ open: OpenDocument, _ analysis: Analysis) -> [WorkspaceChecks.Plan] {
        var plans: [String: (id: String, people: [WorkspacePlan.Person])] = workspace.plans.mapValues { ($0.id, $0.people) }
        for other in documents.values where other.path != open.path {
            if let compiled = other.analysis?.compiled { plans[other.path] = (compiled.plan.id.value, compiled.workspacePeople) }
        }
        plans[open.path] = nil
        return plans.keys.sorted().map { file in
            WorkspaceChecks.Plan(file: file, id: plans[file]!.id, people: plans[file]!.people, anchors: [])
        }
    }

    /// The workspace rules' findings in this document, as `check` gives them: the document
    /// takes its place in path order among the other plans, and only it has anchors.
    func workspaceFindings(_ open: OpenDocument, _ analysis: Analysis, _ others: [WorkspaceChecks.Plan]) -> [Diagnostic] {
        guard let compiled = analysis.compiled else { return [] }
        var plans = others
        let index = plans.firstIndex { $0.file > open.path } ?? plans.count
        plans.insert(WorkspaceChecks.Plan(file: open.path, id: compiled.plan.id.value, people: compiled.workspacePeople,
                                          anchors: compiled.workspaceAnchors), at: index)
        return WorkspaceChecks.diagnostics(plans, WorkspaceSettings(declaredPeople: Set(configuration.people.keys)))
            .filter { $0.plan == index }.map(\.diagnostic)
    }

    /// `textDocument/diagnostic`: the same diagnostics, pulled.
    func pullDiagnostics(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let uri = params["textDocument"]?["uri"]?.string else { return .failure(.invalidParams("no textDocument.uri")) }
        guard let open = documents[uri] else { return .success(["kind": "full", "items": []]) }
        let items = diagnostics(uri)
        // The result id names the text, the configuration and the other plans' ids.
        let resultID = "\(open.document.version).\(generation).\(JSON.array(items).hashValue)"
        if params["previousResultId"]?.string == resultID { return .success(["kind": "unchanged", "resultId": .string(resultID)]) }
        return .success(["kind": "full", "resultId": .string(resultID), "items": .array(items)])
    }
}

/// `relatedInformation`: the other tasks of a cycle, the first use of a duplicate id.
struct RelatedInformation {
    let uri: String
    let analysis: Analysis
    let document: TextDocument
    let encoding: PositionEncoding
    let earlier: String?

    func location(_ range: SourceRange) -> JSON {
        ["uri": .string(uri), "range": document.range(analysis.documentOffset(range.start),
                                                      analysis.documentOffset(range.end), encoding: encoding).json]
    }

    func links(for diagnostic: Diagnostic) -> [JSON] {
        guard let plan = analysis.plan else { return [] }
        switch diagnostic.rule.rawValue {
        case "dependency-cycle":
            // "tasks depend on each other in a cycle: `a` → `b` → `a`"
            let ids = Self.quoted(in: diagnostic.message)
            // The first task is where the diagnostic stands; the others are related.
            var seen = Set(ids.prefix(1))
            let byID = plan.taskIndexByID
            return ids.dropFirst().compactMap { id in
                guard seen.insert(id).inserted, let index = byID[id] else { return nil }
                let task = plan.tasks[index]
                return ["location": location(task.idRange ?? task.titleRange),
                        "message": .string("`\(id)` is in the cycle")]
            }
        case "duplicate-id":
            let message = diagnostic.message
            guard let name = Self.quoted(in: message).first else { return [] }
            if message.hasPrefix("plan id "), let earlier {
                return [["location": ["uri": .string(Self.siblingURI(of: uri, current: document.uri, earlier: earlier,
                                                                      path: analysis.compiled?.source.path ?? "")),
                                      "range": MapcLSP.Range(start: Position(line: 0, character: 0),
                                                             end: Position(line: 0, character: 0)).json],
                         "message": .string("the plan that has the id `\(name)` first")]]
            }
            var first: SourceRange?
            if message.hasPrefix("task id ") {
                first = plan.tasks.first { $0.id == name }.map { $0.idRange ?? $0.titleRange }
            } else if message.hasPrefix("goal id ") {
                first = plan.goals.first { $0.id.value.lowercased() == name.lowercased() }?.id.range
            } else if message.hasPrefix("stakeholder ") {
                let key = name.hasPrefix("@") ? String(name.dropFirst()).lowercased() : name.lowercased()
                first = plan.stakeholders.first { $0.handle.value.key == key }?.handle.range
            }
            guard let first, first != diagnostic.range else { return [] }
            return [["location": location(first), "message": .string("`\(name)` is first used here")]]
        default:
            return []
        }
    }

    /// The texts between backticks in a message.
    static func quoted(in message: String) -> [String] {
        let parts = message.split(separator: "`", omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
    }

    /// The URI of another workspace file, from this file's URI and both relative paths.
    static func siblingURI(of uri: String, current: String, earlier: String, path: String) -> String {
        guard let absolute = Paths.path(fromURI: current), absolute.hasSuffix(path) else { return uri }
        let root = String(absolute.dropLast(path.count))
        return Paths.uri(fromPath: root + earlier)
    }
}
