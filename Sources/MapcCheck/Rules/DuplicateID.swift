import MapcModel
import MapcSource

/// Two goals, tasks or stakeholders share an id.
///
/// Why: ids are how dependencies, metrics and diffs refer to things; a shared id makes
/// every reference ambiguous.
public struct DuplicateID: WorkspaceRule {
    public static let id: RuleID = "duplicate-id"
    public static let severity: Severity = .error
    public static let summary = "two goals, tasks or stakeholders share an id"
    public static let rationale = """
        Goal ids (`### G1: …`), task ids (`id:slug`, or derived from the title) and stakeholder \
        handles must be unique within a plan, and plan ids unique within a workspace. The \
        diagnostic is at the later occurrence and names the line of the first.
        """
    public static let bad: [Example] = [
        Example("## Tasks\n- [ ] Draft the order @li\n- [ ] ↓Draft the order @li",
                messages: ["task id `draft-the-order` is already used on line 5"]),
        Example("## Goals\n### G1: Go live\n### ↓G1: Train admins"),
        Example("## Stakeholders\n| Handle |\n|---|\n| @li |\n| ↓@li |"),
        Example("## Tasks\n- [ ] Sign @li id:sign\n- [ ] Send @li id:↓sign"),
    ]
    public static let good: [Example] = [
        "## Tasks\n- [ ] Draft the order @li\n- [ ] Draft the order @li id:draft-2",
        "## Goals\n### G1: Go live\n### G2: Train admins",
    ]

    public static let workspaceExamples: [(files: [(String, String)], expected: [String])] = [
        ([("a.md", "---\ntitle: A\nid: pilot\n---\n"), ("b.md", "---\ntitle: B\nid: pilot\n---\n")],
         ["b.md:3:5 plan id `pilot` is already used by a.md"]),
        ([("pilot.md", "---\ntitle: A\n---\n"), ("x/pilot.md", "---\ntitle: B\n---\n")],
         ["x/pilot.md:1:1 plan id `pilot` is already used by pilot.md"]),
    ]

    public static let manual = Manual(
        why: """
            Ids are how dependencies, metrics, links and diffs refer to things; a shared id makes \
            every reference to it ambiguous.
            """,
        details: """
            Stakeholder handles are compared case-insensitively. A plan's id is its `id:`, else its \
            file name.
            """,
        fix: """
            Rename one of them, or, for tasks that really have the same title, give one an `id:`. \
            For two plans, give one an `id:` in its front matter.
            """,
        fixed: "## Tasks\n- [ ] Draft the order @li\n- [ ] Draft the order @li id:draft-2")

    public init() {}

    /// The `id:` in the front matter, else the file's first line (the id is its name).
    public static func anchor(_ plan: Plan) -> (range: SourceRange, help: String) {
        (plan.frontMatterKeys["id"].map { _ in plan.id.range } ?? SourceRange(start: 0, end: 3),
         "give this plan its own `id:` in the front matter")
    }

    /// Across files, a plan whose id an earlier file has (reported at the later file).
    public static func checkWorkspace(_ plans: [WorkspacePlan], _ settings: WorkspaceSettings) -> [WorkspaceFinding] {
        var first: [String: String] = [:]
        var findings: [WorkspaceFinding] = []
        for (index, plan) in plans.enumerated() {
            if let earlier = first[plan.id] {
                findings.append(WorkspaceFinding(plan: index, message: "plan id `\(plan.id)` is already used by \(earlier)"))
            } else {
                first[plan.id] = plan.file
            }
        }
        return findings
    }

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        // Goal ids compare without case, as metrics' Goal column does.
        let goals = plan.goals.map { (id: $0.id.value.lowercased(), range: $0.id.range) }
        let tasks = plan.tasks.map { (id: $0.id, range: $0.idRange ?? $0.titleRange) }
        let people = plan.stakeholders.map { (id: $0.handle.value.key, range: $0.handle.range) }
        report("goal id", goals, context, &out)
        report("task id", tasks, context, &out)
        report("stakeholder", people, context, display: { "@\($0)" }, &out)
    }

    private func report(_ what: String, _ entries: [(id: String, range: SourceRange)], _ context: CheckContext,
                        display: (String) -> String = { $0 }, _ out: inout Findings)
    {
        var first: [String: SourceRange] = [:]
        for entry in entries where !entry.id.isEmpty {
            guard let earlier = first[entry.id] else {
                first[entry.id] = entry.range
                continue
            }
            out.add(Self.self, at: entry.range,
                    "\(what) `\(display(entry.id))` is already used on line \(context.source.line(containing: earlier.start))",
                    help: what == "task id" ? "give one of them a distinct `id:`" : "rename or remove one of them")
        }
    }
}
