import MapcModel
import MapcSource

/// A Stakeholders or Metrics table without the column its rows are read by.
///
/// Why: a table with `Person` instead of `Handle` looks complete, but mapc reads none of
/// its rows, so every handle of the plan becomes unknown.
public struct TableColumnMissing: Rule {
    public static let id: RuleID = "table-column-missing"
    public static let severity: Severity = .error
    public static let summary = "a Stakeholders table without `Handle`, or a Metrics table without `Metric`"
    public static let rationale = """
        Columns are matched by header name (docs/format.md#stakeholders, #metrics). Without \
        the required column no row is read; the message names the columns mapc expects and \
        the one that looks meant. Extra columns are kept and shown.
        """
    public static let bad: [Example] = [
        Example("## Stakeholders\n↓| Person | Name |\n|---|---|\n| @li | Li Wei |",
                messages: ["the Stakeholders table has no `Handle` column, so none of its rows is read"]),
        Example("## Metrics\n↓| KPI | Target |\n|---|---|\n| Seats | 50 |"),
    ]
    public static let good: [Example] = [
        "## Stakeholders\n| Handle | Name | Organisation |\n|---|---|---|\n| @li | Li Wei | City |",
    ]

    public static let manual = Manual(
        why: """
            A table with `Person` instead of `Handle` looks complete, but mapc reads none of its \
            rows, so every handle of the plan becomes unknown.
            """,
        fix: """
            Rename the column to the one mapc expects (`Handle` for Stakeholders, `Metric` for \
            Metrics); keep any extra columns.
            """,
        fixed: "## Stakeholders\n| Handle | Name |\n|---|---|\n| @li | Li Wei |")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues {
            guard case let .missingColumn(section, required, found, suggestion) = issue.kind else { continue }
            let expected = section == .stakeholders
                ? "Handle (required), Name, Party, Role, Interests, Expectations, Capacity"
                : "Metric (required), Goal, Baseline, Target, Current, Unit, Due"
            let columns = found.isEmpty ? "none" : found.map { "`\($0)`" }.joined(separator: ", ")
            out.add(Self.self, at: issue.range,
                    "the \(section.title) table has no `\(required)` column, so none of its rows is read",
                    help: (suggestion.map { "rename `\($0)` to `\(required)`. " } ?? "")
                        + "Its columns: \(columns); mapc reads \(expected), and keeps any others")
        }
    }
}
