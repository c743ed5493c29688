import MapcModel
import MapcSource

/// `mapc export --format csv`: one row per task of every plan, for spreadsheets.
///
/// RFC 4180: a header row, CRLF line endings, a field quoted when it holds a comma, a
/// quote or a line break, quotes doubled. Spreadsheets run a cell that starts with `=`,
/// `+`, `-` or `@` (or a tab or CR before one) as a formula, so plan text could make a
/// reader's spreadsheet compute or fetch something (CSV injection, OWASP): such a cell
/// gets a leading `'`, which spreadsheets show as text. Lists are space-separated;
/// `owner` is the effective owner (a sub-task's parent's when it names none).
public enum TasksCSV {
    /// The header row's columns, in order.
    public static let columns = ["plan", "id", "title", "state", "progress", "owner", "contributors", "due",
                                 "effective_due", "start", "phase", "goals", "after", "estimate_hours", "file", "line"]

    /// The header row, then a row per task of every plan.
    public static func render(_ plans: [SourcedPlan]) -> String {
        var out = row(columns)
        for sourced in plans {
            let plan = sourced.plan
            // Document order: the model lists sub-tasks after their parent's siblings.
            for task in plan.tasks.sorted(by: { $0.range.start < $1.range.start }) {
                let phase = task.phase.flatMap { plan.phases.indices.contains($0) ? plan.phases[$0].title : nil }
                out += row([
                    plan.id.value,
                    task.id,
                    task.title,
                    task.state.rawValue,
                    // The checkbox decides done and cancelled; progress only refines open tasks.
                    task.isOpen ? task.progress.rawValue : "",
                    task.effectiveOwner?.name ?? "",
                    task.contributors.map(\.value.name).joined(separator: " "),
                    task.due.map { $0.value.description } ?? "",
                    task.effectiveDue?.description ?? "",
                    task.start.map { $0.value.description } ?? "",
                    phase ?? "",
                    task.goals.map(\.value).joined(separator: " "),
                    task.after.map(\.value).joined(separator: " "),
                    task.estimate.map { hours($0.value.hours) } ?? "",
                    plan.file,
                    String(sourced.line(of: task.range)),
                ])
            }
        }
        return out
    }

    /// One record with its CRLF.
    static func row(_ fields: [String]) -> String {
        fields.map { field(protect($0)) }.joined(separator: ",") + "\r\n"
    }

    /// A cell a spreadsheet would run as a formula, made text with a leading `'`.
    public static func protect(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        return ["=", "+", "-", "@", "\t", "\r"].contains(first) ? "'" + value : value
    }

    /// RFC 4180 §2: quoted when it holds a comma, a quote or a line break; quotes doubled.
    static func field(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }

    /// Hours without a needless `.0`; at most two decimals.
    static func hours(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
        return String(rounded)
    }
}
