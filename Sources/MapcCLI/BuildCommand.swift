import ArgumentParser
import MapcCheck
import MapcEmit
import MapcSource

/// `mapc build`: the static status site (SPEC §5, docs/site.md).
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the static status site: portfolio, plan pages, person pages, status.json, calendar.ics.",
        discussion: "Exit status follows `check`: 0 no errors, 1 errors in plans (their pages show them), 2 bad usage or unreadable input.")

    @Argument(help: "Plan files or folders (default: the current folder).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The output folder.", valueName: "dir"))
    var output = "_site"

    @Option(help: ArgumentHelp("A folder of templates that override the defaults by file name.", valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp("The site's public address, for canonical links.", valueName: "url"))
    var baseURL: String?

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = Console.current
        let paths = paths.isEmpty ? ["."] : paths
        let compilation = try Session.compile(paths, global, console)
        let configuration = compilation.configuration, today = compilation.today
        var templateFiles = DefaultTemplates.files
        if let templates { templateFiles.merge(try Self.readTemplates(templates)) { _, override in override } }

        var sitePlans: [SitePlan] = []
        var leftOut: [String] = []
        var pages = Set<String>()
        for compiled in compilation.plans {
            if let rejected = compiled.plan.rejectedID, SitePaths.escapes(rejected) {
                leftOut.append("\(compiled.source.path): plan id `\(rejected)` would escape the output folder")
                continue
            }
            guard let page = SitePaths.planPage(for: compiled.plan.id.value), pages.insert(page.lowercased()).inserted else {
                leftOut.append("\(compiled.source.path): plan id `\(compiled.plan.id.value)` cannot be a page name")
                continue
            }
            let summary = PlanSummary(plan: compiled.plan, diagnostics: compiled.diagnostics, today: today)
            sitePlans.append(SitePlan(source: compiled.source, summary: summary, page: page))
        }
        for diagnostic in compilation.diagnostics where diagnostic.rule == "file-unreadable" {
            leftOut.append("\(diagnostic.file): \(diagnostic.message)")
        }
        let builder = SiteBuilder(siteTitle: configuration.siteTitle, baseURL: baseURL ?? configuration.baseURL,
                                  today: today, templates: templateFiles)
        let files: [String: String]
        do {
            files = try builder.build(sitePlans, leftOut: leftOut, extraFiles: SiteData.files(sitePlans, today: today, title: configuration.siteTitle))
        } catch {
            throw UsageError(error.description)
        }
        do {
            try SiteWriter.write(files, to: output)
        } catch {
            throw UsageError(error.message)
        }
        for item in leftOut { console.err("mapc: left out of the site: \(item)\n") }
        // Errors are shown on the pages, and named here too, so a failing CI build says why.
        let errors = compilation.diagnostics.filter { $0.severity == .error }
        console.err(TextDiagnostics(color: false, brief: true) { _ in nil }.render(errors))
        if !global.quiet {
            let summary = TextDiagnostics.summary(compilation.diagnostics, plans: compilation.planCount)
            console.out("built \(output)/ with \(sitePlans.count) plan page\(sitePlans.count == 1 ? "" : "s"): \(summary)\n")
        }
        throw ExitCode(Session.exitCode(compilation, strict: strict))
    }

    /// Reads `*.mustache` and `style.css` from a folder of overrides.
    static func readTemplates(_ folder: String) throws(UsageError) -> [String: String] {
        guard let names = FileSystem.entries(folder) else { throw UsageError("cannot read templates folder \(folder)") }
        var files: [String: String] = [:]
        for name in names where name.hasSuffix(".mustache") || name == "style.css" {
            guard case let .success(bytes) = FileSystem.read(FileSystem.join(folder, name)) else {
                throw UsageError("cannot read template \(FileSystem.join(folder, name))")
            }
            files[name] = String(decoding: bytes, as: UTF8.self)
        }
        return files
    }
}

/// The machine-readable files of the site: the status summary as data and every
/// deadline as a calendar, from the same emitters as `mapc status` and `mapc export`.
enum SiteData {
    static func files(_ plans: [SitePlan], today: Day, title: String?) -> [String: String] {
        [
            "status.json": StatusJSON.render(StatusReport(plans.map(\.summary), today: today)),
            "calendar.ics": ICalendar.render(plans.map(\.plan), today: today, name: title ?? "Mutual action plans"),
        ]
    }
}
