import MapcCheck
import MapcHistory
import MapcSite
import MapcSource

/// What one `mapc build` is asked to do.
public struct SiteBuildRequest: Sendable {
    public var paths: [String]
    public var output: String
    public var configuration: Configuration
    public var today: Day
    /// `--templates`: a folder of overrides.
    public var templatesFolder: String?
    /// `--base-url`, over mapc.yml's.
    public var baseURL: String?
    /// The cache folder (`CacheFolder.location`); nil for `--no-cache`.
    public var cacheFolder: String?
    public var serial = false
    public var modelLimit: Int?
    /// Read the plans' git history for the pages (`--no-history` turns it off).
    public var history = true

    public init(paths: [String], output: String, configuration: Configuration, today: Day) {
        self.paths = paths
        self.output = output
        self.configuration = configuration
        self.today = today
    }
}

/// One `mapc build` as a whole: what the output must not overwrite, the locks, the cache,
/// then the build (docs/robustness.md#the-output-folder). `notice` receives what the
/// user should read on the way ("waiting for another build…").
public enum SiteBuildSession {
    public static func run(_ request: SiteBuildRequest, notice: (String) -> Void) throws(UsageError)
        -> (result: SiteBuild.Result, output: OutputFolder)
    {
        let configuration = request.configuration
        if let baseURL = request.baseURL, let problem = Configuration.baseURLProblem(baseURL) {
            throw UsageError("--base-url \(problem), not `\(TerminalText.safe(baseURL))`")
        }
        let candidates = try Workspace.discover(request.paths)
        var templateFiles = DefaultTemplates.files
        if let folder = request.templatesFolder {
            templateFiles.merge(try readTemplates(folder)) { _, override in override }
        }
        let root = Workspace.root(of: request.paths, configuration: configuration)
        let cachePath = request.cacheFolder
        let folder = try OutputFolder.check(request.output, protecting: protectedPaths(
            request.paths, root: root, cache: cachePath, templates: request.templatesFolder, configuration: configuration.path))
        if let cachePath, let real = FileSystem.realPath(cachePath), folder.path.hasPrefix(real + "/") {
            throw UsageError("refusing to build into `\(ShellQuoting.shown(folder.shown))`: it is inside the cache folder "
                             + "`\(ShellQuoting.shown(cachePath))`; choose an output folder of its own, e.g. `-o _site`")
        }
        var settings = SiteSettings(siteTitle: configuration.siteTitle, baseURL: request.baseURL ?? configuration.baseURL,
                                    today: request.today, templates: templateFiles,
                                    people: PeopleDirectory(declared: configuration.people))
        settings.showProblems = configuration.showProblems
        // Read before the build takes its locks: the history cache has a lock of its own.
        let histories = request.history ? Self.histories(request, candidates, notice: notice) : nil
        settings.history = histories != nil
        var build = SiteBuild(configuration: configuration, settings: settings)
        build.serial = request.serial
        build.histories = histories?.plans ?? [:]
        build.deletedThisWeek = histories?.deleted(in: settings.week) ?? []
        if let limit = request.modelLimit { build.modelLimit = limit }
        let result = try locked(folder, cachePath: cachePath, notice) { (createdParents, cacheFolder) throws(SiteBuild.Failure) in
            try write(build, candidates, into: folder, createdParents: createdParents, cacheFolder: cacheFolder)
        }
        return (result, folder)
    }

    /// Each plan's git history, by its path as discovered (docs/history.md#on-the-site), as
    /// of the build's today, through the history cache unless `--no-cache`; nil, with one
    /// line said, when there is none to read (not a repository, a shallow clone, git failed).
    static func histories(_ request: SiteBuildRequest, _ candidates: [Workspace.Candidate],
                          notice: (String) -> Void) -> SiteHistories? {
        var historyRequest = HistoryRequest(paths: request.paths, until: request.today)
        historyRequest.limits = request.configuration.limits
        historyRequest.serial = request.serial
        let report: HistoryReport
        do {
            // A cache folder that cannot be used is said once, by the build itself.
            report = try HistoryCacheStore.read(historyRequest, cachePath: request.cacheFolder, waiting: {
                notice("waiting for another run using the cache `\(ShellQuoting.shown(request.cacheFolder ?? ""))`…")
            }, cannotUse: { _ in })
        } catch {
            notice("note: the site shows no history: \(TerminalText.safe(error.message)) (`--no-history` leaves it out "
                   + "without this note)")
            return nil
        }
        return SiteHistories(plans: report.histories(of: candidates.map(\.path)),
                             deleted: report.plans.filter { $0.deleted != nil })
    }

    /// The build into a staging folder swapped in at the end, with the cache loaded before
    /// and saved after; on any failure the staging folder and this run's cache pages go.
    static func write(_ build: SiteBuild, _ candidates: [Workspace.Candidate], into folder: OutputFolder,
                      createdParents: [String], cacheFolder: CacheFolder?) throws(SiteBuild.Failure) -> SiteBuild.Result {
        let key = build.settingsKey(folder)
        let cache: BuildCache? = cacheFolder.flatMap { cacheFolder in
            cacheFolder.makeBuildFolder(key) ? BuildCache.load(directory: cacheFolder.buildFolder(key), settingsKey: key) : nil
        }
        let staging: SiteWriter.Staging
        do { staging = try SiteWriter.Staging(folder, createdParents: createdParents) } catch { throw .write(error) }
        // A failed or interrupted run takes back the pages it stored in the cache.
        let discard = Interruption.register { [cache] in cache?.discardWritten() }
        defer { Interruption.unregister(discard) }
        do throws(SiteBuild.Failure) {
            let (result, updated) = try build.run(candidates, output: staging, cache: cache)
            do { try staging.commit() } catch { throw .write(error) }
            if let updated {
                if updated.isDirty { updated.save() }
                cacheFolder?.prune(keeping: key)
            }
            return result
        } catch {
            staging.abandon()
            cache?.discardWritten()
            throw error
        }
    }

    /// What the output must not be nor contain: the inputs, the workspace root, the
    /// current folder, the configuration, the templates and the cache.
    static func protectedPaths(_ paths: [String], root: String, cache: String?, templates: String?,
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
    static func locked(_ output: OutputFolder, cachePath: String?, _ notice: (String) -> Void,
                               _ body: ([String], CacheFolder?) throws(SiteBuild.Failure) -> SiteBuild.Result)
        throws(UsageError) -> SiteBuild.Result
    {
        let created: [String]
        do { created = try SiteWriter.makeParents(of: output) } catch { throw UsageError(error.message) }
        do throws(UsageError) {
            let parentLock = try DirectoryLock.acquire(output.parent) {
                notice("waiting for another build into `\(ShellQuoting.shown(FileSystem.parent(output.shown)))` to finish…")
            }
            defer { parentLock.release() }
            // Decided under the lock, before anything is built: refusing takes no time.
            if output.exists, let problem = SiteManifest.problem(replacing: output.path, shown: output.shown) {
                throw UsageError(problem)
            }
            let legacy = FileSystem.join(FileSystem.parent(output.shown), ".\(output.name).mapc-cache")
            if FileSystem.kind(legacy, follow: false) == .directory {
                notice("note: `\(ShellQuoting.shown(legacy))` is the cache of an earlier mapc and is no longer used; remove it")
            }
            var cache: CacheFolder?
            var cacheLock: DirectoryLock?
            if let cachePath {
                switch CacheFolder.prepare(cachePath) {
                case let .success(folder):
                    cacheLock = try DirectoryLock.acquire(folder.path) {
                        notice("waiting for another build using the cache `\(ShellQuoting.shown(cachePath))`…")
                    }
                    cache = folder
                case let .failure(problem):
                    notice("warning: \(problem.message); building without a cache")
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

/// What a site build read of git: each plan file's history, by its path as discovered, and
/// the plans whose file was deleted.
struct SiteHistories {
    var plans: [String: PlanHistory] = [:]
    var deleted: [PlanHistory]

    /// The plans deleted by a commit of the days given, by day, then file.
    func deleted(in window: (since: Day, until: Day)) -> [SiteFragment.DeletedPlan] {
        deleted.compactMap { plan in
            guard let at = plan.deleted, at.day >= window.since, at.day <= window.until else { return nil }
            return SiteFragment.DeletedPlan(title: plan.title, file: plan.file, day: at.day)
        }.sorted { ($0.day, $0.file) < ($1.day, $1.file) }
    }
}
