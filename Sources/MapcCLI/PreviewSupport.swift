import ArgumentParser
import Synchronization
import MapcBuild
import MapcCheck
import MapcEmit
import MapcServe
import MapcSource

/// A site kept up to date: the first build, then a rebuild after each burst of changes,
/// each reported the way `mapc build` reports (docs/site.md#preview-while-you-write).
struct LiveSite {
    let options: SiteOptions
    let global: GlobalOptions
    let console: Console
    let rebuilder: SiteRebuilder
    /// What is watched, for the start-up line.
    let watched: String
    /// The configuration files watched (one that does not exist yet among them).

    /// Loads the configuration, starts watching (before the first build, so a change made
    /// while it runs is not lost) and prepares the builds.
    init(_ options: SiteOptions, _ global: GlobalOptions) throws {
        self.options = options
        self.global = global
        let console = Console.current
        self.console = console
        let paths = options.paths.isEmpty ? ["."] : options.paths
        let configuration = try global.loadConfiguration(near: paths[0], console)
        try options.checkBaseURL()
        let root = Workspace.root(of: paths, configuration: configuration)
        let cacheFolder = options.cacheFolder(root: root, console: console)
        // Without a configuration, where a new mapc.yml would be found: beside the first path, or at the root.
        let start = FileSystem.kind(paths[0], follow: true) == .directory ? paths[0] : FileSystem.parent(paths[0])
        var configurations = [configuration.path ?? FileSystem.join(start, "mapc.yml")]
        let atRoot = FileSystem.join(root, "mapc.yml")
        if configuration.path == nil, FileSystem.realPath(start) != root { configurations.append(atRoot) }
        let list = WatchList(inputs: paths, configurations: configurations, templates: options.templates,
                             excluded: [options.output] + (cacheFolder.map { [$0] } ?? []))
        let watcher: ChangeWatcher
        do { watcher = try ChangeWatcher(list) } catch { throw UsageError(error.message) }
        watched = (paths + [configurations[0]] + (options.templates.map { [$0] } ?? []))
            .map { TerminalText.safe($0) }.joined(separator: ", ")
        // Made afresh for each build: mapc.yml may have changed, and so may the day.
        let request = { [global, options, console] () throws(UsageError) -> SiteBuildRequest in
            let configuration = try global.loadConfiguration(near: paths[0], console)
            return options.request(paths: paths, configuration: configuration,
                                   today: try global.resolveToday(configuration, console), cacheFolder: cacheFolder,
                                   console: console)
        }
        // A note (no history to show) is said once, not after every rebuild; never with --quiet.
        let notes = SaidNotes()
        rebuilder = SiteRebuilder(watcher: watcher, request: request) { [global] message in
            if message.hasPrefix("note: ") && (global.quiet || !notes.firstTime(message)) { return }
            console.err("mapc: " + message + "\n")
        }
    }

    /// The first build: a site that cannot be built at all (a refused output folder, a
    /// template that does not parse) ends the command with exit 2, as `mapc build` does.
    func buildFirst() throws -> OutputFolder {
        let first = rebuilder.build()
        report(first)
        switch first.outcome {
        case let .failure(error): throw error
        case .success: return first.output!
        }
    }

    /// Rebuilds after each burst of changes until the process is interrupted.
    func watch(afterEach: (Rebuild) -> Void = { _ in }) throws -> Never {
        do {
            try rebuilder.watch(changed: { console.out("changed: \(Self.describe($0))\n") }) { rebuild in
                report(rebuild)
                afterEach(rebuild)
            }
        } catch {
            throw UsageError(error.message)
        }
    }

    /// Prints the errors of the changed files (of every file when the configuration or a
    /// template changed) and a summary line.
    func report(_ rebuild: Rebuild) {
        let result: SiteBuild.Result
        switch rebuild.outcome {
        case let .failure(error):
            // The first build's failure ends the command, which says it once (`buildFirst`).
            guard rebuild.changes != nil else { return }
            console.err("mapc: error: \(TerminalText.safe(error.message))\n")
            console.err("mapc: the site was left as it was; waiting for the next change\n")
            return
        case let .success(built): result = built
        }
        for item in result.leftOut { console.err("mapc: left out of the site: \(TerminalText.safe(item))\n") }
        var errors = result.errors
        if let changes = rebuild.changes, !changes.touchesEverything {
            let changed = Set(changes.plans.map { FileIdentity.of($0) })
            errors = errors.filter { changed.contains(FileIdentity.of($0.file)) }
        }
        console.err(TextDiagnostics(color: false, brief: true) { _ in nil }.render(errors))
        guard !global.quiet, let output = rebuild.output else { return }
        if rebuild.changes == nil {
            console.out(result.builtLine(output) + "\n")
        } else {
            console.out("rebuilt \(TerminalText.safe(output.shown))/ in \(Int((rebuild.seconds * 1_000).rounded())) ms "
                        + "(\(result.renderedPlans) of \(Phrase.count(result.planCount, "plan")) rendered): \(result.summary)\n")
        }
    }

    /// `a.md, b.md (removed) and 3 more`.
    static func describe(_ changes: ChangeSet) -> String {
        var names = changes.plans.sorted().map { path in
            TerminalText.safe(path) + (FileIdentity.exists(path) ? "" : " (removed)")
        }
        names += changes.templates.sorted().map { TerminalText.safe($0) }
        names = changes.configurations.sorted().map { TerminalText.safe($0) } + names
        if changes.overflowed { names.insert("many files at once", at: 0) }
        guard names.count > 6 else { return names.joined(separator: ", ") }
        return names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more"
    }
}

/// Compares a changed file with a diagnostic's file however either is spelt.
enum FileIdentity {
    static func of(_ path: String) -> String { FileSystem.realPath(path) ?? path }
    static func exists(_ path: String) -> Bool { FileSystem.kind(path, follow: false) != .missing }
}

/// The notes a live site has said, so each is said once.
final class SaidNotes: Sendable {
    private let said = Mutex<Set<String>>([])

    /// True the first time `note` is asked about.
    func firstTime(_ note: String) -> Bool {
        said.withLock { $0.insert(note).inserted }
    }
}
