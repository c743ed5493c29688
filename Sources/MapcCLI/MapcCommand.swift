import ArgumentParser
import MapcSource

/// The `mapc` command line: a compiler for mutual action plans.
public struct MapcCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mapc",
        abstract: "Compile mutual action plans kept as Markdown: check, summarise, publish.",
        version: MapcVersion.current,
        subcommands: [CheckCommand.self, BuildCommand.self, WatchCommand.self, ServeCommand.self, StatusCommand.self,
                      DiffCommand.self, HistoryCommand.self, ExportCommand.self, InitCommand.self, RulesCommand.self,
                      LSPCommand.self])

    public init() {}

    /// Runs the command line and returns the exit code; usage errors are 2, not 64.
    public static func execute(_ arguments: [String], console: Console) -> Int32 {
        Console.$current.withValue(console) {
            do {
                var command = try parseAsRoot(arguments)
                try command.run()
                return 0
            } catch let exit as ExitCode {
                return exit.rawValue
            } catch let usage as UsageError {
                // Usage messages name paths and revisions: no control character reaches the terminal.
                console.err("mapc: error: \(TerminalText.safe(usage.message))\n")
                return 2
            } catch {
                let code = exitCode(for: error)
                let message = fullMessage(for: error)
                if code == .success {
                    console.out(message + "\n")
                    return 0
                }
                console.err(message + "\n")
                return 2
            }
        }
    }

    /// The process entry point.
    public static func runMain() -> Never {
        // Before any other thread exists: they inherit the blocked signals.
        Interruption.install()
        let code = execute(Array(CommandLine.arguments.dropFirst()), console: .system())
        Glibc.exit(code)
    }
}

#if canImport(Glibc)
import Glibc
import MapcBuild
#endif
