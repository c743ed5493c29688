import MapcModel
import MapcParse
import MapcSource

/// What reading one file gave.
public enum LoweringOutcome: Sendable {
    /// A plan, with whatever syntax issues its text has.
    case plan(Plan)
    /// A Markdown file without front matter: not a plan (skipped in directory walks).
    case notAPlan
    /// The file is not UTF-8 text (binary, NUL bytes, invalid UTF-8).
    case unreadable(FileFinding)
}

/// Lowers a source file into a typed plan: the heart of the pipeline.
///
/// source → front matter + cmark tree → sections → model. Each section has its own file
/// (`Tasks.swift`, `Metrics.swift`…); this one splits the document and dispatches.
public enum PlanLowering {
    /// What a file's bytes gave once the input limits were applied (docs/robustness.md#limits).
    public enum GuardedOutcome: Sendable {
        /// Not parsed, or not text: too large, a line too long, Markdown the parser is slow
        /// on, binary or not UTF-8; `offset` is where, when known.
        case refused(FileFinding, offset: Int?)
        case notAPlan
        case plan(Plan, SourceFile)
    }

    /// Lowers a file's bytes with the guards every reader applies first, in one order: its
    /// size, its longest line, then the Markdown guard, so a hostile file is never parsed.
    /// `check`, `build` and the history read files through this.
    public static func lower(path: String, bytes: [UInt8], limits: InputLimits) -> GuardedOutcome {
        if bytes.count > limits.fileSize { return .refused(.tooLarge(limit: limits.fileSize), offset: nil) }
        if let long = limits.longLine(in: bytes) {
            return .refused(.lineTooLong(line: long.line, length: long.length, limit: limits.lineLength), offset: long.offset)
        }
        if let violation = MarkdownGuard.check(bytes) {
            return .refused(.slowMarkdown(violation.limit, line: violation.line), offset: violation.offset)
        }
        let source = SourceFile(path: path, bytes: bytes)
        switch lower(source) {
        case let .unreadable(finding): return .refused(finding, offset: nil)
        case .notAPlan: return .notAPlan
        case let .plan(plan): return .plan(plan, source)
        }
    }

    public static func lower(_ source: SourceFile) -> LoweringOutcome {
        if let finding = textFinding(source.bytes) { return .unreadable(finding) }
        switch FrontMatterSplit.split(source) {
        case .absent:
            return .notAPlan
        case let .unclosed(opening):
            var plan = FrontMatterLowering.emptyPlan(source)
            plan.bodyStart = source.bytes.count
            plan.bodyWasRead = false
            plan.syntaxIssues.append(SyntaxIssue(.frontMatter(.unclosed), at: opening))
            return .plan(plan)
        case let .present(frontMatter):
            var plan = FrontMatterLowering.lower(frontMatter, source: source)
            plan.bodyStart = frontMatter.bodyStart
            let body = blankingPrefix(of: source.bytes, upTo: frontMatter.bodyStart)
            let tree = Markdown.parse(body, source: source)
            BodyLowering(source: source, tree: tree).lower(into: &plan)
            return .plan(plan)
        }
    }

    /// Why bytes are not text mapc reads, or nil when they are fine.
    static func textFinding(_ bytes: [UInt8]) -> FileFinding? {
        if bytes.contains(0) { return .binary }
        // The standard library's validation is fast; decode one by one only to say where.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return .notUTF8(offset: offset)
            }
        }
    }
}

/// The body's walk: splits top-level blocks into H2 sections and lowers each.
struct BodyLowering {
    let source: SourceFile
    let tree: SyntaxTree

    func lower(into plan: inout Plan) {
        guard !tree.nodes.isEmpty else { return }
        var sectionBlocks: [(heading: Int?, blocks: [Int])] = [(nil, [])]
        for block in tree.children(of: 0) {
            if tree[block].kind == .heading, tree[block].level == 2 {
                sectionBlocks.append((block, []))
            } else {
                sectionBlocks[sectionBlocks.count - 1].blocks.append(block)
            }
        }
        var context = LoweringContext(source: source, tree: tree)
        var observed: [UnreadLowering.SectionBlocks] = []
        for (heading, blocks) in sectionBlocks {
            if heading == nil, blocks.isEmpty { continue }
            let title = heading.map { tree.plainText(of: $0).trimmingSpaces } ?? ""
            let kind = heading.flatMap { _ in SectionKind(heading: title) }
            let bodyStart = heading.flatMap { tree[$0].range?.end } ?? blocks.first.flatMap { tree[$0].range?.start } ?? 0
            let bodyEnd = blocks.last.flatMap { tree[$0].range?.end } ?? bodyStart
            let hasContent = blocks.contains { block in
                tree[block].kind != .htmlBlock || !(tree[block].literal ?? "").trimmingSpaces.hasPrefix("<!--")
            }
            observed.append(UnreadLowering.SectionBlocks(heading: heading, title: title, kind: kind, blocks: blocks))
            plan.sections.append(Section(kind: kind, title: title, headingRange: heading.flatMap { tree[$0].range },
                                         bodyRange: SourceRange(start: bodyStart, end: max(bodyStart, bodyEnd)),
                                         hasContent: hasContent))
            switch kind {
            case .goals: GoalsLowering.lower(blocks, &context, into: &plan)
            case .stakeholders: StakeholdersLowering.lower(blocks, &context, into: &plan)
            case .workshops: WorkshopsLowering.lower(blocks, &context, into: &plan)
            case .tasks: TasksLowering.lower(blocks, &context, into: &plan)
            case .milestones: MilestonesLowering.lower(blocks, &context, into: &plan)
            case .communication: CommunicationLowering.lower(blocks, &context, into: &plan)
            case .metrics: MetricsLowering.lower(blocks, &context, into: &plan)
            case .risks: RisksLowering.lower(blocks, &context, into: &plan)
            case .conflictResolution: ConflictResolutionLowering.lower(blocks, &context, into: &plan)
            case .updates: UpdatesLowering.lower(blocks, &context, into: &plan)
            case .retrospective, nil: break
            }
        }
        UnreadLowering.observe(observed, &context)
        if let second = UnreadLowering.secondFrontMatter(in: source, from: plan.bodyStart) {
            context.issues.append(SyntaxIssue(.secondFrontMatter, at: second))
        }
        plan.suppressions = SuppressionLowering.comments(in: tree, source: source)
        plan.syntaxIssues += context.issues
        TasksLowering.resolveInheritance(&plan)
    }
}

/// What section lowerings share: the source, the tree, and the issues found so far.
struct LoweringContext {
    let source: SourceFile
    let tree: SyntaxTree
    var issues: [SyntaxIssue] = []

    var scanner: InlineScanner { InlineScanner(source: source, tree: tree) }

    /// Reads a date token's value, recording an invalid one.
    mutating func day(_ text: String, at range: SourceRange) -> Located<Day>? {
        if let day = Day(iso: text) { return Located(day, at: range) }
        issues.append(SyntaxIssue(.invalidDate(text: text), at: range))
        return nil
    }

    /// Records unknown keys of tokens, and tokens written almost right (`due: 2026-12-01`);
    /// answers the keys of the latter.
    @discardableResult
    mutating func reportUnknownTokens(_ text: ItemText) -> [String] {
        for token in text.tokens where !token.isEmoji && !knownTokenKeys.contains(token.key) {
            issues.append(SyntaxIssue(.unknownToken(key: token.key,
                                                    suggestion: nearest(token.key, in: knownTokenKeys)),
                                      at: token.keyRange))
        }
        return AlmostTokens.report(text, &self)
    }

    /// The first paragraph of a list item, or nil.
    func firstParagraph(of item: Int) -> Int? {
        tree.children(of: item).first { tree[$0].kind == .paragraph }
    }

    /// The list items of the lists among `blocks`, in order (top level only).
    func items(in blocks: [Int]) -> [Int] {
        blocks.filter { tree[$0].kind == .list }.flatMap { Array(tree.children(of: $0)) }
    }
}

/// Inline keys mapc understands in item sections ("Known keys" in
/// docs/format.md#tokens-versus-prose). One set for every section: `due:` in a risk is not
/// a typo worth a warning, `deu:` is.
let knownTokenKeys: Set<String> = [
    "due", "start", "id", "after", "goal", "est", "status", "every", "impact", "likelihood",
    "scheduled", "done", "priority", "owner",
]

/// The closest candidate within an edit distance of 2, for "did you mean".
func nearest(_ word: String, in candidates: some Sequence<String>) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(word, candidate)
        if distance <= 2, distance < (best?.1 ?? Int.max) || (distance == best?.1 && candidate < best!.0) {
            best = (candidate, distance)
        }
    }
    return best?.0
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpace }),
              let last = scalars.lastIndex(where: { !$0.isSpace }) else { return "" }
        // One copy of the bytes; rebuilding from scalars was a tenth of `check`.
        return String(self[first...last])
    }
}
