import MapcSource

/// The sections mapc understands (docs/format.md#sections); anything else is prose.
public enum SectionKind: String, Codable, Sendable, CaseIterable {
    case goals, stakeholders, workshops, tasks, milestones, communication, metrics, risks,
         conflictResolution = "conflict-resolution", updates, retrospective

    /// Heading names that mean this section, lowercased.
    public var names: [String] {
        switch self {
        case .goals: ["goals", "objectives", "outcomes"]
        case .stakeholders: ["stakeholders", "people", "team"]
        case .workshops: ["workshops", "meetings", "decisions"]
        case .tasks: ["tasks", "action items", "plan"]
        case .milestones: ["milestones", "timeline"]
        case .communication: ["communication", "channels"]
        case .metrics: ["metrics", "measurement", "kpis"]
        case .risks: ["risks", "conflicts", "issues"]
        case .conflictResolution: ["conflict resolution", "escalation"]
        case .updates: ["updates", "status", "log"]
        case .retrospective: ["retrospective", "lessons learned"]
        }
    }

    /// The name to write, e.g. `Tasks`, `Conflict resolution`.
    public var title: String {
        let name = names[0]
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// The kind an H2 heading names, matched case-insensitively with aliases.
    public init?(heading: String) {
        let normalized = heading.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
            .joined(separator: " ")
        guard let kind = SectionKind.allCases.first(where: { $0.names.contains(normalized) }) else { return nil }
        self = kind
    }
}

/// An H2 section as written: recognised or prose, with its Markdown kept for rendering.
public struct Section: Codable, Sendable {
    /// nil for a section mapc does not interpret (and for the text before the first H2).
    public var kind: SectionKind?
    /// The heading text; empty for the preamble before the first H2.
    public var title: String
    public var headingRange: SourceRange?
    /// The section's content, after its heading.
    public var bodyRange: SourceRange
    /// True when the section holds something besides blank lines and comments.
    public var hasContent: Bool

    public init(kind: SectionKind?, title: String, headingRange: SourceRange?, bodyRange: SourceRange,
                hasContent: Bool)
    {
        self.kind = kind
        self.title = title
        self.headingRange = headingRange
        self.bodyRange = bodyRange
        self.hasContent = hasContent
    }
}

/// Something wrong with how the file is written, found while lowering it.
public struct SyntaxIssue: Codable, Sendable, Hashable {
    public enum Kind: Codable, Sendable, Hashable {
        /// The YAML does not parse, a key has the wrong type, or `title` is missing.
        case frontMatter(FrontMatterProblem)
        /// Text in a date position that is not a real `YYYY-MM-DD` day.
        case invalidDate(text: String)
        /// A front-matter key mapc does not know.
        case unknownKey(key: String, suggestion: String?)
        /// An inline `key:value` token with an unknown key.
        case unknownToken(key: String, suggestion: String?)
        /// A known key with a value outside its set (`every:`, `status:`, `est:`…).
        case unknownValue(key: String, value: String, expected: [String])
        /// Checkbox items where mapc does not read tasks (docs/format.md#what-mapc-does-not-read):
        /// `count` of them in the section titled `section` ("" before the first H2).
        case untrackedTasks(count: Int, section: String, suggestion: SectionKind?, ownersOrDates: Bool)
        /// An H2 that is not a section mapc reads, named like one (`## Ziele`, `## Milestone`).
        case unknownSection(title: String, suggestion: SectionKind)
        /// A known section, goal or phase heading at the wrong level (`# Stakeholders`,
        /// `#### G1: …`); `untracked` checkbox items under it are not read either.
        case headingLevel(text: String, what: HeadingRole, found: Int, expected: Int, untracked: Int)
        /// A checkbox GFM does not read (`- []`, `- [ x ]`, `-[ ]`), with what to write instead.
        case malformedCheckbox(written: String, replacement: String)
        /// A token written almost right (`due: 2026-12-01`, `Due:2026-12-01`): read as prose.
        case almostToken(written: String, replacement: String)
        /// A second front matter block in the body: two plans in one file.
        case secondFrontMatter
        /// A Stakeholders or Metrics table without the column its rows are read by.
        case missingColumn(section: SectionKind, required: String, found: [String], suggestion: String?)
    }

    /// What a misplaced heading looks like it was meant to be.
    public enum HeadingRole: String, Codable, Sendable, Hashable {
        case section, goal, phase
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, at range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// A `<!-- mapc-disable… -->` comment.
public struct SuppressionComment: Codable, Sendable, Hashable {
    public enum Scope: String, Codable, Sendable {
        /// Only diagnostics on the next non-blank line.
        case nextLine
        /// Diagnostics after the comment, and plan-level ones anywhere.
        case restOfFile
    }

    public var scope: Scope
    /// The rule ids; empty means every rule.
    public var rules: [RuleID]
    /// 1-based line the comment applies to (next line) or starts from (rest of file).
    public var line: Int

    public init(scope: Scope, rules: [RuleID], line: Int) {
        self.scope = scope
        self.rules = rules
        self.line = line
    }
}

/// What is wrong with a plan's front matter: found by the lowering, worded by the
/// `front-matter-invalid` rule.
public enum FrontMatterProblem: Codable, Sendable, Hashable {
    /// The YAML parser's own words.
    case notYAML(detail: String)
    case notAMapping
    case wrongType(key: String, expected: FrontMatterValue)
    case missingTitle
    /// An opening `---` with no closing one.
    case unclosed
}

/// The kinds of value front-matter keys take.
public enum FrontMatterValue: String, Codable, Sendable, Hashable {
    case text, slug, status, date, handle, list, review
}
