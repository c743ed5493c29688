import Foundation
import Testing

/// A build that reuses its cache gives exactly the bytes of a clean build (issue 5), after
/// every kind of change, and never trusts a cache or a stored page that was tampered with.
@Suite(.serialized) struct IncrementalBuildTests {
    static let today = ["--today", "2026-11-24"]

    /// A copy of a generated corpus, so the tests can edit it.
    static func workspace() throws -> String {
        let corpus = try ParallelAndAtomicTests.corpus(60, seed: 11)
        let folder = CLI.temporaryDirectory() + "/plans"
        try FileManager.default.copyItem(atPath: corpus, toPath: folder)
        return folder
    }

    static func plans(in folder: String) -> [String] {
        let names = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { folder + "/" + $0 }
    }

    /// Builds with the cache into `out`, and afresh into a scratch folder; both must agree.
    static func expectSameAsClean(_ plans: String, _ out: String, rendered: String? = nil,
                                  environment: [String: String] = [:],
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        let cached = CLI.run(["build", plans, "-o", out, "--verbose"] + today, environment: environment)
        let clean = CLI.temporaryDirectory() + "/clean"
        let fresh = CLI.run(["build", plans, "-o", clean, "--no-cache"] + today)
        #expect(cached.status == fresh.status, sourceLocation: sourceLocation)
        #expect(cached.out.replacingOccurrences(of: out, with: "") == fresh.out.replacingOccurrences(of: clean, with: ""),
                sourceLocation: sourceLocation)
        let a = BuildCommandTests.files(in: out), b = BuildCommandTests.files(in: clean)
        #expect(a.count > 60 && a.keys.sorted() == b.keys.sorted(), sourceLocation: sourceLocation)
        for (path, bytes) in b where a[path] != bytes {
            Issue.record("\(path) differs from a clean build", sourceLocation: sourceLocation)
        }
        if let rendered {
            #expect(cached.err.contains("rendered \(rendered) plans"), "\(cached.err)", sourceLocation: sourceLocation)
        }
        // --no-cache neither reads nor writes a cache beside its output.
        let cleanFolder = (clean as NSString).deletingLastPathComponent
        #expect(!FileManager.default.fileExists(atPath: cleanFolder + "/.clean.mapc-cache"), sourceLocation: sourceLocation)
        let outFolder = (out as NSString).deletingLastPathComponent, outName = (out as NSString).lastPathComponent
        #expect(FileManager.default.fileExists(atPath: outFolder + "/." + outName + ".mapc-cache"),
                sourceLocation: sourceLocation)
    }

    @Test func everyKindOfChangeGivesTheCleanBuild() throws {
        let plans = try Self.workspace()
        let out = CLI.temporaryDirectory() + "/_site"
        let files = Self.plans(in: plans)
        Self.expectSameAsClean(plans, out, rendered: "60 of 60")
        Self.expectSameAsClean(plans, out, rendered: "0 of 60")

        // One task ticked off: one plan rendered again.
        let first = try String(contentsOfFile: files[0], encoding: .utf8)
        try first.replacingOccurrences(of: "- [ ] ", with: "- [x] ").write(toFile: files[0], atomically: true, encoding: .utf8)
        Self.expectSameAsClean(plans, out, rendered: "1 of 60")

        // Prose added to another plan.
        let second = try String(contentsOfFile: files[1], encoding: .utf8)
        try (second + "\n## Notes\n\nSee <b>the</b> wiki & ask @nobody.\n").write(toFile: files[1], atomically: true, encoding: .utf8)
        Self.expectSameAsClean(plans, out, rendered: "1 of 60")

        // A plan removed, a plan added, a plan that does not parse.
        try FileManager.default.removeItem(atPath: files[2])
        try first.replacingOccurrences(of: "title: ", with: "id: brand-new-plan\ntitle: New ")
            .write(toFile: plans + "/new.md", atomically: true, encoding: .utf8)
        CLI.write("---\ntitle: [unclosed\n---\n", to: plans + "/broken.md")
        Self.expectSameAsClean(plans, out)

        // Another day: everything is judged again.
        let tomorrow = CLI.run(["build", plans, "-o", out, "--verbose", "--today", "2026-11-25"])
        #expect(tomorrow.err.contains("rendered 60 of 61 plans") || tomorrow.err.contains("rendered 61 of 61 plans"),
                "\(tomorrow.err)")
    }

    @Test func aLargeWorkspaceGivesTheSameSite() throws {
        // Above MAPC_MODEL_LIMIT files each plan is rendered as soon as it is compiled,
        // guessing that only its own stakeholders have person pages; a wrong guess is
        // rendered again. Every build is compared with a clean build of the usual path.
        let large = ["MAPC_MODEL_LIMIT": "10"]
        let plans = try Self.workspace()
        let out = CLI.temporaryDirectory() + "/_site"
        let noCache = CLI.temporaryDirectory() + "/large"
        let run = CLI.run(["build", plans, "-o", noCache, "--no-cache"] + Self.today, environment: large)
        #expect(run.status == 0 || run.status == 1)
        Self.expectSameAsClean(plans, out, rendered: "60 of 60", environment: large)
        #expect(BuildCommandTests.files(in: noCache) == BuildCommandTests.files(in: out))

        // A task owned by someone who is a stakeholder of another plan only: the first
        // guess (no page for them) is wrong, and the plan is rendered again.
        let files = Self.plans(in: plans)
        let stakeholderElsewhere = try #require(Self.firstStakeholder(in: files[5]))
        let text = try String(contentsOfFile: files[0], encoding: .utf8)
        try (text + "\n## Tasks\n\n- [ ] Review the contract @\(stakeholderElsewhere) due:2027-01-15\n")
            .write(toFile: files[0], atomically: true, encoding: .utf8)
        Self.expectSameAsClean(plans, out, rendered: "1 of 60", environment: large)
        let clean = CLI.temporaryDirectory() + "/again"
        _ = CLI.run(["build", plans, "-o", clean, "--no-cache"] + Self.today, environment: large)
        #expect(BuildCommandTests.files(in: clean) == BuildCommandTests.files(in: out))
    }

    /// The first handle in a plan's stakeholder table.
    static func firstStakeholder(in file: String) -> String? {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        guard let table = text.range(of: "## Stakeholders") else { return nil }
        let row = text[table.upperBound...].split(separator: "\n").first { $0.hasPrefix("| @") }
        return row.map { String($0.dropFirst(3).prefix { $0 != " " && $0 != "|" }) }
    }

    @Test func aStakeholderAddedRendersThePlansThatNameThem() throws {
        let plans = try Self.workspace()
        let out = CLI.temporaryDirectory() + "/_site"
        Self.expectSameAsClean(plans, out, rendered: "60 of 60")
        let file = try #require(Self.plans(in: plans).first {
            (try? String(contentsOfFile: $0, encoding: .utf8))?.contains("## Stakeholders\n\n|") == true
        })
        // A task in another plan owned by someone who is nobody's stakeholder yet: no link.
        let other = try #require(Self.plans(in: plans).first { $0 != file })
        let otherText = try String(contentsOfFile: other, encoding: .utf8)
        try (otherText + "\n## Tasks\n\n- [ ] Follow up with legal @zelda-newcomer due:2027-01-15\n")
            .write(toFile: other, atomically: true, encoding: .utf8)
        Self.expectSameAsClean(plans, out, rendered: "1 of 60")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        // A row appended to the stakeholder table: a new handle gets a person page, and
        // the other plan's row now links to it, though that plan did not change.
        guard let table = text.range(of: "## Stakeholders\n") else { Issue.record("no table"); return }
        var lines = text[table.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("|") }) else { Issue.record("no rows"); return }
        let columns = lines[header].filter { $0 == "|" }.count - 1
        lines.insert(Substring("| @zelda-newcomer |" + String(repeating: " x |", count: columns - 1)), at: header + 2)
        let edited = String(text[..<table.upperBound]) + lines.joined(separator: "\n")
        try edited.write(toFile: file, atomically: true, encoding: .utf8)
        // The edited plan, and the one whose task @zelda-newcomer owns: not the other 58.
        Self.expectSameAsClean(plans, out, rendered: "2 of 60")
        #expect(FileManager.default.fileExists(atPath: out + "/people/zelda-newcomer.html"))
        let linked = try String(contentsOfFile: out + "/plans/" + Self.page(of: other, in: out), encoding: .utf8)
        #expect(linked.contains("<a href=\"../people/zelda-newcomer.html\">@zelda-newcomer</a>"))
    }

    /// The page a plan file was published as (its id is in the front matter or its name).
    static func page(of file: String, in site: String) -> String {
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        let id = text.split(separator: "\n").first { $0.hasPrefix("id: ") }.map { String($0.dropFirst(4)) }
        return (id ?? name) + ".html"
    }

    @Test func aDamagedCacheOrATamperedPageIsNotTrusted() throws {
        let plans = try Self.workspace()
        let folder = CLI.temporaryDirectory()
        let out = folder + "/_site", cache = folder + "/._site.mapc-cache"
        Self.expectSameAsClean(plans, out)

        // Garbage, a truncated index, an index that points outside its folder.
        for damage in [Data("garbage".utf8), Data(), try Data(contentsOf: URL(fileURLWithPath: cache + "/index")).prefix(5000)] {
            try damage.write(to: URL(fileURLWithPath: cache + "/index"))
            Self.expectSameAsClean(plans, out)
        }

        // Changes go to a journal beside the index; one cut short by a kill is ignored
        // from the damaged record on.
        let files = Self.plans(in: plans)
        for (number, file) in files.prefix(3).enumerated() {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try text.replacingOccurrences(of: "- [ ] ", with: "- [x] ").write(toFile: file, atomically: true, encoding: .utf8)
            // The plan changed now, and the one whose record was cut off last time.
            Self.expectSameAsClean(plans, out, rendered: number == 0 ? "1 of 60" : "2 of 60")
            let journal = try Data(contentsOf: URL(fileURLWithPath: cache + "/journal"))
            #expect(journal.count > 100, "try \(number): the change was journalled")
            try journal.prefix(journal.count - 7 * (number + 1)).write(to: URL(fileURLWithPath: cache + "/journal"))
        }
        Self.expectSameAsClean(plans, out, rendered: "1 of 60")
        Self.expectSameAsClean(plans, out, rendered: "0 of 60")

        // Someone edits a published page in place (it is the cache's stored copy too).
        let page = try #require(try FileManager.default.contentsOfDirectory(atPath: out + "/plans").first)
        let handle = try #require(FileHandle(forWritingAtPath: out + "/plans/" + page))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("<!-- edited -->".utf8))
        try handle.close()
        Self.expectSameAsClean(plans, out, rendered: "1 of 60")
        let restored = try String(contentsOfFile: out + "/plans/" + page, encoding: .utf8)
        #expect(!restored.contains("edited"))
    }

    @Test func aCacheFolderThatIsASymbolicLinkIsNeverUsed() throws {
        let plans = try Self.workspace()
        let folder = CLI.temporaryDirectory()
        let elsewhere = CLI.temporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: folder + "/._site.mapc-cache", withDestinationPath: elsewhere)
        Self.expectSameAsClean(plans, folder + "/_site", rendered: "60 of 60")
        Self.expectSameAsClean(plans, folder + "/_site", rendered: "60 of 60")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }
}
