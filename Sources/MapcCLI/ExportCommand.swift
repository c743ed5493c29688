import ArgumentParser
import MapcEmit
import MapcSource

/// `mapc export`: the model as JSON, iCalendar, CSV or a Mermaid gantt (docs/exports.md).
///
/// Exports are data, not verdicts: the exit status is 0 whatever the plans say (their
/// diagnostics are in the JSON), 2 on bad usage or input that cannot be read.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export plans as JSON, iCalendar, CSV or a Mermaid gantt.",
        discussion: """
            json: the whole model with positions and diagnostics (schema: docs/schema/mapc-export.schema.json). \
            ics: an RFC 5545 calendar of dated open tasks and milestones. csv: one row per task. \
            mermaid: a gantt block per plan. Details in docs/exports.md. \
            Exit status: 0, or 2 on bad usage or unreadable input.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, ics, csv, mermaid }

    @Argument(help: "Plan files or folders (default: the current folder).")
    var paths: [String] = []

    @Option(help: "Output format: json, ics, csv or mermaid.")
    var format: Format

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = Console.current
        let compilation = try Session.compile(paths.isEmpty ? ["."] : paths, global, console)
        switch format {
        case .json:
            console.out(ModelJSON.render(compilation.sourcedPlans(), today: compilation.today,
                                         otherDiagnostics: compilation.fileProblems))
        case .ics:
            // The site's calendar.ics under the same name, so both subscribe alike.
            console.out(ICalendar.render(compilation.plans.map(\.plan), today: compilation.today,
                                         name: ICalendar.name(siteTitle: compilation.configuration.siteTitle)))
        case .csv:
            console.out(TasksCSV.render(compilation.sourcedPlans()))
        case .mermaid:
            console.out(MermaidGantt.render(compilation.summaries()))
        }
        try Session.reportFileProblems(compilation, console)
    }
}
