import MapcEmit
/// Which templates include which: `{{> name}}` (a partial) and `{{< name}}` (a parent
/// whose blocks the template fills), whitespace allowed after the sigil.
///
/// Mustache renders an inclusion by rendering the included template, so a template that
/// includes itself, directly or through others, recurses until the stack overflows (a
/// crash, not an error). The cycle is found here when the templates are loaded, before
/// anything is written (docs/site.md).
enum TemplateInclusions {
    /// The names `text` includes, in order. Comments are skipped, set-delimiter tags
    /// (`{{=<% %>=}}`) followed, and dynamic names (`{{>*name}}`) left out: they are
    /// chosen at render time.
    static func names(in text: String) -> [String] {
        var names: [String] = []
        var open = "{{", close = "}}"
        var rest = Substring(text)
        while let start = rest.range(of: open) {
            let body = rest[start.upperBound...]
            guard let end = body.range(of: close) else { break }
            let content = body[..<end.lowerBound]
            rest = body[end.upperBound...]
            if content.hasPrefix("="), content.hasSuffix("="), content.count >= 2 {
                let parts = content.dropFirst().dropLast().split(whereSeparator: \.isWhitespace)
                if parts.count == 2 { (open, close) = (String(parts[0]), String(parts[1])) }
                continue
            }
            guard let sigil = content.first, sigil == ">" || sigil == "<" else { continue }
            var name = content.dropFirst().drop(while: \.isWhitespace)
            while name.last?.isWhitespace == true { name = name.dropLast() }
            if !name.isEmpty, !name.hasPrefix("*") { names.append(String(name)) }
        }
        return names
    }

    /// The first cycle among `templates` (name → text), as names from a template back to
    /// itself (`["a", "b", "a"]`), or nil. Inclusions of names that are not templates are
    /// not edges. Templates are visited in name order, so the answer is deterministic.
    static func cycle(in templates: [String: String]) -> [String]? {
        let edges = templates.mapValues { names(in: $0).filter { templates[$0] != nil } }
        var finished = Set<String>()
        for root in templates.keys.sorted() where !finished.contains(root) {
            // Depth-first with an explicit stack: the path and each node's next edge.
            var path: [String] = [root]
            var nextEdge: [Int] = [0]
            var onPath: Set<String> = [root]
            while let node = path.last {
                let targets = edges[node] ?? []
                let index = nextEdge[nextEdge.count - 1]
                guard index < targets.count else {
                    finished.insert(node)
                    onPath.remove(node)
                    path.removeLast()
                    nextEdge.removeLast()
                    continue
                }
                nextEdge[nextEdge.count - 1] += 1
                let target = targets[index]
                if onPath.contains(target) {
                    return Array(path[path.firstIndex(of: target)!...]) + [target]
                }
                if finished.contains(target) { continue }
                path.append(target)
                nextEdge.append(0)
                onPath.insert(target)
            }
        }
        return nil
    }
}
