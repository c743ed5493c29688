import MapcModel
import MapcParse
import MapcSource

/// Text that looks like plan data where mapc does not read it: checkbox items outside
/// Tasks, sections named in another language, headings at the wrong level, checkboxes
/// GFM does not read, a second front matter (docs/format.md#what-mapc-does-not-read).
/// Nothing here changes the model; it records what was left unread, so rules can say so
/// instead of the text vanishing without a word.
enum UnreadLowering {
    /// One H2 section's blocks, as the body walk split them.
    struct SectionBlocks {
        var heading: Int?
        var title: String
        var kind: SectionKind?
        var blocks: [Int]
    }

    /// Sections whose list items are read as something (tasks, milestones, risks…):
    /// a checkbox there is read, not lost.
    static let readsItems: Set<SectionKind> = [.tasks, .milestones, .communication, .risks, .workshops, .updates]

    static func observe(_ sections: [SectionBlocks], _ context: inout LoweringContext) {
        for section in sections {
            if section.heading != nil, section.kind == nil {
                observeHeadingOutOfPlace(section, &context)
            }
            var untracked: [Int] = []
            var underMisplaced: (issue: Int, count: Int)?
            for block in section.blocks {
                let node = context.tree[block]
                if node.kind == .heading {
                    if let issue = misplacedHeading(block, in: section, &context) {
                        underMisplaced = (issue, 0)
                    } else if node.level <= 3 {
                        underMisplaced = nil
                    }
                    continue
                }
                if node.kind == .paragraph { observeDashWithoutSpace(block, &context) }
                for item in listItems(in: block, context.tree) {
                    let checkbox = Checkbox.read(item, context)
                    if case let .malformed(written, replacement)? = checkbox {
                        context.issues.append(SyntaxIssue(.malformedCheckbox(written: written, replacement: replacement),
                                                          at: Checkbox.range(of: item, written: written, context)))
                    }
                    guard checkbox != nil, section.kind.map({ !readsItems.contains($0) }) ?? true else { continue }
                    if let misplaced = underMisplaced {
                        underMisplaced = (misplaced.issue, misplaced.count + 1)
                        if case let .headingLevel(text, what, found, expected, _) = context.issues[misplaced.issue].kind {
                            context.issues[misplaced.issue].kind = .headingLevel(
                                text: text, what: what, found: found, expected: expected, untracked: misplaced.count + 1)
                        }
                    } else {
                        untracked.append(item)
                    }
                }
            }
            guard let first = untracked.first else { continue }
            let ownersOrDates = untracked.contains { item in
                let text = context.firstParagraph(of: item).map { context.tree.plainText(of: $0) } ?? ""
                return text.contains("@") || text.contains("due:") || text.contains("\u{1F4C5}")
            }
            let range = context.firstParagraph(of: first).flatMap { context.tree[$0].range }
                ?? context.tree[first].range ?? .fileStart
            context.issues.append(SyntaxIssue(.untrackedTasks(count: untracked.count, section: section.title,
                                                              suggestion: section.kind == nil ? .tasks : nil,
                                                              ownersOrDates: ownersOrDates),
                                              at: TasksLowering.firstLine(of: range, context.source)))
        }
    }

    /// Every list item under a block, nested ones included.
    private static func listItems(in block: Int, _ tree: SyntaxTree) -> [Int] {
        guard tree[block].kind == .list || tree[block].kind == .blockQuote else { return [] }
        return tree.descendants(of: block).filter { tree[$0].kind == .item || tree[$0].kind == .taskItem }
    }

    /// An H2 mapc does not read: named like a section (another language, a typo), or like
    /// a goal or a phase that belongs one level down.
    private static func observeHeadingOutOfPlace(_ section: SectionBlocks, _ context: inout LoweringContext) {
        guard let heading = section.heading, let range = context.tree[heading].range else { return }
        let title = section.title
        if let role = HeadingShape.role(of: title), role != .section {
            context.issues.append(SyntaxIssue(.headingLevel(text: title, what: role, found: 2, expected: 3, untracked: 0),
                                              at: range))
            return
        }
        guard let kind = SectionNames.nearest(title) else { return }
        // Checkbox items in it are reported as untracked tasks, which names the section.
        let holdsCheckboxes = section.blocks.contains { block in
            listItems(in: block, context.tree).contains { Checkbox.read($0, context) != nil }
        }
        if kind == .tasks, holdsCheckboxes { return }
        context.issues.append(SyntaxIssue(.unknownSection(title: title, suggestion: kind), at: range))
    }

    /// A heading below H2 (or an H1) that names a section, or a goal or phase heading one
    /// level too deep; answers the index of the issue recorded.
    private static func misplacedHeading(_ block: Int, in section: SectionBlocks,
                                         _ context: inout LoweringContext) -> Int? {
        let node = context.tree[block]
        guard let range = node.range else { return nil }
        let text = context.tree.plainText(of: block).trimmingSpaces
        let level = node.level
        var issue: SyntaxIssue.Kind?
        if level != 2, SectionKind(heading: text) != nil, !(level == 3 && section.kind == .tasks) {
            issue = .headingLevel(text: text, what: .section, found: level, expected: 2, untracked: 0)
        } else if level > 3, section.kind == .goals, HeadingShape.role(of: text) == .goal {
            issue = .headingLevel(text: text, what: .goal, found: level, expected: 3, untracked: 0)
        } else if level > 3, section.kind == .tasks, HeadingShape.role(of: text) == .phase {
            issue = .headingLevel(text: text, what: .phase, found: level, expected: 3, untracked: 0)
        }
        guard let issue else { return nil }
        context.issues.append(SyntaxIssue(issue, at: range))
        return context.issues.count - 1
    }

    /// `-[ ] Call the venue`: without a space after the dash it is not a list at all.
    private static func observeDashWithoutSpace(_ paragraph: Int, _ context: inout LoweringContext) {
        guard let range = context.tree[paragraph].range else { return }
        let bytes = context.source.bytes
        var offset = range.start
        while offset < range.end {
            let lineEnd = context.source.contentEnd(ofLine: context.source.line(containing: offset))
            var start = offset
            while start < lineEnd, bytes[start] == 0x20 { start += 1 }
            if start + 2 < lineEnd, [0x2D, 0x2A, 0x2B].contains(bytes[start]), bytes[start + 1] == 0x5B,
               let close = bytes[(start + 2)..<min(lineEnd, start + 8)].firstIndex(of: 0x5D) {
                let inner = String(decoding: bytes[(start + 2)..<close], as: UTF8.self)
                if let box = Checkbox.fix(inner) {
                    let written = String(decoding: bytes[start...close], as: UTF8.self)
                    let marker = String(UnicodeScalar(bytes[start]))
                    context.issues.append(SyntaxIssue(.malformedCheckbox(written: written, replacement: marker + " " + box),
                                                      at: SourceRange(start: start, end: close + 1)))
                }
            }
            offset = lineEnd + 1
            while offset < range.end, bytes[offset - 1] != 0x0A { offset += 1 }
        }
    }
}

extension UnreadLowering {
    /// Keys that open a plan's front matter: a block of them between `---` lines in the
    /// body is a second plan, not prose.
    static let frontMatterKeys: Set<String> = ["title", "id", "status", "start", "due", "owner", "parties",
                                               "review", "tags"]

    /// The opening `---` of a second front matter block in the body: a `---` line, then
    /// `key: value` lines among which `title:`, then a closing `---`.
    static func secondFrontMatter(in source: SourceFile, from bodyStart: Int) -> SourceRange? {
        guard bodyStart < source.bytes.count else { return nil }
        var line = source.line(containing: bodyStart)
        var opening: SourceRange?
        var keys = 0, sawTitle = false
        while line <= source.lineCount {
            let start = source.offset(ofLine: line), end = source.contentEnd(ofLine: line)
            let text = String(decoding: source.bytes[start..<end], as: UTF8.self)
            let trimmed = text.trimmingSpaces
            if trimmed == "---" {
                if let found = opening, keys > 0, sawTitle { return found }
                opening = SourceRange(start: start, end: end)
                keys = 0
                sawTitle = false
            } else if opening != nil {
                let key = text.prefix { $0 != ":" }
                if key.count < text.count, !key.hasPrefix(" "), frontMatterKeys.contains(String(key)) {
                    keys += 1
                    if key == "title" { sawTitle = true }
                } else if !text.hasPrefix(" "), !text.hasPrefix("-"), !trimmed.isEmpty || keys == 0 {
                    // Not YAML of a plan: start looking again.
                    opening = nil
                }
            }
            line += 1
        }
        return nil
    }
}

/// What a list item's checkbox is, as written in the source.
enum Checkbox: Equatable {
    /// `- [ ]`, `- [x]`: a GFM task item.
    case task
    /// Obsidian Tasks' `- [-]` (cancelled) and `- [/]` (in progress).
    case cancelled, inProgress
    /// `- []`, `- [ x ]`: meant as a checkbox, not read as one.
    case malformed(written: String, replacement: String)

    /// The item's checkbox, or nil for a plain item.
    static func read(_ item: Int, _ context: LoweringContext) -> Checkbox? {
        if context.tree[item].kind == .taskItem { return .task }
        guard let paragraph = context.firstParagraph(of: item), let range = context.tree[paragraph].range else {
            return nil
        }
        let bytes = context.source.bytes
        guard range.start < range.end, bytes[range.start] == 0x5B,
              let close = bytes[(range.start + 1)..<min(range.end, range.start + 8)].firstIndex(of: 0x5D),
              close + 1 >= range.end || bytes[close + 1] == 0x20 || bytes[close + 1] == 0x09 else { return nil }
        let inner = String(decoding: bytes[(range.start + 1)..<close], as: UTF8.self)
        switch inner {
        case "-": return .cancelled
        case "/": return .inProgress
        default:
            guard let fix = fix(inner) else { return nil }
            return .malformed(written: "[" + inner + "]", replacement: fix)
        }
    }

    /// What a bracket pair that was meant as a checkbox should be: `[x]` or `[ ]`; nil when
    /// the brackets do not look like a checkbox (`[1]`, `[see above]`).
    static func fix(_ inner: String) -> String? {
        let letters = inner.filter { $0 != " " && $0 != "\t" }
        guard inner.count <= 3 else { return nil }
        switch letters {
        case "": return "[ ]"
        case "x", "X", "v", "V", "\u{2713}", "\u{2714}", "*": return "[x]"
        default: return nil
        }
    }

    /// Where a malformed checkbox is written.
    static func range(of item: Int, written: String, _ context: LoweringContext) -> SourceRange {
        let start = context.firstParagraph(of: item).flatMap { context.tree[$0].range?.start }
            ?? context.tree[item].range?.start ?? 0
        return SourceRange(start: start, end: start + written.utf8.count)
    }
}

/// What a heading's text looks like it names.
enum HeadingShape {
    /// `.goal` for `G1: …`, `.phase` for `Phase 2: …` or a heading with `due:`, `.section`
    /// for a section name; nil for anything else.
    static func role(of text: String) -> SyntaxIssue.HeadingRole? {
        if SectionKind(heading: text) != nil { return .section }
        if let (id, _) = GoalsLowering.splitID(text), id.first?.isLetter == true, id.last?.isNumber == true,
           id.count <= 6 { return .goal }
        let lower = text.lowercased()
        if lower.hasPrefix("phase ") || lower.hasPrefix("phase:") || lower.contains(" due:") { return .phase }
        return nil
    }
}

/// Section names people write that mapc does not read, and the section they mean: other
/// languages and common near names, for "did you mean" (docs/format.md#sections).
enum SectionNames {
    static let aliases: [String: SectionKind] = [
        // Tasks
        "next steps": .tasks, "todo": .tasks, "to do": .tasks, "to-do": .tasks, "todos": .tasks,
        "actions": .tasks, "action plan": .tasks, "work items": .tasks, "backlog": .tasks,
        "deliverables": .tasks, "aufgaben": .tasks, "tareas": .tasks, "tâches": .tasks, "taches": .tasks,
        "taken": .tasks, "attività": .tasks, "tarefas": .tasks, "zadania": .tasks, "任务": .tasks,
        "任務": .tasks, "タスク": .tasks, "할 일": .tasks, "maßnahmen": .tasks, "acciones": .tasks,
        // Goals
        "ziele": .goals, "objetivos": .goals, "objectifs": .goals, "doelen": .goals, "obiettivi": .goals,
        "目标": .goals, "目標": .goals, "aims": .goals,
        // Stakeholders
        "beteiligte": .stakeholders, "interessengruppen": .stakeholders, "partes interesadas": .stakeholders,
        "parties prenantes": .stakeholders, "participants": .stakeholders, "members": .stakeholders,
        "contacts": .stakeholders, "roles": .stakeholders, "干系人": .stakeholders,
        // Milestones
        "meilensteine": .milestones, "hitos": .milestones, "jalons": .milestones, "mijlpalen": .milestones,
        "里程碑": .milestones,
        // Metrics
        "kennzahlen": .metrics, "metriken": .metrics, "métricas": .metrics, "indicadores": .metrics,
        "indicateurs": .metrics, "kpi": .metrics, "measures": .metrics, "指标": .metrics,
        // Risks
        "risiken": .risks, "riesgos": .risks, "risques": .risks, "风险": .risks,
        // Communication
        "kommunikation": .communication, "comunicación": .communication, "comunicacion": .communication,
        // Updates
        "aktualisierungen": .updates, "neuigkeiten": .updates, "actualizaciones": .updates, "changelog": .updates,
        // Workshops
        "termine": .workshops, "reuniones": .workshops, "besprechungen": .workshops,
        // Retrospective
        "rückblick": .retrospective, "retrospektive": .retrospective, "retrospectiva": .retrospective,
        // Conflict resolution
        "eskalation": .conflictResolution, "escalamiento": .conflictResolution,
    ]

    /// The section an unread H2 most likely means, or nil when it is just prose.
    static func nearest(_ title: String) -> SectionKind? {
        let normalized = title.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if let kind = aliases[normalized] { return kind }
        // A typo of a name mapc knows: `Milestone`, `Stakeholder`, `Goasl`.
        guard normalized.count >= 4 else { return nil }
        var best: (SectionKind, Int)?
        for kind in SectionKind.allCases {
            for name in kind.names where abs(name.count - normalized.count) <= 2 {
                let distance = editDistance(normalized, name)
                if distance <= (name.count > 6 ? 2 : 1), distance < (best?.1 ?? Int.max) { best = (kind, distance) }
            }
        }
        return best?.0
    }
}

/// Tokens written almost right, which the Markdown reads as prose: `due: 2026-12-01` (a
/// space after the colon), `Due:2026-12-01` (a capital), `after: extract`. Recognised only
/// when the value has the key's own shape, so `Note: call at 10` stays prose
/// (docs/format.md#tokens-versus-prose).
enum AlmostTokens {
    /// Records each almost-token of an item as an issue; answers their keys.
    static func report(_ text: ItemText, _ context: inout LoweringContext) -> [String] {
        // Every almost-token has a colon: most titles have none, and need no more look.
        guard text.title.utf8.contains(UInt8(ascii: ":")) else { return [] }
        let words = text.title.split(separator: " ", omittingEmptySubsequences: true)
        var keys: [String] = []
        var locator = Locator(source: context.source, tree: context.tree, node: text.node, range: text.range)
        var index = 0
        while index < words.count {
            let word = words[index]
            if word.hasSuffix(":"), word.count > 1, index + 1 < words.count {
                let key = word.dropLast().lowercased()
                let value = trimmed(words[index + 1])
                if knownTokenKeys.contains(key), let fixed = fixedValue(value, for: key) {
                    let keyRange = locator.locate(String(word), boundary: true)
                    let valueRange = locator.locate(value, boundary: false)
                    let range = keyRange.length == 0 ? text.range : SourceRange(start: keyRange.start, end: max(keyRange.end, valueRange.end))
                    record(written: "\(word) \(value)", replacement: "\(key):\(fixed)", at: range, &context)
                    keys.append(key)
                    index += 2
                    continue
                }
            }
            if let colon = word.firstIndex(of: ":"), colon != word.startIndex {
                let rawKey = word[..<colon]
                let key = rawKey.lowercased()
                let value = trimmed(word[word.index(after: colon)...])
                if rawKey != key, knownTokenKeys.contains(key), !value.isEmpty, let fixed = fixedValue(value, for: key) {
                    let written = "\(rawKey):\(value)"
                    let range = locator.locate(written, boundary: true)
                    record(written: written, replacement: "\(key):\(fixed)", at: range.length == 0 ? text.range : range, &context)
                    keys.append(key)
                }
            }
            index += 1
        }
        return keys
    }

    private static func record(written: String, replacement: String, at range: SourceRange,
                               _ context: inout LoweringContext) {
        context.issues.append(SyntaxIssue(.almostToken(written: written, replacement: replacement), at: range))
    }

    /// A value without the punctuation that ends a sentence.
    private static func trimmed(_ word: Substring) -> String {
        var value = word
        while let last = value.last, ".,;!?)".contains(last) { value = value.dropLast() }
        return String(value)
    }

    /// The value as it should be written for `key`, or nil when it does not have the key's shape.
    static func fixedValue(_ value: String, for key: String) -> String? {
        switch key {
        case "due", "start", "scheduled", "done":
            return DateSuggestion.padded(value) ?? (Day(iso: value) != nil ? value : nil)
        case "after", "id":
            let parts = value.split(separator: ",")
            guard !parts.isEmpty, parts.allSatisfy({ part in
                part.unicodeScalars.allSatisfy { $0.isLetterOrDigit || "-_.".unicodeScalars.contains($0) }
                    && part.contains(where: { $0.isLetter }) && (part.contains("-") || part.count >= 3 || key == "id")
            }) else { return nil }
            return value
        case "goal":
            let parts = value.split(separator: ",")
            guard !parts.isEmpty, parts.allSatisfy({ part in
                part.first?.isLetter == true && part.last?.isNumber == true && part.count <= 6
            }) else { return nil }
            return value
        case "est":
            return Effort(parsing: value.lowercased()) != nil ? value.lowercased() : nil
        case "status":
            return ["doing", "blocked", "todo", "in-progress", "open"].contains(value.lowercased()) ? value.lowercased() : nil
        case "every":
            return ChannelCadence(token: value) != nil ? value.lowercased() : nil
        case "impact", "likelihood":
            return ["high", "medium", "low"].contains(value.lowercased()) ? value.lowercased() : nil
        case "priority":
            return Task.Priority(rawValue: value.lowercased()) != nil ? value.lowercased() : nil
        default:
            return nil
        }
    }
}

