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

    @OptionGroup var site: SiteOptions

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = Console.current
        let paths = site.paths.isEmpty ? ["."] : site.paths
        let configuration = try global.loadConfiguration(near: paths[0], console)
        let today = try global.resolveToday(configuration, console)
        try site.checkBaseURL()
        let request = site.request(paths: paths, configuration: configuration, today: today,
                                   cacheFolder: site.cacheFolder(root: Workspace.root(of: paths, configuration: configuration),
                                                                 console: console),
                                   console: console)
        // Notes (no history to show, an old cache folder) are not said with --quiet.
        let (result, folder) = try SiteBuildSession.run(request) { [global] message in
            if !(global.quiet && message.hasPrefix("note: ")) { console.err("mapc: " + message + "\n") }
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
        if !global.quiet { console.out(result.builtLine(folder) + "\n") }
        if result.hadUnreadableInput { throw ExitCode(2) }
        throw ExitCode(!result.errors.isEmpty || (strict && result.warningCount > 0) ? 1 : 0)
    }
}
