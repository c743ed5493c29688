import MapcModel
import MapcSource

/// A stakeholder's Party is not one of the plan's `parties`.
///
/// Why: `Medora Health` in the table and `Medora Health Software` in the front matter are
/// one organisation to a reader and two to mapc, which then calls the plan one-sided.
public struct PartyUnknown: Rule {
    public static let id: RuleID = "party-unknown"
    public static let severity: Severity = .warning
    public static let readsFrontMatter = true
    public static let summary = "a stakeholder's Party is not among the plan's `parties`"
    public static let rationale = """
        When the front matter lists `parties`, each stakeholder's Party column should name \
        one of them, written the same way (compared without regard to case). The nearest \
        party is suggested: a shortened or lengthened name, or a typo.
        """
    public static let bad: [Example] = [
        Example("---\ntitle: Pilot\nparties: [Acme, Medora Health Software]\n---\n## Stakeholders\n| Handle | Party |\n|---|---|\n| @li | Acme |\n| @bo | ↓Medora Health |\n## Tasks\n- [ ] Sign @li\n- [ ] Countersign @bo",
                messages: ["@bo's party `Medora Health` is not one of the plan's parties"]),
    ]
    public static let good: [Example] = [
        "---\ntitle: Pilot\nparties: [Acme, Globex]\n---\n## Stakeholders\n| Handle | Party |\n|---|---|\n| @li | acme |\n| @bo | Globex |\n## Tasks\n- [ ] Sign @li\n- [ ] Countersign @bo",
        "---\ntitle: Pilot\n---\n## Stakeholders\n| Handle | Party |\n|---|---|\n| @li | Acme |\n## Tasks\n- [ ] Sign @li",
    ]

    public static let manual = Manual(
        why: """
            `Medora Health` in the table and `Medora Health Software` in the front matter are one \
            organisation to a reader and two to mapc, which then calls the plan one-sided.
            """,
        fix: """
            Write the party as the front matter's `parties` does, or add it to `parties` if it is \
            another organisation.
            """,
        fixed: "---\ntitle: Pilot\nparties: [Acme, Medora Health Software]\n---\n## Stakeholders\n| Handle | Party |\n|---|---|\n| @li | Acme |\n| @bo | Medora Health Software |\n## Tasks\n- [ ] Sign @li\n- [ ] Countersign @bo")

    public init() {}

    public func check(_ plan: Plan, _ context: CheckContext, _ out: inout Findings) {
        guard !plan.parties.isEmpty else { return }
        let names = plan.parties.map(\.value)
        let known = Set(names.map { $0.lowercased() })
        for stakeholder in plan.stakeholders {
            guard let party = stakeholder.party, !known.contains(party.lowercased()) else { continue }
            let near = PartyNames.nearest(party, in: names)
            out.add(Self.self, at: stakeholder.partyRange ?? stakeholder.handle.range,
                    "@\(stakeholder.handle.value.name)'s party `\(party)` is not one of the plan's parties",
                    help: near.map { "did you mean `\($0)`? Write it the same way in both places" }
                        ?? "add it to `parties:` in the front matter, or use one of: \(names.map { "`\($0)`" }.joined(separator: ", "))")
        }
    }
}

/// Party names as people shorten and lengthen them.
enum PartyNames {
    /// The declared party `name` most likely means: one that starts or ends with it (or it
    /// with them), else a near spelling.
    static func nearest(_ name: String, in parties: [String]) -> String? {
        let lowered = name.lowercased()
        if let found = parties.first(where: { party in
            let other = party.lowercased()
            return other.hasPrefix(lowered + " ") || lowered.hasPrefix(other + " ")
                || other.hasSuffix(" " + lowered) || lowered.hasSuffix(" " + other)
        }) { return found }
        return suggestions(for: name, in: parties, limit: 1).first
    }
}
