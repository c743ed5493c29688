import MapcLSP
import MapcModel
import MapcSource

extension LanguageServer {
    /// `textDocument/codeAction`: quick fixes for the diagnostics in the range, adding a
    /// stakeholder or a metric, marking the task done or open, suppressing a diagnostic,
    /// and `source.fixAll.mapc`.
    func codeActions(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let uri = params["textDocument"]?["uri"]?.string, let requested = MapcLSP.Range(params["range"]) else {
            return .failure(.invalidParams("no textDocument.uri or range"))
        }
        guard let open = documents[uri], let analysis = analysis(uri), let source = analysis.compiled?.source
        else { return .success([]) }
        let document = open.document
        let start = analysis.sourceOffset(document.offset(of: requested.start, encoding: encoding))
        let end = analysis.sourceOffset(document.offset(of: requested.end, encoding: encoding))
        let only = params["context"]?["only"]?.array?.compactMap(\.string)
        func wanted(_ kind: String) -> Bool {
            guard let only else { return true }
            return only.contains { kind == $0 || kind.hasPrefix($0 + ".") }
        }
        var fixes: [Fix] = []
        let here = analysis.diagnostics.filter { $0.range.start <= end && start <= $0.range.end }
        for diagnostic in here {
            fixes += Fixes.suggested(for: diagnostic, source: source)
            if let plan = analysis.plan {
                if let fix = Fixes.addStakeholder(for: diagnostic, plan: plan, source: source) { fixes.append(fix) }
                if let fix = Fixes.addMetric(for: diagnostic, plan: plan, source: source) { fixes.append(fix) }
            }
        }
        if let plan = analysis.plan, let fix = Fixes.toggleTask(at: start, plan: plan, source: source, today: today) {
            fixes.append(fix)
        }
        fixes += here.compactMap { Fixes.suppression(for: $0, plan: analysis.plan, source: source) }
        if let fix = Fixes.fixAll(analysis.diagnostics, source: source) { fixes.append(fix) }
        // The document's published diagnostics, computed once: a fix names the one it fixes.
        let published = fixes.contains { $0.diagnostic != nil } ? diagnostics(uri) : []
        let actions: [JSON] = fixes.filter { wanted($0.kind) }.map { fix in
            var action: [String: JSON] = [
                "title": .string(fix.title), "kind": .string(fix.kind),
                "edit": ["changes": [uri: .array(fix.edits.map { textEdit($0, analysis, document) })]],
            ]
            if fix.isPreferred { action["isPreferred"] = true }
            if let diagnostic = fix.diagnostic {
                action["diagnostics"] = .array(published.filter {
                    $0["code"]?.string == diagnostic.rule.rawValue
                        && $0["range"] == .some(range(diagnostic.range, analysis, document).json)
                })
            }
            return .object(action)
        }
        return .success(.array(actions))
    }
}
