import ArgumentParser

/// `mapc watch`: the site rebuilt after every change (docs/site.md#preview-while-you-write).
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Build the status site, then rebuild it whenever a plan, mapc.yml or a template changes.",
        discussion: """
            Prints which files changed, their errors and a summary after each rebuild. Runs until \
            Ctrl-C (exit 130); a first build that cannot run at all exits 2, as `build` does.
            """)

    @OptionGroup var site: SiteOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let live = try LiveSite(site, global)
        _ = try live.buildFirst()
        if !global.quiet { live.console.out("watching \(live.watched) for changes (Ctrl-C to stop)\n") }
        try live.watch()
    }
}
