import Foundation
import Testing

/// `mapc build` never destroys what it did not make (docs/robustness.md#the-output-folder):
/// each case is a real folder layout, each refusal is exit 2 with the folder, the reason
/// and what to do, and nothing on disk changes.
@Suite struct OutputSafetyTests {
    static let today = ["--today", "2026-11-24"]

    /// A workspace: `plans/` with two plans and `mapc.yml`, `notes/` with a user's file.
    static func workspace() -> String {
        let folder = CLI.temporaryDirectory()
        TestWorkspace.plans(in: folder, count: 2)
        CLI.write("today: 2026-11-24\n", to: folder + "/plans/mapc.yml")
        CLI.write("my notes\n", to: folder + "/notes/todo.txt")
        return folder
    }

    /// Runs a build that must be refused: exit 2, the message, and not one file changed.
    static func expectRefused(_ arguments: [String], in folder: String, saying words: [String],
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = TestWorkspace.listing(folder)
        let contents = BuildCommandTests.files(in: folder)
        let outcome = try Binary.run(["build"] + arguments + today, in: folder)
        #expect(outcome.status == 2, "\(arguments): exit \(outcome.status)\n\(outcome.err)", sourceLocation: sourceLocation)
        for word in words {
            #expect(outcome.err.contains(word), "\(arguments): message lacks `\(word)`: \(outcome.err)",
                    sourceLocation: sourceLocation)
        }
        #expect(TestWorkspace.listing(folder) == before, "\(arguments) changed the folder", sourceLocation: sourceLocation)
        #expect(BuildCommandTests.files(in: folder) == contents, "\(arguments) changed a file", sourceLocation: sourceLocation)
    }

    @Test func anOutputThatIsAnInputIsRefusedWhateverTheSpelling() throws {
        let folder = Self.workspace()
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: folder + "/plans")
        for spelling in ["plans", "plans/", "plans//", "./plans", "notes/../plans", folder + "/plans"] {
            try Self.expectRefused(["plans", "-o", spelling], in: folder,
                                   saying: ["refusing to build into", "is the input `plans`", "-o _site"])
        }
        // A link to a folder is refused as a link: mapc would replace the link, not the folder.
        for spelling in ["link", "link/"] {
            try Self.expectRefused(["plans", "-o", spelling], in: folder, saying: ["`link`: it is a symbolic link"])
        }
        // Named through the link, the input is still the same folder.
        try Self.expectRefused(["link", "-o", "plans"], in: folder, saying: ["is the input `link`"])
    }

    @Test func anOutputThatHoldsAnInputTheRootOrTheCurrentFolderIsRefused() throws {
        let folder = Self.workspace()
        try Self.expectRefused(["plans", "-o", "."], in: folder, saying: ["`.`: it is the current folder"])
        try Self.expectRefused(["plans", "-o", folder], in: folder, saying: ["it is the current folder"])
        try Self.expectRefused(["plans", "-o", ".."], in: folder, saying: ["`..`: it contains"])
        try Self.expectRefused(["plans", "-o", "/"], in: folder, saying: ["the root of the file system"])
        // From inside the plans folder: `.` is the input and the workspace root (mapc.yml).
        try Self.expectRefused([".", "-o", ".."], in: folder + "/plans", saying: ["`..`: it contains"])
        try Self.expectRefused([".", "-o", "../plans"], in: folder + "/plans", saying: ["it is the input `.`"])
        // Elsewhere, the workspace root is mapc.yml's folder.
        let elsewhere = CLI.temporaryDirectory()
        try Self.expectRefused([folder + "/plans/plan-0.md", "-o", folder + "/plans"], in: elsewhere,
                               saying: ["is the workspace root"])
        // Without mapc.yml, the repository's root.
        let repository = CLI.temporaryDirectory()
        TestWorkspace.plans(in: repository + "/docs", count: 1)
        try FileManager.default.createDirectory(atPath: repository + "/.git", withIntermediateDirectories: true)
        try Self.expectRefused([repository + "/docs/plans/plan-0.md", "-o", repository], in: elsewhere,
                               saying: ["is the workspace root"])
    }

    @Test func aFolderMapcDidNotWriteIsNeverReplaced() throws {
        let folder = Self.workspace()
        try Self.expectRefused(["plans", "-o", "notes"], in: folder,
                               saying: ["refusing to replace `notes`", "no `.mapc-site` marker", "empty it first"])
        CLI.write("x", to: folder + "/file")
        try Self.expectRefused(["plans", "-o", "file"], in: folder, saying: ["exists and is not a folder"])
        // A site mapc wrote, with a file someone added: refused, naming the file.
        #expect(try Binary.run(["build", "plans", "-o", "site"] + Self.today, in: folder).status == 0)
        CLI.write("keep me", to: folder + "/site/plans/mine.md")
        try Self.expectRefused(["plans", "-o", "site"], in: folder,
                               saying: ["refusing to replace `site`", "`plans/mine.md`", "which mapc did not write"])
        // A marker someone wrote by hand does not make a folder mapc's.
        CLI.write("hello\n", to: folder + "/notes/.mapc-site")
        try Self.expectRefused(["plans", "-o", "notes"], in: folder, saying: ["no `.mapc-site` marker"])
    }

    @Test func aMissingEmptyOrOwnFolderIsReplacedAndNothingElseIsTouched() throws {
        let folder = Self.workspace()
        let outside = TestWorkspace.listing(folder).filter { !$0.hasPrefix("site") && !$0.hasPrefix("plans/.mapc-cache") }
        // Missing, with a missing parent.
        var run = try Binary.run(["build", "plans", "-o", "out/site//"] + Self.today, in: folder)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "built out/site/ with 2 plan pages: 0 errors, 0 warnings, 0 infos in 2 plans\n")
        #expect(FileManager.default.fileExists(atPath: folder + "/out/site/index.html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/out") == ["site"])
        // Empty.
        try FileManager.default.createDirectory(atPath: folder + "/site", withIntermediateDirectories: true)
        run = try Binary.run(["build", "plans", "-o", "site"] + Self.today, in: folder)
        #expect(run.status == 0, "\(run.err)")
        // Its own, twice; the marker lists every file.
        CLI.write(TestWorkspace.plan(0, variant: 1), to: folder + "/plans/plan-0.md")
        run = try Binary.run(["build", "plans", "-o", "site"] + Self.today, in: folder)
        #expect(run.status == 0, "\(run.err)")
        let marker = try String(contentsOfFile: folder + "/site/.mapc-site", encoding: .utf8)
        let listed = marker.split(separator: "\n").dropFirst().map(String.init)
        #expect(listed == TestWorkspace.listing(folder + "/site").filter { !$0.hasSuffix("/") && $0 != ".mapc-site" })
        #expect(marker.hasPrefix("mapc site: written by `mapc build`"))
        // Nothing beside: no staging folder, no hidden cache next to the output.
        let after = TestWorkspace.listing(folder).filter {
            !$0.hasPrefix("site") && !$0.hasPrefix("out") && !$0.hasPrefix("plans/.mapc-cache")
        }
        #expect(after == outside)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["notes", "out", "plans", "site"])
    }

    @Test func theCacheIsOneFolderAtTheWorkspaceRootThatIgnoresItself() throws {
        let folder = Self.workspace()
        #expect(try Binary.run(["build", "plans", "-o", "_site"] + Self.today, in: folder).status == 0)
        let cache = folder + "/plans/.mapc-cache"
        #expect(try String(contentsOfFile: cache + "/.gitignore", encoding: .utf8).hasSuffix("\n*\n"))
        #expect(try String(contentsOfFile: cache + "/CACHEDIR.TAG", encoding: .utf8)
            .hasPrefix("Signature: 8a477f597d28d172789f06886806bc55\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache + "/build").count == 1)
        // A second output shares the folder, with an index of its own.
        #expect(try Binary.run(["build", "plans", "-o", "other"] + Self.today, in: folder).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache + "/build").count == 2)
        // --cache-dir and MAPC_CACHE_DIR move it; --no-cache writes none.
        #expect(try Binary.run(["build", "plans", "-o", "_site", "--cache-dir", "c1"] + Self.today, in: folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/c1/CACHEDIR.TAG"))
        #expect(try Binary.run(["build", "plans", "-o", "_site"] + Self.today, in: folder,
                               environment: ["MAPC_CACHE_DIR": folder + "/c2"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/c2/build"))
        try FileManager.default.removeItem(atPath: cache)
        #expect(try Binary.run(["build", "plans", "-o", "_site", "--no-cache"] + Self.today, in: folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: cache))
        // The output may be neither the cache nor inside it.
        try Self.expectRefused(["plans", "-o", "c1", "--cache-dir", "c1"], in: folder, saying: ["it is the cache `c1`"])
        try Self.expectRefused(["plans", "-o", "c1/site", "--cache-dir", "c1"], in: folder, saying: ["inside the cache folder"])
        // A folder of that name that mapc did not make is not used (nor written).
        CLI.write("mine\n", to: folder + "/c3/file")
        let run = try Binary.run(["build", "plans", "-o", "_site", "--cache-dir", "c3"] + Self.today, in: folder)
        #expect(run.status == 0)
        #expect(run.err.contains("not using `c3` as the cache: the folder exists and mapc did not make it"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/c3") == ["file"])
    }

    @Test func aLegacyCacheBesideTheOutputIsNamedNotUsed() throws {
        let folder = Self.workspace()
        try FileManager.default.createDirectory(atPath: folder + "/._site.mapc-cache", withIntermediateDirectories: true)
        let run = try Binary.run(["build", "plans", "-o", "_site"] + Self.today, in: folder)
        #expect(run.status == 0)
        #expect(run.err.contains("`._site.mapc-cache` is the cache of an earlier mapc and is no longer used"))
    }

    @Test func aLeftoverStagingFolderOfAKilledBuildIsRemovedButNotAStrangersFolder() throws {
        let folder = Self.workspace()
        #expect(try Binary.run(["build", "plans", "-o", "_site"] + Self.today, in: folder).status == 0)
        // What SIGKILL leaves: a marked staging folder, and one killed before its marker.
        CLI.write("mapc site: written by `mapc build`, which replaces this folder and everything listed below.\n",
                  to: folder + "/._site.mapc-new-999999/.mapc-site")
        CLI.write("x", to: folder + "/._site.mapc-new-999999/index.html")
        try FileManager.default.createDirectory(atPath: folder + "/._site.mapc-new-999998", withIntermediateDirectories: true)
        CLI.write("mine", to: folder + "/._site.mapc-new-999997/mine.txt")
        #expect(try Binary.run(["build", "plans", "-o", "_site"] + Self.today, in: folder).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["._site.mapc-new-999997", "_site", "notes", "plans"])
    }

    @Test func templatesAreReadAsRegularFilesOnly() throws {
        let folder = Self.workspace()
        try FileManager.default.createDirectory(atPath: folder + "/templates", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/templates/index.mustache",
                                                   withDestinationPath: "/proc/self/environ")
        try Self.expectRefused(["plans", "-o", "_site", "--templates", "templates"], in: folder,
                               saying: ["cannot read the template `templates/index.mustache`: it is a symbolic link"])
        try FileManager.default.removeItem(atPath: folder + "/templates/index.mustache")
        #expect(mkfifo(folder + "/templates/index.mustache", 0o644) == 0)
        try Self.expectRefused(["plans", "-o", "_site", "--templates", "templates"], in: folder,
                               saying: ["it is not a regular file"])
        // An output that is the templates folder.
        try FileManager.default.removeItem(atPath: folder + "/templates/index.mustache")
        CLI.write("{{planCountText}}\n", to: folder + "/templates/index.mustache")
        try Self.expectRefused(["plans", "-o", "templates", "--templates", "templates"], in: folder,
                               saying: ["it is the templates `templates`"])
    }
}
