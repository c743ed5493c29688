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
    /// Plans or snippets that must trigger the rule where `↓` marks.
    static var bad: [Example] { get }
    /// Plans or snippets that must not trigger it.
    static var good: [Example] { get }
    /// Plan-level rules report about the plan as a whole (docs/format.md#suppression-comments).
    static var isPlanLevel: Bool { get }

    init()
    func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings)
}

extension Rule {
    public static var isPlanLevel: Bool { false }
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
public struct Findings: Sendable {
    public private(set) var items: [Finding] = []

    public init() {}

    public mutating func add<R: Rule>(_ rule: R.Type, at range: SourceRange, _ message: String, help: String?) {
        items.append(Finding(rule: R.id, range: range, message: message, help: help, isPlanLevel: R.isPlanLevel))
    }

    public mutating func add(_ finding: Finding) { items.append(finding) }
}
