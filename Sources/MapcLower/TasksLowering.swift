import MapcModel
import MapcParse
import MapcSource

/// Tasks (docs/format.md#task-items): GFM task items, H3 phases with deadlines, sub-tasks
/// and notes.
enum TasksLowering {
    static func lower(_ blocks: [Int], _ context: inout LoweringContext, into plan: inout Plan) {
        let tree = context.tree
        var phase: Int?
        for block in blocks {
            switch tree[block].kind {
            case .heading where tree[block].level == 3:
                let text = context.scanner.scan(block, mode: .all)
                context.reportUnknownTokens(text)
                let due = text.token("due").flatMap { context.day($0.value, at: $0.valueRange) }
                var phaseValue = Phase(title: text.title, due: due, range: text.range)
                phaseValue.start = text.token("start").flatMap { context.day($0.value, at: $0.valueRange) }
                phaseValue.hasInvalidDue = text.token("due") != nil && due == nil
                phaseValue.handles = text.handles
                plan.phases.append(phaseValue)
                phase = plan.phases.count - 1
            case .list:
                lowerList(block, parent: nil, phase: phase, &context, into: &plan)
            default:
                break
            }
        }
    }

    /// Walks a list and everything nested in it depth first, in document order (a
    /// sub-task right after its parent), with an explicit stack: lists may nest thousands
    /// deep and recursion would overflow.
    private static func lowerList(_ list: Int, parent: Int?, phase: Int?, _ context: inout LoweringContext,
                                  into plan: inout Plan)
    {
        let tree = context.tree
        // Each frame: the next item of a list still to visit, the task it belongs to, and
        // the group (a plain top-level item, `- Procurement`) it is listed under.
        var stack: [(next: Int, parent: Int?, group: String?)] = [(tree[list].firstChild, parent, nil)]
        while let frame = stack.popLast() {
            let item = frame.next
            guard item != SyntaxTree.none else { continue }
            stack.append((tree[item].nextSibling, frame.parent, frame.group))
            var owner = frame.parent, group = frame.group
            if let checkbox = Checkbox.read(item, context) {
                var task = task(item, checkbox: checkbox, parent: frame.parent, phase: phase, &context)
                task.group = frame.parent == nil ? frame.group : nil
                plan.tasks.append(task)
                owner = plan.tasks.count - 1
            } else if let paragraph = context.firstParagraph(of: item) {
                let text = tree.plainText(of: paragraph).trimmingSpaces
                // A plain item under a task is a note; at the top, a group
                // (docs/format.md#sub-tasks-notes-and-groups).
                if let parent = frame.parent { plan.tasks[parent].notes.append(text) } else { group = text }
            }
            let nested = tree.children(of: item).filter { tree[$0].kind == .list }
            for child in nested.reversed() { stack.append((tree[child].firstChild, owner, group)) }
        }
    }

    private static func task(_ item: Int, checkbox: Checkbox, parent: Int?, phase: Int?,
                             _ context: inout LoweringContext) -> Task {
        let tree = context.tree
        let itemRange = tree[item].range ?? .fileStart
        var state: Task.State = tree[item].level == 1 ? .done : .open
        var progress: Task.Progress = .todo
        var boxLength = 0
        switch checkbox {
        case .task: break
        case .cancelled: state = .cancelled; boxLength = 3
        case .inProgress: progress = .doing; boxLength = 3
        case let .malformed(written, replacement):
            state = replacement == "[x]" ? .done : .open
            boxLength = written.utf8.count
        }
        guard let paragraph = context.firstParagraph(of: item) else {
            return Task(id: "", idRange: nil, title: "", range: itemRange, titleRange: itemRange,
                        state: state, progress: progress, parent: parent, phase: phase)
        }
        var text = context.scanner.scan(paragraph, mode: .all)
        if boxLength > 0 {
            // `[-] Title`: the brackets are the checkbox, not part of the title.
            if text.title.hasPrefix("["), let close = text.title.firstIndex(of: "]") {
                text.title = text.title[text.title.index(after: close)...].trimmingSpaces
            }
            text.range = SourceRange(start: min(text.range.start + boxLength + 1, text.range.end), end: text.range.end)
        }
        let almost = context.reportUnknownTokens(text)
        if text.isStruckThrough { state = .cancelled }
        var task = Task(id: "", idRange: nil, title: text.title, range: itemRange,
                        titleRange: firstLine(of: text.range, context.source),
                        state: state, progress: progress, parent: parent, phase: phase)
        task.almostTokens = almost
        task.owner = text.handles.first
        task.contributors = Array(text.handles.dropFirst())
        for token in text.tokens {
            switch token.key {
            case "due": task.due = context.day(token.value, at: token.valueRange) ?? task.due
                if Day(iso: token.value) == nil { task.hasInvalidDue = true }
            case "start": task.start = context.day(token.value, at: token.valueRange)
            case "scheduled": task.scheduled = context.day(token.value, at: token.valueRange)
            case "done": task.doneOn = context.day(token.value, at: token.valueRange)
            case "id":
                task.id = token.value
                task.idRange = token.valueRange
            case "after" where token.isQuoted:
                // `after:"Extract data"` names a task by its title: its derived id.
                task.after.append(Located(derivedID(token.value), at: token.valueRange))
            case "after":
                task.after += splitList(token)
            case "goal":
                task.goals += splitList(token)
            case "est":
                if let effort = Effort(parsing: token.value) {
                    task.estimate = Located(effort, at: token.valueRange)
                } else {
                    context.issues.append(SyntaxIssue(.unknownValue(key: "est", value: token.value,
                                                                    expected: ["4h", "3d", "2w"]),
                                                      at: token.valueRange))
                }
            case "status":
                switch token.value.lowercased() {
                case "blocked": task.progress = .blocked
                case "doing", "in-progress": task.progress = .doing
                case "todo", "open": task.progress = .todo
                default:
                    context.issues.append(SyntaxIssue(.unknownValue(key: "status", value: token.value,
                                                                    expected: ["doing", "blocked", "todo"]),
                                                      at: token.valueRange))
                }
            case "priority":
                task.priority = Task.Priority(rawValue: token.value)
            case "created": task.created = context.day(token.value, at: token.valueRange)
            case "cancelled":
                task.cancelledOn = context.day(token.value, at: token.valueRange)
            case "recurrence": task.recurrence = token.value
            case "oncompletion": task.onCompletion = token.value
            default:
                break
            }
        }
        if task.id.isEmpty { task.id = derivedID(task.title) }
        // Later paragraphs of the item are notes too.
        for child in tree.children(of: item) where child != paragraph && tree[child].kind == .paragraph {
            task.notes.append(tree.plainText(of: child).trimmingSpaces)
        }
        return task
    }

    /// `after:a,b` → each id with its own range.
    static func splitList(_ token: InlineToken) -> [Located<String>] {
        var result: [Located<String>] = []
        var offset = token.valueRange.start
        for part in token.value.split(separator: ",", omittingEmptySubsequences: false) {
            let length = part.utf8.count
            let trimmed = part.trimmingSpaces
            if !trimmed.isEmpty {
                result.append(Located(trimmed, at: SourceRange(start: offset, end: offset + length)))
            }
            offset += length + 1
        }
        return result
    }

    /// The part of a range on its first line: a multi-line item is underlined once.
    static func firstLine(of range: SourceRange, _ source: SourceFile) -> SourceRange {
        let line = source.line(containing: range.start)
        return SourceRange(start: range.start, end: min(range.end, source.contentEnd(ofLine: line)))
    }

    /// docs/format.md#inheritance-and-the-effective-due-date: a sub-task without its own
    /// owner or due date takes its parent's; the effective due date falls back to the phase
    /// deadline. An open sub-task of a cancelled task is cancelled with it
    /// (docs/format.md#task-items).
    static func resolveInheritance(_ plan: inout Plan) {
        for index in plan.tasks.indices {
            var task = plan.tasks[index]
            let parent = task.parent.map { plan.tasks[$0] }
            task.effectiveOwner = task.owner?.value ?? parent?.effectiveOwner
            // Cancelling a task cancels the work under it: its open sub-tasks are not owed.
            if parent?.state == .cancelled, task.state == .open { task.state = .cancelled }
            let phaseDateUnreadable = task.phase.map { plan.phases[$0].hasInvalidDue } ?? false
            if task.due == nil, !task.hasInvalidDue,
               parent?.hasInvalidDue == true || (parent == nil && phaseDateUnreadable) {
                // The date it would inherit is unreadable: it is unknown, not missing.
                task.hasInvalidDue = true
            }
            task.effectiveDue = task.hasInvalidDue ? nil
                : task.due?.value ?? parent?.effectiveDue ?? task.phase.flatMap { plan.phases[$0].due?.value }
            plan.tasks[index] = task
        }
    }
}

extension Effort {
    /// `4h`, `3d`, `2w`, `1.5d`: a day is 8 hours, a week 5 days.
    init?(parsing text: String) {
        guard let unit = text.last, let number = Double(text.dropLast()), number >= 0 else { return nil }
        switch unit {
        case "h": self.init(hours: number, text: text)
        case "d": self.init(hours: number * 8, text: text)
        case "w": self.init(hours: number * 40, text: text)
        default: return nil
        }
    }
}
