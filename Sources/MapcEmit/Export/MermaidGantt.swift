import MapcModel
import MapcSource

/// `mapc export --format mermaid`: a ```` ```mermaid ```` gantt block per plan, to paste
/// into GitHub Markdown, a wiki or a slide.
///
/// Sections are the phases (tasks before the first phase go under "Tasks"), then
/// "Milestones". A task starts at its `start:` (or `⏳` scheduled) date, else after the
/// tasks it depends on, else on its due day; it ends on its effective due date, else
/// after its estimate in days, else after one day; end dates are inclusive. Tags: `done`,
/// `active` (status:doing), `crit` (overdue, as `PlanSummary` decides). Cancelled tasks
/// are left out, and so are tasks with no date at all (listed in a `%%` comment).
/// Plan text is escaped with Mermaid's entity codes (`:` → `#58;`, `#` → `#35;`,
/// `;` → `#59;`, `%` → `#37;`, and `<`, `>` as `#60;`, `#62;`), and a title that starts like a gantt keyword or a date
/// has its first character escaped, so no title can end a task or start a statement.
public enum MermaidGantt {
    /// A block per plan, in the order given, separated by a blank line.
    public static func render(_ summaries: [PlanSummary]) -> String {
        summaries.map(block).joined(separator: "\n")
    }

    /// One fenced block.
    public static func block(_ summary: PlanSummary) -> String {
        let plan = summary.plan
        var lines = ["```mermaid", "gantt", "    title " + escape(plan.title.value), "    dateFormat YYYY-MM-DD",
                     "    inclusiveEndDates"]
        let overdue = Set(summary.overdue.map(\.range.start))
        var ids: [Int: String] = [:]   // task index → Mermaid id, for tasks already drawn
        var usedIDs = Set<String>()
        // The next suffix to try per base: counting from 2 for each of thousands of equal
        // ids was quadratic. Ids only ever get used, so the suffixes below it are taken.
        var nextSuffix: [String: Int] = [:]
        func mermaidID(_ base: String, fallback: String) -> String {
            let clean = base.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic
                || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") } && !base.isEmpty
            let root = clean ? base : fallback
            if usedIDs.insert(root).inserted { return root }
            var suffix = nextSuffix[root] ?? 2
            var candidate = root + "-\(suffix)"
            while !usedIDs.insert(candidate).inserted {
                suffix += 1
                candidate = root + "-\(suffix)"
            }
            nextSuffix[root] = suffix + 1
            return candidate
        }
        // `after:` names a task by id, case-insensitively here; the first task with the id
        // wins. Looked up once per plan, not by scanning every task for every reference.
        var taskIndexByID: [String: Int] = [:]
        for (index, task) in plan.tasks.enumerated() where taskIndexByID[task.id.lowercased()] == nil {
            taskIndexByID[task.id.lowercased()] = index
        }

        var undated: [String] = []
        var currentSection: Int?? = .none
        // Document order (the model lists sub-tasks after their parent's siblings), so a
        // sub-task sits under its parent and `after` can point only backwards: no cycles.
        let ordered = plan.tasks.indices.sorted { plan.tasks[$0].range.start < plan.tasks[$1].range.start }
        for index in ordered where plan.tasks[index].state != .cancelled {
            let task = plan.tasks[index]
            let due = task.effectiveDue ?? (task.state == .done ? task.doneOn?.value : nil)
            var start = task.start?.value ?? task.scheduled?.value
            let after = task.after.compactMap { reference in
                taskIndexByID[reference.value.lowercased()].flatMap { ids[$0] }
            }
            guard start != nil || due != nil || !after.isEmpty else {
                undated.append(escape(task.displayTitle))
                continue
            }
            if let due, let begin = start, begin > due { start = due }
            let id = mermaidID(task.id, fallback: "task-\(index + 1)")
            ids[index] = id

            if currentSection != .some(task.phase) {
                currentSection = .some(task.phase)
                let name = task.phase.flatMap { plan.phases.indices.contains($0) ? plan.phases[$0].title : nil } ?? "Tasks"
                lines.append("    section " + escape(name))
            }
            var tags: [String] = []
            if task.state == .done { tags.append("done") }
            if task.isOpen && task.progress == .doing { tags.append("active") }
            if overdue.contains(task.range.start) { tags.append("crit") }
            let from = start.map(\.description) ?? (after.isEmpty ? due!.description : "after " + after.joined(separator: " "))
            let to = due.map(\.description)
                ?? task.estimate.map { "\(max(1, Int(($0.value.hours / 8).rounded(.up))))d" } ?? "1d"
            lines.append("    " + escape(task.displayTitle) + " :" + (tags + [id, from, to]).joined(separator: ", "))
        }

        let milestones = plan.milestones.enumerated().filter { $0.element.due != nil }
        if !milestones.isEmpty {
            lines.append("    section Milestones")
            for (index, milestone) in milestones {
                let due = milestone.due!.value
                var tags: [String] = []
                if milestone.done { tags.append("done") }
                if !milestone.done && plan.status.value == .active && due < summary.today { tags.append("crit") }
                tags.append("milestone")
                let id = mermaidID("milestone-\(index + 1)", fallback: "milestone-\(index + 1)")
                lines.append("    " + escape(milestone.title) + " :" + (tags + [id, due.description, "0d"])
                    .joined(separator: ", "))
            }
        }
        if !undated.isEmpty {
            lines.append("    %% not shown, no date: " + undated.joined(separator: " / "))
        }
        lines.append("```")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Statements a line may start with in Mermaid's gantt grammar (case-insensitive).
    static let keywords = ["gantt", "dateformat", "inclusiveenddates", "topaxis", "axisformat", "tickinterval",
                           "includes", "excludes", "todaymarker", "weekday", "weekend", "title", "accdescription",
                           "acctitle", "accdescr", "section", "click", "href", "call", "displaymode"]

    /// Plan text made inert in a gantt line (see the type's documentation).
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case ":": out += "#58;"
            case "#": out += "#35;"
            case ";": out += "#59;"
            case "%": out += "#37;"
            // Not syntax in a gantt line, but Mermaid puts text into SVG: keep markup inert.
            case "<": out += "#60;"
            case ">": out += "#62;"
            case "\n", "\r", "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        out = String(out.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        let lowered = out.lowercased()
        let startsLikeDate = out.unicodeScalars.prefix(4).count == 4
            && out.unicodeScalars.prefix(4).allSatisfy { ("0"..."9").contains($0) }
        if let first = out.unicodeScalars.first,
           startsLikeDate || keywords.contains(where: { lowered.hasPrefix($0) })
        {
            out = "#\(first.value);" + String(out.unicodeScalars.dropFirst())
        }
        return out.isEmpty ? "untitled" : out
    }
}
