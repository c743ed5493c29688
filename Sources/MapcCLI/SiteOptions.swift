import ArgumentParser
import MapcBuild
import MapcCheck
import MapcEmit
import MapcSource

/// The options `build`, `watch` and `serve` share (docs/commands.md).
struct SiteOptions: ParsableArguments {
    @Argument(help: "Plan files or folders (default: the current folder).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var output = "_site"

    @Option(help: ArgumentHelp("A folder of templates that override the defaults by file name.", valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp("The site's public address, for canonical links.", valueName: "url"))
    var baseURL: String?

    @Flag(help: "Build everything afresh: do not read or write the cache.")
    var noCache = false

    @Flag(help: "Leave the plans' git history (burn-up, slips, milestone trend, this week) out of the site.")
    var noHistory = false

    @Option(help: ArgumentHelp("The cache folder (default: MAPC_CACHE_DIR, else .mapc-cache at the workspace root).",
                               valueName: "dir"))
    var cacheDir: String?

    /// `--base-url`, checked as mapc.yml's `site.base_url` is.
    func checkBaseURL() throws(UsageError) {
        if let baseURL, let problem = Configuration.baseURLProblem(baseURL) {
            throw UsageError("--base-url \(problem), not `\(TerminalText.safe(baseURL))`")
        }
    }

    /// The cache folder asked for: nil with `--no-cache`.
    func cacheFolder(root: String, console: Console) -> String? {
        noCache ? nil : CacheFolder.location(option: cacheDir, environment: console.environment, workspaceRoot: root)
    }

    /// A build of `paths` with these options, as `mapc build` runs it.
    func request(paths: [String], configuration: Configuration, today: Day, cacheFolder: String?,
                 console: Console) -> SiteBuildRequest {
        var request = SiteBuildRequest(paths: paths, output: output, configuration: configuration, today: today)
        request.templatesFolder = templates
        request.baseURL = baseURL
        request.cacheFolder = cacheFolder
        request.serial = console.environment["MAPC_JOBS"] == "1"
        request.modelLimit = console.environment["MAPC_MODEL_LIMIT"].flatMap(Int.init)
        // MAPC_NO_HISTORY=1 is --no-history; empty or 0 is not.
        let environmentOff = console.environment["MAPC_NO_HISTORY"].map { !$0.isEmpty && $0 != "0" } ?? false
        request.history = !noHistory && !environmentOff
        return request
    }
}

extension SiteBuild.Result {
    /// `0 errors, 6 warnings, 0 infos in 3 plans`.
    var summary: String {
        TextDiagnostics.summary(errors: errors.count, warnings: warningCount, infos: noteCount, plans: planCount)
    }

    /// What `build`, `watch` and `serve` say when a site is built.
    func builtLine(_ folder: OutputFolder) -> String {
        "built \(TerminalText.safe(folder.shown))/ with \(Phrase.count(publishedCount, "plan page")): \(summary)"
    }
}
