import ArgumentParser
import MapcBuild
import MapcEditor
import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// `mapc lsp`: the language server, over standard input and output (docs/editors.md).
struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve editors over the Language Server Protocol on standard input and output.",
        discussion: """
            Diagnostics as you type (the same as `mapc check`), completion, hover, go to definition, \
            references, rename and quick fixes for plans. The workspace is the folder the editor \
            opens; mapc.yml is found from there upwards. Set-up per editor: docs/editors.md.
            """)

    @Option(help: ArgumentHelp("How long a document must be still before its diagnostics are pushed.",
                               valueName: "milliseconds"))
    var debounce: Int = 75

    @Flag(help: "Accepted for editors that pass it; standard input and output are always used.")
    var stdio = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (0...10_000).contains(debounce) else { throw ValidationError("--debounce must be 0 to 10000 milliseconds") }
    }

    func run() throws {
        let console = Console.current
        let today = try global.givenToday(console)
        // A client that goes away must end a write with an error, not end the process unseen.
        signal(SIGPIPE, SIG_IGN)
        let options = ServerOptions(today: today, configPath: global.config, debounce: Double(debounce) / 1000,
                                    fallbackRoot: ".")
        let code = LanguageServer(options: options, output: 1).run(input: 0)
        throw ExitCode(code)
    }
}
