/// How much a diagnostic matters; ordered from least to most severe.
public enum Severity: String, Comparable, Codable, Sendable, CaseIterable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A rule's stable kebab-case id, e.g. `owner-missing`.
public struct RuleID: Hashable, Comparable, Codable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}

/// One problem found in one file: a value; rendering it is the emitters' job.
public struct Diagnostic: Hashable, Codable, Sendable {
    /// The file's path as shown to the user.
    public var file: String
    /// Where it starts and ends (end exclusive), as people count lines and columns.
    public var start: SourcePosition
    public var end: SourcePosition
    /// The byte range in the file, for tools that need it (suppressions, snippets).
    public var range: SourceRange
    public var severity: Severity
    public var rule: RuleID
    /// What is wrong here: lowercase, no final period, code in backticks.
    public var message: String
    /// What to do about it.
    public var help: String?
    /// True for findings about the plan as a whole rather than one token.
    public var isPlanLevel: Bool

    public init(file: String, start: SourcePosition, end: SourcePosition, range: SourceRange,
                severity: Severity, rule: RuleID, message: String, help: String?,
                isPlanLevel: Bool = false)
    {
        self.file = file
        self.start = start
        self.end = end
        self.range = range
        self.severity = severity
        self.rule = rule
        self.message = message
        self.help = help
        self.isPlanLevel = isPlanLevel
    }

    /// Places a finding in a file, converting bytes to people's columns.
    public init(in source: SourceFile, range: SourceRange, severity: Severity, rule: RuleID,
                message: String, help: String?, isPlanLevel: Bool = false)
    {
        self.init(file: source.path, start: source.position(of: range.start),
                  end: source.position(of: range.end), range: range, severity: severity,
                  rule: rule, message: message, help: help, isPlanLevel: isPlanLevel)
    }

    /// The order every output uses: file, line, column, rule, then message.
    public static func presentationOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.start != rhs.start { return lhs.start < rhs.start }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message < rhs.message
    }
}

extension Array where Element == Diagnostic {
    /// Counts by severity.
    public func count(of severity: Severity) -> Int { reduce(0) { $0 + ($1.severity == severity ? 1 : 0) } }
}
