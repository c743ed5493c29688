import ArgumentParser
import MapcEmit
import MapcSource
import MapcBuild
import MapcHistory

/// `mapc status`: what a person reads in a minute (docs/status.md), as text, Markdown or JSON.
///
/// Informational: the exit status is 0 whatever the plans say, 2 only on bad usage or
/// input that cannot be read (the readable plans are still summarised).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Summarise plans: health, progress, overdue, due soon, blocked, stale.",
        discussion: """
            Plans are listed so that what needs attention comes first: off track, at risk, \
            on track, not running, done; then by the number of overdue tasks and by title. \
            The health rule is in docs/status.md. Exit status: 0, or 2 on bad usage or unreadable input.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

    @Argument(help: "Plan files or folders (default: the current folder).")
    var paths: [String] = []

    @Option(help: "Output format: text, markdown or json.")
    var format: Format = .text

    @Flag(help: "With --format json: add each plan's scope change and slip count from its git history.")
    var history = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = Console.current
        let paths = paths.isEmpty ? ["."] : paths
        let compilation = try Session.compile(paths, global, console)
        let report = StatusReport(compilation.summaries(), today: compilation.today)
        switch format {
        case .text: console.out(StatusText.render(report, color: global.useColor(console), brief: global.quiet))
        case .markdown: console.out(StatusMarkdown.render(report))
        case .json:
            console.out(StatusJSON.render(report, history: history ? try Self.history(paths, compilation, console) : [:]))
        }
        try Session.reportFileProblems(compilation, console)
    }
}

extension StatusCommand {
    /// What each plan's history adds to its entry (docs/history.md#in-status), by plan
    /// file, as of the day the plans were judged against; files are paired by real path.
    static func history(_ paths: [String], _ compilation: Compilation, _ console: Console) throws(UsageError)
        -> [String: StatusJSON.History]
    {
        var request = HistoryRequest(paths: paths, until: compilation.today)
        request.limits = compilation.configuration.limits
        request.serial = console.environment["MAPC_JOBS"] == "1"
        let report = try HistoryCommand.read(request, noCache: false, cacheDir: nil, configuration: compilation.configuration,
                                             console: console)
        return report.histories(of: compilation.plans.map(\.plan.file)).mapValues(\.statusFacts)
    }
}

extension Session {
    /// Reports, on stderr, the files that are not in a summary or an export (unreadable
    /// files, named files that are not plans), and exits 2 when one could not be read.
    static func reportFileProblems(_ compilation: Compilation, _ console: Console) throws {
        let problems = compilation.fileProblems
        if !problems.isEmpty {
            let emitter = TextDiagnostics(color: false, brief: true) { compilation.sources[$0] }
            console.err(emitter.render(problems))
        }
        if compilation.hadUnreadableInput { throw ExitCode(2) }
    }
}

extension Compilation {
    /// The whole compilation's diagnostics by file, each list in presentation order, so
    /// that findings made across files (a plan id used twice) count too. One pass: finding
    /// each plan's diagnostics by filtering the whole list was quadratic (an export of
    /// 100,000 files took 201 s, its `check` 4.8 s).
    func diagnosticsByFile() -> [String: [Diagnostic]] {
        var byFile: [String: [Diagnostic]] = [:]
        for diagnostic in diagnostics { byFile[diagnostic.file, default: []].append(diagnostic) }
        return byFile
    }

    /// Every plan with its source and diagnostics, for the exports that show positions.
    func sourcedPlans() -> [SourcedPlan] {
        let byFile = diagnosticsByFile()
        return plans.map { SourcedPlan(plan: $0.plan, source: $0.source, diagnostics: byFile[$0.source.path] ?? []) }
    }

    /// Diagnostics about files that did not become plans.
    var fileProblems: [Diagnostic] {
        let planFiles = Set(plans.map(\.source.path))
        return diagnostics.filter { !planFiles.contains($0.file) }
    }

    /// A summary of every plan, judged on the day the plans were checked against.
    func summaries() -> [PlanSummary] {
        let byFile = diagnosticsByFile()
        return plans.map { PlanSummary(plan: $0.plan, diagnostics: byFile[$0.source.path] ?? [], today: today) }
    }
}
