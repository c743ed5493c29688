/// Which guard against slow Markdown a file passed (`MarkdownGuard` in MapcParse finds it,
/// the `input-limit` rule words it; docs/robustness.md#limits).
public enum MarkdownLimit: Sendable, Equatable {
    case depth(found: Int, limit: Int)
    /// Emphasis, link and code marks in the paragraph that starts on `paragraphLine`.
    case paragraphMarks(paragraphLine: Int, limit: Int)
    case paragraphAngles(paragraphLine: Int, limit: Int)
    /// A table delimiter row `linesIn` lines into the paragraph that starts on `paragraphLine`.
    case delimiterRow(linesIn: Int, paragraphLine: Int)
    case tableColumns(found: Int, limit: Int)
    case tableCells(found: Int, limit: Int)
    case linkStarts(found: Int, limit: Int)
    case trailingPunctuation(found: Int, limit: Int)
    case emails(found: Int, limit: Int)
    case referenceExpansion(definitionBytes: Int, uses: Int, limit: Int)
}
