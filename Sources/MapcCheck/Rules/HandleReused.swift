import MapcModel
import MapcSource

/// One handle names different people in different plans.
///
/// Why: handles are per plan, so `@tom` may be Tom Hargreaves at one customer and Tom Baker
/// at another. mapc keeps them apart (two person pages), and says so, so that a person who
/// *is* one person written two ways is joined on purpose rather than split by accident.
public struct HandleReused: WorkspaceRule {
    public static let id: RuleID = "handle-reused"
    public static let severity: Severity = .warning
    public static let summary = "one handle names different people in different plans"
    public static let rationale = """
        Handles are per plan: the same `@tom` in two plans is one person only when both \
        Stakeholders tables give the same name (case, spacing and punctuation aside; a row \
        without a name joins the named one). With different names they are two people with \
        a person page each, and a plan's page links only its own stakeholders, so one \
        customer's work never shows on another's page. Reported at the stakeholder row of \
        each later plan. If they are one person, write the same name, or declare the \
        handle in `mapc.yml` under `people:` (`"@tom": Tom Hargreaves`).
        """
    public static let bad: [Example] = []
    public static let good: [Example] = []

    public static let workspaceExamples: [(files: [(String, String)], expected: [String])] = [
        ([("a.md", "---\ntitle: A\n---\n## Stakeholders\n| Handle | Name |\n|---|---|\n| @tom | Tom Hargreaves |\n"),
          ("b.md", "---\ntitle: B\n---\n## Stakeholders\n| Handle | Name |\n|---|---|\n| @tom | Tom Baker |\n")],
         ["b.md:7:3 `@tom` is Tom Baker here but Tom Hargreaves in a.md: two people with one handle get a person page "
            + "each"]),
        // Same name written differently, or no name: one person, nothing to say.
        ([("a.md", "---\ntitle: A\n---\n## Stakeholders\n| Handle | Name |\n|---|---|\n| @tom | Tom Hargreaves |\n"),
          ("b.md", "---\ntitle: B\n---\n## Stakeholders\n| Handle | Name |\n|---|---|\n| @Tom | tom  hargreaves |\n"),
          ("c.md", "---\ntitle: C\n---\n## Stakeholders\n| Handle |\n|---|\n| @tom |\n")],
         []),
    ]

    public static let manual = Manual(
        why: """
            Two customers may both have a Tom. Merging every `@tom` into one person page would show \
            one customer's work to the other; splitting one person written two ways would hide half \
            of their work. mapc keeps different names apart and says so, so the choice is made on purpose.
            """,
        details: """
            A person page is `people/<handle>.html`; a handle shared by different names gives each \
            person `people/<handle>~<name>.html`, and each plan's page links its own stakeholder \
            ([site.md](site.md#people)).
            """,
        fix: """
            If they are one person, write the same name in both Stakeholders tables, or declare the \
            handle in `mapc.yml` under `people:` (`"@tom": Tom Hargreaves`, \
            [format.md](format.md#mapcyml)). If they are two people, nothing is wrong: silence the \
            warning in the later plan with `<!-- mapc-disable handle-reused -->`, or give one of \
            them another handle.
            """,
        fixed: nil)

    public init() {}

    public static func anchor(_ plan: Plan) -> (range: SourceRange, help: String) {
        (SourceRange(start: 0, end: 3), help)
    }

    /// Each stakeholder's handle, first row per handle.
    public static func subjectAnchors(_ plan: Plan) -> [(subject: String, range: SourceRange, help: String)] {
        var seen = Set<String>()
        return plan.stakeholders.compactMap { stakeholder in
            let key = stakeholder.handle.value.key
            return seen.insert(key).inserted ? (key, stakeholder.handle.range, help) : nil
        }
    }

    static let help = "if this is the same person, write the same name in both plans, or declare the handle "
        + "in mapc.yml under `people:`"

    /// In input order, the first plan to name a handle sets its name; a later plan that
    /// names it otherwise is reported once per handle.
    public static func checkWorkspace(_ plans: [WorkspacePlan], _ settings: WorkspaceSettings) -> [WorkspaceFinding] {
        var first: [String: (nameKey: String, name: String, file: String)] = [:]
        var findings: [WorkspaceFinding] = []
        for (index, plan) in plans.enumerated() {
            for person in plan.people {
                let (handleKey, nameKey) = PersonIdentity.split(person.identity)
                guard !nameKey.isEmpty, !settings.declaredPeople.contains(handleKey), let name = person.name else { continue }
                guard let earlier = first[handleKey] else {
                    first[handleKey] = (nameKey, name, plan.file)
                    continue
                }
                if earlier.nameKey != nameKey {
                    findings.append(WorkspaceFinding(plan: index, subject: handleKey, message:
                        "`@\(person.handle)` is \(name) here but \(earlier.name) in \(earlier.file): two people with one "
                            + "handle get a person page each"))
                }
            }
        }
        return findings
    }

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {}
}
