import MapcLSP
import MapcModel
import MapcSource

extension LanguageServer {
    /// `textDocument/hover`: what a handle, task id, goal or date means in this plan, and
    /// the help of the diagnostics under the cursor.
    func hover(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let (uri, position) = Self.documentPosition(params) else { return .failure(.invalidParams("no position")) }
        guard let open = documents[uri], let analysis = analysis(uri) else { return .success(.null) }
        let offset = analysis.sourceOffset(open.document.offset(of: position, encoding: encoding))
        var parts: [String] = []
        var range: SourceRange?
        if let plan = analysis.plan {
            let describe = PlanDescriptions(plan: plan, today: today)
            if let occurrence = analysis.index?.occurrence(at: offset) {
                range = occurrence.range
                switch occurrence.symbol {
                case let .handle(key): parts.append(describe.handle(key, written: analysis.compiled?.source.text(occurrence.range) ?? ""))
                case let .task(id): parts.append(describe.task(id))
                case let .goal(id): parts.append(describe.goal(id))
                }
            } else if let date = Self.date(at: offset, in: analysis.compiled?.source.bytes ?? []) {
                range = date.range
                parts.append(describe.date(date.day, at: date.range))
            }
        }
        for diagnostic in analysis.diagnostics where diagnostic.range.start <= offset && offset <= diagnostic.range.end {
            var text = "`\(diagnostic.rule)`: \(diagnostic.message)"
            if let help = diagnostic.help { text += "\n\nhelp: \(help)" }
            parts.append(text)
            if range == nil { range = diagnostic.range }
        }
        guard !parts.isEmpty else { return .success(.null) }
        var result: [String: JSON] = ["contents": ["kind": client.markdownHover ? "markdown" : "plaintext",
                                                   "value": .string(parts.joined(separator: "\n\n---\n\n"))]]
        if let range { result["range"] = self.range(range, analysis, open.document).json }
        return .success(.object(result))
    }

    /// A `YYYY-MM-DD` under the cursor.
    static func date(at offset: Int, in bytes: [UInt8]) -> (day: Day, range: SourceRange)? {
        guard !bytes.isEmpty else { return nil }
        let isDateByte: (UInt8) -> Bool = { (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
        var start = min(offset, bytes.count)
        while start > 0, isDateByte(bytes[start - 1]), offset - start < 10 { start -= 1 }
        var end = min(offset, bytes.count)
        while end < bytes.count, isDateByte(bytes[end]), end - start < 10 { end += 1 }
        // The ten characters of a date in the run of digits and dashes.
        for from in start...max(start, end - 10) where from + 10 <= end {
            let text = String(decoding: bytes[from..<(from + 10)], as: UTF8.self)
            if from <= offset, offset <= from + 10, let day = Day(iso: text) {
                return (day, SourceRange(start: from, end: from + 10))
            }
        }
        return nil
    }
}

/// Markdown descriptions of a plan's people, tasks, goals and dates.
struct PlanDescriptions {
    let plan: Plan
    let today: Day


    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    func weekday(_ day: Day) -> String { Self.weekdays[((day.daysSinceEpoch + 3) % 7 + 7) % 7] }

    func handle(_ key: String, written: String) -> String {
        guard let stakeholder = plan.stakeholders.first(where: { $0.handle.value.key == key }) else {
            return "`\(written)` is not a stakeholder of this plan"
        }
        var lines = ["**@\(stakeholder.handle.value.name)**" + (stakeholder.name.map { " — \($0)" } ?? "")]
        let about = [stakeholder.party, stakeholder.role].compactMap { $0 }
        if !about.isEmpty { lines.append(about.joined(separator: " · ")) }
        let open = plan.tasks.filter { $0.isOpen && $0.effectiveOwner?.key == key }
        lines.append(open.isEmpty ? "No open tasks." : "\(open.count) open task\(open.count == 1 ? "" : "s")")
        let dated = open.filter { $0.effectiveDue != nil }.sorted { $0.effectiveDue! < $1.effectiveDue! }
        if let next = dated.first, let due = next.effectiveDue {
            lines.append("Next deadline: \(due) (\(relative(due))), \(next.displayName)")
        }
        for task in dated.prefix(5) {
            lines.append("- \(task.displayName) — due \(task.effectiveDue!)" + (task.effectiveDue! < today ? " **overdue**" : ""))
        }
        return lines.joined(separator: "\n\n")
    }

    func task(_ id: String) -> String {
        guard let index = plan.taskIndexByID[id] else { return "no task of this plan has the id `\(id)`" }
        let task = plan.tasks[index]
        var lines = ["**\(task.displayName)** (`\(task.id)`)"]
        var facts: [String] = []
        if let owner = task.effectiveOwner { facts.append("@\(owner.name)") }
        if let due = task.effectiveDue {
            facts.append("due \(due) (\(relative(due)))" + (task.isOpen && due < today ? " **overdue**" : ""))
        }
        switch task.state {
        case .open: facts.append(task.progress == .todo ? "open" : task.progress.rawValue)
        case .done: facts.append("done" + (task.doneOn.map { " \($0.value)" } ?? ""))
        case .cancelled: facts.append("cancelled")
        }
        lines.append(facts.joined(separator: " · "))
        if !task.after.isEmpty { lines.append("After: " + task.after.map { "`\($0.value)`" }.joined(separator: ", ")) }
        let dependents = plan.tasks.filter { $0.after.contains { $0.value == id } }
        if !dependents.isEmpty {
            lines.append("Needed by: " + dependents.map { "`\($0.id)` \($0.displayName)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n\n")
    }

    func goal(_ id: String) -> String {
        guard let goal = plan.goals.first(where: { $0.id.value.lowercased() == id }) else {
            return "no goal of this plan has the id `\(id)`"
        }
        var lines = ["**\(goal.id.value)**: \(goal.title)"]
        let metrics = plan.metrics.filter { $0.goals.contains { $0.value.lowercased() == id } }
        if metrics.isEmpty { lines.append("No metric measures this goal.") }
        for metric in metrics {
            var text = "- \(metric.name.value):"
            if let current = metric.current { text += " \(current.text)" }
            if let target = metric.target { text += " of \(target.text)" }
            if let baseline = metric.baseline { text += " (from \(baseline.text))" }
            if let start = metric.baseline?.value, let end = metric.target?.value, let now = metric.current?.value,
               end != start
            {
                let percent = Int(((now - start) / (end - start) * 100).rounded())
                text += " — \(percent)%"
            }
            lines.append(text)
        }
        let tasks = plan.tasks.filter { $0.goals.contains { $0.value.lowercased() == id } }
        if !tasks.isEmpty {
            let done = tasks.filter { $0.state == .done }.count
            lines.append("\(done) of \(tasks.count) task\(tasks.count == 1 ? "" : "s") serving it done")
        }
        return lines.joined(separator: "\n\n")
    }

    func date(_ day: Day, at range: SourceRange) -> String {
        var text = "\(weekday(day)) \(day) — \(relative(day))"
        // The due date of an open task: is it overdue?
        if let task = plan.tasks.first(where: { $0.due?.range.start ?? -1 <= range.start && range.end <= $0.due?.range.end ?? -1 }),
           task.isOpen
        {
            text += day < today ? ", **overdue** by \(day.days(until: today)) days" : ", not overdue"
        }
        return text
    }
}
