import MapcModel
import MapcParse
import MapcSource

/// An inline `key:value` token (or its Obsidian Tasks emoji form) found in an item.
struct InlineToken {
    /// The key: `due`, `after`…; emoji forms map to the same keys (`📅` is `due`).
    var key: String
    var value: String
    /// The whole token as written, located in the source.
    var range: SourceRange
    /// The value alone.
    var valueRange: SourceRange
    /// The key alone, for unknown-key diagnostics.
    var keyRange: SourceRange
    var isEmoji: Bool
}

/// A token that takes the rest of the item: `celebrate: team lunch`.
struct RestToken {
    var key: String
    var text: String
    var range: SourceRange
}

/// What an item's first paragraph (or a heading) says, tokens separated from its title.
struct ItemText {
    /// The displayed title: text without tokens, whitespace collapsed.
    var title = ""
    /// The paragraph's range: where diagnostics about the whole item point.
    var range: SourceRange
    var tokens: [InlineToken] = []
    /// Every handle in order; for tasks the first one is the owner (SPEC §3).
    var handles: [Located<Handle>] = []
    var rest: [RestToken] = []
    /// True when all of the title is struck through (`~~title~~`): a cancelled task.
    var isStruckThrough = false

    func token(_ key: String) -> InlineToken? { tokens.first { $0.key == key } }
    func tokens(_ key: String) -> [InlineToken] { tokens.filter { $0.key == key } }
    func restText(_ key: String) -> String? { rest.first { $0.key == key }?.text }
}

/// How much of the inline syntax an item's section reads.
enum TokenMode {
    /// Tasks, Milestones, Communication, Risks, Workshops, phase headings: every token.
    case all
    /// Updates: handles only; text is kept as written.
    case handlesOnly
    /// Conflict resolution: only `escalate: …` and the handles after it.
    case escalationOnly
}

/// Punctuation that ends a token rather than belonging to it: `due:2026-12-01,` (SPEC §3).
private let trailingPunctuation = Set(".,;:!?)\"'".unicodeScalars)

/// Keys that take the rest of the item, written with a space after the colon (SPEC §3).
let restKeys: Set<String> = ["celebrate", "mitigation", "decision", "escalate"]

/// Obsidian Tasks emoji and the keys they stand for.
private let emojiKeys: [Unicode.Scalar: String] = [
    "\u{1F4C5}": "due", "\u{1F6EB}": "start", "\u{23F3}": "scheduled", "\u{2705}": "done",
    "\u{1F194}": "id", "\u{26D4}": "after",
]
private let priorityMarks: [Unicode.Scalar: String] = [
    "\u{1F53A}": "highest", "\u{23EB}": "high", "\u{1F53C}": "medium", "\u{1F53D}": "low", "\u{23EC}": "lowest",
]

/// Reads the inline tokens of one paragraph or heading.
///
/// What is a token comes from cmark's tree (never inside code spans, links or autolinks);
/// where it is comes from the source bytes, because cmark's inline columns have known
/// faults (shared/notes/cmark-gfm.md).
struct InlineScanner {
    let source: SourceFile
    let tree: SyntaxTree

    private struct Segment {
        var text: String
        var eligible: Bool
        var struck: Bool
    }

    func scan(_ node: Int, mode: TokenMode) -> ItemText {
        let range = tree[node].range ?? .fileStart
        var result = ItemText(range: range)
        let segments = segments(of: node)
        var locator = Locator(source: source, range: range)
        var title: [Unicode.Scalar] = []
        var struckText = false, plainText = false
        var restIndex: Int?           // index in result.rest while reading a rest token
        var restScalars: [Unicode.Scalar] = []

        func appendText(_ scalar: Unicode.Scalar, struck: Bool) {
            if restIndex != nil {
                restScalars.append(scalar)
                return
            }
            title.append(scalar)
            if !scalar.isSpace {
                if struck { struckText = true } else { plainText = true }
            }
        }

        for segment in segments {
            let scalars = Array(segment.text.unicodeScalars)
            guard segment.eligible else {
                for scalar in scalars { appendText(scalar, struck: segment.struck) }
                continue
            }
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                let previous: Unicode.Scalar? = index > 0 ? scalars[index - 1]
                    : (restIndex == nil ? title.last : restScalars.last)
                let atBoundary = previous == nil || previous!.isSpace || previous == "("

                // @handle (SPEC §3): read in every mode.
                if scalar == "@", atBoundary, let (name, length) = handle(in: scalars, at: index + 1) {
                    let located = Located(Handle(name), at: locator.locate("@" + name, boundary: true))
                    result.handles.append(located)
                    if mode == .all && restIndex == nil {
                        index += 1 + length
                        continue
                    }
                    for offset in index..<(index + 1 + length) { appendText(scalars[offset], struck: segment.struck) }
                    index += 1 + length
                    continue
                }
                if mode != .handlesOnly, atBoundary, restIndex == nil || mode == .escalationOnly,
                   scalar.isASCII, (0x61...0x7A).contains(scalar.value),
                   let key = key(in: scalars, at: index)
                {
                    let afterColon = index + key.count + 1
                    let next = afterColon < scalars.count ? scalars[afterColon] : nil
                    if restKeys.contains(key), next == nil || next!.isSpace {
                        if mode == .all || key == "escalate", restIndex == nil {
                            flushRest(&result, &restIndex, &restScalars)
                            let tokenRange = locator.locate(key + ":", boundary: true)
                            result.rest.append(RestToken(key: key, text: "", range: tokenRange))
                            restIndex = result.rest.count - 1
                            index = afterColon
                            continue
                        }
                    } else if mode == .all, let next, !next.isSpace {
                        var end = afterColon
                        while end < scalars.count, !scalars[end].isSpace { end += 1 }
                        var valueEnd = end
                        // Trailing punctuation ends a token: `due:2026-12-01,` (SPEC §3).
                        while valueEnd > afterColon, trailingPunctuation.contains(scalars[valueEnd - 1]) {
                            valueEnd -= 1
                        }
                        let value = String(String.UnicodeScalarView(scalars[afterColon..<valueEnd]))
                        // `https://…` that autolink did not take is a URL, not a token.
                        if !value.isEmpty, !value.hasPrefix("//") {
                            let raw = key + ":" + value
                            let tokenRange = locator.locate(raw, boundary: true)
                            let keyEnd = tokenRange.start + key.utf8.count
                            result.tokens.append(InlineToken(
                                key: key, value: value, range: tokenRange,
                                valueRange: SourceRange(start: min(keyEnd + 1, tokenRange.end), end: tokenRange.end),
                                keyRange: SourceRange(start: tokenRange.start, end: min(keyEnd, tokenRange.end)),
                                isEmoji: false))
                            for offset in valueEnd..<end { appendText(scalars[offset], struck: segment.struck) }
                            index = end
                            continue
                        }
                    }
                }
                if mode == .all, restIndex == nil, scalar.value >= 0x2300,
                   let emojiToken = emoji(in: scalars, at: index, locator: &locator) {
                    result.tokens.append(emojiToken.token)
                    index = emojiToken.next
                    continue
                }
                appendText(scalar, struck: segment.struck)
                index += 1
            }
        }
        flushRest(&result, &restIndex, &restScalars)
        result.title = tidy(collapse(title))
        result.isStruckThrough = struckText && !plainText
        return result
    }

    private func flushRest(_ result: inout ItemText, _ restIndex: inout Int?, _ scalars: inout [Unicode.Scalar]) {
        guard let index = restIndex else { return }
        result.rest[index].text = collapse(scalars)
        restIndex = nil
        scalars = []
    }

    /// Removes what token stripping leaves behind: `B , , then` → `B, then`, `A ()` → `A`.
    /// Works on scalars: this runs for every item, and Foundation's string search is slow.
    private func tidy(_ title: String) -> String {
        guard title.utf8.contains(where: { $0 == 0x2C || $0 == 0x3B || $0 == 0x2E || $0 == 0x28 }) else { return title }
        var out: [Unicode.Scalar] = []
        for scalar in title.unicodeScalars {
            switch scalar {
            case ")" where out.last == "(" || (out.last == " " && out.dropLast().last == "("):
                // An empty pair of parentheses: drop it and the space before it.
                while let last = out.last, last == " " || last == "(" {
                    out.removeLast()
                    if last == "(" { break }
                }
            case ",", ";", ".":
                while out.last == " " { out.removeLast() }
                if scalar == ",", out.last == "," { continue }
                out.append(scalar)
            case " " where out.last == " ":
                continue
            default:
                out.append(scalar)
            }
        }
        while let first = out.first, first == "," || first == ";" || first == " " { out.removeFirst() }
        while let last = out.last, last == "," || last == ";" || last == " " { out.removeLast() }
        return String(String.UnicodeScalarView(out))
    }

    private func collapse(_ scalars: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in scalars {
            if scalar.isSpace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A handle's name starting at `start` (after the `@`), and its length in scalars.
    private func handle(in scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var end = start
        while end < scalars.count, isHandleScalar(scalars[end]) { end += 1 }
        // Not ending in `.` or `-`: `@yusuf.` is `@yusuf`.
        while end > start, scalars[end - 1] == "." || scalars[end - 1] == "-" { end -= 1 }
        guard end > start else { return nil }
        return (String(String.UnicodeScalarView(scalars[start..<end])), end - start)
    }

    /// `key` of a `key:` at `start`: a lowercase ASCII letter, then letters, digits or `-`.
    private func key(in scalars: [Unicode.Scalar], at start: Int) -> String? {
        var end = start + 1
        while end < scalars.count {
            let value = scalars[end].value
            if (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
                || value == 0x2D
            {
                end += 1
            } else {
                break
            }
        }
        guard end < scalars.count, scalars[end] == ":" else { return nil }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    private func emoji(in scalars: [Unicode.Scalar], at index: Int,
                       locator: inout Locator) -> (token: InlineToken, next: Int)?
    {
        let scalar = scalars[index]
        var next = index + 1
        if next < scalars.count, scalars[next] == "\u{FE0F}" { next += 1 }
        let written = String(String.UnicodeScalarView(scalars[index..<next]))
        if let priority = priorityMarks[scalar] {
            let range = locator.locate(written, boundary: false)
            return (InlineToken(key: "priority", value: priority, range: range, valueRange: range,
                                keyRange: range, isEmoji: true), next)
        }
        guard let key = emojiKeys[scalar] else { return nil }
        var valueStart = next
        while valueStart < scalars.count, scalars[valueStart] == " " || scalars[valueStart] == "\t" { valueStart += 1 }
        var runEnd = valueStart
        while runEnd < scalars.count, !scalars[runEnd].isSpace { runEnd += 1 }
        var valueEnd = runEnd
        while valueEnd > valueStart, trailingPunctuation.contains(scalars[valueEnd - 1]) { valueEnd -= 1 }
        guard valueEnd > valueStart else { return nil }
        let value = String(String.UnicodeScalarView(scalars[valueStart..<valueEnd]))
        let raw = String(String.UnicodeScalarView(scalars[index..<valueEnd]))
        let range = locator.locate(raw, boundary: false)
        let valueLength = value.utf8.count
        let valueRange = SourceRange(start: max(range.start, range.end - valueLength), end: range.end)
        return (InlineToken(key: key, value: value, range: range, valueRange: valueRange,
                            keyRange: SourceRange(start: range.start, end: range.start + written.utf8.count),
                            isEmoji: true), valueEnd)
    }

    /// The paragraph's inline text as segments: eligible for tokens, or not (code, links).
    private func segments(of node: Int) -> [Segment] {
        var segments: [Segment] = []
        for child in tree.descendants(of: node) {
            let kind = tree[child].kind
            var eligible = true, struck = false
            var ancestor = tree[child].parent
            while ancestor != node, ancestor != SyntaxTree.none {
                switch tree[ancestor].kind {
                case .link, .image: eligible = false
                case .strikethrough: struck = true
                default: break
                }
                ancestor = tree[ancestor].parent
            }
            switch kind {
            case .text: segments.append(Segment(text: tree[child].literal ?? "", eligible: eligible, struck: struck))
            case .code: segments.append(Segment(text: tree[child].literal ?? "", eligible: false, struck: struck))
            case .softBreak, .lineBreak: segments.append(Segment(text: " ", eligible: eligible, struck: struck))
            default: break
            }
        }
        return segments
    }
}

/// Letters of any script, digits, `_`, `-`, `.` (SPEC §3 handle).
func isHandleScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
        let value = scalar.value
        return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
            || value == 0x5F || value == 0x2D || value == 0x2E
    }
    return scalar.isLetterOrDigit
}

/// Finds token text in a block's source bytes, in order, skipping code spans and link
/// destinations, so diagnostics point at the exact token.
struct Locator {
    private let source: SourceFile
    private let range: SourceRange
    private var masked: [Bool]
    private var cursor: Int

    init(source: SourceFile, range: SourceRange) {
        self.source = source
        self.range = range
        cursor = range.start
        masked = Array(repeating: false, count: range.length)
        maskCodeSpansAndDestinations()
    }

    /// How far past the cursor a token is looked for: far enough for any real item,
    /// short enough that a hostile 5 MB line with thousands of unfindable tokens (escaped
    /// handles, say) stays linear.
    static let searchWindow = 64 * 1024

    /// The range of `text` at or after the cursor; the block's start when not found.
    mutating func locate(_ text: String, boundary: Bool) -> SourceRange {
        let needle = Array(text.utf8)
        if let found = search(needle, from: cursor, boundary: boundary) {
            cursor = found + needle.count
            return SourceRange(start: found, end: found + needle.count)
        }
        return SourceRange(start: range.start, end: range.start)
    }

    private func search(_ needle: [UInt8], from start: Int, boundary: Bool) -> Int? {
        guard !needle.isEmpty, range.end - needle.count >= start else { return nil }
        let bytes = source.bytes
        var position = start
        let last = min(range.end - needle.count, start + Self.searchWindow)
        while position <= last {
            if !masked[position - range.start], bytes[position] == needle[0],
               bytes[position..<position + needle.count].elementsEqual(needle)
            {
                let before = position > range.start ? bytes[position - 1] : 0x20
                let okBefore = !boundary || position == range.start || before == 0x20 || before == 0x09
                    || before == 0x0A || before == 0x0D || before == 0x28 || before == 0x3E
                    || (before >= 0x80 && scalarBefore(position)?.isSpace == true)
                let after = position + needle.count < bytes.count ? bytes[position + needle.count] : 0x20
                let okAfter = !(needle[0] == 0x40) || !isHandleContinuation(after)
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

    /// Masks `code spans` (matching backtick runs) and `](destination)` parts.
    private mutating func maskCodeSpansAndDestinations() {
        let bytes = source.bytes
        var index = range.start
        while index < range.end {
            let byte = bytes[index]
            if byte == 0x60 { // backtick run
                var runEnd = index
                while runEnd < range.end, bytes[runEnd] == 0x60 { runEnd += 1 }
                let runLength = runEnd - index
                var search = runEnd
                var closing: Int?
                while search < range.end {
                    if bytes[search] == 0x60 {
                        var end = search
                        while end < range.end, bytes[end] == 0x60 { end += 1 }
                        if end - search == runLength { closing = end; break }
                        search = end
                    } else {
                        search += 1
                    }
                }
                if let closing {
                    for offset in index..<closing { masked[offset - range.start] = true }
                    index = closing
                } else {
                    index = runEnd
                }
                continue
            }
            if byte == 0x5D, index + 1 < range.end, bytes[index + 1] == 0x28 { // "]("
                // The link text too: tokens there are not tokens, so must not be found there.
                var open = index - 1
                var nesting = 0
                while open >= range.start {
                    if bytes[open] == 0x5D { nesting += 1 }
                    if bytes[open] == 0x5B { if nesting == 0 { break }; nesting -= 1 }
                    open -= 1
                }
                if open >= range.start {
                    for offset in open..<index { masked[offset - range.start] = true }
                }
                var depth = 0
                var end = index + 1
                while end < range.end {
                    if bytes[end] == 0x28 { depth += 1 }
                    if bytes[end] == 0x29 { depth -= 1; if depth == 0 { break } }
                    end += 1
                }
                for offset in index..<min(end + 1, range.end) { masked[offset - range.start] = true }
                index = end + 1
                continue
            }
            if byte == 0x3C { // <autolink> or <html>
                var end = index + 1
                while end < range.end, bytes[end] != 0x3E, bytes[end] != 0x0A { end += 1 }
                if end < range.end, bytes[end] == 0x3E {
                    for offset in index...end { masked[offset - range.start] = true }
                    index = end + 1
                    continue
                }
            }
            index += 1
        }
    }
}

extension Unicode.Scalar {
    /// Whitespace, with an ASCII fast path: Unicode property lookups dominate a profile
    /// of `check` otherwise.
    @inline(__always) var isSpace: Bool {
        value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : properties.isWhitespace
    }

    /// A letter or digit of any script, with an ASCII fast path.
    @inline(__always) public var isLetterOrDigit: Bool {
        if value < 0x80 {
            return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
        }
        return properties.isAlphabetic || properties.numericType != nil
    }
}
