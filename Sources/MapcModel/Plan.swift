import MapcSource

/// A mutual action plan: one Markdown file, lowered and typed (docs/format.md).
///
/// Everything keeps the byte range it came from, so every check can point at a token.
public struct Plan: Codable, Sendable {
    /// The path of the file, as the user sees it.
    public var file: String
    public var id: Located<String>
    public var title: Located<String>
    public var status: Located<PlanStatus>
    public var start: Located<Day>?
    public var due: Located<Day>?
    public var owner: Located<Handle>?
    public var parties: [Located<String>]
    public var review: Located<ReviewCadence>?
    public var tags: [String]
    /// Front-matter keys nobody defined, kept as written, each located at its key.
    public var extraFields: [Located<String>]
    /// Where each known front-matter key (`title`, `id`… docs/format.md#front-matter) was
    /// written, for plan-level diagnostics; unknown keys are in `extraFields`.
    public var frontMatterKeys: [String: SourceRange]
    /// An `id:` the front matter gave but that is not a slug (the file name is used instead).
    public var rejectedID: String?
    /// Byte offset where the Markdown body starts, after the front matter.
    public var bodyStart = 0
    /// False when the front matter never closes: the body was not read, so only the
    /// front-matter error is worth reporting.
    public var bodyWasRead = true

    public var goals: [Goal] = []
    public var stakeholders: [Stakeholder] = []
    public var metrics: [Metric] = []
    public var phases: [Phase] = []
    /// Every task and sub-task in document order; sub-tasks name their parent.
    public var tasks: [Task] = []
    public var milestones: [Milestone] = []
    public var workshops: [Workshop] = []
    public var channels: [Channel] = []
    public var risks: [Risk] = []
    public var escalations: [Escalation] = []
    public var updates: [Update] = []
    /// Every H2 section in order, recognised or not, so nothing the author wrote is lost.
    public var sections: [Section] = []
    /// Problems found while reading the file (dates, unknown keys, YAML); checks report them.
    public var syntaxIssues: [SyntaxIssue] = []
    /// `mapc-disable…` comments found in the file.
    public var suppressions: [SuppressionComment] = []

    public init(file: String, id: Located<String>, title: Located<String>, status: Located<PlanStatus>,
                start: Located<Day>? = nil, due: Located<Day>? = nil, owner: Located<Handle>? = nil,
                parties: [Located<String>] = [], review: Located<ReviewCadence>? = nil, tags: [String] = [],
                extraFields: [Located<String>] = [], frontMatterKeys: [String: SourceRange] = [:])
    {
        self.file = file
        self.id = id
        self.title = title
        self.status = status
        self.start = start
        self.due = due
        self.owner = owner
        self.parties = parties
        self.review = review
        self.tags = tags
        self.extraFields = extraFields
        self.frontMatterKeys = frontMatterKeys
    }

    /// The section of a kind, if the plan has one (the first, if several).
    public func section(_ kind: SectionKind) -> Section? { sections.first { $0.kind == kind } }

    /// Open tasks: neither done nor cancelled.
    public var openTasks: [Task] { tasks.filter(\.isOpen) }
}

/// The lifecycle of a plan (front matter `status`).
public enum PlanStatus: String, Codable, Sendable, CaseIterable {
    case draft, active, onHold = "on-hold", done, cancelled
}

/// How often a plan must get an update (front matter `review`).
public enum ReviewCadence: String, Codable, Sendable, CaseIterable {
    case daily, weekly, biweekly, monthly

    /// The days each cadence allows since the newest update (docs/rules.md#plan-stale).
    public var allowedDays: Int {
        switch self {
        case .daily: 1
        case .weekly: 7
        case .biweekly: 14
        case .monthly: 31
        }
    }
}

/// A person's handle, written `@dana`; stored without the `@`.
///
/// Handles compare case-insensitively, like the accounts they usually name.
public struct Handle: Hashable, Codable, Sendable, CustomStringConvertible {
    public let name: String
    /// The lowercased name, used for comparison.
    public let key: String

    public init(_ name: String) {
        self.name = name
        key = name.lowercased()
    }

    public static func == (lhs: Handle, rhs: Handle) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    public var description: String { "@\(name)" }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
