import MapcModel
import MapcParse
import MapcSource

/// `<!-- mapc-disable-next-line id -->` and `<!-- mapc-disable id -->` (docs/format.md#suppression-comments).
///
/// Read from cmark's HTML nodes, so a comment shown inside a code block is not one.
enum SuppressionLowering {
    static func comments(in tree: SyntaxTree, source: SourceFile) -> [SuppressionComment] {
        var result: [SuppressionComment] = []
        for node in tree.descendants(of: 0) {
            let kind = tree[node].kind
            guard kind == .htmlBlock || kind == .htmlInline, let literal = tree[node].literal,
                  literal.contains("mapc-disable"), let range = tree[node].range else { continue }
            var remainder = Substring(literal)
            var searchFrom = range.start
            while let open = remainder.range(of: "<!--") {
                let afterOpen = remainder[open.upperBound...]
                guard let close = afterOpen.range(of: "-->") else { break }
                let body = afterOpen[..<close.lowerBound]
                let commentEnd = searchFrom + remainder.utf8.distance(from: remainder.startIndex, to: close.upperBound)
                if let comment = parse(String(body), endLine: source.line(containing: max(range.start, commentEnd - 1)),
                                       source: source)
                {
                    result.append(comment)
                }
                searchFrom = commentEnd
                remainder = afterOpen[close.upperBound...]
            }
        }
        return result
    }

    private static func parse(_ body: String, endLine: Int, source: SourceFile) -> SuppressionComment? {
        let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "," })
        guard let directive = words.first else { return nil }
        let rules = words.dropFirst().map { RuleID(String($0)) }
        switch directive {
        case "mapc-disable-next-line":
            // The next line that holds something: a blank line may separate comment and item.
            var line = endLine + 1
            while line <= source.lineCount, source.text(ofLine: line).trimmingSpaces.isEmpty { line += 1 }
            return SuppressionComment(scope: .nextLine, rules: rules, line: line)
        case "mapc-disable":
            return SuppressionComment(scope: .restOfFile, rules: rules, line: endLine)
        default:
            return nil
        }
    }
}
