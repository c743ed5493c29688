import MapcCheck
import MapcLower
import MapcModel
import MapcSource

/// One plan after the whole pipeline: its source, its model, its diagnostics.
public struct CompiledPlan: Sendable {
    public var source: SourceFile
    public var plan: Plan
    public var diagnostics: [Diagnostic]
}

/// Everything `mapc` found under the paths it was given.
public struct Compilation: Sendable {
    public var plans: [CompiledPlan] = []
    /// Every diagnostic of every file, in presentation order.
    public var diagnostics: [Diagnostic] = []
    /// Markdown files that are not plans (no front matter), for `--verbose`.
    public var skipped: [String] = []
    /// Sources by path, for showing lines in diagnostics.
    public var sources: [String: SourceFile] = [:]
    /// True when a file could not be read at all (exit code 2).
    public var hadUnreadableInput = false
    /// The day the plans were checked against ("today"), for summaries and exports.
    public var today = Day(daysSinceEpoch: 0)
}

/// Finds plan files and compiles them: source → parse → lower → check.
public struct Workspace {
    public var configuration: Configuration
    public var today: Day

    public init(configuration: Configuration, today: Day) {
        self.configuration = configuration
        self.today = today
    }

    /// A file to read, and whether the user named it (then it must be a plan).
    struct Candidate {
        var path: String
        var explicit: Bool
    }

    /// Walks the paths: directories recursively without following links (SPEC §5),
    /// skipping hidden folders; named files are taken as they are.
    static func discover(_ paths: [String]) throws(UsageError) -> [Candidate] {
        var result: [Candidate] = []
        for path in paths {
            switch FileSystem.kind(path, follow: true) {
            case .missing:
                throw UsageError("no such file or directory: \(path)")
            case .directory:
                var stack = [path]
                var found: [String] = []
                while let directory = stack.popLast() {
                    guard let names = FileSystem.entries(directory) else {
                        found.append(directory)  // reported as unreadable below
                        continue
                    }
                    for name in names.reversed() where !name.hasPrefix(".") {
                        let child = FileSystem.join(directory, name)
                        switch FileSystem.kind(child, follow: false) {
                        case .directory: stack.append(child)
                        case .file where name.lowercased().hasSuffix(".md"): found.append(child)
                        default: break
                        }
                    }
                }
                result += found.sorted().map { Candidate(path: $0, explicit: false) }
            default:
                result.append(Candidate(path: path, explicit: true))
            }
        }
        return result
    }

    /// Runs the pipeline over every candidate.
    func compile(_ candidates: [Candidate]) -> Compilation {
        var compilation = Compilation()
        compilation.today = today
        let checker = Checker(configuration: configuration, today: today)
        var seen = Set<String>()
        for candidate in candidates where seen.insert(candidate.path).inserted {
            let bytes: [UInt8]
            switch FileSystem.read(candidate.path) {
            case let .success(read): bytes = read
            case let .failure(error):
                let source = SourceFile(path: candidate.path, bytes: [])
                if let diagnostic = checker.fileDiagnostic("file-unreadable", source: source,
                                                           message: "cannot read `\(candidate.path)`: \(error.message)",
                                                           help: "check the file's permissions, or remove it")
                {
                    compilation.diagnostics.append(diagnostic)
                }
                compilation.hadUnreadableInput = true
                continue
            }
            let source = SourceFile(path: candidate.path, bytes: bytes)
            switch PlanLowering.lower(source) {
            case let .unreadable(reason):
                if let diagnostic = checker.fileDiagnostic("file-unreadable", source: source,
                                                           message: "cannot read `\(candidate.path)`: \(reason)",
                                                           help: "save the plan as UTF-8 Markdown text")
                {
                    compilation.diagnostics.append(diagnostic)
                }
                compilation.hadUnreadableInput = true
            case .notAPlan:
                if candidate.explicit {
                    compilation.sources[source.path] = source
                    if let diagnostic = checker.fileDiagnostic(
                        "front-matter-invalid", source: source,
                        message: source.bytes.isEmpty ? "the file is empty: a plan starts with front matter"
                                                      : "the file has no front matter",
                        help: "start the plan with `---`, a `title:` line and `---`")
                    {
                        compilation.diagnostics.append(diagnostic)
                    }
                } else {
                    compilation.skipped.append(candidate.path)
                }
            case let .plan(plan):
                compilation.sources[source.path] = source
                let diagnostics = checker.check(plan, source: source)
                compilation.plans.append(CompiledPlan(source: source, plan: plan, diagnostics: diagnostics))
                compilation.diagnostics += diagnostics
            }
        }
        compilation.diagnostics += duplicatePlanIDs(compilation.plans, checker: checker)
        compilation.diagnostics.sort(by: Diagnostic.presentationOrder)
        return compilation
    }

    /// Across files, two plans with the same id are an error (reported at the later file).
    private func duplicatePlanIDs(_ plans: [CompiledPlan], checker: Checker) -> [Diagnostic] {
        var first: [String: String] = [:]
        var findings: [Diagnostic] = []
        for compiled in plans {
            let id = compiled.plan.id.value
            guard let earlier = first[id] else {
                first[id] = compiled.source.path
                continue
            }
            let range = compiled.plan.frontMatterKeys["id"].map { _ in compiled.plan.id.range } ?? SourceRange(start: 0, end: 3)
            let finding = Finding(rule: "duplicate-id", range: range,
                                  message: "plan id `\(id)` is already used by \(earlier)",
                                  help: "give this plan its own `id:` in the front matter", isPlanLevel: true)
            findings += checker.diagnostics([finding], plan: compiled.plan, source: compiled.source)
        }
        return findings
    }
}

/// Bad usage: exit code 2 with a message.
public struct UsageError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
