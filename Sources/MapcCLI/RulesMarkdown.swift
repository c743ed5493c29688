import MapcBuild
import MapcCheck
import MapcEmit
import MapcSource

/// The generated part of docs/rules.md (`mapc rules --markdown`): the table of rules and
/// each rule's manual, written from the rule files (`Rule.manual`, `rationale`, examples).
/// Each example is run through a real workspace compile on `Manual.today`, so the
/// diagnostics shown are the ones mapc gives. script/generate-rules-doc puts the result
/// between docs/rules.md's markers; a test fails when the file is stale.
enum RulesMarkdown {
    /// The name example plans are checked under.
    static let exampleFile = "example.md"

    static func render(_ rules: [any Rule.Type] = Registry.rules) -> String {
        var out = """
            Each example below is checked with `mapc check \(exampleFile) --today \(Manual.today)`. A \
            snippet without front matter is checked as the body of a plan whose front matter \
            holds only a `title`, shown with it so that line numbers match. Only the \
            diagnostics of the rule at hand are shown: a plan that small makes mapc say other \
            things too.

            | rule | default | fires when |
            |---|---|---|

            """
        for rule in rules {
            out += "| [`\(rule.id)`](#\(rule.id)) | \(rule.severity.rawValue) | \(tableCell(rule.summary)) |\n"
        }
        for rule in rules { out += "\n" + section(rule) }
        return out
    }

    /// One rule's manual: `## id`, why, what it checks, an example, its diagnostics, the fix.
    static func section(_ rule: any Rule.Type) -> String {
        let manual = rule.manual
        var out = "## \(rule.id)\n\nDefault: **\(rule.severity.rawValue)**. In one line: \(rule.summary).\n\n"
        if rule.isPlanLevel {
            out += "Plan-level: it points at the front matter (or line 1), and `<!-- mapc-disable \(rule.id) -->` "
            out += "anywhere in the file silences it.\n\n"
        }
        out += "**Why.** \(manual.why)\n\n"
        out += "**What it checks.** \(rule.rationale)\n\n"
        if !manual.details.isEmpty { out += manual.details + "\n\n" }
        if rule.bad.indices.contains(manual.example) {
            let text = Manual.plan(Manual.unmarked(rule.bad[manual.example].markdown))
            out += "**Example.**\n\n" + fenced(text, "markdown") + "\n"
            out += fenced(diagnostics(rule, [(exampleFile, Array(text.utf8), false)]), "text") + "\n"
        }
        if let file = rule as? any FileRule.Type {
            for example in file.fileExamples {
                out += "**Example.** " + describe(example) + "\n\n"
                out += fenced(diagnostics(rule, [(example.name, example.bytes, example.named)]), "text") + "\n"
            }
        }
        if let workspace = rule as? any WorkspaceRule.Type, let example = workspace.workspaceExamples.first {
            out += "**Across plans.** Checked together:\n\n"
            for (name, text) in example.files {
                out += "`\(name)`:\n\n" + fenced(text, "markdown") + "\n"
            }
            out += fenced(diagnostics(rule, example.files.map { ($0.0, Array($0.1.utf8), false) }), "text") + "\n"
        }
        out += "**Fix.** \(manual.fix)\n"
        if let fixed = manual.fixed {
            out += "\n" + fenced(Manual.plan(fixed), "markdown")
        }
        return out
    }

    /// The rule's diagnostics for files compiled together, as `mapc check` prints them
    /// without colour.
    static func diagnostics(_ rule: any Rule.Type, _ files: [(name: String, bytes: [UInt8], named: Bool)]) -> String {
        let workspace = Workspace(configuration: Configuration(), today: Day(iso: Manual.today)!)
        let compilation = workspace.compile(files.map {
            Workspace.Candidate(path: $0.name, explicit: $0.named, contents: $0.bytes)
        })
        let found = compilation.diagnostics.filter { $0.rule == rule.id }
        return TextDiagnostics(color: false) { compilation.sources[$0] }.render(found)
    }

    /// A file example in words: its text when it is short UTF-8, else its size or bytes.
    static func describe(_ example: FileExample) -> String {
        var out = "A file `\(example.name)`" + (example.named ? ", named on the command line," : "")
        if example.bytes.isEmpty { return out + " that is empty:" }
        if let text = String(validating: example.bytes, as: UTF8.self), example.bytes.count <= 200 {
            return out + " holding:\n\n" + fenced(text, "markdown").dropLast()
        }
        if example.bytes.count <= 64 {
            out += " whose bytes are `" + example.bytes.map { hex($0) }.joined(separator: " ") + "`:"
        } else {
            out += " of \(example.bytes.count) bytes"
            if let text = String(validating: example.bytes, as: UTF8.self) {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let longest = lines.enumerated().max { $0.element.utf8.count < $1.element.utf8.count }!
                out += ", line \(longest.offset + 1) of which starts `\(String(longest.element.prefix(12)))`"
                out += " and runs on for \(longest.element.utf8.count) bytes"
            }
            out += ":"
        }
        return out
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// A fenced code block that `text` cannot close: the fence is longer than any run of
    /// backticks in it.
    static func fenced(_ text: String, _ info: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        var body = Substring(text)
        while body.hasSuffix("\n") { body = body.dropLast() }
        return "\(fence)\(info)\n\(body)\n\(fence)\n"
    }

    /// Text for a table cell: a `|` would end the cell (also inside a code span in GFM),
    /// a line break the row.
    static func tableCell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
