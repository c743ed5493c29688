import MapcModel
import MapcParse
import MapcSource

/// Reads the inline tokens of one paragraph or heading.
///
/// What is a token comes from cmark's tree (never inside code spans, links or autolinks);
/// where it is comes from the source bytes, because cmark's inline columns have known
/// faults (docs/cmark-gfm.md#inline-positions-that-are-wrong).
///
/// It works on UTF-8 bytes and decodes a scalar only where one is not ASCII: this runs
/// for every item of every plan, and building `String`s scalar by scalar was most of the
/// time `check` spent outside cmark.
struct InlineScanner {
    let source: SourceFile
    let tree: SyntaxTree

    /// A run of the item's text inside `InlineBytes.bytes`.
    struct Segment {
        var start: Int
        var end: Int
        /// False inside code spans, links and images: no tokens there.
        var eligible: Bool
        var struck: Bool
    }

    func scan(_ node: Int, mode: TokenMode) -> ItemText {
        let range = tree[node].range ?? .fileStart
        var state = ScanState(result: ItemText(range: range, node: node),
                              locator: Locator(source: source, tree: tree, node: node, range: range))
        var text: [UInt8] = []
        let segments = segments(of: node, into: &text)
        for segment in segments {
            state.struck = segment.struck
            guard segment.eligible else {
                state.appendText(text, segment.start..<segment.end)
                continue
            }
            var index = segment.start
            var atBoundary = state.outputEndsAtBoundary
            while index < segment.end {
                let byte = text[index]
                // Fast path: an ASCII byte that cannot start a token is text.
                if byte < 0x80, byte != 0x40, !(atBoundary && (0x61...0x7A).contains(byte)) {
                    state.appendASCII(byte)
                    atBoundary = byte == 0x20 || (0x09...0x0D).contains(byte) || byte == 0x28
                    index += 1
                    continue
                }
                index = state.step(text, at: index, atBoundary: atBoundary, in: segment, mode: mode)
                let previous = UTF8Text.scalar(in: text, before: index)
                atBoundary = previous.isSpace || previous == "("
            }
        }
        return state.finish()
    }

    /// The item's inline text as byte segments: eligible for tokens, or not (code, links).
    private func segments(of node: Int, into bytes: inout [UInt8]) -> [Segment] {
        var segments: [Segment] = []
        for child in tree.descendants(of: node) {
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
            let start = bytes.count
            switch tree[child].kind {
            case .text: bytes.append(contentsOf: (tree[child].literal ?? "").utf8)
            case .code:
                bytes.append(contentsOf: (tree[child].literal ?? "").utf8)
                eligible = false
            case .softBreak, .lineBreak: bytes.append(0x20)
            default: continue
            }
            segments.append(Segment(start: start, end: bytes.count, eligible: eligible, struck: struck))
        }
        return segments
    }
}

/// The scanner's working state for one item: the title and rest text being built.
private struct ScanState {
    var result: ItemText
    var locator: Locator
    var title = CollapsedText()
    var restText = CollapsedText()
    /// Index in `result.rest` while reading a rest token (`celebrate: …`).
    var restIndex: Int?
    var struck = false
    var struckText = false, plainText = false
    /// Where handles were written into the title, to drop those at its end.
    var handleSpans: [(start: Int, end: Int)] = []

    /// True when the text written so far ends where a token may start
    /// (docs/format.md#tokens-versus-prose): at the
    /// start, after whitespace or after `(`.
    var outputEndsAtBoundary: Bool {
        guard let last = (restIndex == nil ? title : restText).lastScalar else { return true }
        return last.isSpace || last == "("
    }

    /// Appends one ASCII byte of text to the title, or to the rest token being read.
    @inline(__always) mutating func appendASCII(_ byte: UInt8) {
        let isSpace = byte == 0x20 || (0x09...0x0D).contains(byte)
        if restIndex != nil {
            if isSpace { restText.appendSpace() } else { restText.append(byte) }
            return
        }
        if isSpace {
            title.appendSpace()
        } else {
            title.append(byte)
            if struck { struckText = true } else { plainText = true }
        }
    }

    /// Appends text that is not a token, scalar by scalar.
    mutating func appendText(_ bytes: [UInt8], _ range: Range<Int>) {
        var index = range.lowerBound
        while index < range.upperBound {
            let (scalar, length) = UTF8Text.scalar(in: bytes, at: index)
            if length == 1 {
                appendASCII(bytes[index])
            } else if scalar.isSpace {
                if restIndex != nil { restText.appendSpace() } else { title.appendSpace() }
            } else if restIndex != nil {
                restText.append(bytes[index..<(index + length)])
            } else {
                title.append(bytes[index..<(index + length)])
                if struck { struckText = true } else { plainText = true }
            }
            index += length
        }
    }

    /// Reads what starts at `index` (a token, or one scalar of text); returns where the
    /// next read starts.
    mutating func step(_ text: [UInt8], at index: Int, atBoundary: Bool, in segment: InlineScanner.Segment,
                       mode: TokenMode) -> Int {
        let (scalar, length) = UTF8Text.scalar(in: text, at: index)

        // @handle (docs/format.md#handles): read in every mode.
        if scalar == "@", atBoundary, let nameEnd = handleEnd(text, from: index + 1, to: segment.end) {
            let name = String(decoding: text[(index + 1)..<nameEnd], as: UTF8.self)
            result.handles.append(Located(Handle(name), at: locator.locate(text[index..<nameEnd], boundary: true)))
            if mode == .all, restIndex == nil {
                // Kept in the title unless it ends up in the item's trailing run of
                // handles and tokens (`finish`): "Ask @li. Then wait @dana" is "Ask @li. Then wait".
                let marks = (plainText, struckText)
                appendText(text, index..<nameEnd)
                (plainText, struckText) = marks
                handleSpans.append((title.bytes.count - (nameEnd - index), title.bytes.count))
            } else {
                appendText(text, index..<nameEnd)
            }
            return nameEnd
        }
        if mode != .handlesOnly, atBoundary, restIndex == nil || mode == .escalationOnly,
           (0x61...0x7A).contains(text[index]), let colon = keyEnd(text, from: index, to: segment.end)
        {
            if let next = tokenWithKey(text, from: index, colon: colon, in: segment, mode: mode) { return next }
        }
        if mode == .all, restIndex == nil, scalar.value >= 0x2300,
           let next = emoji(text, at: index, scalar: scalar, length: length, end: segment.end) {
            return next
        }
        appendText(text, index..<(index + length))
        return index + length
    }

    /// `key:value`, or a rest key (`celebrate: …`); nil when the text is neither.
    private mutating func tokenWithKey(_ text: [UInt8], from start: Int, colon: Int,
                                       in segment: InlineScanner.Segment, mode: TokenMode) -> Int? {
        let key = String(decoding: text[start..<colon], as: UTF8.self)
        let afterColon = colon + 1
        let nextIsSpace = afterColon >= segment.end || UTF8Text.scalar(in: text, at: afterColon).0.isSpace
        if restKeys.contains(key), nextIsSpace {
            guard mode == .all || key == "escalate", restIndex == nil else { return nil }
            flushRest()
            let tokenRange = locator.locate(text[start...colon], boundary: true)
            result.rest.append(RestToken(key: key, text: "", range: tokenRange))
            restIndex = result.rest.count - 1
            return afterColon
        }
        guard mode == .all, !nextIsSpace else { return nil }
        if let quoted = quotedValue(text, at: afterColon, end: segment.end) {
            let tokenRange = locator.locate(text[start..<quoted.end], boundary: true)
            let keyEnd = tokenRange.start + (colon - start)
            let quote = quoted.valueStart - afterColon
            result.tokens.append(InlineToken(
                key: key, value: String(decoding: text[quoted.valueStart..<quoted.valueEnd], as: UTF8.self),
                range: tokenRange,
                valueRange: SourceRange(start: min(keyEnd + 1 + quote, tokenRange.end), end: max(tokenRange.start, tokenRange.end - quote)),
                keyRange: SourceRange(start: tokenRange.start, end: min(keyEnd, tokenRange.end)),
                isEmoji: false, isQuoted: true))
            return quoted.end
        }
        let end = UTF8Text.nextSpace(in: text, from: afterColon, to: segment.end)
        // Trailing punctuation ends a token: `due:2026-12-01,` (docs/format.md#tokens-versus-prose).
        var valueEnd = end
        while valueEnd > afterColon, isTrailingPunctuation(text[valueEnd - 1]) { valueEnd -= 1 }
        // `https://…` that autolink did not take is a URL, not a token.
        guard valueEnd > afterColon,
              !(valueEnd - afterColon >= 2 && text[afterColon] == 0x2F && text[afterColon + 1] == 0x2F)
        else { return nil }
        let value = String(decoding: text[afterColon..<valueEnd], as: UTF8.self)
        let tokenRange = locator.locate(text[start..<valueEnd], boundary: true)
        let keyEnd = tokenRange.start + (colon - start)
        result.tokens.append(InlineToken(
            key: key, value: value, range: tokenRange,
            valueRange: SourceRange(start: min(keyEnd + 1, tokenRange.end), end: tokenRange.end),
            keyRange: SourceRange(start: tokenRange.start, end: min(keyEnd, tokenRange.end)),
            isEmoji: false))
        appendText(text, valueEnd..<end)
        return end
    }

    /// `"…"` or `“…”` right after a token's colon, closed before the segment ends: the
    /// value between the quotes, and where the token ends (docs/format.md#tokens-versus-prose).
    private func quotedValue(_ text: [UInt8], at index: Int, end: Int) -> (valueStart: Int, valueEnd: Int, end: Int)? {
        let straight: [UInt8] = [0x22], open: [UInt8] = [0xE2, 0x80, 0x9C], close: [UInt8] = [0xE2, 0x80, 0x9D]
        let (opening, closing): ([UInt8], [UInt8])
        if text[index...].starts(with: straight) {
            (opening, closing) = (straight, straight)
        } else if text[index...].starts(with: open) {
            (opening, closing) = (open, close)
        } else {
            return nil
        }
        let valueStart = index + opening.count
        var position = valueStart
        while position + closing.count <= end {
            if text[position] == closing[0], text[position..<(position + closing.count)].elementsEqual(closing) {
                return position > valueStart ? (valueStart, position, position + closing.count) : nil
            }
            position += 1
        }
        return nil
    }

    /// An Obsidian Tasks emoji token (`📅 2026-12-01`, `⏫`); nil for any other scalar.
    private mutating func emoji(_ text: [UInt8], at index: Int, scalar: Unicode.Scalar, length: Int, end: Int) -> Int? {
        var next = index + length
        // U+FE0F, the emoji presentation selector, is EF B8 8F in UTF-8.
        if next + 3 <= end, text[next] == 0xEF, text[next + 1] == 0xB8, text[next + 2] == 0x8F { next += 3 }
        if let priority = priorityMarks[scalar] {
            let range = locator.locate(text[index..<next], boundary: false)
            result.tokens.append(InlineToken(key: "priority", value: priority, range: range, valueRange: range,
                                             keyRange: range, isEmoji: true))
            return next
        }
        guard let key = emojiKeys[scalar] else { return nil }
        var valueStart = next
        while valueStart < end, text[valueStart] == 0x20 || text[valueStart] == 0x09 { valueStart += 1 }
        var runEnd = UTF8Text.nextSpace(in: text, from: valueStart, to: end)
        if phraseEmoji.contains(scalar) {
            // `🔁 every week on Monday 📅 …`: up to the next emoji token, or the end.
            runEnd = valueStart
            while runEnd < end {
                let (next, length) = UTF8Text.scalar(in: text, at: runEnd)
                if emojiKeys[next] != nil || priorityMarks[next] != nil { break }
                runEnd += length
            }
            while runEnd > valueStart, text[runEnd - 1] == 0x20 || text[runEnd - 1] == 0x09 { runEnd -= 1 }
        }
        var valueEnd = runEnd
        while valueEnd > valueStart, isTrailingPunctuation(text[valueEnd - 1]) { valueEnd -= 1 }
        guard valueEnd > valueStart else { return nil }
        let range = locator.locate(text[index..<valueEnd], boundary: false)
        let valueLength = valueEnd - valueStart
        result.tokens.append(InlineToken(
            key: key, value: String(decoding: text[valueStart..<valueEnd], as: UTF8.self), range: range,
            valueRange: SourceRange(start: max(range.start, range.end - valueLength), end: range.end),
            keyRange: SourceRange(start: range.start, end: range.start + (next - index)),
            isEmoji: true))
        return valueEnd
    }

    /// Where a handle's name that starts at `start` (after the `@`) ends; nil if empty.
    private func handleEnd(_ text: [UInt8], from start: Int, to limit: Int) -> Int? {
        var end = start
        while end < limit {
            let (scalar, length) = UTF8Text.scalar(in: text, at: end)
            guard isHandleScalar(scalar) else { break }
            end += length
        }
        // Not ending in `.` or `-`: `@yusuf.` is `@yusuf`.
        while end > start, text[end - 1] == 0x2E || text[end - 1] == 0x2D { end -= 1 }
        return end > start ? end : nil
    }

    /// The colon of a `key:` at `start`: a lowercase ASCII letter, then letters, digits or `-`.
    private func keyEnd(_ text: [UInt8], from start: Int, to limit: Int) -> Int? {
        var end = start + 1
        while end < limit {
            let byte = text[end]
            guard (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == 0x2D else { break }
            end += 1
        }
        return end < limit && text[end] == 0x3A ? end : nil
    }

    mutating func flushRest() {
        guard let index = restIndex else { return }
        result.rest[index].text = String(decoding: restText.bytes, as: UTF8.self)
        restIndex = nil
        restText = CollapsedText()
    }

    mutating func finish() -> ItemText {
        flushRest()
        // Handles followed by nothing but other handles and tokens are the item's owner and
        // contributors, not words of its title (docs/format.md#task-tokens).
        // So are handles before any word ("@hanako to review the contract").
        var bytes = title.bytes
        var spans = handleSpans[...]
        while let span = spans.last, span.end <= bytes.count, bytes[span.end...].allSatisfy({ $0 == 0x20 }) {
            bytes.removeSubrange(span.start...)
            while bytes.last == 0x20 { bytes.removeLast() }
            spans = spans.dropLast()
        }
        var leading = 0
        for span in spans {
            guard span.start <= bytes.count, bytes[leading..<span.start].allSatisfy({ $0 == 0x20 }) else { break }
            leading = span.end
        }
        if leading > 0 {
            bytes.removeSubrange(..<leading)
            while bytes.first == 0x20 { bytes.removeFirst() }
        }
        result.title = String(decoding: TitleText.tidy(bytes), as: UTF8.self)
        result.isStruckThrough = struckText && !plainText
        return result
    }
}

/// Punctuation that ends a token rather than belonging to it: `due:2026-12-01,`
/// (docs/format.md#tokens-versus-prose).
@inline(__always) private func isTrailingPunctuation(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x22, 0x27: true // . , ; : ! ? ) " '
    default: false
    }
}

/// Letters of any script, digits, `_`, `-`, `.` (docs/format.md#handles).
func isHandleScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
        let value = scalar.value
        return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
            || value == 0x5F || value == 0x2D || value == 0x2E
    }
    return scalar.isLetterOrDigit
}
