import ArgumentParser

/// `mapc export`: the model as JSON, iCalendar, CSV or Mermaid (SPEC §5). Owned by issue 3's work.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export plans as JSON, iCalendar, CSV or a Mermaid gantt.")
    @Argument var paths: [String] = []
    @OptionGroup var global: GlobalOptions
    func run() throws { throw UsageError("`mapc export` is not available yet (issue 3)") }
}
