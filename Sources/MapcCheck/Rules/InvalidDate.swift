import MapcModel
import MapcSource

/// A date that is not a real `YYYY-MM-DD` day, anywhere in the plan.
///
/// Why: `2026-02-30` silently becomes "no date" in most tools; a plan must not lose a
/// deadline because of a typo.
public struct InvalidDate: Rule {
    public static let id: RuleID = "invalid-date"
    public static let severity: Severity = .error
    public static let summary = "a date that is not a real YYYY-MM-DD day"
    public static let rationale = """
        Dates are ISO `YYYY-MM-DD` and must name a real day: month 1–12, a day that exists in \
        that month. This applies to front matter (`start`, `due`), task and milestone tokens, \
        emoji dates, workshop and update dates, and the Due column of Metrics.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Sign the order @li due:↓2026-02-30",
                messages: ["`2026-02-30` is not a real day"]),
        Example("---\ntitle: Pilot\ndue: ↓2026-13-01\n---\n"),
        Example("## Tasks\n- [ ] Sign the order @li 📅 ↓2026-11-31"),
        Example("## Updates\n- ↓2026-04-31: kickoff held"),
        Example("## Tasks\n- [ ] Sign the order @li due:↓2026-1-5", messages: ["`2026-1-5` is not a real day"]),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Sign the order @li due:2028-02-29",
        "## Tasks\n- [ ] Book `due:2026-02-30` in the code span @li",
    ]

    public static let manual = Manual(
        why: """
            `2026-02-30` silently becomes "no date" in most tools; a plan must not lose a deadline \
            because of a typo.
            """,
        details: """
            A task whose due date is invalid gets only this diagnostic: not `task-undated` or \
            `task-overdue` (and neither do its undated sub-tasks).
            """,
        fix: """
            Write the day you mean. The help says what is wrong: the month's range, how many days \
            that month has, or the zero-padded form (`2026-01-05`).
            """,
        fixed: "## Tasks\n- [ ] Sign the order @li due:2026-02-27")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues {
            guard case let .invalidDate(text) = issue.kind else { continue }
            out.add(Self.self, at: issue.range, "`\(text)` is not a real day", help: Self.help(for: text))
        }
    }

    /// Says what exactly is wrong: the shape, the month, or the day of that month.
    static func help(for text: String) -> String {
        if let padded = DateSuggestion.padded(text) { return "did you mean `\(padded)`? Months and days take two digits" }
        guard Day.looksLikeDate(text) else { return "write dates as YYYY-MM-DD, e.g. `2026-12-01`" }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return "write dates as YYYY-MM-DD" }
        if !(1...12).contains(parts[1]) { return "the month must be between 01 and 12" }
        let days = Day.daysIn(month: parts[1], year: parts[0])
        return "month \(text.dropFirst(5).prefix(2)) of \(text.prefix(4)) has \(days) days"
    }
}
