import Foundation
import MapcCheck
import MapcCLI
import Testing

/// `mapc rules`, `mapc init` and the top-level command.
@Suite struct OtherCommandTests {
    /// Every registered rule, in the registry's order: docs/rules.md is generated from the
    /// same registry (RulesManualTests).
    static var ruleIDs: [String] { Registry.ids.map(\.rawValue) }

    @Test func rulesListsEveryRule() {
        let run = CLI.run(["rules"])
        #expect(run.status == 0)
        let listed = run.out.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
        #expect(listed == Self.ruleIDs)
        #expect(run.out.contains("\nowner-missing           error    an open task has no @owner\n"))
    }

    @Test func rulesExplainsOne() {
        let run = CLI.run(["rules", "owner-unknown"])
        #expect(run.status == 0)
        #expect(run.out.hasPrefix("owner-unknown (default: error)\n\na handle used anywhere is not in Stakeholders.\n"))
        #expect(run.out.contains("- [ ] Book the venue @dnaa"))
        #expect(run.out.contains("<!-- mapc-disable-next-line owner-unknown -->"))
        let unknown = CLI.run(["rules", "owner"])
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("unknown rule `owner`"))
    }

    @Test func initWritesACleanPlanAndNeverOverwrites() throws {
        let folder = CLI.temporaryDirectory()
        let run = CLI.run(["init", folder + "/acme-pilot", "--today", "2026-11-24"])
        #expect(run.status == 0)
        let text = try String(contentsOfFile: folder + "/acme-pilot.md", encoding: .utf8)
        #expect(text.hasPrefix("---\ntitle: \"Acme pilot\"\nid: acme-pilot\n"))
        for section in ["Goals", "Stakeholders", "Workshops", "Tasks", "Milestones", "Communication", "Metrics",
                        "Risks", "Conflict resolution", "Updates", "Retrospective"] {
            #expect(text.contains("\n## \(section)\n"), "missing \(section)")
        }
        let check = CLI.run(["check", folder + "/acme-pilot.md", "--today", "2026-11-24", "--strict"])
        #expect(check.status == 0, "\(check.out)")
        #expect(check.out == "0 errors, 0 warnings, 0 infos in 1 plan\n")

        let again = CLI.run(["init", folder + "/acme-pilot.md"])
        #expect(again.status == 2)
        #expect(again.err.contains("already exists"))
        #expect(try String(contentsOfFile: folder + "/acme-pilot.md", encoding: .utf8) == text)
    }

    @Test func helpAndVersionExitZero() {
        #expect(CLI.run(["--help"]).status == 0)
        #expect(CLI.run(["--help"]).out.contains("check"))
        #expect(CLI.run(["--version"]).status == 0)
        #expect(CLI.run(["bogus"]).status == 2)
    }
}
