import MapcModel
import MapcParse
import MapcSource

/// Milestones (docs/format.md#milestones): `Pilot live due:2026-12-01 goal:G1 celebrate: team lunch`.
enum MilestonesLowering {
    static func lower(_ blocks: [Int], _ context: inout LoweringContext, into plan: inout Plan) {
        for item in context.items(in: blocks) {
            guard let paragraph = context.firstParagraph(of: item) else { continue }
            let text = context.scanner.scan(paragraph, mode: .all)
            context.reportUnknownTokens(text)
            let due = text.token("due").flatMap { context.day($0.value, at: $0.valueRange) }
            plan.milestones.append(Milestone(
                title: text.title, due: due, goals: text.tokens("goal").flatMap(TasksLowering.splitList),
                celebrate: text.restText("celebrate"),
                done: context.tree[item].kind == .taskItem && context.tree[item].level == 1,
                handles: text.handles, range: context.tree[item].range ?? text.range,
                titleRange: TasksLowering.firstLine(of: text.range, context.source)))
        }
    }
}

/// Communication (docs/format.md#communication): `Weekly sync every:week @dana`, `Slack #acme-globex`.
enum CommunicationLowering {
    static func lower(_ blocks: [Int], _ context: inout LoweringContext, into plan: inout Plan) {
        for item in context.items(in: blocks) {
            guard let paragraph = context.firstParagraph(of: item) else { continue }
            let text = context.scanner.scan(paragraph, mode: .all)
            context.reportUnknownTokens(text)
            var every: Located<ChannelCadence>?
            if let token = text.token("every") {
                if let cadence = ChannelCadence(token: token.value) {
                    every = Located(cadence, at: token.valueRange)
                } else {
                    context.issues.append(SyntaxIssue(.unknownValue(key: "every", value: token.value,
                                                                    expected: ChannelCadence.accepted),
                                                      at: token.valueRange))
                }
            }
            plan.channels.append(Channel(title: text.title, every: every, handles: text.handles,
                                         range: context.tree[item].range ?? text.range))
        }
    }
}

/// Risks (docs/format.md#risks): `Legal review may slip impact:high @sam mitigation: …`.
enum RisksLowering {
    static func lower(_ blocks: [Int], _ context: inout LoweringContext, into plan: inout Plan) {
        for item in context.items(in: blocks) {
            guard let paragraph = context.firstParagraph(of: item) else { continue }
            let text = context.scanner.scan(paragraph, mode: .all)
            context.reportUnknownTokens(text)
            plan.risks.append(Risk(title: text.title, impact: text.token("impact")?.value,
                                   likelihood: text.token("likelihood")?.value, owner: text.handles.first,
                                   handles: text.handles, mitigation: text.restText("mitigation"),
                                   range: context.tree[item].range ?? text.range))
        }
    }
}

/// Workshops (docs/format.md#workshops): `2026-10-05 Kickoff workshop @dana @li`, sub-items `decision: …`.
enum WorkshopsLowering {
    static func lower(_ blocks: [Int], _ context: inout LoweringContext, into plan: inout Plan) {
        let tree = context.tree
        for item in context.items(in: blocks) {
            guard let paragraph = context.firstParagraph(of: item) else { continue }
            let text = context.scanner.scan(paragraph, mode: .all)
            context.reportUnknownTokens(text)
            let (date, title) = LeadingDate.split(text.title, paragraph: text, &context)
            var decisions: [Decision] = []
            if let inline = text.rest.first(where: { $0.key == "decision" }) {
                decisions.append(Decision(text: inline.text, handles: [], range: inline.range))
            }
            for list in tree.children(of: item) where tree[list].kind == .list {
                for sub in tree.children(of: list) {
                    guard let subParagraph = context.firstParagraph(of: sub) else { continue }
                    let subText = context.scanner.scan(subParagraph, mode: .all)
                    context.reportUnknownTokens(subText)
                    if let decision = subText.rest.first(where: { $0.key == "decision" }) {
                        decisions.append(Decision(text: decision.text, handles: subText.handles,
                                                  range: tree[sub].range ?? subText.range))
                    }
                }
            }
            plan.workshops.append(Workshop(date: date, title: title, attendees: text.handles, decisions: decisions,
                                           range: tree[item].range ?? text.range))
        }
    }
}

/// Updates (docs/format.md#updates): list items starting with a date, `2026-11-20: security review started`.
enum UpdatesLowering {
    static func lower(_ blocks: [Int], _ context: inout LoweringContext, into plan: inout Plan) {
        for item in context.items(in: blocks) {
            guard let paragraph = context.firstParagraph(of: item) else { continue }
            let text = context.scanner.scan(paragraph, mode: .handlesOnly)
            let (date, rest) = LeadingDate.split(text.title, paragraph: text, &context)
            guard let date else { continue }
            plan.updates.append(Update(date: date, text: rest, handles: text.handles,
                                       range: context.tree[item].range ?? text.range))
        }
    }
}

/// Conflict resolution (docs/format.md#conflict-resolution): prose, and `escalate: @dana -> @exec` lines.
enum ConflictResolutionLowering {
    static func lower(_ blocks: [Int], _ context: inout LoweringContext, into plan: inout Plan) {
        let tree = context.tree
        var paragraphs: [Int] = []
        for block in blocks {
            if tree[block].kind == .paragraph { paragraphs.append(block) }
            if tree[block].kind == .list {
                paragraphs += tree.children(of: block).compactMap { context.firstParagraph(of: $0) }
            }
        }
        for paragraph in paragraphs {
            let text = context.scanner.scan(paragraph, mode: .escalationOnly)
            guard let escalate = text.rest.first(where: { $0.key == "escalate" }) else { continue }
            let path = text.handles.filter { $0.range.start >= escalate.range.start }
            plan.escalations.append(Escalation(path: path, range: escalate.range))
        }
    }
}

/// A date at the start of an item: `2026-10-05 Kickoff`, `2026-11-20: started`.
enum LeadingDate {
    /// Splits a leading `YYYY-MM-DD` (real or not) off a title; an unreal one is reported.
    static func split(_ title: String, paragraph: ItemText,
                      _ context: inout LoweringContext) -> (Located<Day>?, String)
    {
        let prefix = String(title.prefix(10))
        guard Day.looksLikeDate(prefix) else { return (nil, title) }
        var rest = title.dropFirst(10)
        while let first = rest.first, first == ":" || first == " " || first == "—" || first == "–" || first == "-" {
            rest = rest.dropFirst()
        }
        var locator = Locator(source: context.source, tree: context.tree, node: paragraph.node, range: paragraph.range)
        let range = locator.locate(prefix, boundary: false)
        return (context.day(prefix, at: range), String(rest))
    }
}
