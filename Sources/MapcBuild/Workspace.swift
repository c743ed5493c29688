import MapcCheck
import MapcLower
import MapcModel
import MapcParse
import MapcSource

/// One plan after the whole pipeline: its source, its model, its diagnostics.
public struct CompiledPlan: Sendable {
    public var source: SourceFile
    public var plan: Plan
    public var diagnostics: [Diagnostic]
    /// What the workspace rules need of it, taken before the plan is lightened: where they
    /// report (`Checker.workspaceAnchors`) and its stakeholders.
    public var workspaceAnchors: [Diagnostic] = []
    public var workspacePeople: [WorkspacePlan.Person] = []
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
    /// How many files were plans (also when their models were not retained).
    public var planCount = 0
    /// The configuration the plans were checked with (site title, base URL, severities).
    public var configuration = Configuration()
    /// The day the plans were checked against ("today"), for summaries and exports.
    public var today = Day(daysSinceEpoch: 0)
}

/// Finds plan files and compiles them: source → parse → lower → check.
public struct Workspace {
    public var configuration: Configuration
    public var today: Day
    /// Keep every plan's model and source (the site needs them; `check` does not).
    public var retainPlans: Bool
    /// Process files one by one in order (`MAPC_JOBS=1`), e.g. to compare with parallel runs.
    public var serial = false

    public init(configuration: Configuration, today: Day, retainPlans: Bool = true) {
        self.configuration = configuration
        self.today = today
        self.retainPlans = retainPlans
    }

    /// A file to read, and whether the user named it (then it must be a plan).
    public struct Candidate: Sendable {
        public var path: String
        public var explicit: Bool
        /// The file's bytes when they are already in memory (an editor's buffer, a git
        /// blob, a fuzz input): then the disk is not read.
        public var contents: [UInt8]?

        public init(path: String, explicit: Bool, contents: [UInt8]? = nil) {
            self.path = path
            self.explicit = explicit
            self.contents = contents
        }
    }

    /// Walks the paths: directories recursively without following links (docs/format.md#files),
    /// skipping hidden folders; named files are taken as they are.
    public static func discover(_ paths: [String]) throws(UsageError) -> [Candidate] {
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
                        switch FileSystem.lookUp(child, follow: false) {
                        case .success(.directory): stack.append(child)
                        case .success(.file) where PlanFiles.isMarkdown(name): found.append(child)
                        // Too long a path, no permission: reported as unreadable, never skipped silently.
                        case .failure: found.append(child)
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

    /// What one file gave: diagnostics, and a plan when it is one.
    enum FileOutcome {
        case plan(CompiledPlan)
        case skipped(String)
        case problem(Diagnostic, source: SourceFile?, unreadable: Bool)
        case filtered
    }

    /// Reads, lowers and checks one file: independent of every other file, so files are
    /// processed on all cores (cmark's one unsafe step is serialised in MapcParse).
    static func process(_ candidate: Candidate, checker: Checker) -> FileOutcome {
        process(candidate, read: read(candidate, limits: checker.configuration.limits), checker: checker)
    }

    /// A candidate's bytes, at most `limits.fileSize` of them. A file the user named may be
    /// a FIFO or a device (`<(…)`); a file found by the walk must be a regular file.
    static func read(_ candidate: Candidate, limits: InputLimits) -> Result<[UInt8], FileSystem.ReadError> {
        if let contents = candidate.contents { return .success(contents) }
        return FileSystem.read(candidate.path, FileSystem.ReadPolicy(limit: limits.fileSize, followLinks: true,
                                                              regularOnly: !candidate.explicit))
    }

    /// The same, for a file already read. What is wrong with a file that does not become
    /// a plan is found here and worded by its rule (`Checker.fileDiagnostic`).
    static func process(_ candidate: Candidate, read: Result<[UInt8], FileSystem.ReadError>,
                        checker: Checker) -> FileOutcome {
        let limits = checker.configuration.limits
        func problem(_ finding: FileFinding, _ source: SourceFile, at offset: Int? = nil, keep: Bool = false) -> FileOutcome {
            let range = offset.map { SourceRange(start: $0, end: $0) } ?? .fileStart
            guard let diagnostic = checker.fileDiagnostic(finding, source: source, at: range) else { return .filtered }
            return .problem(diagnostic, source: keep ? source : nil, unreadable: finding.isUnreadable)
        }
        let bytes: [UInt8]
        switch read {
        case let .success(read): bytes = read
        case let .failure(error):
            let empty = SourceFile(path: candidate.path, bytes: [])
            return problem(error.size != nil ? .tooLarge(limit: limits.fileSize) : .unreadable(reason: error.message), empty)
        }
        switch PlanLowering.lower(path: candidate.path, bytes: bytes, limits: limits) {
        case let .refused(finding, offset):
            switch finding {
            case .tooLarge: return problem(finding, SourceFile(path: candidate.path, bytes: []))
            // The lines a limit names are shown, so the file's text is kept.
            case .lineTooLong, .slowMarkdown:
                return problem(finding, SourceFile(path: candidate.path, bytes: bytes), at: offset, keep: true)
            default: return problem(finding, SourceFile(path: candidate.path, bytes: bytes))
            }
        case .notAPlan:
            guard candidate.explicit else { return .skipped(candidate.path) }
            return problem(.noFrontMatter(empty: bytes.isEmpty), SourceFile(path: candidate.path, bytes: bytes), keep: true)
        case let .plan(plan, source):
            return .plan(CompiledPlan(source: source, plan: plan, diagnostics: checker.check(plan, source: source)))
        }
    }

    /// What `check` keeps of a plan: its identity, suppressions and front matter (enough
    /// to place a cross-file duplicate-id), and of its source only the lines to show.
    static func lighten(_ compiled: CompiledPlan) -> CompiledPlan {
        var light = compiled
        light.plan = Plan(file: compiled.plan.file, id: compiled.plan.id, title: compiled.plan.title,
                          status: compiled.plan.status, frontMatterKeys: compiled.plan.frontMatterKeys)
        light.plan.suppressions = compiled.plan.suppressions
        light.plan.bodyStart = compiled.plan.bodyStart
        // The front matter, the lines diagnostics show and those workspace rules may
        // report at (a stakeholder's row).
        let lines = Set(compiled.diagnostics.map(\.start.line)).union(compiled.workspaceAnchors.map(\.start.line))
        light.source = compiled.source.keeping(lines: lines, prefix: compiled.plan.bodyStart)
        return light
    }

    /// Runs the pipeline over every candidate, in parallel, merging in candidate order so
    /// the output never depends on scheduling.
    public func compile(_ candidates: [Candidate]) -> Compilation {
        compile(candidates) { candidate, checker in Self.process(candidate, checker: checker) }
    }

    /// Compiles files already in memory (e.g. read from git), named as they are shown:
    /// nothing is written to disk.
    public func compile(contents: [(path: String, read: Result<[UInt8], FileSystem.ReadError>)]) -> Compilation {
        let reads = Dictionary(contents.map { ($0.path, $0.read) }, uniquingKeysWith: { first, _ in first })
        return compile(contents.map { Candidate(path: $0.path, explicit: false) }) { candidate, checker in
            Self.process(candidate, read: reads[candidate.path] ?? .success([]), checker: checker)
        }
    }

    private func compile(_ candidates: [Candidate],
                         _ process: @escaping @Sendable (Candidate, Checker) -> FileOutcome) -> Compilation {
        var compilation = Compilation()
        compilation.today = today
        compilation.configuration = configuration
        let checker = Checker(configuration: configuration, today: today)
        let unique = Self.unique(candidates)
        let retain = retainPlans
        // Lighten in the worker: holding every full plan until the merge would keep all
        // syntax-derived models of a 10,000-plan workspace alive at once.
        let outcomes = ParallelMap.map(unique, serial: serial) { candidate -> FileOutcome in
            let outcome = process(candidate, checker)
            guard case var .plan(compiled) = outcome else { return outcome }
            compiled.workspaceAnchors = checker.workspaceAnchors(compiled.plan, source: compiled.source)
            compiled.workspacePeople = WorkspacePlan.Person.of(compiled.plan)
            return .plan(retain ? compiled : Self.lighten(compiled))
        }
        for outcome in outcomes {
            switch outcome {
            case let .plan(compiled):
                compilation.diagnostics += compiled.diagnostics
                compilation.planCount += 1
                if retainPlans || !compiled.diagnostics.isEmpty {
                    compilation.sources[compiled.source.path] = compiled.source
                }
                compilation.plans.append(compiled)
            case let .skipped(path):
                compilation.skipped.append(path)
            case let .problem(diagnostic, source, unreadable):
                compilation.diagnostics.append(diagnostic)
                if let source { compilation.sources[source.path] = source }
                if unreadable { compilation.hadUnreadableInput = true }
            case .filtered:
                break
            }
        }
        compilation.diagnostics += workspaceDiagnostics(compilation.plans, checker: checker, sources: &compilation.sources)
        compilation.diagnostics.sort(by: Diagnostic.presentationOrder)
        return compilation
    }

    /// The workspace root (docs/robustness.md#the-build-cache): the folder of `mapc.yml`,
    /// else the git repository holding the first path, else the first path's folder.
    public static func root(of paths: [String], configuration: Configuration) -> String {
        if let config = configuration.path, let real = FileSystem.realPath(FileSystem.parent(config)) { return real }
        let first = paths.first ?? "."
        let start = FileSystem.kind(first, follow: true) == .directory ? first : FileSystem.parent(first)
        guard let real = FileSystem.realPath(start) else { return start }
        var folder = real
        while true {
            if FileSystem.kind(FileSystem.join(folder, ".git"), follow: false) != .missing { return folder }
            let up = FileSystem.parent(folder)
            if up == folder { return real }
            folder = up
        }
    }

    /// The candidates without repeats, in order.
    static func unique(_ candidates: [Candidate]) -> [Candidate] {
        var seen = Set<String>()
        return candidates.filter { seen.insert($0.path).inserted }
    }

    /// The nearest `mapc.yml` from `start` upwards, stopping at a folder holding `.git`
    /// (docs/format.md#mapcyml); shown relative to `start` when it is in the start folder.
    public static func findConfiguration(from start: String) -> String? {
        var directory = FileSystem.kind(start, follow: true) == .directory ? start : FileSystem.parent(start)
        guard var absolute = FileSystem.realPath(directory) else { return nil }
        while true {
            let candidate = FileSystem.join(absolute, "mapc.yml")
            if FileSystem.kind(candidate, follow: true) == .file {
                // Show the path relative to what the user typed when it is the start folder.
                return absolute == FileSystem.realPath(start) || absolute == FileSystem.realPath(directory)
                    ? FileSystem.join(directory, "mapc.yml") : candidate
            }
            if FileSystem.kind(FileSystem.join(absolute, ".git"), follow: false) != .missing || absolute == "/" {
                return nil
            }
            absolute = FileSystem.parent(absolute)
            directory = absolute
        }
    }

    /// The workspace rules' findings (plan ids across files), at the later file.
    private func workspaceDiagnostics(_ plans: [CompiledPlan], checker: Checker,
                                      sources: inout [String: SourceFile]) -> [Diagnostic] {
        let found = WorkspaceChecks.diagnostics(plans.map { compiled in
            WorkspaceChecks.Plan(file: compiled.source.path, id: compiled.plan.id.value,
                                 people: compiled.workspacePeople, anchors: compiled.workspaceAnchors)
        }, WorkspaceSettings(declaredPeople: Set(configuration.people.keys)))
        for (index, _) in found where sources[plans[index].source.path] == nil {
            sources[plans[index].source.path] = plans[index].source
        }
        return found.map(\.diagnostic)
    }
}

/// Bad usage: exit code 2 with a message.
public struct UsageError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
