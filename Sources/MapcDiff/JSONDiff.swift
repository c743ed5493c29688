import MapcModel
import MapcSource
import MapcEmit

/// `mapc diff --format json`: the diff as data, keys in a fixed order (docs/review.md
/// describes every field). Handles are written `@name`, dates `YYYY-MM-DD`, absent values `null`.
public enum JSONDiff {
    public static func render(_ diff: WorkspaceDiff) -> String {
        let counts = DiffCounts(diff)
        let summary: JSON = .object([
            ("plansChanged", .number(counts.plansChanged)),
            ("plansAdded", .number(counts.plansAdded)),
            ("plansRemoved", .number(counts.plansRemoved)),
            ("plansUnchanged", .number(counts.plansUnchanged)),
            ("tasksAdded", .number(counts.tasksAdded)),
            ("tasksRemoved", .number(counts.tasksRemoved)),
            ("tasksRenamed", .number(counts.tasksRenamed)),
            ("tasksCompleted", .number(counts.tasksCompleted)),
            ("tasksReopened", .number(counts.tasksReopened)),
            ("tasksCancelled", .number(counts.tasksCancelled)),
            ("tasksReassigned", .number(counts.tasksReassigned)),
            ("tasksRedated", .number(counts.tasksRedated)),
            ("tasksPastPlanDue", .number(counts.tasksPastPlanDue)),
            ("tasksPastDependents", .number(counts.tasksPastDependents)),
            ("dependencyChanges", .number(counts.dependencyChanges)),
            ("tasksBlocked", .number(counts.tasksBlocked)),
            ("updatesAdded", .number(counts.updatesAdded)),
            ("diagnosticsIntroduced", .number(counts.introduced.values.reduce(0, +))),
            ("diagnosticsFixed", .number(counts.fixed)),
            ("text", .string(counts.sentence)),
        ])
        let root: JSON = .object([
            ("summary", summary),
            ("changed", .array(diff.changed.map(plan))),
            ("added", .array(diff.added.map { version in
                .object(identity(version) + [
                    ("status", .string(version.plan.status.value.rawValue)),
                    ("tasks", .number(version.plan.tasks.count)),
                    ("diagnostics", .array(version.diagnostics.map(JSONDiagnostics.json))),
                ])
            })),
            ("removed", .array(diff.removed.map { version in
                .object(identity(version) + [("tasks", .number(version.plan.tasks.count))])
            })),
        ])
        return root.render(indent: 2) + "\n"
    }

    private static func identity(_ version: PlanVersion) -> [(String, JSON)] {
        [("id", .string(version.plan.id.value)), ("title", .string(version.plan.title.value)), ("file", .string(version.path))]
    }

    private static func plan(_ plan: PlanDiff) -> JSON {
        .object([
            ("id", .string(plan.id)),
            ("title", .string(plan.title)),
            ("file", .string(plan.path)),
            ("oldFile", optional(plan.oldPath)),
            ("frontMatter", frontMatter(plan.frontMatter)),
            ("fields", .array(plan.fields.map(field))),
            ("parties", .object([("added", strings(plan.partiesAdded)), ("removed", strings(plan.partiesRemoved))])),
            ("stakeholders", .array(plan.stakeholders.map(item))),
            ("goals", .array(plan.goals.map(item))),
            ("metrics", .array(plan.metrics.map(item))),
            ("phases", .array(plan.phases.map(item))),
            ("milestones", .array(plan.milestones.map(item))),
            ("tasks", .array(plan.tasks.map(task))),
            ("updatesAdded", .array(plan.updatesAdded.map { update in
                .object([("date", .string(update.date.value.description)), ("text", .string(update.text))])
            })),
            ("diagnostics", .object([
                ("introduced", .array(plan.introduced.map(JSONDiagnostics.json))),
                ("fixed", .array(plan.fixed.map(JSONDiagnostics.json))),
            ])),
        ])
    }

    /// `null` when both front matters parse.
    private static func frontMatter(_ change: FrontMatterChange?) -> JSON {
        switch change {
        case nil: .null
        case let .noLongerParses(line, message):
            .object([("change", .string("noLongerParses")), ("line", .number(line)), ("message", .string(message))])
        case .parsesAgain: .object([("change", .string("parsesAgain"))])
        }
    }

    private static func field(_ change: FieldChange) -> JSON {
        .object([("field", .string(change.field)), ("old", optional(change.old)), ("new", optional(change.new)),
                 ("days", change.days.map(JSON.number) ?? .null)])
    }

    private static func item(_ item: ItemChange) -> JSON {
        .object([("change", .string(item.kind.rawValue)), ("key", .string(item.key)), ("label", optional(item.label)),
                 ("fields", .array(item.fields.map(field)))])
    }

    private static func task(_ task: TaskDiff) -> JSON {
        .object([
            ("change", .string(task.kind.rawValue)),
            ("id", .string(task.id)),
            ("title", .string(task.title)),
            ("explicitId", .bool(task.hasExplicitID)),
            ("owner", optional(task.owner?.description)),
            ("due", optional(task.due?.description)),
            ("state", .string(task.state.rawValue)),
            ("changes", .array(task.changes.map(change))),
        ])
    }

    private static func change(_ change: TaskChange) -> JSON {
        var pairs: [(String, JSON)] = [("kind", .string(change.name))]
        switch change {
        case let .renamed(from, oldID): pairs += [("from", .string(from)), ("oldId", optional(oldID))]
        case let .completed(on): pairs.append(("on", optional(on?.description)))
        case let .reopened(from), let .cancelled(from): pairs.append(("from", .string(from.rawValue)))
        case let .reassigned(from, to): pairs += [("from", optional(from?.description)), ("to", optional(to?.description))]
        case let .redated(redate):
            pairs += [
                ("from", optional(redate.from?.description)),
                ("to", optional(redate.to?.description)),
                ("days", redate.days.map(JSON.number) ?? .null),
                ("passesPlanDue", .bool(redate.isPastPlanDue)),
                ("planDue", optional(redate.passesPlanDue?.description)),
                ("passesDependents", .array(redate.passesDependents.map { dependent in
                    .object([("id", .string(dependent.id)), ("title", .string(dependent.title)),
                             ("due", .string(dependent.due.description))])
                })),
            ]
        case let .dependencies(added, removed): pairs += [("added", strings(added)), ("removed", strings(removed))]
        case let .progress(from, to): pairs += [("from", .string(from.rawValue)), ("to", .string(to.rawValue))]
        }
        return .object(pairs)
    }

    private static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
    private static func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }
}
