import Foundation
import Testing
@testable import MapcServe

/// The watcher reports plans, the configuration and templates, in bursts, and nothing of
/// the build's own output (docs/site.md#preview-while-you-write).
@Suite struct ChangeWatcherTests {
    static func folder() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mapc-watch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/plans/sub", withIntermediateDirectories: true)
        try write("a", root + "/plans/a.md")
        try write("b", root + "/plans/sub/b.md")
        return root
    }

    static func write(_ text: String, _ path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func aBurstOfSavesIsOneChangeSet() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let watcher = try ChangeWatcher(WatchList(inputs: [root + "/plans"], configurations: [root + "/mapc.yml"],
                                                  templates: nil, excluded: [root + "/plans/_site"]))
        for round in 0..<20 { try Self.write("a \(round)", root + "/plans/a.md") }
        try Self.write("b2", root + "/plans/sub/b.md")
        let changes = try watcher.next(within: 5_000)
        #expect(changes.plans == [root + "/plans/a.md", root + "/plans/sub/b.md"])
        #expect(changes.configurations.isEmpty && !changes.touchesEverything)
    }

    /// Changes that never stop (a tool writing a new plan every 30 ms) still end a burst
    /// when it is `longest` old: the site is rebuilt while they go on, not after. (Saving
    /// the same file again changes nothing the burst holds, so it does not prolong it.)
    @Test func aBurstThatNeverGoesQuietEndsAtItsLongest() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let watcher = try ChangeWatcher(WatchList(inputs: [root + "/plans"], configurations: [root + "/mapc.yml"],
                                                  templates: nil, excluded: [root + "/plans/_site"]),
                                        quiet: 100, longest: 500)
        let writing = Thread {
            let end = Date().addingTimeInterval(4)
            var round = 0
            while Date() < end {
                try? Self.write("new \(round)", root + "/plans/new-\(round).md")
                round += 1
                usleep(30_000)
            }
        }
        writing.start()
        let start = Date()
        let changes = try watcher.next(within: 5_000)
        let seconds = Date().timeIntervalSince(start)
        #expect(changes.plans.contains(root + "/plans/new-0.md"), "\(changes.plans)")
        // Without the cap the burst would last as long as the writing: 4 s.
        #expect(seconds < 2.5, "the burst ended after \(seconds) s")
        while !writing.isFinished { usleep(50_000) }
    }

    @Test func newAndRemovedFoldersAndTheConfiguration() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let watcher = try ChangeWatcher(WatchList(inputs: [root + "/plans"], configurations: [root + "/mapc.yml"],
                                                  templates: nil, excluded: [root + "/plans/_site"]))
        // A folder moved in full of plans, then a plan written into it later.
        try FileManager.default.createDirectory(atPath: root + "/new/deep", withIntermediateDirectories: true)
        try Self.write("c", root + "/new/deep/c.md")
        try FileManager.default.moveItem(atPath: root + "/new", toPath: root + "/plans/new")
        #expect(try watcher.next(within: 5_000).plans == [root + "/plans/new/deep/c.md"])
        try Self.write("d", root + "/plans/new/deep/d.md")
        #expect(try watcher.next(within: 5_000).plans == [root + "/plans/new/deep/d.md"])
        // Moved out: its plans are gone.
        try FileManager.default.moveItem(atPath: root + "/plans/new", toPath: root + "/gone")
        #expect(try watcher.next(within: 5_000).plans == [root + "/plans/new/deep/c.md", root + "/plans/new/deep/d.md"])
        // The configuration appears; the output folder, hidden files and other files are no change.
        try FileManager.default.createDirectory(atPath: root + "/plans/_site", withIntermediateDirectories: true)
        try Self.write("x", root + "/plans/_site/x.md")
        try Self.write("x", root + "/plans/.a.md.swp")
        try Self.write("x", root + "/plans/notes.txt")
        try Self.write("severity: {}", root + "/mapc.yml")
        let changes = try watcher.next(within: 5_000)
        #expect(changes.configurations == [root + "/mapc.yml"] && changes.plans.isEmpty)
        try FileManager.default.removeItem(atPath: root + "/plans/sub")
        #expect(try watcher.next(within: 5_000).plans == [root + "/plans/sub/b.md"])
    }

    /// A plan named on the command line is watched by name in its folder: an editor that
    /// saves by writing a temporary file and renaming it over the plan is seen, and the
    /// other files of that folder are not.
    @Test func aFileGivenByNameAndSavedByRenaming() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let watcher = try ChangeWatcher(WatchList(inputs: [root + "/plans/a.md"], configurations: [root + "/plans/mapc.yml"],
                                                  templates: nil, excluded: []))
        try Self.write("other", root + "/plans/other.md")
        try Self.write("a2", root + "/plans/.a.md.tmp")
        #expect(try watcher.next(within: 300).isEmpty)
        _ = rename(root + "/plans/.a.md.tmp", root + "/plans/a.md")
        #expect(try watcher.next(within: 5_000).plans == [root + "/plans/a.md"])
        try Self.write("b3", root + "/plans/sub/b.md")
        #expect(try watcher.next(within: 300).isEmpty)
    }
}
