import MapcModel
import MapcSource

/// A replacement in the compiler's bytes of a document.
struct ByteEdit: Hashable, Sendable {
    var range: SourceRange
    var text: String
}

/// A code action before it is turned into LSP: a title, a kind and its edits.
struct Fix: Sendable {
    var title: String
    var kind: String
    var edits: [ByteEdit]
    /// The diagnostic it fixes, if any.
    var diagnostic: Diagnostic?
    var isPreferred = false
    /// Safe to apply without looking (`source.fixAll.mapc`): the help names the one
    /// right spelling (`write \`X\``, a date with its zero padding).
    var isMechanical = false
}

/// Code actions from diagnostics and the model: pure functions of a plan and its source,
/// so they are tested without a server (docs/editors.md#code-actions).
enum Fixes {
    /// The replacements a diagnostic's help offers: "did you mean `X`?" (each of up to
    /// three), "write `X`", "rename `A` to `B`". Each replaces the text the message quotes.
    static func suggested(for diagnostic: Diagnostic, source: SourceFile) -> [Fix] {
        guard let help = diagnostic.help else { return [] }
        var bad = RelatedInformation.quoted(in: diagnostic.message).first
        var replacements: [String] = []
        var mechanical = false
        if help.hasPrefix("did you mean ") {
            let question = help.firstIndex(of: "?") ?? help.endIndex
            replacements = RelatedInformation.quoted(in: String(help[..<question]))
            // Zero padding of a date is the only reading: mechanical.
            mechanical = diagnostic.rule == "invalid-date"
        } else if help.hasPrefix("write `") {
            replacements = Array(RelatedInformation.quoted(in: help).prefix(1))
            mechanical = true
        } else if help.hasPrefix("rename `") {
            let names = RelatedInformation.quoted(in: help)
            if names.count >= 2 {
                bad = names[0]
                replacements = [names[1]]
            }
        }
        var fixes: [Fix] = []
        for (index, replacement) in replacements.enumerated() {
            guard let edit = replacementEdit(diagnostic.range, bad: bad, with: replacement, source: source) else { continue }
            fixes.append(Fix(title: "Replace with `\(replacement)`", kind: "quickfix", edits: [edit], diagnostic: diagnostic,
                             isPreferred: index == 0, isMechanical: mechanical && replacements.count == 1))
        }
        return fixes
    }

    /// The edit that puts `replacement` where the diagnostic's range holds `bad`.
    static func replacementEdit(_ range: SourceRange, bad: String?, with replacement: String,
                                source: SourceFile) -> ByteEdit? {
        let text = source.text(range)
        guard !text.isEmpty || bad == nil else { return nil }
        var candidates: [(String, String)] = []
        if let bad {
            candidates.append((bad, replacement))
            // `## Ziele` in the message, `Ziele` in the range.
            if bad.hasPrefix("## "), replacement.hasPrefix("## ") {
                candidates.append((String(bad.dropFirst(3)), String(replacement.dropFirst(3))))
            }
            if bad.hasSuffix(":"), replacement.hasSuffix(":") {
                candidates.append((String(bad.dropLast()), String(replacement.dropLast())))
            }
        }
        for (old, new) in candidates where !old.isEmpty {
            guard let found = text.range(of: old) else { continue }
            let start = range.start + text[..<found.lowerBound].utf8.count
            return ByteEdit(range: SourceRange(start: start, end: start + old.utf8.count), text: new)
        }
        // The message quotes something before the range (the heading above untracked
        // checkbox items): the nearest earlier occurrence of it.
        if let bad, bad.hasPrefix("## "), let start = lastOccurrence(of: Array(bad.utf8), before: range.start, in: source.bytes) {
            return ByteEdit(range: SourceRange(start: start, end: start + bad.utf8.count), text: replacement)
        }
        // The range is the whole thing to write anew (`# Stakeholders` → `## Stakeholders`).
        return text.isEmpty ? nil : ByteEdit(range: range, text: replacement)
    }

    /// Where `needle` last starts before `offset`, looking back at most 64 KiB.
    static func lastOccurrence(of needle: [UInt8], before offset: Int, in bytes: [UInt8]) -> Int? {
        var start = min(offset, bytes.count) - needle.count
        let limit = max(0, offset - 65536)
        while start >= limit {
            if bytes[start] == needle[0], Array(bytes[start..<(start + needle.count)]) == needle { return start }
            start -= 1
        }
        return nil
    }

    /// `<!-- mapc-disable-next-line rule -->` above the diagnostic's line, indented like
    /// it; for a plan-level finding, `<!-- mapc-disable rule -->` where the body starts
    /// (docs/format.md#suppression-comments).
    static func suppression(for diagnostic: Diagnostic, plan: Plan?, source: SourceFile) -> Fix? {
        // A front matter that never closes leaves no body to hold the comment.
        guard plan?.bodyWasRead ?? false else { return nil }
        if diagnostic.isPlanLevel || diagnostic.range.start < (plan?.bodyStart ?? 0) {
            let at = plan?.bodyStart ?? 0
            let newline = lineEnding(source)
            return Fix(title: "Suppress `\(diagnostic.rule)` in this file", kind: "quickfix",
                       edits: [ByteEdit(range: .at(at), text: "<!-- mapc-disable \(diagnostic.rule) -->\(newline)")],
                       diagnostic: diagnostic)
        }
        let line = source.line(containing: diagnostic.range.start)
        let start = source.offset(ofLine: line)
        let indentation = source.text(ofLine: line).prefix { $0 == " " || $0 == "\t" }
        return Fix(title: "Suppress `\(diagnostic.rule)` on this line", kind: "quickfix",
                   edits: [ByteEdit(range: .at(start),
                                    text: "\(indentation)<!-- mapc-disable-next-line \(diagnostic.rule) -->\(lineEnding(source))")],
                   diagnostic: diagnostic)
    }

    /// The file's line ending: CRLF when its first line ends so.
    static func lineEnding(_ source: SourceFile) -> String {
        source.lineStarts.count > 1 && source.lineStarts[1] >= 2 && source.bytes[source.lineStarts[1] - 2] == 0x0D ? "\r\n" : "\n"
    }

    /// `owner-unknown`: a Stakeholders row for the handle (after the last row, with as
    /// many cells as the table has columns), or a new Stakeholders section.
    static func addStakeholder(for diagnostic: Diagnostic, plan: Plan, source: SourceFile) -> Fix? {
        guard diagnostic.rule == "owner-unknown", let handle = RelatedInformation.quoted(in: diagnostic.message).first,
              handle.hasPrefix("@") else { return nil }
        let newline = lineEnding(source)
        let title = "Add `\(handle)` to Stakeholders"
        if let last = plan.stakeholders.last {
            let line = source.line(containing: last.range.start)
            let cells = max(1, source.text(ofLine: line).filter { $0 == "|" }.count - 1)
            let row = "| \(handle) |" + String(repeating: "  |", count: cells - 1)
            let end = source.contentEnd(ofLine: line)
            return Fix(title: title, kind: "quickfix", edits: [ByteEdit(range: .at(end), text: newline + row)], diagnostic: diagnostic)
        }
        let section = "## Stakeholders\(newline)| Handle | Name | Party | Role |\(newline)|---|---|---|---|\(newline)| \(handle) |  |  |  |\(newline)"
        return Fix(title: title, kind: "quickfix", edits: [appendSection(section, plan: plan, source: source)], diagnostic: diagnostic)
    }

    /// `goal-unmeasured`: a Metrics row for the goal, or a new Metrics section.
    static func addMetric(for diagnostic: Diagnostic, plan: Plan, source: SourceFile) -> Fix? {
        guard diagnostic.rule == "goal-unmeasured", let id = RelatedInformation.quoted(in: diagnostic.message).first,
              let goal = plan.goals.first(where: { $0.id.value.lowercased() == id.lowercased() }) else { return nil }
        let newline = lineEnding(source)
        // A `|` would end the table cell.
        let name = goal.title.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "/")
        let title = "Add a metric for \(goal.id.value)"
        if let last = plan.metrics.last, let section = plan.section(.metrics), let heading = section.headingRange,
           heading.start <= last.range.start
        {
            // Fill the Metric and Goal columns, wherever the header puts them.
            let headerLine = firstTableLine(from: source.line(containing: heading.end) + 1, source: source)
            let header = headerCells(source.text(ofLine: headerLine))
            let cells = header.map { column -> String in
                switch column.lowercased() {
                case "metric": name
                case "goal", "goals": goal.id.value
                default: ""
                }
            }
            let row = "| " + cells.joined(separator: " | ") + " |"
            let end = source.contentEnd(ofLine: source.line(containing: last.range.start))
            return Fix(title: title, kind: "quickfix", edits: [ByteEdit(range: .at(end), text: newline + row)], diagnostic: diagnostic)
        }
        let section = "## Metrics\(newline)| Metric | Goal | Baseline | Target | Current |\(newline)|---|---|---|---|---|\(newline)"
            + "| \(name) | \(goal.id.value) |  |  |  |\(newline)"
        return Fix(title: title, kind: "quickfix", edits: [appendSection(section, plan: plan, source: source)], diagnostic: diagnostic)
    }

    private static func firstTableLine(from line: Int, source: SourceFile) -> Int {
        var index = line
        while index <= source.lineCount, !source.text(ofLine: index).trimmingCharacters(" ").hasPrefix("|") { index += 1 }
        return index
    }

    private static func headerCells(_ line: String) -> [String] {
        var cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(" ") }
        if cells.first == "" { cells.removeFirst() }
        if cells.last == "" { cells.removeLast() }
        return cells
    }

    /// A new section at the end of the file, after a blank line.
    private static func appendSection(_ text: String, plan: Plan, source: SourceFile) -> ByteEdit {
        let newline = lineEnding(source)
        let end = source.bytes.count
        let endsWithNewline = end > 0 && source.bytes[end - 1] == 0x0A
        let blank = end > 1 && source.bytes[end - 2] == 0x0A || (end > 2 && source.bytes[end - 3] == 0x0A && source.bytes[end - 2] == 0x0D)
        let lead = endsWithNewline ? (blank ? "" : newline) : newline + newline
        return ByteEdit(range: .at(end), text: lead + text)
    }

    /// Mark the task at `offset` done (with `✅ today`) or open again (without its done date).
    static func toggleTask(at offset: Int, plan: Plan, source: SourceFile, today: Day) -> Fix? {
        guard let task = plan.tasks.last(where: { $0.range.start <= offset && offset <= $0.range.end }) else { return nil }
        let line = source.line(containing: task.range.start)
        let lineStart = source.offset(ofLine: line)
        let text = Array(source.bytes[lineStart..<source.contentEnd(ofLine: line)])
        // The checkbox: the first `[` on the item's line, and its `]`.
        guard let open = text.firstIndex(of: UInt8(ascii: "[")),
              let close = text[open...].firstIndex(of: UInt8(ascii: "]")) else { return nil }
        let box = SourceRange(start: lineStart + open, end: lineStart + close + 1)
        let name = task.displayName
        switch task.state {
        case .open:
            var edits = [ByteEdit(range: box, text: "[x]")]
            if task.doneOn == nil {
                edits.append(ByteEdit(range: .at(lineStart + text.count), text: " ✅ \(today)"))
            }
            return Fix(title: "Mark `\(name)` done", kind: "refactor.rewrite", edits: edits)
        case .done, .cancelled:
            var edits = [ByteEdit(range: box, text: "[ ]")]
            if let done = task.doneOn {
                // The token before the date: `✅ ` or `done:`, with the space before it.
                var start = done.range.start
                let before = String(decoding: source.bytes[lineStart..<start], as: UTF8.self)
                for token in ["✅ ", "✅", "done:"] where before.hasSuffix(token) {
                    start -= token.utf8.count
                    break
                }
                if start > lineStart, source.bytes[start - 1] == 0x20 { start -= 1 }
                edits.append(ByteEdit(range: SourceRange(start: start, end: done.range.end), text: ""))
            }
            return Fix(title: "Mark `\(name)` open again", kind: "refactor.rewrite", edits: edits)
        }
    }

    /// Every mechanical fix of the file, without overlaps.
    static func fixAll(_ diagnostics: [Diagnostic], source: SourceFile) -> Fix? {
        var edits: [ByteEdit] = []
        for diagnostic in diagnostics {
            for fix in suggested(for: diagnostic, source: source) where fix.isMechanical { edits += fix.edits }
        }
        edits.sort { $0.range.start < $1.range.start }
        var kept: [ByteEdit] = []
        for edit in edits where kept.last.map({ $0.range.end <= edit.range.start && $0 != edit }) ?? true { kept.append(edit) }
        guard !kept.isEmpty else { return nil }
        return Fix(title: "Apply every mechanical mapc fix", kind: "source.fixAll.mapc", edits: kept)
    }

    /// Applies edits to bytes (for tests and for checking a fix).
    static func apply(_ edits: [ByteEdit], to bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        for edit in edits.sorted(by: { $0.range.start > $1.range.start }) {
            result.replaceSubrange(edit.range.start..<edit.range.end, with: Array(edit.text.utf8))
        }
        return result
    }
}
