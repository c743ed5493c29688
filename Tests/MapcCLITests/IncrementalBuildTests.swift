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

    /// The cache folder of a test's builds: its own, so no other test prunes it.
    static func cache(for out: String) -> String { (out as NSString).deletingLastPathComponent + "/cache" }

    /// Builds with the cache into `out`, and afresh into a scratch folder; both must agree.
    static func expectSameAsClean(_ plans: String, _ out: String, rendered: String? = nil,
                                  environment: [String: String] = [:],
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        let cache = Self.cache(for: out)
        let cached = CLI.run(["build", plans, "-o", out, "--verbose"] + today,
                             environment: ["MAPC_CACHE_DIR": cache].merging(environment) { $1 })
        let clean = CLI.temporaryDirectory() + "/clean"
        let fresh = CLI.run(["build", plans, "-o", clean, "--no-cache"] + today, environment: environment)
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
        // Nothing beside either output: --no-cache writes no cache, the cache is where it was told.
        let cleanFolder = (clean as NSString).deletingLastPathComponent
        #expect((try? FileManager.default.contentsOfDirectory(atPath: cleanFolder)) == ["clean"],
                sourceLocation: sourceLocation)
        #expect(FileManager.default.fileExists(atPath: cache + "/build"), sourceLocation: sourceLocation)
    }

    /// The one build folder in a test's cache (index, journal, seal, pages).
    static func buildFolder(for out: String) throws -> String {
        let builds = cache(for: out) + "/build"
        let names = try FileManager.default.contentsOfDirectory(atPath: builds)
        #expect(names.count == 1)
        return builds + "/" + (names.first ?? "")
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
        let tomorrow = CLI.run(["build", plans, "-o", out, "--verbose", "--today", "2026-11-25"],
                               environment: ["MAPC_CACHE_DIR": Self.cache(for: out)])
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
        // A row appended to the stakeholder table: a new handle gets a person page. The
        // other plan's task does not link to it: handles are per plan (docs/site.md#people).
        func addRow(_ handle: String, name: String, to path: String) throws {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let table = text.range(of: "## Stakeholders\n") else { Issue.record("no table"); return }
            var lines = text[table.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            guard let header = lines.firstIndex(where: { $0.hasPrefix("|") }) else { Issue.record("no rows"); return }
            let columns = lines[header].filter { $0 == "|" }.count - 1
            lines.insert(Substring("| \(handle) | \(name) |" + String(repeating: " x |", count: columns - 2)), at: header + 2)
            try (String(text[..<table.upperBound]) + lines.joined(separator: "\n")).write(toFile: path, atomically: true,
                                                                                          encoding: .utf8)
        }
        try addRow("@zelda-newcomer", name: "Zelda Newcomer", to: file)
        Self.expectSameAsClean(plans, out, rendered: "1 of 60")
        #expect(FileManager.default.fileExists(atPath: out + "/people/zelda-newcomer.html"))
        let otherPage = out + "/plans/" + Self.page(of: other, in: out)
        #expect(!(try String(contentsOfFile: otherPage, encoding: .utf8)).contains("people/zelda-newcomer"))
        // The other plan names a different Zelda: two people now, and the first plan's
        // link moves to her own page, though that plan did not change.
        if (try String(contentsOfFile: other, encoding: .utf8)).contains("## Stakeholders\n") {
            try addRow("@zelda-newcomer", name: "Zelda Other", to: other)
            Self.expectSameAsClean(plans, out, rendered: "2 of 60")
            let first = try String(contentsOfFile: out + "/plans/" + Self.page(of: file, in: out), encoding: .utf8)
            #expect(first.contains("<a href=\"../people/zelda-newcomer~zelda-newcomer.html\">Zelda Newcomer</a>"))
            #expect(FileManager.default.fileExists(atPath: out + "/people/zelda-newcomer~zelda-other.html"))
        }
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
        let out = folder + "/_site"
        Self.expectSameAsClean(plans, out)
        let build = try Self.buildFolder(for: out)

        // Garbage, an empty or truncated index.
        for damage in [Data("garbage".utf8), Data(), try Data(contentsOf: URL(fileURLWithPath: build + "/index")).prefix(5000)] {
            try damage.write(to: URL(fileURLWithPath: build + "/index"))
            Self.expectSameAsClean(plans, out, rendered: "60 of 60")
        }

        // Changes go to a journal beside the index. One that is not as the cache sealed it
        // (cut short by a kill, edited) is ignored: the index alone is used.
        let files = Self.plans(in: plans)
        func tick(_ file: String) throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try text.replacingOccurrences(of: "- [ ] ", with: "- [x] ").write(toFile: file, atomically: true, encoding: .utf8)
        }
        try tick(files[0])
        Self.expectSameAsClean(plans, out, rendered: "1 of 60")
        let journal = try Data(contentsOf: URL(fileURLWithPath: build + "/journal"))
        #expect(journal.count > 100, "the change was journalled")
        try journal.prefix(journal.count - 7).write(to: URL(fileURLWithPath: build + "/journal"))
        // The plan changed now, and the one whose record was cut off.
        try tick(files[1])
        Self.expectSameAsClean(plans, out, rendered: "2 of 60")
        Self.expectSameAsClean(plans, out, rendered: "0 of 60")
    }

    @Test func aPublishedPageEditedInPlaceIsNeverPublishedAgain() throws {
        let plans = try Self.workspace()
        let out = CLI.temporaryDirectory() + "/_site"
        Self.expectSameAsClean(plans, out)
        // Edited in place (the site's pages are hard links to the cache's), same size and
        // same time, as a careful forger would.
        let page = try #require(try FileManager.default.contentsOfDirectory(atPath: out + "/plans").sorted().first)
        let path = out + "/plans/" + page
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        let text = String(decoding: original, as: UTF8.self)
        let sameSize = text.replacingOccurrences(of: "<title>", with: "<TITLE>")
        #expect(sameSize != text)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(sameSize.utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified as Any], ofItemAtPath: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == original.count)
        Self.expectSameAsClean(plans, out, rendered: "1 of 60")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
    }

    @Test func aCacheThatArrivedInACommitIsNotTrusted() throws {
        let plans = try Self.workspace()
        let out = CLI.temporaryDirectory() + "/_site"
        Self.expectSameAsClean(plans, out)
        let build = try Self.buildFolder(for: out)
        // Every stored page gets a script, keeping its size; then the whole cache is
        // copied as a checkout would bring it (new files, new times).
        for name in try FileManager.default.contentsOfDirectory(atPath: build + "/pages") {
            let path = build + "/pages/" + name
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let script = Data("<script>alert(1)</script>".utf8)
            try (script + bytes.dropFirst(script.count)).write(to: URL(fileURLWithPath: path + ".new"))
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.moveItem(atPath: path + ".new", toPath: path)
        }
        let copy = CLI.temporaryDirectory() + "/cache"
        try FileManager.default.copyItem(atPath: Self.cache(for: out), toPath: copy)
        try FileManager.default.removeItem(atPath: Self.cache(for: out))
        try FileManager.default.moveItem(atPath: copy, toPath: Self.cache(for: out))
        Self.expectSameAsClean(plans, out, rendered: "60 of 60")
        for (path, data) in BuildCommandTests.files(in: out) {
            #expect(!String(decoding: data, as: UTF8.self).contains("<script>"), "\(path)")
        }
    }

    @Test func anIndexEditedAndResealedIsCaughtByItsChecksum() throws {
        let plans = try Self.workspace()
        let out = CLI.temporaryDirectory() + "/_site"
        Self.expectSameAsClean(plans, out)
        let build = try Self.buildFolder(for: out)
        // A portfolio row in the index gets a script; the seal is rewritten to match.
        var index = try Data(contentsOf: URL(fileURLWithPath: build + "/index"))
        let row = try #require(index.range(of: Data("<td".utf8)))
        index.replaceSubrange(row, with: Data("<b ".utf8))
        try index.write(to: URL(fileURLWithPath: build + "/index"))
        var info = stat()
        #expect(lstat(build + "/index", &info) == 0)
        let modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
        try "mapc-cache-seal 1\nindex \(info.st_ino) \(info.st_size) \(modified)\njournal none\n"
            .write(toFile: build + "/seal", atomically: true, encoding: .utf8)
        Self.expectSameAsClean(plans, out, rendered: "60 of 60")
    }

    @Test func cacheFilesAreNeverReadThroughLinksOrFromDevices() throws {
        let plans = try Self.workspace()
        let out = CLI.temporaryDirectory() + "/_site"
        Self.expectSameAsClean(plans, out)
        let build = try Self.buildFolder(for: out)
        // An index that is a link to an endless device, then a FIFO nobody writes to.
        try FileManager.default.removeItem(atPath: build + "/index")
        try FileManager.default.createSymbolicLink(atPath: build + "/index", withDestinationPath: "/dev/zero")
        Self.expectSameAsClean(plans, out, rendered: "60 of 60")
        try FileManager.default.removeItem(atPath: build + "/index")
        #expect(mkfifo(build + "/index", 0o644) == 0)
        Self.expectSameAsClean(plans, out, rendered: "60 of 60")
        // A stored page swapped for a link to a secret.
        let page = try #require(try FileManager.default.contentsOfDirectory(atPath: build + "/pages").first)
        try FileManager.default.removeItem(atPath: build + "/pages/" + page)
        try FileManager.default.createSymbolicLink(atPath: build + "/pages/" + page, withDestinationPath: "/etc/passwd")
        Self.expectSameAsClean(plans, out)
        for (path, data) in BuildCommandTests.files(in: out) {
            #expect(!String(decoding: data, as: UTF8.self).contains("root:"), "\(path)")
        }
    }

    @Test func storedPagesAreNamedByTheSHA256OfTheirText() throws {
        let plans = try Self.workspace()
        let out = CLI.temporaryDirectory() + "/_site"
        Self.expectSameAsClean(plans, out)
        let build = try Self.buildFolder(for: out)
        let names = try FileManager.default.contentsOfDirectory(atPath: build + "/pages")
        #expect(names.count > 60)
        for name in names.prefix(5) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["sha256sum", build + "/pages/" + name]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let sum = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
            process.waitUntilExit()
            #expect(name == sum + ".html")
        }
    }

    @Test func aCacheFolderThatIsASymbolicLinkIsNeverUsed() throws {
        let plans = try Self.workspace()
        let folder = CLI.temporaryDirectory()
        let elsewhere = CLI.temporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: folder + "/cache", withDestinationPath: elsewhere)
        let run = CLI.run(["build", plans, "-o", folder + "/_site"] + Self.today, environment: ["MAPC_CACHE_DIR": folder + "/cache"])
        #expect(run.status == 0 || run.status == 1)
        #expect(run.err.contains("is a symbolic link; building without a cache"), "\(run.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }
}

extension IncrementalBuildTests {
    /// What a kill during the index's rename leaves behind is removed by the next build.
    @Test func temporaryFilesOfAKilledBuildAreRemoved() throws {
        let plans = try Self.workspace()
        let out = CLI.temporaryDirectory() + "/_site"
        Self.expectSameAsClean(plans, out)
        let build = try Self.buildFolder(for: out)
        CLI.write("half", to: build + "/index.mapc-tmp-4242")
        CLI.write("half", to: build + "/pages/0123.html.mapc-tmp-4242")
        Self.expectSameAsClean(plans, out, rendered: "0 of 60")
        #expect(!FileManager.default.fileExists(atPath: build + "/index.mapc-tmp-4242"))
        #expect(!FileManager.default.fileExists(atPath: build + "/pages/0123.html.mapc-tmp-4242"))
    }
}
