import MapcCheck
import MapcLower
import MapcModel
import MapcSource
import Testing

/// Runs every rule's own examples (STYLE: a rule's examples are its tests): `bad` must
/// fire exactly at the `↓` markers with the expected messages, `good` must stay silent;
/// then again with CRLF line endings, after a BOM, and behind suppression comments.
@Suite struct RuleExamplesTests {
    static let today = Day(iso: Manual.today)!
    static let exampleRules = Registry.rules.filter { !$0.bad.isEmpty }

    /// A snippet without front matter goes into a minimal plan.
    static func plan(_ markdown: String) -> String { Manual.plan(markdown) }

    /// The text without markers, and the offsets where markers were.
    static func markers(_ text: String) -> (String, [Int]) {
        var clean: [UInt8] = []
        var offsets: [Int] = []
        let marker = Array("↓".utf8)
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if index + marker.count <= bytes.count, Array(bytes[index..<index + marker.count]) == marker {
                offsets.append(clean.count)
                index += marker.count
            } else {
                clean.append(bytes[index])
                index += 1
            }
        }
        return (String(decoding: clean, as: UTF8.self), offsets)
    }

    static func diagnostics(_ text: String, rule: RuleID) -> [Diagnostic] {
        let source = SourceFile(path: "example.md", text: text)
        guard case let .plan(plan) = PlanLowering.lower(source) else {
            Issue.record("example is not a plan: \(text)")
            return []
        }
        return Checker(configuration: Configuration(), today: today).check(plan, source: source)
            .filter { $0.rule == rule }
    }

    @Test("every rule has examples, a summary and a rationale", arguments: Registry.rules.map { $0.id.rawValue })
    func documented(_ id: String) throws {
        let rule = try #require(Registry.rule(RuleID(id)))
        #expect(!rule.summary.isEmpty)
        #expect(!rule.rationale.isEmpty)
        // File rules' examples are whole files, and rules only about a whole workspace have
        // whole workspaces (run by WorkspaceRuleExamplesTests).
        let acrossFilesOnly = (rule as? any WorkspaceRule.Type).map { $0.bad.isEmpty && !$0.workspaceExamples.isEmpty } == true
        if !(rule is any FileRule.Type), !acrossFilesOnly {
            #expect(!rule.bad.isEmpty, "\(id) needs a bad example")
            #expect(!rule.good.isEmpty, "\(id) needs a good example")
        }
    }

    @Test("every rule has a manual: why, how to fix, and the example fixed", arguments: Registry.rules.map { $0.id.rawValue })
    func manual(_ id: String) throws {
        let rule = try #require(Registry.rule(RuleID(id)))
        #expect(!rule.manual.why.isEmpty, "\(id) needs a manual: why it exists")
        #expect(!rule.manual.fix.isEmpty, "\(id) needs a manual: how to fix it")
        // File rules show their file examples, rules only about a whole workspace their
        // workspace examples; every other rule one of its bad examples, fixed.
        let acrossFilesOnly = (rule as? any WorkspaceRule.Type).map { $0.bad.isEmpty && !$0.workspaceExamples.isEmpty } == true
        if !(rule is any FileRule.Type), !acrossFilesOnly {
            #expect(rule.bad.indices.contains(rule.manual.example), "\(id): the manual's example is not one of its bad examples")
            #expect(rule.manual.fixed?.isEmpty == false, "\(id) needs a manual: the example fixed")
        }
    }

    @Test("the manual's fixed example is silent", arguments: Registry.rules.filter { $0.manual.fixed != nil }.map { $0.id.rawValue })
    func fixed(_ id: String) throws {
        let rule = try #require(Registry.rule(RuleID(id)))
        let fixed = try #require(rule.manual.fixed)
        #expect(!fixed.contains("↓"), "\(id): a fixed example has no markers")
        let text = Self.plan(fixed)
        #expect(Self.diagnostics(text, rule: rule.id).isEmpty, "\(id): the manual's fixed example still fires:\n\(text)")
    }

    @Test("bad examples fire exactly at their markers", arguments: exampleRules.map { $0.id.rawValue })
    func bad(_ id: String) throws {
        let rule = try #require(Registry.rule(RuleID(id)))
        for example in rule.bad {
            let (text, offsets) = Self.markers(Self.plan(example.markdown))
            let source = SourceFile(path: "example.md", text: text)
            let expected = offsets.map { source.position(of: $0) }
            let found = Self.diagnostics(text, rule: rule.id)
            #expect(found.map(\.start) == expected, "\(id): \(example.markdown)")
            if !example.messages.isEmpty {
                #expect(found.map(\.message) == example.messages, "\(id): \(example.markdown)")
            }
            #expect(found.allSatisfy { $0.severity == rule.severity && $0.help != nil })

            // CRLF and a BOM change bytes, never the positions people see.
            let crlf = text.replacingAll("\n", with: "\r\n")
            #expect(Self.diagnostics(crlf, rule: rule.id).map(\.start) == expected, "\(id) with CRLF")
            #expect(Self.diagnostics("\u{FEFF}" + text, rule: rule.id).map(\.start) == expected, "\(id) after a BOM")

            // `mapc-disable id` after the front matter silences the rule for the file
            // (an unclosed front matter has no body to hold the comment).
            guard Self.frontMatterEnd(text) > 1 else { continue }
            let disabled = Self.insertAfterFrontMatter(text, "<!-- mapc-disable \(id) -->")
            #expect(Self.diagnostics(disabled, rule: rule.id).isEmpty, "\(id) behind mapc-disable")
        }
    }

    @Test("bad examples are silenced by mapc-disable-next-line", arguments: exampleRules.map { $0.id.rawValue })
    func nextLine(_ id: String) throws {
        let rule = try #require(Registry.rule(RuleID(id)))
        for example in rule.bad where !rule.isPlanLevel {
            let (text, offsets) = Self.markers(Self.plan(example.markdown))
            let source = SourceFile(path: "example.md", text: text)
            let lines = Set(offsets.map { source.line(containing: $0) })
            // Only items and headings can be preceded by a comment without changing them.
            let eligible = lines.allSatisfy { line in
                let trimmed = source.text(ofLine: line).trimmingLeadingSpaces
                return trimmed.hasPrefix("- ") || trimmed.hasPrefix("#")
            }
            guard eligible, !lines.contains(where: { $0 <= Self.frontMatterEnd(text) }) else { continue }
            var outLines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for line in lines.sorted(by: >) {
                let indent = String(outLines[line - 1].prefix { $0 == " " || $0 == "\t" })
                outLines.insert(indent + "<!-- mapc-disable-next-line \(id) -->", at: line - 1)
            }
            let suppressed = outLines.joined(separator: "\n")
            #expect(Self.diagnostics(suppressed, rule: rule.id).isEmpty, "\(id) behind disable-next-line:\n\(suppressed)")
            // And a comment naming another rule does not silence it.
            let other = suppressed.replacingAll("mapc-disable-next-line \(id) ", with: "mapc-disable-next-line some-other-rule ")
            #expect(Self.diagnostics(other, rule: rule.id).count == offsets.count, "\(id) behind another rule's comment")
        }
    }

    @Test("good examples stay silent", arguments: exampleRules.map { $0.id.rawValue })
    func good(_ id: String) throws {
        let rule = try #require(Registry.rule(RuleID(id)))
        for example in rule.good {
            let text = Self.plan(example.markdown)
            #expect(Self.diagnostics(text, rule: rule.id).isEmpty, "\(id) good example: \(example.markdown)")
            let crlf = text.replacingAll("\n", with: "\r\n")
            #expect(Self.diagnostics(crlf, rule: rule.id).isEmpty, "\(id) good example with CRLF")
        }
    }

    /// The line of the closing front-matter fence.
    static func frontMatterEnd(_ text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.dropFirst().firstIndex { $0 == "---" } ?? 0) + 1
    }

    static func insertAfterFrontMatter(_ text: String, _ line: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let end = frontMatterEnd(text)
        guard end > 1, end <= lines.count else { return text + "\n" + line + "\n" }
        lines.insert(line, at: end)
        return lines.joined(separator: "\n")
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    var trimmingLeadingSpaces: Substring { drop { $0 == " " || $0 == "\t" } }
}
