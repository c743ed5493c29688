import MapcModel
import MapcSource

/// Checkbox items where mapc does not read tasks: under a goal, under `## Next steps`,
/// under `## Aufgaben`.
///
/// Why: a checkbox looks like a tracked task to everyone reading the plan; if mapc does not
/// read it, its owner is never reminded and its date never turns red.
public struct UntrackedTasks: Rule {
    public static let id: RuleID = "untracked-tasks"
    public static let severity: Severity = .warning
    public static let summary = "checkbox items outside the Tasks section, which mapc does not track"
    public static let rationale = """
        mapc reads tasks only in the Tasks section (`## Tasks`, or its aliases `## Action \
        items`, `## Plan`); list items with checkboxes in Milestones, Communication, Risks, \
        Workshops and Updates are read as those. Anywhere else — under a goal, in a section \
        with another name or language, before the first section — they are reported once per \
        section, at the first one, with how many there are and whether their owners and dates \
        are lost with them.
        """
    public static let bad: [Example] = [
        Example("## Aufgaben\n- [ ] ↓Get quotes @li due:2026-12-01\n- [ ] Order benches @li",
                messages: ["2 checkbox items under `## Aufgaben` are not tracked as tasks"]),
        Example("## Goals\n### G1: New benches\n- [ ] ↓Survey the residents",
                messages: ["a checkbox item under `## Goals` is not tracked as a task"]),
        Example("## Next steps\n- [x] ↓Kickoff held"),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Get quotes @li due:2026-12-01",
        "## Milestones\n- [x] Pilot live due:2026-12-01",
        "## Next steps\n- Call the venue",
    ]

    public static let manual = Manual(
        why: """
            A checkbox looks like a tracked task to everyone reading the plan; if mapc does not read \
            it, its owner is never reminded and its date never turns red.
            """,
        fix: """
            Move the items under `## Tasks` (the help names the nearest section mapc knows), or make \
            them plain list items if they are not tasks.
            """,
        fixed: "## Tasks\n- [ ] Get quotes @li due:2026-12-01\n- [ ] Order benches @li")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        for issue in plan.syntaxIssues {
            guard case let .untrackedTasks(count, section, suggestion, ownersOrDates) = issue.kind else { continue }
            let place = section.isEmpty ? "before the first section" : "under `## \(section)`"
            let what = count == 1 ? "a checkbox item \(place) is" : "\(count) checkbox items \(place) are"
            var help = suggestion.map { "did you mean `## \($0.title)`? " } ?? ""
            help += "mapc tracks tasks only under `## Tasks`: move \(count == 1 ? "it" : "them") there"
            if section.isEmpty || suggestion == nil { help += " (link a task to a goal with `goal:G1`)" }
            if ownersOrDates { help += "; until then \(count == 1 ? "its owner and date are" : "their owners and dates are") not tracked" }
            out.add(Self.self, at: issue.range, "\(what) not tracked as \(count == 1 ? "a task" : "tasks")", help: help)
        }
    }
}
