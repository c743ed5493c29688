import MapcModel
import MapcSource
import MapcEmit

/// How the text and Markdown renderers mark up the words they share.
struct DiffStyle: Sendable {
    /// Code, ids and handles: a code span in Markdown (so handles never notify anyone).
    let code: @Sendable (String) -> String
    /// A title or a name from the plan: escaped in Markdown, quoted in text.
    let name: @Sendable (String) -> String
    /// Free text from the plan (a value, a party): escaped in Markdown.
    let text: @Sendable (String) -> String

    /// For a terminal: plan text with its controls as visible stand-ins (`TerminalText`).
    static let plain = DiffStyle(code: TerminalText.safe, name: { "\"" + TerminalText.safe($0) + "\"" },
                                 text: TerminalText.safe)
    /// For a GitHub comment: plan text inert (`MarkdownText`), so it never pings or links.
    /// Names sit inside emphasis and values after a label, never at the start of a line.
    static let markdown = DiffStyle(code: MarkdownText.code, name: { "*" + MarkdownText.inert($0, atLineStart: false) + "*" },
                                    text: { MarkdownText.inert($0, atLineStart: false) })
}

/// The sentences every human-readable diff format uses, given a style.
struct DiffPhrases {
    var style: DiffStyle

    /// `status: active → on-hold`, `due: 2027-01-29 → 2027-02-26 (28 days later)`,
    /// `start set to 2026-10-01`, `review removed (was weekly)`, `re-targeted 50 → 60`.
    func field(_ change: FieldChange) -> String {
        switch (change.old, change.new) {
        case let (old?, new?):
            let name = change.field == "target" ? "re-targeted " : "\(change.field): "
            return name + "\(value(change, old)) → \(value(change, new))" + (change.days.map { " (\(Phrase.shift($0)))" } ?? "")
        case let (nil, new?): return "\(change.field) set to \(value(change, new))"
        case let (old?, nil): return "\(change.field) removed (was \(value(change, old)))"
        case (nil, nil): return change.field
        }
    }

    /// `target: 50`: a value of an item that is new.
    func value(_ change: FieldChange) -> String {
        "\(change.field): " + value(change, change.new ?? "")
    }

    private func value(_ change: FieldChange, _ text: String) -> String {
        change.field == "owner" ? style.code(text) : style.text(text)
    }


    /// An added task: `*Configure SSO* (owner `@li`, due 2026-11-10)`.
    func addedTask(_ task: TaskDiff) -> String {
        var facts: [String] = []
        if task.hasExplicitID { facts.append("id " + style.code(task.id)) }
        facts.append(task.owner.map { "owner " + style.code($0.description) } ?? "no owner")
        facts.append(task.due.map { "due \($0)" } ?? "no due date")
        if task.state != .open { facts.append("already \(task.state.rawValue)") }
        return style.name(task.title) + " (" + facts.joined(separator: ", ") + ")"
    }

    /// A removed task and what it was: `*Old idea* (was cancelled, owner `@li`)`.
    func removedTask(_ task: TaskDiff) -> String {
        var facts = ["was \(task.state.rawValue)"]
        if let owner = task.owner { facts.append("owner " + style.code(owner.description)) }
        if let due = task.due { facts.append("due \(due)") }
        return style.name(task.title) + " (" + facts.joined(separator: ", ") + ")"
    }

    /// One thing that happened to a task.
    func change(_ change: TaskChange, of task: TaskDiff) -> String {
        switch change {
        case let .renamed(from, oldID):
            return "renamed from " + style.name(from) + (oldID.map { " (id " + style.code($0) + " → " + style.code(task.id) + ")" } ?? "")
        case let .completed(on):
            return "completed" + (on.map { " on \($0)" } ?? "")
        case let .reopened(from):
            return from == .cancelled ? "reopened (was cancelled)" : "reopened"
        case let .cancelled(from):
            return from == .done ? "cancelled (was done)" : "cancelled"
        case let .reassigned(from, to):
            return "re-assigned " + handle(from) + " → " + handle(to)
        case let .redated(redate):
            return redated(redate)
        case let .dependencies(added, removed):
            var parts: [String] = []
            if !added.isEmpty { parts.append("now depends on " + added.map(style.code).joined(separator: ", ")) }
            if !removed.isEmpty { parts.append("no longer depends on " + removed.map(style.code).joined(separator: ", ")) }
            return parts.joined(separator: "; ")
        case let .progress(from, to):
            switch (from, to) {
            case (_, .blocked): return "now blocked"
            case (.blocked, .doing): return "unblocked, in progress"
            case (.blocked, _): return "no longer blocked"
            case (_, .doing): return "now in progress"
            default: return "no longer in progress"
            }
        }
    }

    /// `second`, `third`… `tenth`, then `11th`, `12th`, `21st`.
    static func ordinal(_ number: Int) -> String {
        let words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
        if (1...10).contains(number) { return words[number - 1] }
        let suffix = (11...13).contains(number % 100) ? "th" : ["th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"][number % 10]
        return "\(number)\(suffix)"
    }

    /// `re-dated 2026-12-04 → 2026-12-18 (slips 14 days), now after the plan's due date…`.
    func redated(_ redate: Redate) -> String {
        var text: String
        switch (redate.from, redate.to) {
        case let (from?, to?):
            let days = redate.days ?? from.days(until: to)
            text = "re-dated \(from) → \(to) (" + (days >= 0 ? "slips \(Phrase.count(days, "day"))" : "\(Phrase.count(-days, "day")) earlier")
            if let number = redate.slipNumber, let total = redate.slipDaysInAll {
                // docs/history.md#in-review: the task has now slipped more than once.
                text += "; \(Self.ordinal(number)) slip, \(Phrase.count(total, "day")) in all"
            }
            text += ")"
        case let (nil, to?): text = "now due \(to)"
        case let (from?, nil): text = "no longer has a due date (was \(from))"
        case (nil, nil): text = "re-dated"
        }
        if let planDue = redate.passesPlanDue { text += ", now after the plan's due date \(planDue)" }
        for dependent in redate.passesDependents {
            text += ", now after " + style.name(dependent.title) + " (due \(dependent.due)), which depends on it"
        }
        return text
    }

    /// `front matter no longer parses (line 6): …; title, dates, owner, review and parties not compared`.
    func frontMatter(_ change: FrontMatterChange, message: (String) -> String) -> String {
        switch change {
        case let .noLongerParses(line, text):
            "front matter no longer parses (line \(line)): " + message(text)
                + "; title, status, dates, owner, review and parties were not compared, and checks that need them did not run"
        case .parsesAgain:
            "front matter parses again; title, status, dates, owner, review and parties were not compared"
        }
    }

    /// `2026-11-23: data extraction slipped`.
    func update(_ update: Update) -> String {
        "\(update.date.value): " + style.text(update.text)
    }

    /// A goal, metric, stakeholder, phase or milestone line, without its kind. Ids and
    /// handles are code; the label is left out when a change already shows it.
    func item(_ item: ItemChange, keyIsCode: Bool) -> String {
        let name = keyIsCode ? style.code(item.key) : style.name(item.key)
        let shown = item.kind != .changed || !item.fields.contains { $0.new == item.label }
        let label = shown ? item.label.map { " " + style.name($0) } ?? "" : ""
        switch item.kind {
        case .added:
            return name + label + " added" + (item.fields.isEmpty ? "" : " (" + item.fields.map(value).joined(separator: ", ") + ")")
        case .removed: return name + label + " removed"
        case .changed: return name + label + ": " + item.fields.map(field).joined(separator: "; ")
        }
    }

    /// A diagnostic in a list: `error owner-missing (line 53): task … has no owner`; a fixed
    /// one names the line it had in the old version (`was line 53`).
    func diagnostic(_ diagnostic: Diagnostic, fixed: Bool = false, message: (String) -> String) -> String {
        "\(diagnostic.severity.rawValue) " + style.code(diagnostic.rule.rawValue)
            + " (\(fixed ? "was " : "")line \(diagnostic.start.line)): " + message(diagnostic.message)
    }

    /// What a reader wants to know first about a new plan: its window and its size.
    func facts(_ plan: Plan) -> [String] {
        var window = ["status: \(plan.status.value.rawValue)"]
        if let start = plan.start { window.append("start: \(start.value)") }
        if let due = plan.due { window.append("due: \(due.value)") }
        if let owner = plan.owner { window.append("owner: " + style.code(owner.value.description)) }
        var lines = [window.joined(separator: ", ")]
        if !plan.parties.isEmpty { lines.append("parties: " + plan.parties.map { style.name($0.value) }.joined(separator: ", ")) }
        lines.append([Phrase.count(plan.tasks.count, "task") + " (\(plan.openTasks.count) open)", Phrase.count(plan.goals.count, "goal"),
                      Phrase.count(plan.metrics.count, "metric"), Phrase.count(plan.stakeholders.count, "stakeholder"),
                      Phrase.count(plan.milestones.count, "milestone")].joined(separator: ", "))
        return lines
    }

    func handle(_ handle: Handle?) -> String { handle.map { style.code($0.description) } ?? "nobody" }

}
