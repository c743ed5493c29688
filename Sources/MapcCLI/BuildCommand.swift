import ArgumentParser
import MapcCheck
import MapcEmit
import MapcSource

/// `mapc build`: the static status site (SPEC §5, docs/site.md).
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

    @Flag(help: "Build everything afresh: do not read or update the cache beside the output folder.")
    var noCache = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = Console.current
        let paths = paths.isEmpty ? ["."] : paths
        let configuration = try global.loadConfiguration(near: paths[0], console)
        let today = try global.resolveToday(configuration, console)
        let candidates = try Workspace.discover(paths)
        var templateFiles = DefaultTemplates.files
        if let templates { templateFiles.merge(try Self.readTemplates(templates)) { _, override in override } }
        var build = SiteBuild(configuration: configuration,
                              settings: SiteSettings(siteTitle: configuration.siteTitle,
                                                     baseURL: baseURL ?? configuration.baseURL,
                                                     today: today, templates: templateFiles))
        build.useCache = !noCache
        build.serial = console.environment["MAPC_JOBS"] == "1"
        if let limit = console.environment["MAPC_MODEL_LIMIT"].flatMap(Int.init) { build.modelLimit = limit }
        let result: SiteBuild.Result
        do {
            result = try build.run(candidates, output: output)
        } catch {
            throw UsageError(error.message)
        }
        if global.verbose {
            for path in result.skipped { console.err("mapc: skipped \(path): no front matter, not a plan\n") }
            console.err("mapc: today is \(today)\n")
            console.err("mapc: rendered \(result.renderedPlans) of \(result.planCount) plans; the rest came from the cache\n")
        }
        for item in result.leftOut { console.err("mapc: left out of the site: \(item)\n") }
        // Errors are shown on the pages, and named here too, so a failing CI build says why.
        console.err(TextDiagnostics(color: false, brief: true) { _ in nil }.render(result.errors))
        if !global.quiet {
            func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            let summary = "\(count(result.errors.count, "error")), \(count(result.warningCount, "warning")), "
                + "\(count(result.noteCount, "info")) in \(count(result.planCount, "plan"))"
            let pages = result.publishedCount
            console.out("built \(output)/ with \(pages) plan page\(pages == 1 ? "" : "s"): \(summary)\n")
        }
        if result.hadUnreadableInput { throw ExitCode(2) }
        throw ExitCode(!result.errors.isEmpty || (strict && result.warningCount > 0) ? 1 : 0)
    }

    /// Reads `*.mustache` and `style.css` from a folder of overrides.
    static func readTemplates(_ folder: String) throws(UsageError) -> [String: String] {
        guard let names = FileSystem.entries(folder) else { throw UsageError("cannot read templates folder \(folder)") }
        var files: [String: String] = [:]
        for name in names where name.hasSuffix(".mustache") || name == "style.css" {
            guard case let .success(bytes) = FileSystem.read(FileSystem.join(folder, name)) else {
                throw UsageError("cannot read template \(FileSystem.join(folder, name))")
            }
            files[name] = String(decoding: bytes, as: UTF8.self)
        }
        return files
    }
}
