import MapcLSP
import MapcModel
import MapcSource

/// Where the cursor is, as far as completion cares: worked out from the text alone, so it
/// is right even while the plan does not parse.
struct CompletionContext: Equatable {
    enum Kind: Equatable {
        case handle
        case taskID
        case goalID
        case cadence
        case taskStatus
        case priority
        case date
        case section
        case frontMatterKey
        case planStatus
        case review
        case owner
        case parties
        case none
    }

    var kind: Kind
    /// Byte offset where the text to replace starts (the cursor is its end).
    var replaceFrom: Int
    /// The text typed so far in that range.
    var typed: String

    /// The context at `offset` in `bytes`.
    static func at(_ offset: Int, in bytes: [UInt8], lines: LineIndex) -> CompletionContext {
        let line = lines.line(containing: offset)
        let lineStart = lines.lineStarts[line]
        let before = Array(bytes[lineStart..<offset])
        let prefix = String(decoding: before, as: UTF8.self)
        if isInFrontMatter(line: line, bytes: bytes, lines: lines) { return frontMatter(prefix, offset: offset) }

        // `## Ta|`: a section heading.
        if prefix.hasPrefix("## ") {
            let typed = String(prefix.dropFirst(3))
            return CompletionContext(kind: .section, replaceFrom: lineStart + 3, typed: typed)
        }
        // The word under the cursor: back to the last space.
        var wordStart = before.count
        while wordStart > 0, before[wordStart - 1] != 0x20, before[wordStart - 1] != 0x09 { wordStart -= 1 }
        let word = String(decoding: before[wordStart...], as: UTF8.self)
        let wordOffset = lineStart + wordStart
        if word.hasPrefix("@") { return CompletionContext(kind: .handle, replaceFrom: wordOffset, typed: word) }
        if word.hasPrefix("(@") { return CompletionContext(kind: .handle, replaceFrom: wordOffset + 1, typed: String(word.dropFirst())) }
        let keyed: [(String, Kind)] = [("after:", .taskID), ("goal:", .goalID), ("every:", .cadence),
                                       ("status:", .taskStatus), ("priority:", .priority), ("due:", .date),
                                       ("start:", .date), ("scheduled:", .date), ("done:", .date)]
        for (key, kind) in keyed where word.hasPrefix(key) {
            var value = String(word.dropFirst(key.count))
            var from = wordOffset + key.utf8.count
            // Lists: `after:a,b` and `goal:G1,G2` complete the last element.
            if kind == .taskID || kind == .goalID, let comma = value.lastIndex(of: ",") {
                from += value[...comma].utf8.count
                value = String(value[value.index(after: comma)...])
            }
            return CompletionContext(kind: kind, replaceFrom: from, typed: value)
        }
        // Obsidian emoji: `📅 2026-…`, `⛔ id`, the value after the emoji and a space.
        let emoji: [(String, Kind)] = [("📅", .date), ("🛫", .date), ("⏳", .date), ("✅", .date), ("⛔", .taskID)]
        let previous = String(decoding: before[..<wordStart], as: UTF8.self)
        let trimmed = previous.hasSuffix(" ") ? String(previous.dropLast()) : previous
        for (mark, kind) in emoji where trimmed.hasSuffix(mark) {
            var value = word
            var from = wordOffset
            if kind == .taskID, let comma = value.lastIndex(of: ",") {
                from += value[...comma].utf8.count
                value = String(value[value.index(after: comma)...])
            }
            return CompletionContext(kind: kind, replaceFrom: from, typed: value)
        }
        return CompletionContext(kind: .none, replaceFrom: offset, typed: "")
    }

    private static func frontMatter(_ prefix: String, offset: Int) -> CompletionContext {
        guard let colon = prefix.firstIndex(of: ":") else {
            // Only a key at the start of the line; list items (`  - x`) are values.
            if prefix.first == " " || prefix.first == "-" { return CompletionContext(kind: .none, replaceFrom: offset, typed: "") }
            return CompletionContext(kind: .frontMatterKey, replaceFrom: offset - prefix.utf8.count, typed: prefix)
        }
        let key = prefix[..<colon].trimmingCharacters(" ")
        var value = prefix[prefix.index(after: colon)...]
        while value.first == " " { value.removeFirst() }
        let from = offset - value.utf8.count
        switch key {
        case "status": return CompletionContext(kind: .planStatus, replaceFrom: from, typed: String(value))
        case "review": return CompletionContext(kind: .review, replaceFrom: from, typed: String(value))
        case "due", "start": return CompletionContext(kind: .date, replaceFrom: from, typed: String(value))
        case "owner": return CompletionContext(kind: .owner, replaceFrom: from, typed: String(value))
        case "parties":
            // `parties: [Acme, Glo|`: the element being typed.
            var element = Substring(value)
            if let cut = element.lastIndex(where: { $0 == "[" || $0 == "," }) { element = element[element.index(after: cut)...] }
            while element.first == " " { element.removeFirst() }
            return CompletionContext(kind: .parties, replaceFrom: offset - element.utf8.count, typed: String(element))
        default: return CompletionContext(kind: .none, replaceFrom: offset, typed: "")
        }
    }

    /// Whether a line is between the front matter's `---` lines (docs/format.md#front-matter).
    static func isInFrontMatter(line: Int, bytes: [UInt8], lines: LineIndex) -> Bool {
        func text(_ index: Int) -> String {
            let start = lines.lineStarts[index]
            let end = lines.contentEnd(ofLine: index, in: bytes)
            var content = Array(bytes[start..<end])
            if index == 0, content.starts(with: [0xEF, 0xBB, 0xBF]) { content.removeFirst(3) }
            return String(decoding: content, as: UTF8.self)
        }
        guard line > 0, text(0) == "---" else { return false }
        // A closing line at or above the cursor's: the cursor is in the body.
        for index in 1...line where ["---", "..."].contains(text(index)) { return false }
        return true
    }

    /// The top-level keys written in the front matter, read from the text: while a key is
    /// being typed the YAML does not parse, and the plan knows none of them.
    static func frontMatterKeys(bytes: [UInt8], lines: LineIndex) -> Set<String> {
        var keys = Set<String>()
        guard lines.lineCount > 1, isInFrontMatter(line: 1, bytes: bytes, lines: lines) else { return keys }
        for line in 1..<lines.lineCount {
            let start = lines.lineStarts[line]
            let content = bytes[start..<lines.contentEnd(ofLine: line, in: bytes)]
            if content.elementsEqual("---".utf8) || content.elementsEqual("...".utf8) { break }
            if let colon = content.firstIndex(of: 0x3A), colon > start,
               content[start..<colon].allSatisfy({ $0 == 0x2D || $0 == 0x5F || (0x61...0x7A).contains($0 | 0x20) })
            {
                keys.insert(String(decoding: content[start..<colon], as: UTF8.self))
            }
        }
        return keys
    }
}

extension StringProtocol {
    func trimmingCharacters(_ character: Character) -> String {
        var result = Substring(self)
        while result.first == character { result.removeFirst() }
        while result.last == character { result.removeLast() }
        return String(result)
    }
}

/// LSP `CompletionItemKind` numbers used here.
enum CompletionKind {
    static let text = 1
    static let field = 5
    static let value = 12
    static let keyword = 14
    static let reference = 18
    static let enumMember = 20
    static let constant = 21
    static let event = 23
}

extension LanguageServer {
    /// `textDocument/completion`.
    func completion(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let (uri, position) = Self.documentPosition(params) else { return .failure(.invalidParams("no position")) }
        guard let open = documents[uri] else { return .success(.null) }
        let document = open.document
        let offset = document.offset(of: position, encoding: encoding)
        let context = CompletionContext.at(offset, in: document.bytes, lines: document.lines)
        // Names come from the last analysis: a keystroke rarely changes them.
        let plan = recentAnalysis(uri)?.plan
        let range = document.range(context.replaceFrom, offset, encoding: encoding)
        var items: [JSON] = []
        func add(_ label: String, kind: Int, detail: String? = nil, documentation: String? = nil, insert: String? = nil,
                 sort: String? = nil, filter: String? = nil) {
            var item: [String: JSON] = ["label": .string(label), "kind": .int(kind),
                                        "textEdit": ["range": range.json, "newText": .string(insert ?? label)]]
            if let detail { item["detail"] = .string(detail) }
            if let documentation { item["documentation"] = .string(documentation) }
            if let sort { item["sortText"] = .string(sort) }
            if let filter { item["filterText"] = .string(filter) }
            items.append(.object(item))
        }
        switch context.kind {
        case .handle, .owner:
            for stakeholder in plan?.stakeholders ?? [] {
                let handle = "@\(stakeholder.handle.value.name)"
                let detail = [stakeholder.name, stakeholder.party, stakeholder.role].compactMap { $0 }.joined(separator: " · ")
                let insert = context.kind == .owner ? "\"\(handle)\"" : handle
                add(handle, kind: CompletionKind.reference, detail: detail.isEmpty ? nil : detail, insert: insert,
                    filter: context.kind == .owner ? insert : nil)
            }
        case .taskID:
            let current = plan?.tasks.firstIndex { $0.range.start <= offset && offset <= $0.range.end }
            for (index, task) in (plan?.tasks ?? []).enumerated() where index != current {
                let owner = task.effectiveOwner.map { " · @\($0.name)" } ?? ""
                let due = task.effectiveDue.map { " · due \($0)" } ?? ""
                add(task.id, kind: CompletionKind.event, detail: task.displayName,
                    documentation: "\(task.state.rawValue)\(owner)\(due)", sort: String(index).leftPadded(6))
            }
        case .goalID:
            for goal in plan?.goals ?? [] { add(goal.id.value, kind: CompletionKind.constant, detail: goal.title) }
        case .cadence:
            for value in ChannelCadence.accepted { add(value, kind: CompletionKind.enumMember) }
        case .taskStatus:
            for value in ["todo", "doing", "blocked", "in-progress", "open"] { add(value, kind: CompletionKind.enumMember) }
        case .priority:
            for value in Task.Priority.allCasesInOrder { add(value, kind: CompletionKind.enumMember) }
        case .planStatus:
            for status in PlanStatus.allCases { add(status.rawValue, kind: CompletionKind.enumMember) }
        case .review:
            for cadence in ReviewCadence.allCases { add(cadence.rawValue, kind: CompletionKind.enumMember) }
        case .parties:
            var seen = Set<String>()
            for party in (plan?.parties.map(\.value) ?? []) + (plan?.stakeholders.compactMap(\.party) ?? [])
            where seen.insert(party).inserted {
                add(party, kind: CompletionKind.value)
            }
        case .date:
            for (index, suggestion) in dateSuggestions(plan: plan, offset: open.analysis.map { $0.sourceOffset(offset) } ?? offset)
                .enumerated()
            {
                add(suggestion.day.description, kind: CompletionKind.value, detail: suggestion.label,
                    sort: String(index).leftPadded(2), filter: suggestion.day.description)
            }
        case .section:
            let present = Set(plan?.sections.compactMap(\.kind) ?? [])
            for (index, kind) in SectionKind.allCases.enumerated() where !present.contains(kind) {
                add(kind.title, kind: CompletionKind.keyword, sort: String(index).leftPadded(2))
            }
        case .frontMatterKey:
            let present = CompletionContext.frontMatterKeys(bytes: document.bytes, lines: document.lines)
            let keys: [(String, String)] = [
                ("title", "the plan's name (required)"), ("id", "a slug; default: the file name"),
                ("status", "draft, active, on-hold, done or cancelled"), ("start", "YYYY-MM-DD"),
                ("due", "YYYY-MM-DD"), ("owner", "\"@handle\" of the plan's owner"), ("parties", "[Acme, Globex]"),
                ("review", "daily, weekly, biweekly or monthly"), ("tags", "[pilot, emea]"),
            ]
            for (index, (key, detail)) in keys.enumerated() where !present.contains(key) {
                add(key, kind: CompletionKind.field, detail: detail, insert: "\(key): ", sort: String(index).leftPadded(2))
            }
        case .none:
            break
        }
        return .success(["isIncomplete": false, "items": .array(items)])
    }

    /// Dates worth offering: today, the end of this week and month, the deadline of the
    /// phase the cursor is in, and the plan's due date.
    func dateSuggestions(plan: Plan?, offset: Int) -> [(day: Day, label: String)] {
        let today = today
        // 1970-01-01 was a Thursday: Monday is 0.
        let weekday = ((today.daysSinceEpoch + 3) % 7 + 7) % 7
        let (year, month, _) = today.components
        var result: [(Day, String)] = [(today, "today")]
        result.append((today.adding(days: 4 - weekday >= 0 ? 4 - weekday : 11 - weekday), "end of the week (Friday)"))
        if let last = Day(year: year, month: month, day: Day.daysIn(month: month, year: year)) {
            result.append((last, "end of the month"))
        }
        if let plan, let phase = plan.phases.last(where: { $0.range.start <= offset }), let due = phase.due {
            result.append((due.value, "deadline of \(phase.title)"))
        }
        if let due = plan?.due { result.append((due.value, "the plan's due date")) }
        var seen = Set<Day>()
        return result.filter { seen.insert($0.0).inserted }.map { (day: $0.0, label: $0.1) }
    }

    /// The document and position of a `TextDocumentPositionParams`.
    static func documentPosition(_ params: JSON) -> (String, Position)? {
        guard let uri = params["textDocument"]?["uri"]?.string, let position = Position(params["position"]) else { return nil }
        return (uri, position)
    }
}

extension Task.Priority {
    static let allCasesInOrder = ["highest", "high", "medium", "low", "lowest"]
}
