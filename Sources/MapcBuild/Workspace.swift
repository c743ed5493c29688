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

        public init(path: String, explicit: Bool) {
            self.path = path
            self.explicit = explicit
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
                        case .success(.file) where name.lowercased().hasSuffix(".md"): found.append(child)
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
        FileSystem.read(candidate.path, FileSystem.ReadPolicy(limit: limits.fileSize, followLinks: true,
                                                              regularOnly: !candidate.explicit))
    }

    /// The same, for a file already read.
    static func process(_ candidate: Candidate, read: Result<[UInt8], FileSystem.ReadError>,
                        checker: Checker) -> FileOutcome {
        let bytes: [UInt8]
        switch read {
        case let .success(read): bytes = read
        case let .failure(error):
            let source = SourceFile(path: candidate.path, bytes: [])
            let limits = checker.configuration.limits
            if error.size != nil {
                guard let diagnostic = checker.fileDiagnostic(
                    "input-limit", source: source,
                    message: "`\(candidate.path)` is larger than the limit of \(InputLimits.describe(limits.fileSize)) "
                        + "for a plan file; it was not read",
                    help: "split the plan into smaller files, or raise `limits.file_size` in mapc.yml")
                else { return .filtered }
                return .problem(diagnostic, source: nil, unreadable: false)
            }
            guard let diagnostic = checker.fileDiagnostic("file-unreadable", source: source,
                                                          message: "cannot read `\(candidate.path)`: \(error.message)",
                                                          help: "check the file's permissions, or remove it")
            else { return .filtered }
            return .problem(diagnostic, source: nil, unreadable: true)
        }
        if bytes.count > checker.configuration.limits.fileSize {
            return process(candidate, read: .failure(FileSystem.ReadError(message: "too large", size: bytes.count)),
                           checker: checker)
        }
        let source = SourceFile(path: candidate.path, bytes: bytes)
        if let long = checker.configuration.limits.longLine(in: bytes) {
            guard let diagnostic = checker.fileDiagnostic(
                "input-limit", source: source, at: SourceRange(start: long.offset, end: long.offset),
                message: "line \(long.line) is \(long.length) bytes long, over the limit of "
                    + "\(InputLimits.describe(checker.configuration.limits.lineLength)); the file was not read",
                help: "break the line (a blank line ends a paragraph), or raise `limits.line_length` in mapc.yml")
            else { return .filtered }
            return .problem(diagnostic, source: source, unreadable: false)
        }
        if let violation = MarkdownGuard.check(bytes) {
            guard let diagnostic = checker.fileDiagnostic(
                "input-limit", source: source, at: SourceRange(start: violation.offset, end: violation.offset),
                message: violation.message + "; the file was not read", help: violation.help)
            else { return .filtered }
            return .problem(diagnostic, source: source, unreadable: false)
        }
        switch PlanLowering.lower(source) {
        case let .unreadable(reason):
            guard let diagnostic = checker.fileDiagnostic("file-unreadable", source: source,
                                                          message: "cannot read `\(candidate.path)`: \(reason)",
                                                          help: "save the plan as UTF-8 Markdown text")
            else { return .filtered }
            return .problem(diagnostic, source: nil, unreadable: true)
        case .notAPlan:
            guard candidate.explicit else { return .skipped(candidate.path) }
            guard let diagnostic = checker.fileDiagnostic(
                "front-matter-invalid", source: source,
                message: source.bytes.isEmpty ? "the file is empty: a plan starts with front matter"
                                              : "the file has no front matter",
                help: "start the plan with `---`, a `title:` line and `---`")
            else { return .filtered }
            return .problem(diagnostic, source: source, unreadable: false)
        case let .plan(plan):
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
        // The front matter (to place a cross-file duplicate-id) and the lines diagnostics show.
        light.source = compiled.source.keeping(lines: Set(compiled.diagnostics.map(\.start.line)),
                                               prefix: compiled.plan.bodyStart)
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
            guard !retain, case let .plan(compiled) = outcome else { return outcome }
            return .plan(Self.lighten(compiled))
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
        compilation.diagnostics += duplicatePlanIDs(compilation.plans, checker: checker, sources: &compilation.sources)
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

    /// The diagnostic a plan gets when an earlier file has its id, with `earlier` left to
    /// fill in: nil when the rule is off or suppressed in the plan.
    static func duplicateIDProbe(_ compiled: CompiledPlan, checker: Checker) -> Diagnostic? {
        let range = compiled.plan.frontMatterKeys["id"].map { _ in compiled.plan.id.range } ?? SourceRange(start: 0, end: 3)
        let finding = Finding(rule: "duplicate-id", range: range, message: "",
                              help: "give this plan its own `id:` in the front matter", isPlanLevel: true)
        return checker.diagnostics([finding], plan: compiled.plan, source: compiled.source).first
    }

    /// The cross-file `duplicate-id` a plan gets when the file `earlier` (which comes first
    /// in path order) has the same plan id, as `check` reports it; nil when the rule is off
    /// or suppressed in the plan. The language server places it with this.
    public static func duplicatePlanID(_ compiled: CompiledPlan, earlier: String, checker: Checker) -> Diagnostic? {
        guard var diagnostic = duplicateIDProbe(compiled, checker: checker) else { return nil }
        diagnostic.message = duplicateIDMessage(compiled.plan.id.value, earlier: earlier)
        return diagnostic
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

    /// The message of a duplicate-id diagnostic.
    public static func duplicateIDMessage(_ id: String, earlier: String) -> String {
        "plan id `\(id)` is already used by \(earlier)"
    }

    /// Across files, two plans with the same id are an error (reported at the later file).
    private func duplicatePlanIDs(_ plans: [CompiledPlan], checker: Checker,
                                  sources: inout [String: SourceFile]) -> [Diagnostic] {
        var first: [String: String] = [:]
        var findings: [Diagnostic] = []
        for compiled in plans {
            let id = compiled.plan.id.value
            guard let earlier = first[id] else {
                first[id] = compiled.source.path
                continue
            }
            var found: [Diagnostic] = []
            if let diagnostic = Self.duplicatePlanID(compiled, earlier: earlier, checker: checker) { found.append(diagnostic) }
            findings += found
            if !found.isEmpty, sources[compiled.source.path] == nil { sources[compiled.source.path] = compiled.source }
        }
        return findings
    }
}

/// Bad usage: exit code 2 with a message.
public struct UsageError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
