import ArgumentParser
import MapcSource

/// `mapc init NAME`: a new plan with every section and short guidance, never overwriting.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a new plan with every section, ready to fill in.")

    @Argument(help: "The plan's file name or path (`.md` is added when missing).")
    var name: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = Console.current
        let path = name.lowercased().hasSuffix(".md") ? name : name + ".md"
        let stem = String(path.split(separator: "/").last ?? Substring(path)).dropLast(3)
        guard !stem.isEmpty else { throw UsageError("give the plan a name, e.g. `mapc init acme-pilot`") }
        let today = try global.resolveToday(global.loadConfiguration(near: FileSystem.parent(path), console), console)
        let text = InitCommand.template(id: String(stem), today: today)
        if let problem = FileSystem.writeAtomically(path, text, exclusive: true) {
            throw UsageError(problem + (problem.hasSuffix("already exists") ? "; mapc init never overwrites a file" : ""))
        }
        if !global.quiet { console.out("created \(path): fill in the sections, then run `mapc check \(path)`\n") }
    }

    /// The new plan. It checks without errors or warnings as written, so the first
    /// `mapc check` a new user runs is clean.
    static func template(id: String, today: Day) -> String {
        let title = id.split(whereSeparator: { $0 == "-" || $0 == "_" }).joined(separator: " ")
        let displayTitle = title.prefix(1).uppercased() + title.dropFirst()
        let due = today.adding(days: 90)
        return """
        ---
        title: "\(displayTitle)"
        id: \(id)
        status: draft
        start: \(today)
        due: \(due)
        owner: "@you"
        parties: [Your team, Partner]
        review: weekly
        tags: []
        ---

        # \(displayTitle)

        <!-- One paragraph: why the parties share this plan and what "done" looks like. -->

        ## Goals

        <!-- One H3 per goal: an id, a colon, the outcome. Measure each one under Metrics. -->

        ### G1: Describe the first shared outcome

        Why this goal matters to both parties.

        ## Stakeholders

        <!-- One row per person. Every @handle used in the plan must appear here. -->

        | Handle | Name | Party | Role | Interests | Expectations | Capacity |
        |---|---|---|---|---|---|---|
        | @you | Your Name | Your team | Plan owner | A clear, shared plan | Weekly updates | 4h/week |
        | @partner | Partner Name | Partner | Sponsor | Fast time to value | Decisions within 48h | 2h/week |

        ## Workshops

        <!-- `- YYYY-MM-DD Name @attendees`, with sub-items `- decision: …`. -->

        - \(today) Kickoff workshop @you @partner
          - decision: We keep the plan in git and review changes by pull request

        ## Tasks

        <!-- GFM task items: `- [ ] What @owner due:YYYY-MM-DD`. Optional: id:, after:, goal:, est:, status:. -->

        ### Phase 1: Set up due:\(today.adding(days: 30))

        - [ ] Agree on the goals and metrics @you due:\(today.adding(days: 14)) id:agree-goals goal:G1
        - [ ] Confirm the sponsor's success criteria @partner due:\(today.adding(days: 21)) after:agree-goals

        ## Milestones

        <!-- `- Name due:YYYY-MM-DD goal:G1 celebrate: how you will mark it`. -->

        - Plan agreed due:\(today.adding(days: 30)) goal:G1 celebrate: lunch together

        ## Communication

        <!-- Channels; at least one with a cadence: every:day|week|2weeks|month|quarter. -->

        - Weekly sync every:week @you @partner

        ## Metrics

        <!-- One row per metric; the Goal column names the goal it measures. -->

        | Metric | Goal | Baseline | Target | Current | Unit | Due |
        |---|---|---|---|---|---|---|
        | First outcome measure | G1 | 0 | 100 | 0 | % | \(due) |

        ## Risks

        <!-- `- What could go wrong impact:high|medium|low @owner mitigation: what you do about it`. -->

        - Key people may be unavailable impact:medium @you mitigation: name a deputy for each role

        ## Conflict resolution

        Disagreements are raised in the weekly sync first; if still open after a week:

        escalate: @you -> @partner

        ## Updates

        <!-- Newest first: `- YYYY-MM-DD: what happened`. -->

        - \(today): plan drafted

        ## Retrospective

        <!-- When the plan is done: what went well, what you would change. -->

        """
    }
}
