import ArgumentParser
import MapcCheck
import MapcEmit
import MapcSource
import MapcBuild

/// `mapc check`: compile plans and report diagnostics (docs/rules.md,
/// docs/format.md#positions-and-output).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check plans and report problems like a compiler.",
        discussion: "Exit status: 0 no errors (no warnings either with --strict), 1 problems found, 2 bad usage or unreadable input.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif, github }

    @Argument(help: "Plan files or folders (default: the current folder).")
    var paths: [String] = []

    @Option(help: "Output format: text, json, sarif (SARIF 2.1.0) or github (workflow commands).")
    var format: Format = .text

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = Console.current
        let paths = paths.isEmpty ? ["."] : paths
        let compilation = try Session.compile(paths, global, console, retainPlans: false)
        switch format {
        case .text:
            let emitter = TextDiagnostics(color: global.useColor(console), brief: global.quiet) { compilation.sources[$0] }
            console.out(emitter.render(compilation.diagnostics))
            if !global.quiet {
                console.out(TextDiagnostics.summary(compilation.diagnostics, plans: compilation.planCount) + "\n")
            }
        case .json:
            console.out(JSONDiagnostics.render(compilation.diagnostics, plans: compilation.planCount))
        case .sarif:
            let version = MapcCommand.configuration.version
            console.out(SARIFDiagnostics.render(compilation.diagnostics, toolVersion: version))
        case .github:
            console.out(GitHubDiagnostics.render(compilation.diagnostics))
        }
        throw ExitCode(Session.exitCode(compilation, strict: strict))
    }
}

/// What every command that reads plans does first.
enum Session {
    static func compile(_ paths: [String], _ global: GlobalOptions, _ console: Console,
                        retainPlans: Bool = true) throws(UsageError) -> Compilation {
        let configuration = try global.loadConfiguration(near: paths[0], console)
        let today = try global.resolveToday(configuration, console)
        let candidates = try Workspace.discover(paths)
        var workspace = Workspace(configuration: configuration, today: today, retainPlans: retainPlans)
        workspace.serial = console.environment["MAPC_JOBS"] == "1"
        let compilation = workspace.compile(candidates)
        if global.verbose {
            for path in compilation.skipped {
                console.err("mapc: skipped \(TerminalText.safe(path)): no front matter, not a plan\n")
            }
            console.err("mapc: today is \(today)\n")
        }
        return compilation
    }

    /// 0 clean, 1 errors (or warnings with --strict), 2 unreadable input
    /// (docs/format.md#positions-and-output).
    static func exitCode(_ compilation: Compilation, strict: Bool) -> Int32 {
        if compilation.hadUnreadableInput { return 2 }
        let diagnostics = compilation.diagnostics
        if diagnostics.count(of: .error) > 0 { return 1 }
        if strict && diagnostics.count(of: .warning) > 0 { return 1 }
        return 0
    }
}
