import ArgumentParser
import MapcBuild
import MapcCheck
import MapcEmit
import MapcHistory
import MapcSource

/// `mapc history`: each plan's history on the current branch (docs/history.md): burn-up
/// points, slips, re-assignments, scope change, milestone trend and the recent changes.
///
/// Exit status: 0 when the history was read; 2 on bad usage, outside a git repository,
/// or in a shallow clone (whose numbers would be wrong: the message says what to change).
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show each plan's history from git: burn-up, slips, scope change, milestone trend, recent changes.",
        discussion: """
            Walks the first-parent history of the current branch for every plan file under the paths, \
            following renames. --since starts the window of recent changes (default: the 7 days up to --until); \
            --until reads the history as it was on that day (default: every commit up to HEAD, and the window \
            ends today). \
            Exit status: 0 when the history was read; 2 on bad usage, outside a git repository, or in a shallow clone.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

    @Argument(help: "Plan files or folders (default: the current folder).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("The first day of the recent changes (default: 6 days before --until).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Read the history as it was on this day: later commits are left out (default: none are; "
                               + "the recent changes end today).", valueName: "date"))
    var until: String?

    @Option(help: "Output format: text, markdown or json.")
    var format: Format = .text

    @Flag(help: "Read everything from git: do not read or write the cache.")
    var noCache = false

    @Option(help: ArgumentHelp("The cache folder (default: MAPC_CACHE_DIR, else .mapc-cache at the workspace root).",
                               valueName: "dir"))
    var cacheDir: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Day(iso: value) == nil { throw ValidationError("\(name) must be a real YYYY-MM-DD day, not `\(value)`") }
        }
    }

    func run() throws {
        let console = Console.current
        let paths = paths.isEmpty ? ["."] : paths
        let configuration = try global.loadConfiguration(near: paths[0], console)
        let today = try global.resolveToday(configuration, console)
        let until = until.flatMap { Day(iso: $0) } ?? today
        let since = since.flatMap { Day(iso: $0) } ?? until.adding(days: -6)
        guard since <= until else { throw UsageError("--since \(since) is after --until \(until)") }
        // Without --until every commit counts, even one dated after "today" (a clock
        // ahead, a pinned --today): leaving it out would hide what HEAD holds.
        var request = HistoryRequest(paths: paths, until: self.until.flatMap { Day(iso: $0) })
        request.limits = configuration.limits
        request.serial = console.environment["MAPC_JOBS"] == "1"
        let report = try Self.read(request, noCache: noCache, cacheDir: cacheDir, configuration: configuration, console: console)
        if global.verbose {
            console.err("mapc: \(Phrase.count(report.commitsWalked, "commit")) walked, "
                        + "\(Phrase.count(report.blobsRead, "plan version")) read from git\n")
        }
        switch format {
        case .text: console.out(HistoryText.render(report, since: since, until: until))
        case .markdown: console.out(HistoryMarkdown.render(report, since: since, until: until))
        case .json: console.out(HistoryJSON.render(report, since: since, until: until))
        }
    }

    /// Reads the history through the workspace's cache (unless `noCache`); a problem is a
    /// usage error, said as it is.
    static func read(_ request: HistoryRequest, noCache: Bool, cacheDir: String?, configuration: Configuration,
                     console: Console) throws(UsageError) -> HistoryReport {
        let location = noCache ? nil : CacheFolder.location(
            option: cacheDir, environment: console.environment,
            workspaceRoot: Workspace.root(of: request.paths, configuration: configuration))
        do {
            return try HistoryCacheStore.read(request, cachePath: location, waiting: {
                console.err("mapc: waiting for another run using the cache `\(ShellQuoting.shown(location ?? ""))`…\n")
            }, cannotUse: { problem in
                console.err("mapc: warning: \(problem.message); reading without a cache\n")
            })
        } catch {
            throw UsageError(error.message)
        }
    }
}
