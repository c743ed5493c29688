import ArgumentParser
import Foundation
import MapcSource
import MapcBuild

/// `mapc init NAME`: a new plan with every section and short guidance, never overwriting.
///
/// NAME is a plan's name (`"Q4 plan"` → `q4-plan.md`, `id: q4-plan`, `title: "Q4 plan"`) or a
/// file name ending in `.md`, which is used as typed; a folder in front is kept either way.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a new plan with every section, ready to fill in.")

    @Argument(help: "The plan's name (the file is named after it) or a file name ending in `.md`, in any folder.")
    var name: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = Console.current
        let target = InitCommand.target(for: name)
        guard let target else { throw UsageError("give the plan a name, e.g. `mapc init acme-pilot`") }
        let today = try global.resolveToday(global.loadConfiguration(near: FileSystem.parent(target.path), console), console)
        let text = InitCommand.template(id: target.id, title: target.title, today: today)
        if let problem = FileSystem.writeAtomically(target.path, text, exclusive: true) {
            throw UsageError(problem + (problem.hasSuffix("already exists") ? "; mapc init never overwrites a file" : ""))
        }
        if !global.quiet {
            console.out("created \(target.path): fill in the sections, then run `mapc check \(ShellQuoting.quote(target.path))`\n")
        }
    }

    /// Where a new plan goes and what it is called, or nil when the name has no name in it.
    struct Target: Equatable {
        var path: String
        var id: String
        var title: String
    }

    /// The file, id and title for what the user typed (see the type's documentation).
    static func target(for name: String) -> Target? {
        let slash = name.lastIndex(of: "/")
        let folder = slash.map { String(name[...$0]) } ?? ""
        var base = slash.map { String(name[name.index(after: $0)...]) } ?? name
        let isFile = base.lowercased().hasSuffix(".md")
        if isFile { base.removeLast(3) }
        guard !base.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        // docs/format.md#derived-ids; a name with no letter or digit (`🚀`) still needs a file.
        let id = slug(base).isEmpty ? "plan" : slug(base)
        return Target(path: isFile ? name : folder + id + ".md", id: id, title: title(base))
    }

    /// The longest slug kept: 60 scalars are at most 240 bytes, so `.md` still fits the
    /// 255 bytes a file name may have.
    static let slugLimit = 60

    /// Lowercased, each run of characters other than letters and digits one `-`, none at
    /// the ends: the derived ids of docs/format.md, but with ASCII digits only, as `id:`
    /// accepts, and at most `slugLimit` scalars.
    static func slug(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingDash = false
        for scalar in name.lowercased().unicodeScalars {
            guard scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) else {
                pendingDash = true
                continue
            }
            if pendingDash, !out.isEmpty { out.append("-") }
            pendingDash = false
            out.append(scalar)
            if out.count >= slugLimit { break }
        }
        return String(out)
    }

    /// The name as typed, or for a file-like name (`acme-pilot`) the words in it: `Acme pilot`.
    static func title(_ base: String) -> String {
        let fileLike = base.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        guard fileLike else { return base }
        let words = base.split(whereSeparator: { $0 == "-" || $0 == "_" }).joined(separator: " ")
        return words.isEmpty ? base : words.prefix(1).uppercased() + words.dropFirst()
    }

    /// A YAML double-quoted scalar: `\`, `"` and every character YAML does not allow
    /// as it is (control characters, line and paragraph separators) escaped.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
                    || value == 0xFEFF || value == 0xFFFE || value == 0xFFFF {
                    out += "\\u" + String(repeating: "0", count: 4 - String(value, radix: 16).count)
                        + String(value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The title as one line of Markdown prose: control characters become spaces.
    static func headingText(_ title: String) -> String {
        String(String.UnicodeScalarView(title.unicodeScalars.map { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
                ? " " : scalar
        }))
    }

    /// The new plan. It checks without errors or warnings as written, so the first
    /// `mapc check` a new user runs is clean. `id` is a slug, written plain but for `null`
    /// (which YAML reads as no value); `title` is a double-quoted scalar.
    static func template(id: String, title: String, today: Day) -> String {
        let due = today.adding(days: 90)
        return """
        ---
        title: \(yamlQuoted(title))
        id: \(id == "null" ? yamlQuoted(id) : id)
        status: draft
        start: \(today)
        due: \(due)
        owner: "@you"
        parties: [Your team, Partner]
        review: weekly
        tags: []
        ---

        # \(headingText(title))

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
