import MapcModel
import MapcSource

/// `after:` names a task the plan does not have.
///
/// Why: a dependency on nothing hides a real ordering constraint behind a typo.
public struct DependencyUnknown: Rule {
    public static let id: RuleID = "dependency-unknown"
    public static let severity: Severity = .error
    public static let summary = "`after:` names no task of the plan"
    public static let rationale = """
        `after:id[,id]` (or `⛔ id`) must name tasks of the same plan, by their `id:` or their \
        derived id (the title lowercased, other characters turned into `-`).
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Sign @li id:sign\n- [ ] Send @li after:↓sing",
                messages: ["task `Send` depends on `sing`, which is not a task of this plan"]),
        Example("## Tasks\n- [ ] Dress rehearsal of the cut-over @li\n- [ ] Go live @li after:↓dress-rehearsal",
                messages: ["task `Go live` depends on `dress-rehearsal`, which is not a task of this plan"]),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Sign @li id:sign\n- [ ] Send @li after:sign",
        "## Tasks\n- [ ] Sign the order @li\n- [ ] Send it @li after:sign-the-order",
    ]

    public static let manual = Manual(
        why: """
            A dependency on nothing hides a real ordering constraint behind a typo: the task looks \
            blocked to a reader and free to mapc.
            """,
        details: """
            Ids are compared exactly; a prefix of a derived id (`dress-rehearsal` for \
            `dress-rehearsal-of-the-cut-over`) is suggested, not accepted.
            """,
        fix: """
            Use the `id:` of an existing task (the help suggests close ones), or the derived id of \
            its title (`Sign the order` → `sign-the-order`).
            """,
        fixed: "## Tasks\n- [ ] Sign @li id:sign\n- [ ] Send @li after:sign")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        let ids = context.taskIndexByID
        for task in plan.tasks {
            for dependency in task.after where ids[dependency.value] == nil {
                out.add(Self.self, at: dependency.range,
                        "task `\(task.displayName)` depends on `\(dependency.value)`, which is not a task of this plan") {
                    didYouMean(idSuggestions(for: dependency.value, in: ids.keys)) ?? "use the `id:` of an existing task"
                }
            }
        }
    }
}
