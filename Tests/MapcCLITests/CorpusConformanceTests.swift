import Foundation
import Testing

/// mapc against the plans `bench/gen_corpus.py` writes: each plan gets exactly the
/// diagnostics of the defects injected into it, one per defect, and a clean plan gets none
/// at all. When this fails, either the generator or mapc is wrong about docs/rules.md:
/// the failure names the file, what was injected and what mapc said.
@Suite struct CorpusConformanceTests {
    /// One line of the generator's manifest.
    struct ManifestEntry: Decodable {
        struct Defect: Decodable {
            var rule: String
            var detail: String
        }

        var file: String
        var status: String
        /// Sorted; one entry per diagnostic mapc must report.
        var rules: [String]
        var defects: [Defect]
    }

    /// The part of `mapc check --format json` this test reads.
    struct Report: Decodable {
        struct Diagnostic: Decodable {
            var file: String
            var line: Int
            var rule: String
            var message: String
        }

        var diagnostics: [Diagnostic]
    }

    /// Generates a corpus, checks it in-process, and compares each file with the manifest.
    /// Returns the rules injected into the corpus.
    static func expectConformance(plans: Int, size: String, problems: Double, seed: Int,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws -> Set<String>
    {
        let manifest = CLI.temporaryDirectory() + "/manifest.jsonl"
        let folder = try Corpus.generate(plans: plans, size: size, problems: problems, seed: seed, folders: 3,
                                         manifest: manifest)
        let run = CLI.run(["check", folder, "--format", "json", "--today", "2026-11-24"])
        #expect(run.err == "", sourceLocation: sourceLocation)
        let report = try JSONDecoder().decode(Report.self, from: Data(run.out.utf8))
        let said = Dictionary(grouping: report.diagnostics) { String($0.file.dropFirst(folder.count + 1)) }

        let decoder = JSONDecoder()
        let entries = try String(contentsOfFile: manifest, encoding: .utf8).split(separator: "\n")
            .map { try decoder.decode(ManifestEntry.self, from: Data($0.utf8)) }
        #expect(entries.count == plans, sourceLocation: sourceLocation)
        #expect(Set(said.keys).isSubset(of: entries.map(\.file)), sourceLocation: sourceLocation)
        var mismatches = 0
        for entry in entries {
            let diagnostics = said[entry.file] ?? []
            let rules = diagnostics.map(\.rule).sorted()
            guard rules != entry.rules else { continue }
            mismatches += 1
            guard mismatches <= 10 else { continue }  // the first ten tell the story
            let injected = entry.defects.map { "\($0.rule): \($0.detail)" }
            let messages = diagnostics.map { "line \($0.line) [\($0.rule)] \($0.message)" }
            Issue.record("""
                \(entry.file) (\(entry.status), \(size), seed \(seed)): expected \(entry.rules), mapc said \(rules)
                  injected: \(injected)
                  mapc: \(messages)
                """, sourceLocation: sourceLocation)
        }
        #expect(mismatches == 0, "\(mismatches) of \(plans) plans differ", sourceLocation: sourceLocation)
        return Set(entries.flatMap(\.rules))
    }

    @Test func mediumPlansGetExactlyTheirInjectedDiagnostics() throws {
        let injected = try Self.expectConformance(plans: 200, size: "medium", problems: 0.5, seed: 5)
        // The corpus exercises every rule a plan's text can break; not file-unreadable (a
        // file system matter), input-limit (megabytes, and the file is not read) or
        // handle-reused (across plans: its workspace examples and PeoplePagesTests).
        let expected = Set(OtherCommandTests.ruleIDs).subtracting(["file-unreadable", "input-limit", "handle-reused"])
        #expect(injected == expected, "never injected: \(expected.subtracting(injected).sorted())")
    }

    @Test func smallAndLargePlansToo() throws {
        _ = try Self.expectConformance(plans: 150, size: "small", problems: 1, seed: 6)
        _ = try Self.expectConformance(plans: 8, size: "large", problems: 1, seed: 7)
    }

    @Test func theGeneratorIsDeterministic() throws {
        // Plan i depends on the seed and its index only, not on how many plans are written.
        let first = try Corpus.generate(plans: 12, problems: 0.5, seed: 9, folders: 2)
        let second = try Corpus.generate(plans: 20, problems: 0.5, seed: 9, folders: 2)
        let a = BuildCommandTests.files(in: first), b = BuildCommandTests.files(in: second)
        #expect(a.count == 12 && b.count == 20)
        #expect(a.allSatisfy { b[$0.key] == $0.value })
        let otherSeed = try Corpus.generate(plans: 12, problems: 0.5, seed: 10, folders: 2)
        #expect(BuildCommandTests.files(in: otherSeed) != a)
    }
}
