import ArgumentParser
import MapcCheck
import MapcSource
import MapcBuild

/// `mapc rules [ID]`: every rule with its default severity, or one rule's manual.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the rules, or explain one.")

    @Argument(help: "A rule id to explain, e.g. owner-missing.")
    var id: String?

    @Flag(help: "Print the manual as Markdown: every rule's (docs/rules.md, script/generate-rules-doc), or one's.")
    var markdown = false

    func run() throws {
        let console = Console.current
        if markdown, id == nil {
            console.out(RulesMarkdown.render())
            return
        }
        guard let id else {
            let width = Registry.rules.map { $0.id.rawValue.count }.max() ?? 0
            for rule in Registry.rules {
                let name = rule.id.rawValue.padding(width)
                console.out("\(name)  \(rule.severity.rawValue.padding(7))  \(rule.summary)\n")
            }
            return
        }
        guard let rule = Registry.rule(RuleID(id)) else {
            throw UsageError("unknown rule `\(TerminalText.safe(id))`" + (Registry.nearest(id).map { "; did you mean `\($0)`?" } ?? "")
                             + " (`mapc rules` lists them)")
        }
        console.out(markdown ? RulesMarkdown.section(rule) : RulesCommand.manual(rule))
    }

    /// A rule's manual: summary, why, default, examples, and how to silence it.
    static func manual(_ rule: any Rule.Type) -> String {
        var out = "\(rule.id) (default: \(rule.severity.rawValue))\n\n\(rule.summary).\n\n\(rule.rationale)\n"
        out += "\nWhy: \(rule.manual.why)\n"
        if let bad = rule.bad.first {
            out += "\nExample that triggers it:\n\n" + indent(bad.markdown.replacingMarker()) + "\n"
        }
        if let good = rule.good.first {
            out += "\nExample that does not:\n\n" + indent(good.markdown) + "\n"
        }
        out += "\nTo fix it: \(rule.manual.fix)\n"
        out += "\nSilence it for one item with `<!-- mapc-disable-next-line \(rule.id) -->`, for a file with "
        out += "`<!-- mapc-disable \(rule.id) -->`, or everywhere in mapc.yml: `rules: { \(rule.id): off }`.\n"
        return out
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func replacingMarker() -> String { split(separator: "↓", omittingEmptySubsequences: false).joined() }
}
