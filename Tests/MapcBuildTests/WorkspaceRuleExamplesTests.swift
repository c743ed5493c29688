import MapcBuild
import MapcCheck
import MapcSource
import Testing

/// The examples of the rules about files and whole workspaces, run through the real
/// compile of a workspace (files given in memory), like the plan rules' examples.
@Suite struct WorkspaceRuleExamplesTests {
    static var workspace: Workspace { Workspace(configuration: Configuration(), today: Day(iso: "2026-11-24")!) }

    static var fileRules: [any FileRule.Type] { Registry.rules.compactMap { $0 as? any FileRule.Type } }
    static var workspaceRules: [any WorkspaceRule.Type] { Registry.rules.compactMap { $0 as? any WorkspaceRule.Type } }

    @Test("file rules' examples give their diagnostic", arguments: fileRules.map { $0.id.rawValue })
    func fileExamples(_ id: String) throws {
        let rule = try #require(Self.fileRules.first { $0.id.rawValue == id })
        #expect(!rule.fileExamples.isEmpty, "\(id) needs file examples")
        for example in rule.fileExamples {
            let compilation = Self.workspace.compile([
                Workspace.Candidate(path: example.name, explicit: example.named, contents: example.bytes),
            ])
            let found = compilation.diagnostics.filter { $0.rule.rawValue == id }
                .map { "\($0.start.line):\($0.start.column) \($0.message)" }
            #expect(found == [example.expected], "\(example.name)")
        }
    }

    @Test("workspace rules' examples give their diagnostics", arguments: workspaceRules.map { $0.id.rawValue })
    func workspaceExamples(_ id: String) throws {
        let rule = try #require(Self.workspaceRules.first { $0.id.rawValue == id })
        #expect(!rule.workspaceExamples.isEmpty, "\(id) needs workspace examples")
        for example in rule.workspaceExamples {
            let compilation = Self.workspace.compile(example.files.map {
                Workspace.Candidate(path: $0.0, explicit: false, contents: Array($0.1.utf8))
            })
            let found = compilation.diagnostics.filter { $0.rule.rawValue == id }
                .map { "\($0.file):\($0.start.line):\($0.start.column) \($0.message)" }
            #expect(found == example.expected)
            // Silenced in the later files (right after the front matter), it is gone.
            let silenced = example.files.enumerated().map { index, file in
                Workspace.Candidate(path: file.0, explicit: false,
                                    contents: Array((index > 0 ? Self.disabling(id, in: file.1) : file.1).utf8))
            }
            #expect(!Self.workspace.compile(silenced).diagnostics.contains { $0.rule.rawValue == id })
        }
    }

    /// `text` with `<!-- mapc-disable ID -->` after its front matter.
    static func disabling(_ id: String, in text: String) -> String {
        let comment = "<!-- mapc-disable \(id) -->\n"
        guard text.hasPrefix("---\n"), let close = text.dropFirst(4).range(of: "---\n") else { return comment + text }
        return String(text[..<close.upperBound]) + comment + String(text[close.upperBound...])
    }
}
