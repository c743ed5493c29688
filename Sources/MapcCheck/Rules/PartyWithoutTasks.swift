import MapcModel
import MapcSource

/// A party of the plan owns no open task: the plan is one-sided.
///
/// Why: a mutual plan where only one side has work is a wish list, not an agreement.
public struct PartyWithoutTasks: Rule {
    public static let id: RuleID = "party-without-tasks"
    public static let severity: Severity = .warning
    public static let readsFrontMatter = true
    public static let summary = "a party of `parties` owns no open task"
    public static let rationale = """
        Applies to `active` plans. For each party in the front matter, some open task must be \
        owned by a stakeholder whose Party column names it.
        """
    public static let isPlanLevel = true
    public static let bad: [Example] = [
        Example("---\ntitle: Pilot\n↓parties: [Acme, Globex]\n---\n## Stakeholders\n| Handle | Party |\n|---|---|\n| @li | Acme |\n| @bo | Globex |\n## Tasks\n- [ ] Sign @li",
                messages: ["party `Globex` owns no open task: the plan is one-sided"]),
    ]
    public static let good: [Example] = [
        "---\ntitle: Pilot\nparties: [Acme, Globex]\n---\n## Stakeholders\n| Handle | Party |\n|---|---|\n| @li | Acme |\n| @bo | Globex |\n## Tasks\n- [ ] Sign @li\n- [ ] Countersign @bo",
    ]

    public static let manual = Manual(
        why: """
            A mutual plan where only one side has work is a wish list, not an agreement.
            """,
        details: """
            A task counts through its effective owner, whose Party column names the party (compared \
            case-insensitively). One diagnostic per party, at the `parties:` key.
            """,
        fix: """
            Write down what the other party does next, with one of its people as owner; or remove \
            the party if it is not part of the plan.
            """,
        fixed: "---\ntitle: Pilot\nparties: [Acme, Globex]\n---\n## Stakeholders\n| Handle | Party |\n|---|---|\n| @li | Acme |\n| @bo | Globex |\n## Tasks\n- [ ] Sign @li\n- [ ] Countersign @bo")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        guard plan.status.value == .active else { return }
        let people = plan.stakeholdersByHandle
        let owning = Set(plan.tasks.filter(\.isOpen).compactMap { task in
            task.effectiveOwner.flatMap { people[$0]?.party?.lowercased() }
        })
        // A party some stakeholder names almost right is party-unknown's, said there once.
        let misspelt = Set(plan.stakeholders.compactMap { $0.party }.compactMap { written in
            PartyNames.nearest(written, in: plan.parties.map(\.value)).flatMap { $0.lowercased() == written.lowercased() ? nil : $0.lowercased() }
        })
        for party in plan.parties where !owning.contains(party.value.lowercased()) && !misspelt.contains(party.value.lowercased()) {
            out.add(Self.self, at: plan.planLevelRange(key: "parties"),
                    "party `\(party.value)` owns no open task: the plan is one-sided",
                    help: "give someone from \(party.value) an open task, or remove the party")
        }
    }
}
