import MapcParse
import MapcSource

/// Finds token text in a block's source bytes, in order, only where the block has plain
/// text, so diagnostics point at the exact token.
///
/// Why this exists: cmark-gfm 0.29 knows where each token's text node is, but the source
/// positions it gives inline nodes are wrong or missing (line breaks have none, columns on
/// a paragraph's later lines are off by their indentation, autolinks shift their
/// neighbours, escapes and entities make text shorter than its range:
/// docs/cmark-gfm.md#inline-positions-that-are-wrong). So the scanner reads *what* a token
/// is from cmark's text, and this finds *where* it is in the bytes. Which bytes are plain
/// text is not guessed from the Markdown: `PlainTextSpans` derives it from cmark's own
/// inline nodes, and `LocatorAgreementTests` checks the two agree on every example of the
/// GFM spec.
struct Locator {
    private let source: SourceFile
    private let range: SourceRange
    private let tree: SyntaxTree
    private let node: Int
    /// True for bytes of text nodes outside links and images: where a token may start.
    /// Worked out on the first search: many items have no token to find.
    private var plain: [Bool] = []
    private var cursor: Int

    /// A locator over `node`'s range (a paragraph, heading or table cell), `range` when given.
    init(source: SourceFile, tree: SyntaxTree, node: Int, range: SourceRange? = nil) {
        self.source = source
        self.tree = tree
        self.node = node
        let range = range ?? tree[node].range ?? .fileStart
        self.range = range
        cursor = range.start
    }

    /// How far past the cursor a token is looked for: far enough for any real item,
    /// short enough that a hostile 5 MB line with thousands of unfindable tokens (escaped
    /// handles, say) stays linear.
    static let searchWindow = 64 * 1024

    /// The range of `text` at or after the cursor; the block's start when not found.
    mutating func locate(_ text: String, boundary: Bool) -> SourceRange {
        locate(Array(text.utf8)[...], boundary: boundary)
    }

    /// The range of the UTF-8 bytes `needle` at or after the cursor; the block's start
    /// when not found.
    mutating func locate(_ needle: ArraySlice<UInt8>, boundary: Bool) -> SourceRange {
        if plain.isEmpty, range.length > 0 {
            plain = PlainTextSpans(source: source, tree: tree, block: node, range: range).plain
        }
        if let found = search(needle, from: cursor, boundary: boundary) {
            cursor = found + needle.count
            return SourceRange(start: found, end: found + needle.count)
        }
        return SourceRange(start: range.start, end: range.start)
    }

    private func search(_ needle: ArraySlice<UInt8>, from start: Int, boundary: Bool) -> Int? {
        guard let first = needle.first, range.end - needle.count >= start else { return nil }
        let bytes = source.bytes
        var position = start
        let last = min(range.end - needle.count, start + Self.searchWindow)
        while position <= last {
            if plain[position - range.start], bytes[position] == first,
               bytes[position..<position + needle.count].elementsEqual(needle)
            {
                let before = position > range.start ? bytes[position - 1] : 0x20
                let okBefore = !boundary || position == range.start || before == 0x20 || before == 0x09
                    || before == 0x0A || before == 0x0D || before == 0x28 || before == 0x3E
                    || (before >= 0x80 && scalarBefore(position)?.isSpace == true)
                let after = position + needle.count < bytes.count ? bytes[position + needle.count] : 0x20
                let okAfter = !(first == 0x40) || !isHandleContinuation(after)
                if okBefore && okAfter { return position }
            }
            position += 1
        }
        return nil
    }

    /// The scalar that ends just before `position` (for non-ASCII spaces such as U+00A0).
    private func scalarBefore(_ position: Int) -> Unicode.Scalar? {
        var start = position - 1
        while start > range.start, source.bytes[start] & 0xC0 == 0x80 { start -= 1 }
        var iterator = source.bytes[start..<position].makeIterator()
        var decoder = UTF8()
        if case let .scalarValue(scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }

    private func isHandleContinuation(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == 0x5F || byte >= 0x80
    }
}
