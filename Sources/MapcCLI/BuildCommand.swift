import ArgumentParser
import MapcCheck
import MapcEmit
import MapcSource

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
        let candidates = try Workspace.discover(paths)
        var templateFiles = DefaultTemplates.files
        if let templates { templateFiles.merge(try Self.readTemplates(templates)) { _, override in override } }
        let root = Workspace.root(of: paths, configuration: configuration)
        let cachePath = noCache ? nil : CacheFolder.location(option: cacheDir, environment: console.environment,
                                                             workspaceRoot: root)
        let folder = try OutputFolder.check(output, protecting: protectedPaths(paths, root: root, cache: cachePath,
                                                                               configuration: configuration.path))
        if let cachePath, let real = FileSystem.realPath(cachePath), folder.path.hasPrefix(real + "/") {
            throw UsageError("refusing to build into `\(ShellQuoting.shown(folder.shown))`: it is inside the cache folder "
                             + "`\(ShellQuoting.shown(cachePath))`; choose an output folder of its own, e.g. `-o _site`")
        }
        var build = SiteBuild(configuration: configuration,
                              settings: SiteSettings(siteTitle: configuration.siteTitle,
                                                     baseURL: baseURL ?? configuration.baseURL,
                                                     today: today, templates: templateFiles))
        build.serial = console.environment["MAPC_JOBS"] == "1"
        if let limit = console.environment["MAPC_MODEL_LIMIT"].flatMap(Int.init) { build.modelLimit = limit }
        let result = try Self.locked(folder, cachePath: cachePath, console) { (createdParents, cache) throws(SiteBuild.Failure) in
            try build.run(candidates, output: folder, createdParents: createdParents, cacheFolder: cache)
        }
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

    /// What the output must not be nor contain: the inputs, the workspace root, the
    /// current folder, the configuration, the templates and the cache.
    private func protectedPaths(_ paths: [String], root: String, cache: String?,
                                configuration: String?) -> [OutputFolder.Protected] {
        var protected = paths.map { OutputFolder.Protected(path: $0, role: "the input `\(ShellQuoting.shown($0))`") }
        protected.append(OutputFolder.Protected(path: root, role: "the workspace root `\(ShellQuoting.shown(root))`"))
        protected.append(OutputFolder.Protected(path: ".", role: "the current folder"))
        if let config = configuration {
            protected.append(OutputFolder.Protected(path: config, role: "the configuration `\(ShellQuoting.shown(config))`"))
        }
        if let templates {
            protected.append(OutputFolder.Protected(path: templates, role: "the templates `\(ShellQuoting.shown(templates))`"))
        }
        if let cache { protected.append(OutputFolder.Protected(path: cache, role: "the cache `\(ShellQuoting.shown(cache))`")) }
        return protected
    }

    /// Runs `body` holding the lock on the output's parent folder and, with a cache, the
    /// cache's lock: a second build into the same place waits (docs/robustness.md#locks).
    private static func locked(_ output: OutputFolder, cachePath: String?, _ console: Console,
                               _ body: ([String], CacheFolder?) throws(SiteBuild.Failure) -> SiteBuild.Result)
        throws(UsageError) -> SiteBuild.Result
    {
        let created: [String]
        do { created = try SiteWriter.makeParents(of: output) } catch { throw UsageError(error.message) }
        do throws(UsageError) {
            let parentLock = try DirectoryLock.acquire(output.parent) {
                console.err("mapc: waiting for another build into `\(ShellQuoting.shown(FileSystem.parent(output.shown)))` to finish…\n")
            }
            defer { parentLock.release() }
            // Decided under the lock, before anything is built: refusing takes no time.
            if output.exists, let problem = SiteManifest.problem(replacing: output.path, shown: output.shown) {
                throw UsageError(problem)
            }
            let legacy = FileSystem.join(FileSystem.parent(output.shown), ".\(output.name).mapc-cache")
            if FileSystem.kind(legacy, follow: false) == .directory {
                console.err("mapc: note: `\(ShellQuoting.shown(legacy))` is the cache of an earlier mapc and is no longer "
                            + "used; remove it\n")
            }
            var cache: CacheFolder?
            var cacheLock: DirectoryLock?
            if let cachePath {
                switch CacheFolder.prepare(cachePath) {
                case let .success(folder):
                    cacheLock = try DirectoryLock.acquire(folder.path) {
                        console.err("mapc: waiting for another build using the cache `\(ShellQuoting.shown(cachePath))`…\n")
                    }
                    cache = folder
                case let .failure(problem):
                    console.err("mapc: warning: \(problem.message); building without a cache\n")
                }
            }
            defer { cacheLock?.release() }
            do {
                return try body(created, cache)
            } catch {
                throw UsageError(error.message)
            }
        } catch {
            SiteWriter.removeEmpty(created)
            throw error
        }
    }

    /// Reads `*.mustache` and `style.css` from a folder of overrides: regular files only,
    /// never through a symbolic link (a link to `/proc/self/environ` would publish the
    /// environment), at most 1 MiB each.
    static func readTemplates(_ folder: String) throws(UsageError) -> [String: String] {
        guard let names = FileSystem.entries(folder) else {
            throw UsageError("cannot read the templates folder `\(ShellQuoting.shown(folder))`: \(FileSystem.reason())")
        }
        var files: [String: String] = [:]
        for name in names where name.hasSuffix(".mustache") || name == "style.css" {
            let path = FileSystem.join(folder, name)
            switch FileSystem.read(path, .own(limit: 1 << 20)) {
            case let .success(bytes): files[name] = String(decoding: bytes, as: UTF8.self)
            case let .failure(error):
                throw UsageError("cannot read the template `\(ShellQuoting.shown(path))`: "
                                 + (error.size != nil ? "it is larger than 1 MiB" : error.message))
            }
        }
        return files
    }
}
