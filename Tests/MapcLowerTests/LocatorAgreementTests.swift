import Foundation
@testable import MapcLower
import MapcParse
import MapcSource
import Testing

/// The `Locator` finds tokens in a block's source bytes, because cmark's inline positions
/// cannot be trusted (docs/cmark-gfm.md#inline-positions-that-are-wrong). Where it may
/// find one (`PlainTextSpans`: text outside code spans, raw HTML, links and images) is
/// derived from cmark's nodes by walking them over the bytes; that walk must agree with
/// cmark's tree on every example of the GFM spec (GFMSpec/) and a few cases of our own.
@Suite struct LocatorAgreementTests {
    struct SpecExample: Decodable {
        var number: Int
        var section: String
        var markdown: String
    }

    static let examples: [SpecExample] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("GFMSpec/examples.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([SpecExample].self, from: data)) ?? []
    }()

    /// One disagreement: in which example, which word, and which way.
    struct Disagreement: Hashable, CustomStringConvertible {
        enum Way: String {
            /// Plain text the locator cannot find.
            case masked
            /// Code, raw HTML or link text, destination or title the locator finds.
            case found
            /// A text node cmark starts at a byte the locator does not take for plain text.
            case misplaced
        }
        var example: Int
        var word: String
        var way: Way
        var description: String { "\(example) \(way) \(word)" }
    }

    static func words(_ text: String) -> [String] {
        text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "@")) }.map(String.init)
    }

    /// Examples where cmark's start column for a text node is itself wrong, so it cannot be
    /// the yardstick (docs/cmark-gfm.md#inline-positions-that-are-wrong).
    static let cmarkPositionIsWrong: [Int: String] = [
        177: "a paragraph after link reference definitions: its text is put on the definitions' first line",
        179: "a paragraph after link reference definitions: its text is put on the definitions' first line",
        184: "a heading after link reference definitions: its text is put on the definitions' first line",
        185: "a paragraph after link reference definitions: its text is put on the definitions' first line",
        200: "a table cell with an escaped pipe: columns after it are one short",
    ]

    /// Text that starts with the closing delimiters emphasis left over (`*foo**`): cmark
    /// gives the start of the whole closing run, though emphasis took its first characters.
    static func leftOverClosingDelimiters(_ node: Int, _ tree: SyntaxTree) -> Bool {
        guard let first = tree[node].literal?.first, "*_~".contains(first) else { return false }
        var previous = tree[tree[node].parent].firstChild
        while previous != SyntaxTree.none, tree[previous].nextSibling != node { previous = tree[previous].nextSibling }
        return previous != SyntaxTree.none && [.emphasis, .strong, .strikethrough].contains(tree[previous].kind)
    }

    /// Compares the locator with cmark on every paragraph, heading and table cell of `markdown`.
    static func disagreements(_ example: SpecExample) -> [Disagreement] {
        let source = SourceFile(path: "spec.md", text: example.markdown)
        let tree = Markdown.parse(source.bytes, source: source)
        // Link titles are not in the tree: take them from cmark's HTML, for the whole example.
        let titles = titleAttributes(Markdown.renderHTML(example.markdown))
        var found: [Disagreement] = []
        for block in tree.nodes.indices where [.paragraph, .heading, .tableCell].contains(tree[block].kind) {
            guard tree[block].range != nil else { continue }
            // Plain: text outside links and images. Other: code spans, raw HTML, link and
            // image text, destinations (autolinks included) and titles.
            var plain: [String] = [], other: [String] = titles, plainNodes: [Int] = []
            for node in tree.descendants(of: block) {
                switch tree[node].kind {
                case .code, .htmlInline: other.append(tree[node].literal ?? ""); continue
                case .link, .image: other.append(tree[node].url ?? ""); continue
                case .text: break
                default: continue
                }
                var inLink = false
                var ancestor = tree[node].parent
                while ancestor != block, ancestor != SyntaxTree.none {
                    if tree[ancestor].kind == .link || tree[ancestor].kind == .image { inLink = true }
                    ancestor = tree[ancestor].parent
                }
                let literal = tree[node].literal ?? ""
                if inLink { other.append(literal) } else { plain.append(literal); plainNodes.append(node) }
            }
            // Plain text, word by word in order, must be found where it is.
            var locator = Locator(source: source, tree: tree, node: block)
            for word in plain.flatMap(words) {
                let at = locator.locate(word, boundary: false)
                if at.length == 0 { found.append(Disagreement(example: example.number, word: word, way: .masked)) }
            }
            // Where cmark puts a plain text node's first byte, the locator sees plain text.
            // (cmark's start columns are right on a block's first line; see
            // docs/cmark-gfm.md#inline-positions-that-are-wrong for the rest.)
            let blockRange = tree[block].range!
            let spans = PlainTextSpans(source: source, tree: tree, block: block, range: blockRange)
            let firstLine = source.bytes[blockRange.start..<blockRange.end].firstIndex(of: 0x0A) ?? blockRange.end
            for node in plainNodes {
                guard let start = tree[node].range?.start, start >= blockRange.start, start < firstLine,
                      tree[node].literal?.isEmpty == false, cmarkPositionIsWrong[example.number] == nil,
                      !leftOverClosingDelimiters(node, tree)
                else { continue }
                if !spans.plain[start - blockRange.start] {
                    found.append(Disagreement(example: example.number, word: tree[node].literal ?? "", way: .misplaced))
                }
            }
            // Code and link text must not be found, unless the word is also plain text.
            let plainText = plain.joined(separator: " ")
            for word in other.flatMap(words) where !plainText.contains(word) {
                var fresh = Locator(source: source, tree: tree, node: block)
                if fresh.locate(word, boundary: false).length > 0 {
                    found.append(Disagreement(example: example.number, word: word, way: .found))
                }
            }
        }
        return found
    }

    /// The values of `title="…"` attributes in cmark's HTML.
    static func titleAttributes(_ html: String) -> [String] {
        html.components(separatedBy: " title=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// Cases the spec's examples do not reach: a following word that is also written in
    /// the link's destination, title or label before it, so only skipping them exactly finds it.
    static let beyondTheSpec: [SpecExample] = [
        "[a](<b c> \"d e\") e",
        "[a](<b c> \"d e\") c",
        "[a](b (c d)) d",
        "[a](b\n\"c d\") d",
        "> [a](b\n> \"c d\") d",
        "[a][b c] c\n\n[b c]: /u",
        "[a][b\\] c] c\n\n[b\\] c]: /u",
        "[a][b c] c\n\n[a]: /u",
        "[a]: /u\n\n[a][] [a] a",
        "![a *b*](c \"d\") d",
        "[a](b 'c \\' d') d",
        "[a \\] b](c) b",
        "*[a](b)* b",
        "x `a b` b",
        "<a href=\"x y\"> y",
        "see https://x.org/y z y",
        "a &amp; b \\* c &#35; d &copy; e",
        "- [ ] task `due:x` due:2026-01-01 [see](due:y \"due:z\") @dana",
    ].enumerated().map { SpecExample(number: 10_001 + $0.offset, section: "mapc", markdown: $0.element) }

    @Test func theLocatorAgreesWithCmarkBeyondTheSpec() {
        let all = Self.beyondTheSpec.flatMap(Self.disagreements)
        #expect(all.isEmpty)
    }

    @Test func everySpecExampleIsRead() {
        #expect(Self.examples.count == 673)
    }

    @Test func theLocatorAgreesWithCmarkOnTheSpecExamples() {
        let all = Self.examples.flatMap(Self.disagreements)
        for d in all {
            let example = Self.examples[d.example - 1]
            print("DISAGREE", d, example.section, example.markdown.debugDescription)
        }
        #expect(all.isEmpty)
    }
}
