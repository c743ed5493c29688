import CCmarkGFM
import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// The kinds of Markdown nodes mapc distinguishes; GFM extension nodes included.
public enum NodeKind: UInt8, Sendable {
    case document, blockQuote, list, item, taskItem, codeBlock, htmlBlock, paragraph, heading,
         thematicBreak, table, tableHeader, tableRow, tableCell, footnoteDefinition,
         text, softBreak, lineBreak, code, htmlInline, emphasis, strong, link, image,
         strikethrough, footnoteReference, other

    /// True for inline (span-level) nodes.
    public var isInline: Bool { rawValue >= NodeKind.text.rawValue && self != .other }
}

/// One node of a parsed document, copied out of cmark so no C memory outlives parsing.
public struct SyntaxNode: Sendable {
    public var kind: NodeKind
    /// Byte range in the source file; `nil` where cmark reports no position (0:0).
    public var range: SourceRange?
    /// Text of text, code, HTML and code-block nodes; nil elsewhere.
    public var literal: String?
    /// Link and image destinations.
    public var url: String?
    /// Heading level (1–6), or 1 for a checked task item.
    public var level: Int
    public var parent: Int
    public var firstChild: Int
    public var nextSibling: Int
}

/// A parsed Markdown body as a flat arena of nodes (index 0 is the document).
///
/// A flat array keeps walking and freeing iterative: documents nested 10,000 deep must not
/// overflow the stack, as a tree of classes would on deinit.
public struct SyntaxTree: Sendable {
    public internal(set) var nodes: [SyntaxNode] = []

    public init() {}

    public static let none = -1

    public subscript(index: Int) -> SyntaxNode { nodes[index] }

    /// The children of a node, in order.
    public func children(of index: Int) -> ChildSequence { ChildSequence(tree: self, upcoming: nodes[index].firstChild) }

    /// Depth-first, pre-order indices of a node's descendants (not the node itself).
    public func descendants(of index: Int) -> [Int] {
        var result: [Int] = []
        var stack: [Int] = []
        var child = nodes[index].firstChild
        while child != Self.none || !stack.isEmpty {
            if child == Self.none {
                child = nodes[stack.removeLast()].nextSibling
                continue
            }
            result.append(child)
            stack.append(child)
            child = nodes[child].firstChild
        }
        return result
    }

    /// The plain text of a node: text, code and link text, breaks as spaces.
    public func plainText(of index: Int) -> String {
        var text = ""
        for node in [index] + descendants(of: index) {
            switch nodes[node].kind {
            case .text, .code: text += nodes[node].literal ?? ""
            case .softBreak, .lineBreak: text += " "
            default: break
            }
        }
        return text
    }

    /// Iterates the children of a node.
    public struct ChildSequence: Sequence, IteratorProtocol {
        let tree: SyntaxTree
        var upcoming: Int
        public mutating func next() -> Int? {
            guard upcoming != SyntaxTree.none else { return nil }
            defer { upcoming = tree.nodes[upcoming].nextSibling }
            return upcoming
        }
    }
}

/// The one place that talks to cmark-gfm (STYLE: every cmark call in one file).
public enum Markdown {
    /// cmark-gfm's inline parsing edits process-wide tables of special characters, so
    /// `cmark_parser_finish` must never run on two threads at once
    /// (docs/cmark-gfm.md#threads, upstream PR #176).
    private static let finishLock = ProcessLock()

    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    static let extensionNames = ["table", "tasklist", "strikethrough", "autolink", "tagfilter"]

    /// Parses `body` (the file's bytes with front matter blanked out, same length) and
    /// copies the tree out with byte ranges resolved against `source`.
    public static func parse(_ body: [UInt8], source: SourceFile) -> SyntaxTree {
        _ = registered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return SyntaxTree() }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        body.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        let root = finishLock.locked { cmark_parser_finish(parser) }
        guard let root else { return SyntaxTree() }
        defer { cmark_node_free(root) }
        return copyTree(root, source: source)
    }

    /// What cmark decodes a named entity such as `&copy;` to in text, or nil when the name
    /// is not one it knows (then cmark keeps the text as written). For `PlainTextSpans`,
    /// which finds text nodes in the source without a second table of entity names.
    public static func decodedEntity(_ entity: String) -> String? {
        if let known = entityCache.locked({ decodedEntities[entity] }) { return known }
        let decoded = decodeEntity(entity)
        // Only names that decode are kept: there are about 2,200 of them, so the cache
        // stays small whatever a hostile file invents.
        if let decoded { entityCache.locked { decodedEntities[entity] = decoded } }
        return decoded
    }

    private static let entityCache = ProcessLock()
    nonisolated(unsafe) private static var decodedEntities: [String: String] = [:]

    private static func decodeEntity(_ entity: String) -> String? {
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        defer { cmark_parser_free(parser) }
        var bytes = Array(entity.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        guard let root = finishLock.locked({ cmark_parser_finish(parser) }) else { return nil }
        defer { cmark_node_free(root) }
        guard let paragraph = cmark_node_first_child(root), let text = cmark_node_first_child(paragraph),
              cmark_node_get_type(text) == CMARK_NODE_TEXT, cmark_node_next(text) == nil,
              let literal = cmark_node_get_literal(text)
        else { return nil }
        let decoded = String(cString: literal)
        return decoded == entity ? nil : decoded
    }

    /// Renders a Markdown fragment to HTML the safe way: no raw HTML, no unsafe links.
    /// `keepingRawHTML` renders as GitHub does before it sanitises a comment: raw HTML is
    /// kept (the tag filter still disarms `<script>`, `<iframe>` and the like); mapc uses
    /// it only to check that its own Markdown output keeps plan text inert.
    public static func renderHTML(_ markdown: String, keepingRawHTML: Bool = false) -> String {
        _ = registered
        let options = keepingRawHTML ? CMARK_OPT_DEFAULT | CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        let root = finishLock.locked { cmark_parser_finish(parser) }
        guard let root else { return "" }
        defer { cmark_node_free(root) }
        guard let html = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser))
        else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    private static func kind(of node: OpaquePointer) -> NodeKind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM:
            // A task item's numeric type is ITEM; only its type string tells it apart.
            return typeString(node) == "tasklist" ? .taskItem : .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION: return .footnoteDefinition
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        case CMARK_NODE_FOOTNOTE_REFERENCE: return .footnoteReference
        default:
            // Extension node types are registered at run time; their names are stable.
            switch typeString(node) {
            case "table": return .table
            case "table_header": return .tableHeader
            case "table_row": return .tableRow
            case "table_cell": return .tableCell
            case "strikethrough": return .strikethrough
            case "tasklist": return .taskItem
            default: return .other
            }
        }
    }

    private static func typeString(_ node: OpaquePointer) -> String {
        guard let cString = cmark_node_get_type_string(node) else { return "" }
        return String(cString: cString)
    }

    private static func copyTree(_ root: OpaquePointer, source: SourceFile) -> SyntaxTree {
        var tree = SyntaxTree()
        tree.nodes.reserveCapacity(256)
        // An explicit stack instead of recursion: nesting depth is the author's choice.
        var pointer = root
        var parents: [Int] = []
        var previousSibling = SyntaxTree.none
        while true {
            let index = tree.nodes.count
            tree.nodes.append(copy(pointer, parent: parents.last ?? SyntaxTree.none, source: source))
            if previousSibling != SyntaxTree.none {
                tree.nodes[previousSibling].nextSibling = index
            } else if let parent = parents.last {
                tree.nodes[parent].firstChild = index
            }
            if let child = cmark_node_first_child(pointer) {
                parents.append(index)
                previousSibling = SyntaxTree.none
                pointer = child
                continue
            }
            var current = pointer
            var currentIndex = index
            while true {
                if current == root { return tree }
                if let next = cmark_node_next(current) {
                    pointer = next
                    previousSibling = currentIndex
                    break
                }
                guard let up = cmark_node_parent(current), let upIndex = parents.popLast() else { return tree }
                current = up
                currentIndex = upIndex
            }
        }
    }

    private static func copy(_ node: OpaquePointer, parent: Int, source: SourceFile) -> SyntaxNode {
        let kind = kind(of: node)
        var copied = SyntaxNode(kind: kind, range: range(of: node, in: source), literal: nil, url: nil,
                                level: 0, parent: parent,
                                firstChild: SyntaxTree.none, nextSibling: SyntaxTree.none)
        switch kind {
        case .text, .code, .htmlInline, .htmlBlock, .codeBlock:
            if let literal = cmark_node_get_literal(node) { copied.literal = String(cString: literal) }
        case .link, .image:
            if let url = cmark_node_get_url(node) { copied.url = String(cString: url) }
        case .heading:
            copied.level = Int(cmark_node_get_heading_level(node))
        case .taskItem:
            copied.level = cmark_gfm_extensions_get_tasklist_item_checked(node) ? 1 : 0
        default:
            break
        }
        return copied
    }

    private static func range(of node: OpaquePointer, in source: SourceFile) -> SourceRange? {
        let startLine = Int(cmark_node_get_start_line(node))
        let startColumn = Int(cmark_node_get_start_column(node))
        guard startLine > 0, startColumn > 0 else { return nil }
        let endLine = Int(cmark_node_get_end_line(node))
        let endColumn = Int(cmark_node_get_end_column(node))
        let start = source.offset(line: startLine, byteColumn: startColumn)
        // cmark's end column is inclusive; 0 means "before this line".
        var end = endColumn > 0 ? source.offset(line: endLine, byteColumn: endColumn) + 1
                                : source.offset(ofLine: endLine)
        end = min(max(end, start), source.bytes.count)
        return SourceRange(start: start, end: end)
    }
}

/// A process-wide mutex for C state; `Synchronization.Mutex` cannot hand out the
/// non-Sendable pointers cmark returns.
final class ProcessLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    func locked<Result>(_ body: () -> Result) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}
