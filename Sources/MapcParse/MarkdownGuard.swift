import MapcSource

/// A pre-scan of a file's bytes that refuses the inputs on which Debian's cmark-gfm
/// 0.29.0.gfm.6 takes more than linear time or memory, before it sees them
/// (docs/robustness.md#limits, docs/cmark-gfm.md#slow-inputs).
///
/// Upstream fixed these cases in later releases (the 2023 security advisories); the
/// library we link predates them, and no file-size or line-length limit alone bounds them:
/// emphasis, links and raw HTML in one long paragraph, deep nesting over many lines, wide
/// tables, autolink look-alikes, long link reference definitions used many times. Each
/// guard counts cheap things in one linear pass; the thresholds are far above any real
/// plan (measured: the worst accepted 2 MiB input costs cmark about 0.5 s).
public enum MarkdownGuard {
    /// What the guard counts, and how much of each it accepts.
    public struct Limits: Sendable {
        /// Container nesting estimated from `>` and list markers on one line.
        public var depth = 16
        /// `* _ ~ [ ] ! `` in one paragraph (a run of non-blank lines).
        public var delimitersPerParagraph = 1024
        /// `<` in one paragraph.
        public var anglesPerParagraph = 256
        /// A table's delimiter row (`|---|`) may come at most this far into a paragraph.
        public var delimiterRowLines = 16
        public var delimiterRowBytes = 2048
        /// `www.`, `://` and `@` in one word.
        public var linkStartsPerWord = 16
        /// Trailing punctuation `)?!.,:*_~'";` at the end of one word.
        public var trailingPunctuationPerWord = 16
        /// E-mail-like `@` on one line.
        public var emailsPerLine = 32
        public var tableColumns = 128
        /// Columns × rows, summed over the file's tables.
        public var tableCells = 200_000
        /// The largest link reference definition's bytes × the number of `]`.
        public var referenceExpansion = 16 << 20

        public init() {}
    }

    /// Why a file is refused: where, and which limit (the `input-limit` rule words it).
    public struct Violation: Sendable, Equatable {
        /// Byte offset of the line it was found on.
        public var offset: Int
        public var line: Int
        public var limit: MarkdownLimit
    }

    /// The first thing in `bytes` past the limits, or nil when cmark may parse it.
    public static func check(_ bytes: [UInt8], limits: Limits = Limits()) -> Violation? {
        bytes.withUnsafeBufferPointer { Scan(bytes: $0, limits: limits).run() }
    }

    private struct Scan {
        let bytes: UnsafeBufferPointer<UInt8>
        let limits: Limits

        func run() -> Violation? {
            var lineStarts: [Int] = []
            var start = 0
            while start <= bytes.count {
                lineStarts.append(start)
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                start = end + 1
            }
            func line(_ index: Int) -> (start: Int, end: Int) {
                var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
                if end > lineStarts[index], bytes[end - 1] == 0x0D { end -= 1 }
                return (lineStarts[index], max(lineStarts[index], end))
            }
            let count = lineStarts.count
            // Non-blank lines following each line, and bytes up to the next blank line: one
            // backward pass each, so the table and reference guards stay linear.
            var blank = [Bool](repeating: false, count: count)
            for index in 0..<count {
                let (s, e) = line(index)
                blank[index] = (s..<e).allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 }
            }
            var nonBlankAfter = [Int](repeating: 0, count: count + 1)
            var bytesToBlank = [Int](repeating: 0, count: count + 1)
            for index in stride(from: count - 1, through: 0, by: -1) {
                nonBlankAfter[index] = index + 1 < count && !blank[index + 1] ? nonBlankAfter[index + 1] + 1 : 0
                let (s, e) = line(index)
                bytesToBlank[index] = blank[index] ? 0 : bytesToBlank[index + 1] + (e - s) + 1
            }
            var delimiters = 0, angles = 0, runLines = 0, runBytes = 0, runStart = 0
            var runMarkerIndent: Int?
            var cells = 0, largestDefinition = 0, brackets = 0
            func violation(_ index: Int, _ limit: MarkdownLimit) -> Violation {
                Violation(offset: lineStarts[index], line: index + 1, limit: limit)
            }
            for index in 0..<count {
                let (s, e) = line(index)
                let text = UnsafeBufferPointer(rebasing: bytes[s..<e])
                let depth = Self.depth(text)
                if depth > limits.depth {
                    return violation(index, .depth(found: depth, limit: limits.depth))
                }
                if let word = Self.words(text, limits: limits) { return violation(index, word) }
                let emails = Self.emails(text)
                if emails > limits.emailsPerLine {
                    return violation(index, .emails(found: emails, limit: limits.emailsPerLine))
                }
                // Paragraph runs: what cmark's inline parser sees as one block of text.
                let isBlank = blank[index]
                let marker = Self.listMarker(text)
                if Self.startsBlock(text) {
                    // A heading, fence or rule is a block of its own: the next line starts a paragraph.
                    delimiters = 0; angles = 0; runLines = 0; runBytes = 0; runStart = index + 1
                    runMarkerIndent = nil
                    continue
                }
                var splits = isBlank || (marker != nil && marker!.bullet)
                if let marker, !marker.bullet, !splits {
                    splits = marker.first || (runMarkerIndent.map { marker.indent <= $0 } ?? false)
                }
                if splits {
                    delimiters = 0; angles = 0; runLines = 0; runBytes = 0; runStart = index
                    runMarkerIndent = marker?.indent
                }
                guard !isBlank else { continue }
                if Self.isDelimiterRow(text) {
                    if runLines > limits.delimiterRowLines || runBytes > limits.delimiterRowBytes {
                        return violation(index, .delimiterRow(linesIn: runLines, paragraphLine: runStart + 1))
                    }
                    let columns = Self.columns(text)
                    if columns > limits.tableColumns {
                        return violation(index, .tableColumns(found: columns, limit: limits.tableColumns))
                    }
                    cells += columns * (nonBlankAfter[index] + 1)
                    if cells > limits.tableCells {
                        return violation(index, .tableCells(found: cells, limit: limits.tableCells))
                    }
                }
                if Self.isReferenceDefinition(text) { largestDefinition = max(largestDefinition, bytesToBlank[index]) }
                for byte in text {
                    switch byte {
                    case 0x2A, 0x5F, 0x7E, 0x5B, 0x21, 0x60: delimiters += 1 // * _ ~ [ ! `
                    case 0x5D: delimiters += 1; brackets += 1                // ]
                    case 0x3C: angles += 1                                   // <
                    default: break
                    }
                }
                runLines += 1
                runBytes += text.count + 1
                if delimiters > limits.delimitersPerParagraph {
                    return violation(runStart, .paragraphMarks(paragraphLine: runStart + 1, limit: limits.delimitersPerParagraph))
                }
                if angles > limits.anglesPerParagraph {
                    return violation(runStart, .paragraphAngles(paragraphLine: runStart + 1, limit: limits.anglesPerParagraph))
                }
            }
            if largestDefinition > 0, largestDefinition * brackets > limits.referenceExpansion {
                return Violation(offset: 0, line: 1, limit: .referenceExpansion(
                    definitionBytes: largestDefinition, uses: brackets, limit: limits.referenceExpansion))
            }
            return nil
        }

        /// `>` and list markers at the start of a line, and the columns they indent.
        static func depth(_ line: UnsafeBufferPointer<UInt8>) -> Int {
            var columns = 0, quotes = 0, markers = 0, index = 0
            while index < line.count {
                let byte = line[index]
                if byte == 0x20 {
                    columns += 1
                } else if byte == 0x09 {
                    columns += 4 - columns % 4
                } else if byte == 0x3E {
                    quotes += 1
                    // The one space after `>` belongs to the quote marker, not to indentation.
                    if index + 1 < line.count, line[index + 1] == 0x20 { index += 1 }
                } else if byte == 0x2D || byte == 0x2B || byte == 0x2A,
                          index + 1 == line.count || line[index + 1] == 0x20 || line[index + 1] == 0x09 {
                    markers += 1
                    columns += 1
                } else if let end = orderedMarkerEnd(line, at: index),
                          end == line.count || line[end] == 0x20 || line[end] == 0x09 {
                    markers += 1
                    columns += end - index
                    index = end
                    continue
                } else {
                    break
                }
                index += 1
            }
            return quotes == 0 && markers == 0 ? 0 : quotes + (columns + 1) / 2
        }

        /// The end of `1.` or `12)` at `index`, if one is there.
        static func orderedMarkerEnd(_ line: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
            var end = index
            while end < line.count, end - index < 9, (0x30...0x39).contains(line[end]) { end += 1 }
            guard end > index, end < line.count, line[end] == 0x2E || line[end] == 0x29 else { return nil }
            return end + 1
        }

        /// What is wrong with a word of the line, if anything.
        static func words(_ line: UnsafeBufferPointer<UInt8>, limits: Limits) -> MarkdownLimit? {
            var start = 0
            while start < line.count {
                while start < line.count, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
                var end = start
                while end < line.count, line[end] != 0x20, line[end] != 0x09 { end += 1 }
                if end > start {
                    var starts = 0, index = start
                    while index < end {
                        if line[index] == 0x40 { starts += 1 }
                        if index + 4 <= end, line[index] == 0x77, line[index + 1] == 0x77, line[index + 2] == 0x77,
                           line[index + 3] == 0x2E { starts += 1 }
                        if index + 3 <= end, line[index] == 0x3A, line[index + 1] == 0x2F, line[index + 2] == 0x2F { starts += 1 }
                        index += 1
                    }
                    if starts > limits.linkStartsPerWord { return .linkStarts(found: starts, limit: limits.linkStartsPerWord) }
                    var trailing = 0
                    while trailing < end - start, isTrailingPunctuation(line[end - 1 - trailing]) { trailing += 1 }
                    if trailing > limits.trailingPunctuationPerWord {
                        return .trailingPunctuation(found: trailing, limit: limits.trailingPunctuationPerWord)
                    }
                }
                start = end
            }
            return nil
        }

        static func isTrailingPunctuation(_ byte: UInt8) -> Bool {
            switch byte {
            case 0x29, 0x3F, 0x21, 0x2E, 0x2C, 0x3A, 0x2A, 0x5F, 0x7E, 0x27, 0x22, 0x3B: true
            default: false
            }
        }

        /// `@` preceded by a letter, digit or `._+-`: what the autolinker takes for an e-mail.
        static func emails(_ line: UnsafeBufferPointer<UInt8>) -> Int {
            var count = 0
            for index in line.indices.dropFirst() where line[index] == 0x40 {
                let before = line[index - 1]
                if (0x30...0x39).contains(before) || (0x41...0x5A).contains(before) || (0x61...0x7A).contains(before)
                    || before == 0x2E || before == 0x5F || before == 0x2B || before == 0x2D { count += 1 }
            }
            return count
        }

        /// A heading, a fence, a thematic break or setext underline: it ends a paragraph.
        static func startsBlock(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
            var index = 0
            while index < line.count, index < 4, line[index] == 0x20 { index += 1 }
            guard index < 4, index < line.count else { return false }
            let first = line[index]
            if first == 0x23 {  // #
                var hashes = 0
                while index + hashes < line.count, line[index + hashes] == 0x23 { hashes += 1 }
                return hashes <= 6 && (index + hashes == line.count || line[index + hashes] == 0x20 || line[index + hashes] == 0x09)
            }
            if first == 0x60 || first == 0x7E {  // ``` ~~~
                return index + 3 <= line.count && line[index + 1] == first && line[index + 2] == first
            }
            if first == 0x2D || first == 0x3D {  // --- ===
                return line[index...].allSatisfy { $0 == first || $0 == 0x20 || $0 == 0x09 }
            }
            return false
        }

        /// A list marker opening the line: a bullet with content, or an ordered one.
        static func listMarker(_ line: UnsafeBufferPointer<UInt8>) -> (bullet: Bool, indent: Int, first: Bool)? {
            var index = 0
            while index < line.count, index < 4, line[index] == 0x20 { index += 1 }
            guard index < 4, index < line.count else { return nil }
            let byte = line[index]
            if byte == 0x2D || byte == 0x2B || byte == 0x2A {
                var next = index + 1
                guard next < line.count, line[next] == 0x20 || line[next] == 0x09 else { return nil }
                while next < line.count, line[next] == 0x20 || line[next] == 0x09 { next += 1 }
                return next < line.count ? (true, index, false) : nil
            }
            guard let end = orderedMarkerEnd(line, at: index), end < line.count, line[end] == 0x20 || line[end] == 0x09 else {
                return nil
            }
            return (false, index, end - index == 2 && line[index] == 0x31)
        }

        /// `|---|:-:|`, `--- | ---` or `:-`: what the table extension may take for a delimiter
        /// row; dashes alone are a setext underline or a thematic break instead.
        static func isDelimiterRow(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
            var dashes = 0, marks = 0
            for byte in line {
                switch byte {
                case 0x2D: dashes += 1
                case 0x7C, 0x3A: marks += 1
                case 0x20, 0x09: break
                default: return false
                }
            }
            return dashes > 0 && marks > 0
        }

        static func columns(_ line: UnsafeBufferPointer<UInt8>) -> Int {
            var first = 0, last = line.count
            while first < last, line[first] == 0x20 || line[first] == 0x09 { first += 1 }
            while last > first, line[last - 1] == 0x20 || line[last - 1] == 0x09 { last -= 1 }
            if first < last, line[first] == 0x7C { first += 1 }
            if last > first, line[last - 1] == 0x7C { last -= 1 }
            return line[first..<last].reduce(1) { $1 == 0x7C ? $0 + 1 : $0 }
        }

        /// `[label]: destination`, possibly inside quotes.
        static func isReferenceDefinition(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
            var index = 0
            while index < line.count, index < 16, line[index] == 0x20 || line[index] == 0x3E { index += 1 }
            guard index < line.count, line[index] == 0x5B else { return false }
            var close = index + 1
            while close < line.count, line[close] != 0x5D { close += 1 }
            return close > index + 1 && close + 1 < line.count && line[close + 1] == 0x3A
        }
    }
}
