import MapcModel
import MapcSource

/// `mapc export --format json`: the whole model of every plan, with positions and
/// diagnostics, in the shape of docs/schema/mapc-export.schema.json.
///
/// Conventions (docs/exports.md): keys in camelCase; every key always present, `null`
/// when there is no value; days as `YYYY-MM-DD`; handles without `@`. Every item has a
/// `range` (`{"start": {"line", "column"}, "end": {…}}`, lines and code-point columns from
/// 1, end exclusive) and a `positions` object with the range of each token it was read
/// from (a list of ranges for list-valued fields), only for tokens that were written.
/// Indexes (`parent`, `phase`) count from 0 in the plan's `tasks` and `phases`.
public enum ModelJSON {
    /// The version of the shape; bumped when a key changes meaning or goes away.
    public static let version = 1

    /// Indented JSON text with a final newline.
    public static func render(_ plans: [SourcedPlan], today: Day, otherDiagnostics: [Diagnostic] = []) -> String {
        document(plans, today: today, otherDiagnostics: otherDiagnostics).render(indent: 2) + "\n"
    }

    /// The export as a JSON value. `otherDiagnostics` are about files that are not plans.
    public static func document(_ plans: [SourcedPlan], today: Day, otherDiagnostics: [Diagnostic] = []) -> JSON {
        .object([
            ("format", .string("mapc-export")),
            ("version", .number(version)),
            ("today", .string(today.description)),
            ("plans", .array(plans.map(plan))),
            ("diagnostics", .array(otherDiagnostics.map(diagnostic))),
        ])
    }

    /// One plan, whole.
    public static func plan(_ sourced: SourcedPlan) -> JSON {
        let plan = sourced.plan
        let at = Locator(source: sourced.source)
        // Front-matter positions only for keys that were written (defaults have none).
        var positions: [(String, JSON)] = []
        let written = plan.frontMatterKeys
        if written["id"] != nil { positions.append(("id", at.range(plan.id.range))) }
        if written["title"] != nil { positions.append(("title", at.range(plan.title.range))) }
        if written["status"] != nil { positions.append(("status", at.range(plan.status.range))) }
        positions += at.optional("start", plan.start)
        positions += at.optional("due", plan.due)
        positions += at.optional("owner", plan.owner)
        positions += at.list("parties", plan.parties)
        positions += at.optional("review", plan.review)
        // Every key written, known or not, sorted (the model keeps unknown ones apart).
        var keys: [(key: String, range: SourceRange)] = written.map { ($0.key, $0.value) }
        keys += plan.extraFields.filter { written[$0.value] == nil }.map { ($0.value, $0.range) }
        keys.sort { $0.key < $1.key }
        positions.append(("frontMatterKeys", .object(keys.map { ($0.key, at.range($0.range)) })))
        positions.append(("extraFields", .array(plan.extraFields.map { at.range($0.range) })))

        let header: [(String, JSON)] = [
            ("file", .string(plan.file)),
            ("id", .string(plan.id.value)),
            ("title", .string(plan.title.value)),
            ("status", .string(plan.status.value.rawValue)),
            ("start", day(plan.start?.value)),
            ("due", day(plan.due?.value)),
            ("owner", handle(plan.owner?.value)),
            ("parties", .array(plan.parties.map { .string($0.value) })),
            ("review", plan.review.map { .string($0.value.rawValue) } ?? .null),
            ("tags", .array(plan.tags.map(JSON.string))),
            ("extraFields", .array(plan.extraFields.map { .string($0.value) })),
            ("positions", .object(positions)),
        ]
        let items: [(String, JSON)] = [
            ("goals", .array(plan.goals.map { goal($0, at: at) })),
            ("stakeholders", .array(plan.stakeholders.map { stakeholder($0, at: at) })),
            ("metrics", .array(plan.metrics.map { metric($0, at: at) })),
            ("phases", .array(plan.phases.enumerated().map { phase($1, index: $0, at: at) })),
            ("tasks", .array(plan.tasks.enumerated().map { task($1, index: $0, at: at) })),
            ("milestones", .array(plan.milestones.map { milestone($0, at: at) })),
            ("workshops", .array(plan.workshops.map { workshop($0, at: at) })),
            ("channels", .array(plan.channels.map { channel($0, at: at) })),
            ("risks", .array(plan.risks.map { risk($0, at: at) })),
            ("escalations", .array(plan.escalations.map { escalation($0, at: at) })),
            ("updates", .array(plan.updates.map { update($0, at: at) })),
            ("sections", .array(plan.sections.map { section($0, at: at) })),
            ("suppressions", .array(plan.suppressions.map(suppression))),
            ("diagnostics", .array(sourced.diagnostics.map(diagnostic))),
        ]
        return .object(header + items)
    }

    /// One goal.
    static func goal(_ goal: Goal, at: Locator) -> JSON {
        .object([
            ("id", .string(goal.id.value)),
            ("title", .string(goal.title)),
            ("description", .string(goal.description)),
            ("range", at.range(goal.range)),
            ("positions", .object([("id", at.range(goal.id.range))])),
        ])
    }

    /// One row of Stakeholders.
    static func stakeholder(_ person: Stakeholder, at: Locator) -> JSON {
        .object([
            ("handle", .string(person.handle.value.name)),
            ("name", string(person.name)),
            ("party", string(person.party)),
            ("role", string(person.role)),
            ("interests", string(person.interests)),
            ("expectations", string(person.expectations)),
            ("capacity", string(person.capacity)),
            ("extra", dictionary(person.extra)),
            ("range", at.range(person.range)),
            ("positions", .object([("handle", at.range(person.handle.range))]
                + (person.partyRange.map { [("party", at.range($0))] } ?? []))),
        ])
    }

    /// One row of Metrics.
    static func metric(_ metric: Metric, at: Locator) -> JSON {
        var positions: [(String, JSON)] = [("name", at.range(metric.name.range))]
        positions += at.list("goals", metric.goals)
        positions += at.optional("due", metric.due)
        return .object([
            ("name", .string(metric.name.value)),
            ("goals", .array(metric.goals.map { .string($0.value) })),
            ("baseline", quantity(metric.baseline)),
            ("target", quantity(metric.target)),
            ("current", quantity(metric.current)),
            ("unit", string(metric.unit)),
            ("due", day(metric.due?.value)),
            ("checkpoints", .array(metric.checkpoints.map { checkpoint in
                .object([("value", quantity(checkpoint.value)), ("due", day(checkpoint.due.value)),
                         ("position", at.range(checkpoint.due.range))])
            })),
            ("extra", dictionary(metric.extra)),
            ("range", at.range(metric.range)),
            ("positions", .object(positions)),
        ])
    }

    /// One phase, with its index in the plan's phases.
    static func phase(_ phase: Phase, index: Int, at: Locator) -> JSON {
        var positions: [(String, JSON)] = at.optional("due", phase.due)
        positions += at.optional("start", phase.start)
        positions += at.list("handles", phase.handles)
        return .object([
            ("index", .number(index)),
            ("title", .string(phase.title)),
            ("due", day(phase.due?.value)),
            ("start", day(phase.start?.value)),
            ("hasInvalidDue", .bool(phase.hasInvalidDue)),
            ("handles", handles(phase.handles)),
            ("range", at.range(phase.range)),
            ("positions", .object(positions)),
        ])
    }

    /// One milestone.
    static func milestone(_ milestone: Milestone, at: Locator) -> JSON {
        var positions: [(String, JSON)] = [("title", at.range(milestone.titleRange))]
        positions += at.optional("due", milestone.due)
        positions += at.list("goals", milestone.goals)
        positions += at.list("handles", milestone.handles)
        return .object([
            ("title", .string(milestone.title)),
            ("due", day(milestone.due?.value)),
            ("goals", .array(milestone.goals.map { .string($0.value) })),
            ("celebrate", string(milestone.celebrate)),
            ("done", .bool(milestone.done)),
            ("handles", handles(milestone.handles)),
            ("range", at.range(milestone.range)),
            ("positions", .object(positions)),
        ])
    }

    /// One workshop with its decisions.
    static func workshop(_ workshop: Workshop, at: Locator) -> JSON {
        var positions: [(String, JSON)] = at.optional("date", workshop.date)
        positions += at.list("attendees", workshop.attendees)
        let decisions: [JSON] = workshop.decisions.map { decision in
            .object([
                ("text", .string(decision.text)),
                ("handles", handles(decision.handles)),
                ("range", at.range(decision.range)),
                ("positions", .object(at.list("handles", decision.handles))),
            ])
        }
        return .object([
            ("date", day(workshop.date?.value)),
            ("title", .string(workshop.title)),
            ("attendees", handles(workshop.attendees)),
            ("decisions", .array(decisions)),
            ("range", at.range(workshop.range)),
            ("positions", .object(positions)),
        ])
    }

    /// One communication channel.
    static func channel(_ channel: Channel, at: Locator) -> JSON {
        var positions: [(String, JSON)] = at.optional("every", channel.every)
        positions += at.list("handles", channel.handles)
        return .object([
            ("title", .string(channel.title)),
            ("every", channel.every.map { .string($0.value.rawValue) } ?? .null),
            ("handles", handles(channel.handles)),
            ("range", at.range(channel.range)),
            ("positions", .object(positions)),
        ])
    }

    /// One risk.
    static func risk(_ risk: Risk, at: Locator) -> JSON {
        var positions: [(String, JSON)] = at.optional("owner", risk.owner)
        positions += at.list("handles", risk.handles)
        return .object([
            ("title", .string(risk.title)),
            ("impact", string(risk.impact)),
            ("likelihood", string(risk.likelihood)),
            ("owner", handle(risk.owner?.value)),
            ("handles", handles(risk.handles)),
            ("mitigation", string(risk.mitigation)),
            ("range", at.range(risk.range)),
            ("positions", .object(positions)),
        ])
    }

    /// One escalation path.
    static func escalation(_ escalation: Escalation, at: Locator) -> JSON {
        .object([
            ("path", handles(escalation.path)),
            ("range", at.range(escalation.range)),
            ("positions", .object(at.list("path", escalation.path))),
        ])
    }

    /// One dated update.
    static func update(_ update: Update, at: Locator) -> JSON {
        var positions: [(String, JSON)] = [("date", at.range(update.date.range))]
        positions += at.list("handles", update.handles)
        return .object([
            ("date", .string(update.date.value.description)),
            ("text", .string(update.text)),
            ("handles", handles(update.handles)),
            ("range", at.range(update.range)),
            ("positions", .object(positions)),
        ])
    }

    /// One H2 section, recognised or prose.
    static func section(_ section: Section, at: Locator) -> JSON {
        .object([
            ("kind", section.kind.map { .string($0.rawValue) } ?? .null),
            ("title", .string(section.title)),
            ("heading", section.headingRange.map(at.range) ?? .null),
            ("body", at.range(section.bodyRange)),
            ("hasContent", .bool(section.hasContent)),
        ])
    }

    /// One `mapc-disable` comment.
    static func suppression(_ suppression: SuppressionComment) -> JSON {
        .object([
            ("scope", .string(suppression.scope.rawValue)),
            ("rules", .array(suppression.rules.map { .string($0.rawValue) })),
            ("line", .number(suppression.line)),
        ])
    }

    /// One task, with its index in the plan's tasks.
    static func task(_ task: Task, index: Int, at: Locator) -> JSON {
        var positions: [(String, JSON)] = [("title", at.range(task.titleRange))]
        if let idRange = task.idRange { positions.append(("id", at.range(idRange))) }
        positions += at.optional("owner", task.owner)
        positions += at.list("contributors", task.contributors)
        positions += at.optional("due", task.due)
        positions += at.optional("start", task.start)
        positions += at.optional("scheduled", task.scheduled)
        positions += at.optional("doneOn", task.doneOn)
        positions += at.optional("created", task.created)
        positions += at.optional("cancelledOn", task.cancelledOn)
        positions += at.list("after", task.after)
        positions += at.list("goals", task.goals)
        positions += at.optional("estimate", task.estimate)
        // Obsidian Tasks' extras and what the item was listed under.
        let extras: [(String, JSON)] = [
            ("group", task.group.map(JSON.string) ?? .null),
            ("created", day(task.created?.value)),
            ("cancelledOn", day(task.cancelledOn?.value)),
            ("recurrence", task.recurrence.map(JSON.string) ?? .null),
            ("onCompletion", task.onCompletion.map(JSON.string) ?? .null),
            ("almostTokens", .array(task.almostTokens.map(JSON.string))),
        ]
        let fields: [(String, JSON)] = [
            ("index", .number(index)),
            ("id", .string(task.id)),
            ("explicitId", .bool(task.idRange != nil)),
            ("title", .string(task.title)),
            ("state", .string(task.state.rawValue)),
            ("progress", .string(task.progress.rawValue)),
            ("priority", task.priority.map { .string($0.rawValue) } ?? .null),
            ("owner", handle(task.owner?.value)),
            ("effectiveOwner", handle(task.effectiveOwner)),
            ("contributors", handles(task.contributors)),
            ("due", day(task.due?.value)),
            ("hasInvalidDue", .bool(task.hasInvalidDue)),
            ("effectiveDue", day(task.effectiveDue)),
            ("start", day(task.start?.value)),
            ("scheduled", day(task.scheduled?.value)),
            ("doneOn", day(task.doneOn?.value)),
            ("after", .array(task.after.map { .string($0.value) })),
            ("goals", .array(task.goals.map { .string($0.value) })),
            ("estimate", task.estimate.map { estimate in
                .object([("text", .string(estimate.value.text)), ("hours", .double(estimate.value.hours))])
            } ?? .null),
            ("parent", task.parent.map(JSON.number) ?? .null),
            ("phase", task.phase.map(JSON.number) ?? .null),
            ("notes", .array(task.notes.map(JSON.string))),
        ]
        return .object(fields + extras + [("range", at.range(task.range)), ("positions", .object(positions))])
    }

    /// A diagnostic in the shape of `mapc check --format json`.
    static func diagnostic(_ diagnostic: Diagnostic) -> JSON { JSONDiagnostics.json(diagnostic) }

    /// `YYYY-MM-DD`, or null.
    static func day(_ day: Day?) -> JSON { day.map { .string($0.description) } ?? .null }
    /// A string, or null.
    static func string(_ text: String?) -> JSON { text.map(JSON.string) ?? .null }
    /// A handle without `@`, or null.
    static func handle(_ handle: Handle?) -> JSON { handle.map { .string($0.name) } ?? .null }
    /// Handles without `@`, in order.
    static func handles(_ handles: [Located<Handle>]) -> JSON { .array(handles.map { .string($0.value.name) }) }

    /// Extra columns, keys sorted so the output does not depend on hashing.
    static func dictionary(_ values: [String: String]) -> JSON {
        .object(values.keys.sorted().map { ($0, .string(values[$0]!)) })
    }

    /// A table number: the cell as written, its value and unit.
    static func quantity(_ quantity: Quantity?) -> JSON {
        guard let quantity else { return .null }
        return .object([
            ("text", .string(quantity.text)),
            ("value", quantity.value.map(JSON.double) ?? .null),
            ("unit", string(quantity.unit)),
        ])
    }

    /// Turns byte ranges into the positions people see: code-point columns from 1
    /// (docs/format.md#positions-and-output).
    struct Locator {
        var source: SourceFile

        /// `{"line", "column"}` of a byte offset.
        func position(_ offset: Int) -> JSON {
            let position = source.position(of: offset)
            return .object([("line", .number(position.line)), ("column", .number(position.column))])
        }

        /// `{"start", "end"}` of a byte range.
        func range(_ range: SourceRange) -> JSON {
            .object([("start", position(range.start)), ("end", position(range.end))])
        }

        /// The entry for a token that may be missing.
        func optional<Value>(_ key: String, _ value: Located<Value>?) -> [(String, JSON)] {
            value.map { [(key, range($0.range))] } ?? []
        }

        /// The entry for a list of tokens, left out when empty.
        func list<Value>(_ key: String, _ values: [Located<Value>]) -> [(String, JSON)] {
            values.isEmpty ? [] : [(key, .array(values.map { range($0.range) }))]
        }
    }
}
