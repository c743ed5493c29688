import MapcModel
import MapcSource

/// A check of docs/rules.md: a stable id, a default severity, a manual, and its examples.
///
/// Each rule lives in `Rules/<Name>.swift`. Its `bad` examples mark with `↓` where each
/// diagnostic starts; `good` examples must stay silent. One generic test runs them all.
public protocol Rule: Sendable {
    /// The stable kebab-case id used in output, `mapc.yml` and `mapc-disable` comments.
    static var id: RuleID { get }
    static var severity: Severity { get }
    /// One line for `mapc rules`.
    static var summary: String { get }
    /// Why the rule exists, in plain words, for `mapc rules ID` and docs/rules.
    static var rationale: String { get }
    /// The rule's entry in docs/rules.md: why, how to fix, the fixed example (`Manual`).
    static var manual: Manual { get }
    /// Plans or snippets that must trigger the rule where `↓` marks.
    static var bad: [Example] { get }
    /// Plans or snippets that must not trigger it.
    static var good: [Example] { get }
    /// Plan-level rules report about the plan as a whole (docs/format.md#suppression-comments).
    static var isPlanLevel: Bool { get }
    /// True for the rule that reports a front matter that never closes: then the body was
    /// not read, and no other rule runs.
    static var checksUnreadBody: Bool { get }
    /// True for rules whose findings depend on the front matter's values (the plan's due
    /// date, status, parties, owner): when the front matter does not parse they cannot run,
    /// so `mapc diff` does not call their findings fixed.
    static var readsFrontMatter: Bool { get }

    init()
    func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings)
}

extension Rule {
    public static var isPlanLevel: Bool { false }
    public static var checksUnreadBody: Bool { false }
    public static var readsFrontMatter: Bool { false }
}

/// A rule about files that did not become plans (unreadable, too large, no front matter):
/// reading records a `FileFinding`, the rule words it. Its examples are whole files.
public protocol FileRule: Rule {
    /// The message and help for `finding` in the file at `path`, if the finding is this rule's.
    static func describe(_ finding: FileFinding, path: String) -> (message: String, help: String)?
    /// Files that must give the diagnostic at `line:column` with `message`.
    static var fileExamples: [FileExample] { get }
}

/// A file rule's example: the file's bytes, whether it was named on the command line, and
/// the diagnostic it gives (`line:column message`).
public struct FileExample: Sendable {
    public let name: String
    public let bytes: [UInt8]
    public let named: Bool
    public let expected: String

    public init(_ name: String, _ bytes: [UInt8], named: Bool = false, expected: String) {
        self.name = name
        self.bytes = bytes
        self.named = named
        self.expected = expected
    }
}

/// A rule that also looks across the plans of a workspace: plan ids, people.
public protocol WorkspaceRule: Rule {
    /// Where a finding about `plan` is reported in its file, and the help: reported with
    /// the file's severities and suppressions (`Checker.workspaceAnchor`).
    static func anchor(_ plan: Plan) -> (range: SourceRange, help: String)
    /// Finer places, by subject (a stakeholder's handle key, say): a finding that names a
    /// subject is reported there rather than at `anchor`.
    static func subjectAnchors(_ plan: Plan) -> [(subject: String, range: SourceRange, help: String)]
    /// The findings across `plans` (in input order): which plan, about what, and the message.
    static func checkWorkspace(_ plans: [WorkspacePlan], _ settings: WorkspaceSettings) -> [WorkspaceFinding]
    /// Workspaces (files by name) and the diagnostics they must give (`name:line:column message`).
    static var workspaceExamples: [(files: [(String, String)], expected: [String])] { get }
}

extension WorkspaceRule {
    public static func subjectAnchors(_ plan: Plan) -> [(subject: String, range: SourceRange, help: String)] { [] }
}

/// One finding of a workspace rule.
public struct WorkspaceFinding: Sendable, Equatable {
    public var plan: Int
    /// The subject anchor to report at (`subjectAnchors`); nil for the plan's `anchor`.
    public var subject: String?
    public var message: String

    public init(plan: Int, subject: String? = nil, message: String) {
        self.plan = plan
        self.subject = subject
        self.message = message
    }
}

/// What a workspace rule knows of one plan.
public struct WorkspacePlan: Sendable, Equatable {
    public var file: String
    public var id: String
    /// Its stakeholders' identities (`PersonIdentity.key`), with the name as written.
    public var people: [Person]

    public struct Person: Sendable, Equatable {
        public var identity: String
        public var handle: String
        public var name: String?

        public init(identity: String, handle: String, name: String?) {
            self.identity = identity
            self.handle = handle
            self.name = name
        }

        /// A plan's people: the first Stakeholders row of each handle (a repeated row is
        /// `duplicate-id`), in table order.
        public static func of(_ plan: Plan) -> [Person] {
            var seen = Set<String>()
            return plan.stakeholders.compactMap { stakeholder in
                guard seen.insert(stakeholder.handle.value.key).inserted else { return nil }
                return Person(identity: PersonIdentity.key(stakeholder), handle: stakeholder.handle.value.name,
                              name: stakeholder.name)
            }
        }
    }

    public init(file: String, id: String, people: [Person] = []) {
        self.file = file
        self.id = id
        self.people = people
    }
}

/// What a workspace rule knows of the workspace besides its plans (`mapc.yml`).
public struct WorkspaceSettings: Sendable {
    /// Handle keys `mapc.yml` declares as the organisation's people.
    public var declaredPeople: Set<String>

    public init(declaredPeople: Set<String> = []) { self.declaredPeople = declaredPeople }
}

/// A rule example: Markdown, and for bad examples the messages expected at the markers.
public struct Example: Sendable, ExpressibleByStringLiteral {
    public let markdown: String
    /// Expected messages, in marker order; empty means "any message".
    public let messages: [String]

    public init(_ markdown: String, messages: [String] = []) {
        self.markdown = markdown
        self.messages = messages
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// What every rule may know besides the plan.
public struct CheckContext: Sendable {
    /// "Today": `--today`, `MAPC_TODAY`, `mapc.yml`, else the system date
    /// (docs/format.md#dates-and-today).
    public var today: Day
    /// The plan's file, for messages that name lines.
    public var source: SourceFile
    /// Task indices by id (the first task wins), built once per plan: three rules use it.
    public var taskIndexByID: [String: Int]

    public init(today: Day, source: SourceFile, plan: Plan) {
        self.today = today
        self.source = source
        taskIndexByID = plan.taskIndexByID
    }
}

/// A rule's finding before severity and suppressions are applied.
public struct Finding: Sendable, Hashable {
    public var rule: RuleID
    public var range: SourceRange
    public var message: String
    public var help: String?
    public var isPlanLevel: Bool

    public init(rule: RuleID, range: SourceRange, message: String, help: String?, isPlanLevel: Bool) {
        self.rule = rule
        self.range = range
        self.message = message
        self.help = help
        self.isPlanLevel = isPlanLevel
    }
}

/// Collects a rule's findings.
///
/// Made with a limit, it keeps only the first `limit` findings of each rule in document
/// order and counts the others, so a file with a million unknown keys does not hold a
/// million findings (docs/rules.md#repeated-diagnostics). `admit` drops findings before
/// they are counted (suppressed ones: they are not shown, so they are not "more").
public struct Findings: Sendable {
    /// Every finding kept, by rule in the order rules reported them.
    public var items: [Finding] { order.flatMap { firsts[$0]?.kept ?? [] } }

    private let limit: Int
    private let admit: (@Sendable (Finding) -> Bool)?
    private var firsts: [RuleID: FirstFindings] = [:]
    private var order: [RuleID] = []

    public init() {
        limit = .max
        admit = nil
    }

    /// Keeps at most `limit` findings of each rule, the first in document order.
    public init(limit: Int, admit: (@Sendable (Finding) -> Bool)? = nil) {
        self.limit = limit
        self.admit = admit
    }

    public mutating func add<R: Rule>(_ rule: R.Type, at range: SourceRange, _ message: String, help: String?) {
        add(Finding(rule: R.id, range: range, message: message, help: help, isPlanLevel: R.isPlanLevel))
    }

    /// The same, with a help worked out only for a finding that is kept: a suggestion
    /// costs an edit distance per candidate, and a file can have thousands of findings
    /// of which only the first are shown (5,000 unknown `after:` ids took 11 s).
    public mutating func add<R: Rule>(_ rule: R.Type, at range: SourceRange, _ message: String,
                                      help: () -> String?) {
        add(Finding(rule: R.id, range: range, message: message, help: nil, isPlanLevel: R.isPlanLevel), help: help)
    }

    public mutating func add(_ finding: Finding) { add(finding, help: { finding.help }) }

    private mutating func add(_ finding: Finding, help: () -> String?) {
        if let admit, !admit(finding) { return }
        if firsts[finding.rule] == nil { order.append(finding.rule) }
        firsts[finding.rule, default: FirstFindings()].insert(finding, limit: limit, help: help)
    }

    /// How many findings of a rule were admitted, kept or not.
    public func count(of rule: RuleID) -> Int { firsts[rule]?.total ?? 0 }
}

/// The first findings of one rule in document order (by start, then message, as
/// diagnostics are presented), and how many there were in all.
private struct FirstFindings: Sendable {
    var kept: [Finding] = []
    var total = 0

    /// Counts `finding` and keeps it, with `help()` as its help, if it is among the first `limit`.
    mutating func insert(_ finding: Finding, limit: Int, help: () -> String?) {
        total += 1
        func precedes(_ lhs: Finding, _ rhs: Finding) -> Bool {
            lhs.range.start != rhs.range.start ? lhs.range.start < rhs.range.start : lhs.message < rhs.message
        }
        if kept.count == limit {
            guard let last = kept.last, precedes(finding, last) else { return }
            kept.removeLast()
        }
        var finding = finding
        finding.help = help()
        // Rules mostly report in document order: the place is usually the end.
        var index = kept.count
        while index > 0, precedes(finding, kept[index - 1]) { index -= 1 }
        kept.insert(finding, at: index)
    }
}
