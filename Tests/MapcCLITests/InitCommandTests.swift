import Foundation
import MapcCLI
import Testing

/// `mapc init NAME` with the names people type: the plan is named after the name, its
/// title is the name as typed, and it passes its own `check --strict`.
@Suite struct InitCommandTests {
    static let names = [
        "Q4 plan", "My Plan", "a\"b", "x: y", "#x", "@team", "it's", "back\\slash", "tab\there", "line\nbreak",
        "Café Zoë", "契約 プラン", "🚀 Launch", "🚀", "-lead", "a|b&c;d$(e)`f`", "[list]", "{map}", "!important",
        "*star", "&anchor", "%percent", "? q", "null", "true", "1.5", "2026", "~", "'quoted'", ">folded",
        "2026-12-01", "  spaced  ", "a\u{2028}b", "zero\u{0}byte",
        String(repeating: "A very long plan name ", count: 30),
    ]

    /// Names that look like file names, and the titles made of their words.
    static let fileLike = ["-lead": "Lead", "null": "Null", "true": "True", "2026-12-01": "2026 12 01"]

    /// Runs `mapc init` (after `--`, so a leading `-` is a name) in a fresh folder.
    static func initialize(_ name: String, in folder: String) -> Run {
        CLI.run(["init", "--today", "2026-11-24", "--", folder + "/" + name])
    }

    @Test(arguments: names) func theNewPlanPassesItsOwnStrictCheck(_ name: String) throws {
        let folder = CLI.temporaryDirectory()
        let run = Self.initialize(name, in: folder)
        #expect(run.status == 0, "\(run.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count == 1)
        let file = try #require(files.first)
        #expect(file.hasSuffix(".md") && !file.hasPrefix("-") && !file.hasPrefix("."), "\(file)")
        let check = CLI.run(["check", folder + "/" + file, "--today", "2026-11-24", "--strict"])
        #expect(check.status == 0, "\(name): \(check.out)\(check.err)")
        #expect(check.out == "0 errors, 0 warnings, 0 infos in 1 plan\n", "\(name)")
        // The title is the name as typed (words, for a name that looks like a file name),
        // read back through the export.
        let export = CLI.run(["export", folder + "/" + file, "--format", "json", "--today", "2026-11-24"])
        let object = try JSONSerialization.jsonObject(with: Data(export.out.utf8)) as? [String: Any]
        let plan = try #require((object?["plans"] as? [[String: Any]])?.first)
        #expect(plan["title"] as? String == Self.fileLike[name] ?? name, "\(name)")
        #expect(plan["id"] as? String == String(file.dropLast(3)))
    }

    @Test func aNameBecomesASlugFileAndIDAndTheTitleAsTyped() throws {
        let folder = CLI.temporaryDirectory()
        let run = Self.initialize("My Plan", in: folder)
        #expect(run.out == "created \(folder)/my-plan.md: fill in the sections, then run `mapc check \(folder)/my-plan.md`\n")
        let text = try String(contentsOfFile: folder + "/my-plan.md", encoding: .utf8)
        #expect(text.hasPrefix("---\ntitle: \"My Plan\"\nid: my-plan\nstatus: draft\n"))
        #expect(text.contains("\n# My Plan\n"))
    }

    @Test func theTitleIsEscapedForYAML() throws {
        let folder = CLI.temporaryDirectory()
        _ = Self.initialize("Say \"hi\" \\ 1:2 #3\ttab", in: folder)
        let text = try String(contentsOfFile: folder + "/say-hi-1-2-3-tab.md", encoding: .utf8)
        #expect(text.hasPrefix("---\ntitle: \"Say \\\"hi\\\" \\\\ 1:2 #3\\ttab\"\nid: say-hi-1-2-3-tab\n"))
        #expect(text.contains("\n# Say \"hi\" \\ 1:2 #3 tab\n"))
    }

    @Test func aFileNameEndingInMDIsUsedAsTypedAndItsFolderKept() throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder + "/plans", withIntermediateDirectories: true)
        let run = Self.initialize("plans/It's Q4.md", in: folder)
        #expect(run.status == 0)
        // The hint quotes the path as a shell needs it.
        #expect(run.out == "created \(folder)/plans/It's Q4.md: fill in the sections, then run "
            + "`mapc check '\(folder)/plans/It'\\''s Q4.md'`\n")
        let text = try String(contentsOfFile: folder + "/plans/It's Q4.md", encoding: .utf8)
        #expect(text.hasPrefix("---\ntitle: \"It's Q4\"\nid: it-s-q4\n"))

        let named = Self.initialize("plans/Board review", in: folder)
        #expect(named.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/plans/board-review.md"))
    }

    @Test func aLongNameGivesAFileNameAFileSystemTakes() throws {
        let folder = CLI.temporaryDirectory()
        let run = Self.initialize(String(repeating: "é", count: 300), in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(FileManager.default.fileExists(atPath: folder + "/" + String(repeating: "é", count: 60) + ".md"))
    }

    @Test func aNameWithoutANameIsBadUsage() {
        let folder = CLI.temporaryDirectory()
        for name in ["", "   ", ".md"] {
            let run = Self.initialize(name, in: folder)
            #expect(run.status == 2, "\(name)")
            #expect(run.err.contains("give the plan a name"), "\(name)")
        }
    }
}
