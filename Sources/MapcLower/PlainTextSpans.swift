import MapcParse
import MapcSource

/// Which source bytes of a block are plain text, derived from cmark's own inline nodes.
///
/// cmark-gfm 0.29 gives inline nodes positions that are wrong or missing
/// (docs/cmark-gfm.md#inline-positions-that-are-wrong), so this does not read them. It
/// walks the block's inline nodes in order with one forward cursor over the source bytes:
/// a text node is found where its literal is written (backslash escapes and entities
/// decoded, as cmark did); a soft or hard break moves past its newline; emphasis past
/// its delimiters; a code span past its closing backtick run; raw HTML past its literal; a link or image past its
/// destination, title or reference label; an autolink past its `>`. Only text outside
/// links and images is plain: that is where `Locator` may find a token. Nothing is
/// re-parsed except the tail of a link, and only where cmark's tree says a link ends.
/// `LocatorAgreementTests` holds this to cmark's tree over every example of the GFM spec.
struct PlainTextSpans {
    private let bytes: [UInt8]
    private let tree: SyntaxTree
    private let block: Int
    private let start: Int, end: Int
    private var cursor: Int
    /// One flag per byte of the block's range.
    private(set) var plain: [Bool]
    private var entities: [String: [UInt8]?] = [:]

    init(source: SourceFile, tree: SyntaxTree, block: Int, range: SourceRange) {
        bytes = source.bytes
        self.tree = tree
        self.block = block
        start = range.start
        end = min(range.end, source.bytes.count)
        cursor = start
        plain = Array(repeating: false, count: max(0, end - start))
        walk()
    }

    private enum LinkForm { case bracket, angle, bare }

    /// Every inline node of the block in document order, entering and leaving, without a
    /// stack: nesting depth is the author's choice.
    private mutating func walk() {
        var links = 0
        var forms: [LinkForm] = []
        var node = tree[block].firstChild
        while node != SyntaxTree.none {
            let kind = tree[node].kind
            switch kind {
            case .text:
                var literal = tree[node].literal ?? ""
                literal.withUTF8 { text($0, plain: links == 0) }
            case .softBreak, .lineBreak:
                if let newline = find(0x0A, from: cursor) { cursor = newline + 1 }
            case .code:
                codeSpan()
            case .htmlInline:
                var literal = tree[node].literal ?? ""
                literal.withUTF8 { rawHTML($0) }
            case .link, .image:
                forms.append(openLink(image: kind == .image))
                links += 1
            case .emphasis, .strong, .strikethrough:
                delimiters(of: kind)
            default:
                break
            }
            if tree[node].firstChild != SyntaxTree.none, kind != .text, kind != .code, kind != .htmlInline {
                node = tree[node].firstChild
                continue
            }
            // Leave `node`, and every parent whose last child it is.
            while node != block {
                leave(node, links: &links, forms: &forms)
                if tree[node].nextSibling != SyntaxTree.none { node = tree[node].nextSibling; break }
                node = tree[node].parent
                if node == SyntaxTree.none { return }
            }
            if node == block { return }
        }
    }

    /// After a node's children: a link's or image's tail, emphasis' closing delimiters.
    private mutating func leave(_ node: Int, links: inout Int, forms: inout [LinkForm]) {
        switch tree[node].kind {
        case .link, .image:
            links -= 1
            closeLink(node, form: forms.removeLast())
        case .emphasis, .strong, .strikethrough:
            delimiters(of: tree[node].kind)
        default:
            break
        }
    }

    // MARK: Nodes

    /// A text node: found at the first place at or after the cursor where its literal is written.
    private mutating func text(_ literal: UnsafeBufferPointer<UInt8>, plain isPlain: Bool) {
        guard let first = literal.first else { return }
        var position = cursor
        let last = min(end - 1, cursor + Locator.searchWindow)
        while position <= last {
            let byte = bytes[position]
            if byte == first || byte == 0x5C || byte == 0x26, let matched = match(literal, at: position) {
                if isPlain { for offset in position..<matched { plain[offset - start] = true } }
                cursor = matched
                return
            }
            position += 1
        }
    }

    /// A code span: past the backtick run that closes the first one at or after the cursor.
    private mutating func codeSpan() {
        guard let open = find(0x60, from: cursor) else { return }
        let length = run(of: 0x60, at: open)
        var position = open + length
        while let next = find(0x60, from: position) {
            let closing = run(of: 0x60, at: next)
            if closing == length { cursor = next + closing; return }
            position = next + closing
        }
    }

    /// Raw HTML: its literal, from the first `<` at or after the cursor.
    private mutating func rawHTML(_ literal: UnsafeBufferPointer<UInt8>) {
        guard let open = find(0x3C, from: cursor) else { return }
        if let matched = match(literal, at: open, decoding: false) {
            cursor = matched
        } else if let close = find(0x3E, from: open) {
            cursor = close + 1
        }
    }

    /// Past the delimiters that open or close emphasis (one `*` or `_`), strong emphasis
    /// (two) or strikethrough (a run of `~`), so that `*\**` finds its text at `\*`.
    private mutating func delimiters(of kind: NodeKind) {
        var position = cursor
        // A line's indentation or `>` marks, after a soft break.
        while position < end, bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x3E {
            position += 1
        }
        guard position < end else { return }
        let byte = bytes[position]
        let count: Int
        switch kind {
        case .emphasis where byte == 0x2A || byte == 0x5F: count = 1
        case .strong where byte == 0x2A || byte == 0x5F: count = 2
        case .strikethrough where byte == 0x7E: count = min(2, run(of: 0x7E, at: position))
        default: return
        }
        guard run(of: byte, at: position) >= count else { return }
        cursor = position + count
    }

    /// Past a link's opening: `[`, `![`, `<`, or nothing for an autolink the extension found.
    private mutating func openLink(image: Bool) -> LinkForm {
        var position = cursor
        // Emphasis and strikethrough delimiters cmark used up lie between nodes.
        while position < end, bytes[position] == 0x2A || bytes[position] == 0x5F || bytes[position] == 0x7E {
            position += 1
        }
        guard position < end else { return .bare }
        if image, bytes[position] == 0x21, position + 1 < end, bytes[position + 1] == 0x5B {
            cursor = position + 2
            return .bracket
        }
        if bytes[position] == 0x5B { cursor = position + 1; return .bracket }
        if bytes[position] == 0x3C { cursor = position + 1; return .angle }
        return .bare
    }

    /// Past a link's end: `>` for `<autolink>`; for `[text]`, its `]` and then the
    /// destination and title, or the reference label, unless that is text cmark left.
    private mutating func closeLink(_ node: Int, form: LinkForm) {
        switch form {
        case .bare: return
        case .angle:
            if let close = find(0x3E, from: cursor) { cursor = close + 1 }
            return
        case .bracket:
            break
        }
        guard let close = find(0x5D, from: cursor) else { return }
        cursor = close + 1
        guard cursor < end, bytes[cursor] == 0x28 || bytes[cursor] == 0x5B else { return }
        // `[foo](not a destination)` and `[foo][undefined]` are a shortcut link followed
        // by text: cmark's next text node is then written right here.
        if let next = nodeAfter(node), tree[next].kind == .text {
            var literal = tree[next].literal ?? ""
            let at = cursor
            if literal.withUTF8({ match($0, at: at) }) != nil { return }
        }
        let tail = bytes[cursor] == 0x28 ? inlineTail(from: cursor + 1) : label(from: cursor + 1)
        if let tail { cursor = tail }
    }

    /// The node after `node`'s subtree in document order, inside the block.
    private func nodeAfter(_ node: Int) -> Int? {
        var current = node
        while current != block, current != SyntaxTree.none {
            if tree[current].nextSibling != SyntaxTree.none { return tree[current].nextSibling }
            current = tree[current].parent
        }
        return nil
    }

    // MARK: Link tails (CommonMark 0.29, "Links")

    /// After `(`: spaces, a destination, spaces, a title, spaces, `)`. Where it ends, or nil.
    private func inlineTail(from position: Int) -> Int? {
        var index = skipSpaces(from: position)
        guard index < end else { return nil }
        if bytes[index] == 0x3C { // <destination>
            index += 1
            while index < end, bytes[index] != 0x3E {
                if bytes[index] == 0x0A || bytes[index] == 0x3C { return nil }
                index += bytes[index] == 0x5C && index + 1 < end ? 2 : 1
            }
            guard index < end else { return nil }
            index += 1
        } else {
            var depth = 0
            while index < end {
                let byte = bytes[index]
                if byte == 0x5C, index + 1 < end, isPunctuation(bytes[index + 1]) { index += 2; continue }
                if byte <= 0x20 || byte == 0x7F { break }
                if byte == 0x28 { depth += 1 }
                if byte == 0x29 { if depth == 0 { break }; depth -= 1 }
                index += 1
            }
            guard depth == 0 else { return nil }
        }
        let afterDestination = index
        index = skipSpaces(from: index)
        guard index < end else { return nil }
        if index > afterDestination, let title = title(from: index) {
            index = skipSpaces(from: title)
        }
        guard index < end, bytes[index] == 0x29 else { return nil }
        return index + 1
    }

    /// A link title, `"…"`, `'…'` or `(…)`, without a blank line: where it ends, or nil.
    private func title(from position: Int) -> Int? {
        let opening = bytes[position]
        let closing: UInt8
        switch opening {
        case 0x22, 0x27: closing = opening
        case 0x28: closing = 0x29
        default: return nil
        }
        var index = position + 1
        while index < end {
            let byte = bytes[index]
            if byte == 0x5C, index + 1 < end, isPunctuation(bytes[index + 1]) { index += 2; continue }
            if byte == closing { return index + 1 }
            if opening == 0x28, byte == 0x28 { return nil }
            if byte == 0x0A, blankLine(after: index) { return nil }
            index += 1
        }
        return nil
    }

    /// After `[`: a reference label up to `]`, no unescaped `[`, at most 999 characters.
    private func label(from position: Int) -> Int? {
        var index = position
        while index < end, index - position <= 999 {
            let byte = bytes[index]
            if byte == 0x5C, index + 1 < end, isPunctuation(bytes[index + 1]) { index += 2; continue }
            if byte == 0x5B { return nil }
            if byte == 0x5D { return index + 1 }
            index += 1
        }
        return nil
    }

    /// Spaces, tabs and at most one line ending (with the next line's indentation or `>` marks).
    private func skipSpaces(from position: Int) -> Int {
        var index = position
        var newlines = 0
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A { newlines += 1; if newlines > 1 { break } }
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || (newlines > 0 && byte == 0x3E)
            else { break }
            index += 1
        }
        return index
    }

    private func blankLine(after newline: Int) -> Bool {
        var index = newline + 1
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D || bytes[index] == 0x3E {
            index += 1
        }
        return index >= end || bytes[index] == 0x0A
    }

    // MARK: Matching

    /// Where `literal` ends if it is written at `position`: with `decoding`, a backslash
    /// escape stands for its character and an entity for what it decodes to. A line
    /// ending may be followed by indentation or `>` marks cmark did not keep.
    private mutating func match(_ literal: UnsafeBufferPointer<UInt8>, at position: Int, decoding: Bool = true) -> Int? {
        var index = 0, source = position
        while index < literal.count {
            guard source < end else { return nil }
            let byte = bytes[source]
            if decoding, byte == 0x5C, source + 1 < end, isPunctuation(bytes[source + 1]) {
                guard literal[index] == bytes[source + 1] else { return nil }
                source += 2; index += 1
                continue
            }
            if decoding, byte == 0x26, let semicolon = entityEnd(at: source) {
                // Written as is (a name cmark does not know), or decoded.
                if has(literal, at: index, bytes, from: source, to: semicolon + 1) {
                    index += semicolon + 1 - source; source = semicolon + 1
                    continue
                }
                if let decoded = decodedEntity(source, semicolon), has(literal, at: index, decoded, from: 0, to: decoded.count) {
                    index += decoded.count; source = semicolon + 1
                    continue
                }
            }
            guard byte == literal[index] else { return nil }
            source += 1; index += 1
            if byte == 0x0A {
                while source < end, bytes[source] == 0x20 || bytes[source] == 0x09 || bytes[source] == 0x3E,
                      index >= literal.count || bytes[source] != literal[index] {
                    source += 1
                }
            }
        }
        return source
    }

    /// True when `literal` has `other[from..<to]` at `index` (a loop: this runs for every entity).
    private func has(_ literal: UnsafeBufferPointer<UInt8>, at index: Int, _ other: [UInt8], from: Int, to: Int) -> Bool {
        guard literal.count - index >= to - from else { return false }
        var position = from
        while position < to {
            if literal[index + position - from] != other[position] { return false }
            position += 1
        }
        return true
    }

    /// The `;` of what may be an entity at `position` (`&copy;`, `&#35;`, `&#x22;`).
    private func entityEnd(at position: Int) -> Int? {
        var index = position + 1
        guard index < end else { return nil }
        if bytes[index] == 0x23 { // numeric: up to 7 decimal or 6 hexadecimal digits
            index += 1
            let hex = index < end && (bytes[index] == 0x78 || bytes[index] == 0x58)
            if hex { index += 1 }
            let digitsStart = index
            while index < end, index - digitsStart < (hex ? 6 : 7), digit(bytes[index], hex: hex) != nil { index += 1 }
            return index > digitsStart && index < end && bytes[index] == 0x3B ? index : nil
        }
        while index < end, index - position <= 32, isAlphanumeric(bytes[index]) { index += 1 }
        return index > position + 1 && index < end && bytes[index] == 0x3B ? index : nil
    }

    /// What the entity from `position` to its `semicolon` decodes to, as cmark decodes it;
    /// nil when it is not an entity.
    private mutating func decodedEntity(_ position: Int, _ semicolon: Int) -> [UInt8]? {
        if bytes[position + 1] == 0x23 {
            let hex = bytes[position + 2] == 0x78 || bytes[position + 2] == 0x58
            var value: UInt32 = 0
            for byte in bytes[(position + (hex ? 3 : 2))..<semicolon] {
                value = value * (hex ? 16 : 10) + (digit(byte, hex: hex) ?? 0)
            }
            let scalar = value == 0 ? "\u{FFFD}" : Unicode.Scalar(value) ?? "\u{FFFD}"
            return Array(String(Character(scalar)).utf8)
        }
        let name = String(decoding: bytes[position...semicolon], as: UTF8.self)
        if let cached = entities[name] { return cached }
        let decoded = Markdown.decodedEntity(name).map { Array($0.utf8) }
        entities[name] = decoded
        return decoded
    }

    private func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        if (0x30...0x39).contains(byte) { return UInt32(byte - 0x30) }
        guard hex else { return nil }
        if (0x61...0x66).contains(byte) { return UInt32(byte - 0x61 + 10) }
        if (0x41...0x46).contains(byte) { return UInt32(byte - 0x41 + 10) }
        return nil
    }

    private func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
            || (0x7B...0x7E).contains(byte)
    }

    private func find(_ byte: UInt8, from position: Int) -> Int? {
        let last = min(end, position + Locator.searchWindow)
        var index = position
        while index < last {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    private func run(of byte: UInt8, at position: Int) -> Int {
        var index = position
        while index < end, bytes[index] == byte { index += 1 }
        return index - position
    }
}
