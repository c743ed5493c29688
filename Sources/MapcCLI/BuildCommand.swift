import ArgumentParser
import MapcCheck
import MapcEmit
import MapcSource
import MapcBuild

/// `mapc build`: the static status site (docs/site.md; its output folder: docs/robustness.md#the-output-folder).
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the static status site: portfolio, plan pages, person pages, status.json, calendar.ics.",
        discussion: "Exit status follows `check`: 0 no errors, 1 errors in plans (their pages show them), 2 bad usage or unreadable input.")

    @Argument(help: "Plan files or folders (default: the current folder).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var output = "_site"

    @Option(help: ArgumentHelp("A folder of templates that override the defaults by file name.", valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp("The site's public address, for canonical links.", valueName: "url"))
    var baseURL: String?

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(help: "Build everything afresh: do not read or write the cache.")
    var noCache = false

    @Option(help: ArgumentHelp("The cache folder (default: MAPC_CACHE_DIR, else .mapc-cache at the workspace root).",
                               valueName: "dir"))
    var cacheDir: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = Console.current
        let paths = paths.isEmpty ? ["."] : paths
        let configuration = try global.loadConfiguration(near: paths[0], console)
        let today = try global.resolveToday(configuration, console)
        if let baseURL, let problem = Configuration.baseURLProblem(baseURL) {
            throw UsageError("--base-url \(problem), not `\(TerminalText.safe(baseURL))`")
        }
        var request = SiteBuildRequest(paths: paths, output: output, configuration: configuration, today: today)
        request.templatesFolder = templates
        request.baseURL = baseURL
        request.cacheFolder = noCache ? nil : CacheFolder.location(option: cacheDir, environment: console.environment,
                                                                   workspaceRoot: Workspace.root(of: paths, configuration: configuration))
        request.serial = console.environment["MAPC_JOBS"] == "1"
        request.modelLimit = console.environment["MAPC_MODEL_LIMIT"].flatMap(Int.init)
        let (result, folder) = try SiteBuildSession.run(request) { console.err("mapc: " + $0 + "\n") }
        if global.verbose {
            for path in result.skipped {
                console.err("mapc: skipped \(TerminalText.safe(path)): no front matter, not a plan\n")
            }
            console.err("mapc: today is \(today)\n")
            console.err("mapc: rendered \(result.renderedPlans) of \(result.planCount) plans; the rest came from the cache\n")
        }
        for item in result.leftOut { console.err("mapc: left out of the site: \(TerminalText.safe(item))\n") }
        // Errors are shown on the pages, and named here too, so a failing CI build says why.
        console.err(TextDiagnostics(color: false, brief: true) { _ in nil }.render(result.errors))
        if !global.quiet {
            func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            let summary = "\(count(result.errors.count, "error")), \(count(result.warningCount, "warning")), "
                + "\(count(result.noteCount, "info")) in \(count(result.planCount, "plan"))"
            let pages = result.publishedCount
            console.out("built \(TerminalText.safe(folder.shown))/ with \(pages) plan page\(pages == 1 ? "" : "s"): \(summary)\n")
        }
        if result.hadUnreadableInput { throw ExitCode(2) }
        throw ExitCode(!result.errors.isEmpty || (strict && result.warningCount > 0) ? 1 : 0)
    }
}
