import MapcSource

extension Plan {
    /// True when the front matter could not be read at all (not YAML, not a mapping, never
    /// closed): the plan's title, dates, owner and parties are then defaults, not what the
    /// author wrote.
    public var frontMatterUnreadable: Bool {
        syntaxIssues.contains { issue in
            switch issue.kind {
            case .frontMatter(.notYAML), .frontMatter(.notAMapping), .frontMatter(.unclosed): true
            default: false
            }
        }
    }

    /// Every handle written in the plan outside the Stakeholders table, with its place
    /// (docs/rules.md#stakeholder-idle lists where a handle counts as used).
    public var handleUses: [Located<Handle>] {
        var uses: [Located<Handle>] = []
        if let owner { uses.append(owner) }
        for task in tasks {
            if let owner = task.owner { uses.append(owner) }
            uses += task.contributors
        }
        for phase in phases { uses += phase.handles }
        for milestone in milestones { uses += milestone.handles }
        for workshop in workshops {
            uses += workshop.attendees
            for decision in workshop.decisions { uses += decision.handles }
        }
        for channel in channels { uses += channel.handles }
        for risk in risks { uses += risk.handles }
        for escalation in escalations { uses += escalation.path }
        for update in updates { uses += update.handles }
        return uses
    }

    /// Stakeholders by handle (the first row wins when a handle repeats).
    public var stakeholdersByHandle: [Handle: Stakeholder] {
        var result: [Handle: Stakeholder] = [:]
        for stakeholder in stakeholders where result[stakeholder.handle.value] == nil {
            result[stakeholder.handle.value] = stakeholder
        }
        return result
    }

    /// Task indices by id (the first task wins when an id repeats).
    public var taskIndexByID: [String: Int] {
        var result: [String: Int] = [:]
        for (index, task) in tasks.enumerated() where result[task.id] == nil { result[task.id] = index }
        return result
    }

    /// Where plan-level diagnostics point: a front-matter key, else line 1
    /// (docs/format.md#positions-and-output).
    public func planLevelRange(key: String?) -> SourceRange {
        if let key, let range = frontMatterKeys[key] { return range }
        return SourceRange(start: 0, end: 3)
    }
}

extension Task {
    /// Where a diagnostic about the task's due date points: the token, else the title.
    public var dueRange: SourceRange { due?.range ?? titleRange }

    /// The task's name as messages quote it.
    public var displayName: String { title.isEmpty ? id : title }
}
