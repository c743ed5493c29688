import ArgumentParser
import MapcCheck
import MapcSource
#if canImport(Glibc)
import Glibc
import MapcBuild
#endif

/// Options every command takes (docs/commands.md#global-options).
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The date to treat as today (YYYY-MM-DD); default MAPC_TODAY, mapc.yml, or the system date.",
                               valueName: "date"))
    var today: String?

    @Option(help: ArgumentHelp("The workspace configuration (default: mapc.yml found from the first path upwards).",
                               valueName: "file"))
    var config: String?

    @Flag(help: """
        Less output: check prints each diagnostic's first line and no summary; build no summary; \
        status one line per plan; init nothing. export and diff print their result as always.
        """)
    var quiet = false

    @Flag(help: "Also list skipped files and where the configuration came from.")
    var verbose = false

    @Option(help: ArgumentHelp("Colour output: auto, always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    func validate() throws {
        if let today, Day(iso: today) == nil {
            throw ValidationError("--today must be a real YYYY-MM-DD day, not `\(today)`")
        }
    }

    /// Whether to colour output on this console.
    func useColor(_ console: Console) -> Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: console.isTerminal && console.environment["NO_COLOR"] == nil && console.environment["TERM"] != "dumb"
        }
    }

    /// Loads `--config`, or the nearest `mapc.yml` from `start` upwards (stopping at a git root).
    func loadConfiguration(near start: String, _ console: Console) throws(UsageError) -> Configuration {
        let path: String?
        if let config {
            guard FileSystem.kind(config, follow: true) == .file else { throw UsageError("no such configuration file: \(config)") }
            path = config
        } else {
            path = Self.findConfiguration(from: start)
        }
        guard let path else { return Configuration() }
        if verbose { console.err("mapc: using configuration \(path)\n") }
        let bytes: [UInt8]
        switch FileSystem.read(path, FileSystem.ReadPolicy(limit: 1 << 20)) {
        case let .success(read): bytes = read
        case let .failure(error):
            throw UsageError("cannot read \(ShellQuoting.shown(path)): "
                             + (error.size != nil ? "it is larger than 1 MiB" : error.message))
        }
        do {
            return try Configuration.parse(String(decoding: bytes, as: UTF8.self), path: path)
        } catch {
            // Every problem on its own line, each said like the first.
            throw UsageError(error.items.map { TerminalText.safe($0.description) }.joined(separator: "\nmapc: error: "))
        }
    }

    static func findConfiguration(from start: String) -> String? { Workspace.findConfiguration(from: start) }

    /// docs/format.md#dates-and-today: `--today`, else `MAPC_TODAY`, else mapc.yml's `today`, else the system date.
    func resolveToday(_ configuration: Configuration, _ console: Console) throws(UsageError) -> Day {
        try givenToday(console) ?? configuration.today ?? Day.systemToday
    }

    /// The day `--today` or `MAPC_TODAY` gives, if either does.
    func givenToday(_ console: Console) throws(UsageError) -> Day? {
        if let today, let day = Day(iso: today) { return day }
        if let text = console.environment["MAPC_TODAY"], !text.isEmpty {
            guard let day = Day(iso: text) else { throw UsageError("MAPC_TODAY must be a real YYYY-MM-DD day, not `\(text)`") }
            return day
        }
        return nil
    }
}
