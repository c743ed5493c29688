import MapcModel
import MapcSource

/// A plan marked `done` that still has open tasks.
///
/// Why: either the plan is not done, or the open tasks were dropped without saying so.
public struct DonePlanOpenTasks: Rule {
    public static let id: RuleID = "done-plan-open-tasks"
    public static let severity: Severity = .warning
    public static let readsFrontMatter = true
    public static let summary = "a `done` plan with open tasks"
    public static let rationale = """
        A plan with `status: done` is finished: each open task should be ticked off, or \
        cancelled (`~~title~~` or `- [-]`) if it will not be done. Reported once, at \
        `status:`, naming the first open tasks.
        """
    public static let isPlanLevel = true
    public static let bad: [Example] = [
        Example("---\ntitle: Pilot\nstatus: ↓done\n---\n## Tasks\n- [ ] Sign @li\n- [x] Kickoff @li\n## Retrospective\nWent well.",
                messages: ["the plan is done but 1 task is still open: `Sign`"]),
    ]
    public static let good: [Example] = [
        "---\ntitle: Pilot\nstatus: done\n---\n## Tasks\n- [x] Sign @li\n- [-] Extra @li\n## Retrospective\nWent well.",
    ]

    public static let manual = Manual(
        why: """
            A plan marked `done` with open tasks says two things at once: either the plan is not \
            done, or the open tasks were dropped without telling the other party.
            """,
        fix: """
            Tick off each open task that is done, cancel the ones that will not be (`~~title~~` or \
            `- [-]`), or set the plan's status back to `active`.
            """,
        fixed: "---\ntitle: Pilot\nstatus: done\n---\n## Tasks\n- [-] Sign @li\n- [x] Kickoff @li\n## Retrospective\nWent well.")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        guard plan.status.value == .done else { return }
        let open = plan.tasks.filter(\.isOpen)
        guard !open.isEmpty else { return }
        let names = open.prefix(3).map { "`\($0.displayName)`" }.joined(separator: ", ") + (open.count > 3 ? "…" : "")
        out.add(Self.self, at: plan.status.range,
                "the plan is done but \(open.count) \(open.count == 1 ? "task is" : "tasks are") still open: \(names)",
                help: "tick them off, cancel them (`- [-]`), or set the plan's status back to `active`")
    }
}
