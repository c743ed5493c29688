import MapcModel
import MapcParse
import MapcSource
import Yams

/// Front matter to plan header (docs/format.md#front-matter): each key typed, located, and checked for type.
enum FrontMatterLowering {
    static let knownKeys = ["title", "id", "status", "start", "due", "owner", "parties", "review", "tags"]

    /// A plan with nothing known but its file, for files whose front matter cannot be read.
    static func emptyPlan(_ source: SourceFile) -> Plan {
        Plan(file: source.path, id: Located(PlanFiles.defaultID(source.path), at: .fileStart),
             title: Located(PlanFiles.defaultID(source.path), at: .fileStart),
             status: Located(.active, at: .fileStart))
    }

    static func lower(_ frontMatter: FrontMatter, source: SourceFile) -> Plan {
        var plan = emptyPlan(source)
        let openingLine = SourceRange(start: frontMatter.opening.start, end: frontMatter.opening.end)
        func issue(_ problem: FrontMatterProblem, at range: SourceRange) {
            plan.syntaxIssues.append(SyntaxIssue(.frontMatter(problem), at: range))
        }
        let root: Node?
        switch frontMatter.compose() {
        case let .failure(problem):
            let offset = offset(line: problem.line, column: problem.column, in: source)
            issue(.notYAML(detail: problem.message),
                  at: SourceRange(start: offset, end: min(source.contentEnd(ofLine: problem.line), offset + 1)))
            return plan
        case let .success(node):
            root = node
        }
        // Empty front matter is an empty mapping: the missing title is the problem.
        let mapping: Node.Mapping
        if let root, case let .mapping(found) = root {
            mapping = found
        } else if root == nil {
            mapping = Node.Mapping([])
        } else {
            issue(.notAMapping, at: openingLine)
            return plan
        }
        var context = LoweringContext(source: source, tree: SyntaxTree())
        var sawTitle = false
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            let keyRange = range(of: keyNode, length: key.utf8.count, in: source)
            // Unknown keys are kept once, in `extraFields`: a second copy here made a file of
            // a million keys hold two million entries (and `check` kept this one to the end).
            if knownKeys.contains(key) { plan.frontMatterKeys[key] = keyRange }
            let valueRange = scalarRange(of: value, in: source)
                ?? value.mark.map { range(of: value, markLine: $0.line, markColumn: $0.column, in: source) } ?? keyRange
            func wrongType(_ expected: FrontMatterValue) {
                issue(.wrongType(key: key, expected: expected), at: valueRange)
            }
            switch key {
            case "title":
                sawTitle = true
                guard let text = scalarText(value), !text.trimmingSpaces.isEmpty else {
                    wrongType(.text)
                    continue
                }
                plan.title = Located(text, at: valueRange)
            case "id":
                guard let text = scalarText(value), isSlug(text) else {
                    plan.rejectedID = scalarText(value) ?? ""
                    wrongType(.slug)
                    continue
                }
                plan.id = Located(text, at: valueRange)
            case "status":
                guard let text = scalarText(value) else {
                    wrongType(.status)
                    continue
                }
                if let status = PlanStatus(rawValue: text) {
                    plan.status = Located(status, at: valueRange)
                } else {
                    plan.syntaxIssues.append(SyntaxIssue(.unknownValue(key: "status", value: text,
                                                                       expected: PlanStatus.allCases.map(\.rawValue)),
                                                         at: valueRange))
                    plan.status = Located(.active, at: valueRange)
                }
            case "start", "due":
                guard let text = scalarText(value) else {
                    wrongType(.date)
                    continue
                }
                let day = context.day(text, at: valueRange)
                if key == "start" { plan.start = day } else { plan.due = day }
            case "owner":
                guard let text = scalarText(value) else {
                    wrongType(.handle)
                    continue
                }
                let name = text.hasPrefix("@") ? String(text.dropFirst()) : text
                guard !name.isEmpty, name.unicodeScalars.allSatisfy(isHandleScalar) else {
                    wrongType(.handle)
                    continue
                }
                plan.owner = Located(Handle(name), at: valueRange)
            case "parties", "tags":
                guard case let .sequence(sequence) = value else {
                    wrongType(.list)
                    continue
                }
                var items: [Located<String>] = []
                for element in sequence {
                    guard let text = scalarText(element) else {
                        wrongType(.list)
                        break
                    }
                    items.append(Located(text, at: scalarRange(of: element, in: source) ?? valueRange))
                }
                if key == "parties" { plan.parties = items } else { plan.tags = items.map(\.value) }
            case "review":
                guard let text = scalarText(value), let cadence = ReviewCadence(rawValue: text) else {
                    wrongType(.review)
                    continue
                }
                plan.review = Located(cadence, at: valueRange)
            default:
                plan.extraFields.append(Located(key, at: keyRange))
                plan.syntaxIssues.append(SyntaxIssue(.unknownKey(key: key, suggestion: nearest(key, in: knownKeys)),
                                                     at: keyRange))
            }
        }
        if !sawTitle {
            issue(.missingTitle, at: openingLine)
        }
        plan.syntaxIssues += context.issues
        return plan
    }

    /// A scalar's text; nil for mappings, sequences and null.
    static func scalarText(_ node: Node) -> String? {
        guard case let .scalar(scalar) = node else { return nil }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return scalar.string
    }

    static func isSlug(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first != ".", first != "-" else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
        } && !text.contains("..")
    }

    /// Converts a YAML mark (1-based line, code-point column) to a byte offset.
    static func offset(line: Int, column: Int, in source: SourceFile) -> Int {
        let start = source.offset(ofLine: line)
        let end = source.contentEnd(ofLine: line)
        var offset = start
        var remaining = column - 1
        while offset < end, remaining > 0 {
            offset += 1
            while offset < end, source.bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            remaining -= 1
        }
        return offset
    }

    /// A non-scalar value's range: from its mark to the end of that line.
    static func range(of node: Node, markLine: Int, markColumn: Int, in source: SourceFile) -> SourceRange {
        let start = offset(line: markLine + 1, column: markColumn, in: source)
        return SourceRange(start: start, end: max(start, source.contentEnd(ofLine: markLine + 1)))
    }

    static func range(of node: Node, length: Int, in source: SourceFile) -> SourceRange {
        guard let mark = node.mark else { return .fileStart }
        // Marks count from the YAML's first line, which is the file's second.
        let start = offset(line: mark.line + 1, column: mark.column, in: source)
        return SourceRange(start: start, end: min(start + length, source.contentEnd(ofLine: mark.line + 1)))
    }

    /// A scalar's range in the file, covering its quotes if any.
    static func scalarRange(of node: Node, in source: SourceFile) -> SourceRange? {
        guard case let .scalar(scalar) = node, let mark = scalar.mark else { return nil }
        let line = mark.line + 1
        let start = offset(line: line, column: mark.column, in: source)
        var length = scalar.string.utf8.count
        if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { length += 2 }
        return SourceRange(start: start, end: max(start, min(start + length, source.contentEnd(ofLine: line))))
    }
}
