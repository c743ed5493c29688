import ArgumentParser
import MapcBuild
import MapcServe
import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// `mapc serve`: build, watch and preview the site on this machine, reloading open pages
/// after each rebuild (docs/site.md#preview-while-you-write).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the status site, rebuild it on every change and preview it on 127.0.0.1.",
        discussion: """
            Open pages reload after each rebuild; the reload script is added to the pages served, \
            never to the files built. Runs until Ctrl-C (exit 130). A port in use exits 2.
            """)

    @OptionGroup var site: SiteOptions

    @Option(help: ArgumentHelp("The port on 127.0.0.1 (0: any free port).", valueName: "port"))
    var port: UInt16 = PreviewServer.defaultPort

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let live = try LiveSite(site, global)
        let console = live.console
        // The port first: a port in use is said at once, not after a long build.
        let server = PreviewServer(folder: site.output)
        let bound: UInt16
        do {
            bound = try server.start(port: port) { message in
                console.err("mapc: error: \(message)\n")
                // Ends like Ctrl-C does: a build in flight is cleaned up (docs/robustness.md#signals).
                kill(getpid(), SIGTERM)
            }
        } catch {
            throw UsageError(error.message)
        }
        let folder = try live.buildFirst()
        server.reload.siteDidChange()
        if !global.quiet {
            console.out("watching \(live.watched) for changes\n")
        }
        console.out("serving \(TerminalText.safe(folder.shown))/ at http://127.0.0.1:\(bound)/ (Ctrl-C to stop)\n")
        try live.watch { rebuild in
            if case .success = rebuild.outcome { server.reload.siteDidChange() }
        }
    }
}
