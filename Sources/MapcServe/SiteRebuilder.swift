import MapcBuild
import MapcSource

/// One build of the site made by `watch` or `serve`, and why it was made.
public struct Rebuild: Sendable {
    /// What changed; nil for the first build.
    public var changes: ChangeSet?
    /// The build's result, or why it did not run (the previous site is then left as it was).
    public var outcome: Result<SiteBuild.Result, UsageError>
    /// The output folder, when the build ran.
    public var output: OutputFolder?
    /// Wall-clock seconds from the end of the burst of changes to the site in place.
    public var seconds: Double
}

/// Builds the site through the normal atomic build (`SiteBuildSession`), then again after
/// each burst of changes the watcher reports. The request is made afresh for each build,
/// so a changed `mapc.yml` and a new day are taken into account.
public final class SiteRebuilder {
    private let watcher: ChangeWatcher
    private let request: () throws(UsageError) -> SiteBuildRequest
    private let notice: (String) -> Void

    public init(watcher: ChangeWatcher, request: @escaping () throws(UsageError) -> SiteBuildRequest,
                notice: @escaping (String) -> Void) {
        self.watcher = watcher
        self.request = request
        self.notice = notice
    }

    /// Builds once; `changes` says why (nil for the first build).
    public func build(after changes: ChangeSet? = nil) -> Rebuild {
        let start = ChangeWatcher.milliseconds()
        var rebuild = Rebuild(changes: changes, outcome: .failure(UsageError("")), output: nil, seconds: 0)
        do throws(UsageError) {
            let (result, output) = try SiteBuildSession.run(try request(), notice: notice)
            rebuild.outcome = .success(result)
            rebuild.output = output
        } catch {
            rebuild.outcome = .failure(error)
        }
        rebuild.seconds = Double(ChangeWatcher.milliseconds() - start) / 1_000
        return rebuild
    }

    /// Waits for changes and rebuilds, for ever (Ctrl-C ends the process: docs/robustness.md#signals).
    /// `changed` hears of each burst before its rebuild starts, so the user sees at once
    /// that a save was noticed; `each` hears of the rebuild once the site is in place.
    public func watch(changed: (ChangeSet) -> Void, _ each: (Rebuild) -> Void) throws(WatchError) -> Never {
        while true {
            let changes = try watcher.next()
            changed(changes)
            each(build(after: changes))
        }
    }
}
