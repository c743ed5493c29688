import MapcBuild
import MapcCheck
import MapcLSP
import MapcModel
import MapcSource

/// One document after the compiler: the same call `mapc check` makes, on the bytes the
/// editor holds rather than those on disk.
struct Analysis: Sendable {
    /// The plan, when the text is one (front matter, not refused by the input limits).
    let compiled: CompiledPlan?
    /// The file's diagnostics as `check` gives them, without the cross-file ones.
    let diagnostics: [Diagnostic]
    /// The compiler's offsets leave out a byte order mark; the editor's text has it.
    let shift: Int
    /// Names and where they are written.
    let index: PlanIndex?

    var plan: Plan? { compiled?.plan }

    /// Compiles `bytes` as the file at `path` (relative to the workspace root, as shown).
    init(path: String, bytes: [UInt8], configuration: Configuration, today: Day) {
        var workspace = Workspace(configuration: configuration, today: today, retainPlans: true)
        workspace.serial = true
        let compilation = workspace.compile(contents: [(path: path, read: .success(bytes))])
        compiled = compilation.plans.first
        diagnostics = compilation.diagnostics
        shift = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        index = compiled.map { PlanIndex(plan: $0.plan) }
    }

    /// A compiler byte offset in the editor's text.
    func documentOffset(_ offset: Int) -> Int { offset + shift }

    /// An editor offset in the compiler's bytes.
    func sourceOffset(_ offset: Int) -> Int { max(0, offset - shift) }
}

/// A plan on disk that is not open: what other plans need to know of it.
struct IndexedPlan: Sendable {
    var id: String
    var title: String
    /// Its stakeholders, as the workspace rules see them (`handle-reused`).
    var people: [WorkspacePlan.Person]
    /// Goals, tasks and milestones with their LSP ranges, for workspace symbols.
    var symbols: [IndexedSymbol]
}

/// A goal, task or milestone of a plan on disk.
struct IndexedSymbol: Sendable {
    var name: String
    var kind: Int
    var range: MapcLSP.Range
    var container: String
}

/// The plans of the workspace folder, by path relative to the root: what the workspace
/// rules need of them (`duplicate-id`, `handle-reused`) and workspace symbols.
struct WorkspaceIndex: Sendable {
    var plans: [String: IndexedPlan] = [:]

    /// Reads every plan under `root` (as `mapc check` walks it).
    static func build(root: String, configuration: Configuration, today: Day,
                      encoding: PositionEncoding) -> WorkspaceIndex {
        var index = WorkspaceIndex()
        guard let candidates = try? Workspace.discover([root]) else { return index }
        for candidate in candidates {
            let relative = Paths.relative(candidate.path, to: root)
            guard case let .success(bytes) = FileSystem.read(candidate.path, FileSystem.ReadPolicy(
                limit: configuration.limits.fileSize, followLinks: false, regularOnly: true)) else { continue }
            let analysis = Analysis(path: relative, bytes: bytes, configuration: configuration, today: today)
            if let plan = analysis.plan {
                index.plans[relative] = IndexedPlan(plan: plan, bytes: bytes, analysis: analysis, encoding: encoding)
            }
        }
        return index
    }
}

extension IndexedPlan {
    init(plan: Plan, bytes: [UInt8], analysis: Analysis, encoding: PositionEncoding) {
        id = plan.id.value
        title = plan.title.value
        people = analysis.compiled?.workspacePeople ?? WorkspacePlan.Person.of(plan)
        let lines = LineIndex(bytes)
        func range(_ source: SourceRange) -> MapcLSP.Range {
            lines.range(of: analysis.documentOffset(source.start), analysis.documentOffset(source.end), in: bytes,
                        encoding: encoding)
        }
        var symbols: [IndexedSymbol] = []
        for goal in plan.goals {
            symbols.append(IndexedSymbol(name: "\(goal.id.value): \(goal.title)", kind: SymbolKind.constant,
                                         range: range(goal.id.range), container: plan.title.value))
        }
        for task in plan.tasks {
            symbols.append(IndexedSymbol(name: task.displayName, kind: SymbolKind.event,
                                         range: range(task.idRange ?? task.titleRange), container: plan.title.value))
        }
        for milestone in plan.milestones {
            symbols.append(IndexedSymbol(name: milestone.title, kind: SymbolKind.key,
                                         range: range(milestone.titleRange), container: plan.title.value))
        }
        self.symbols = symbols
    }
}

/// LSP `SymbolKind` numbers the outline uses.
enum SymbolKind {
    static let file = 1
    static let module = 2
    static let namespace = 3
    static let `class` = 5
    static let field = 8
    static let constant = 14
    static let string = 15
    static let key = 20
    static let event = 24
}

/// File URIs and workspace paths.
enum Paths {
    /// `file:///a/b%20c.md` → `/a/b c.md`; nil for another scheme.
    static func path(fromURI uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = Substring(uri.dropFirst("file://".count))
        // A host part (`file://localhost/…`) is dropped.
        if !rest.hasPrefix("/"), let slash = rest.firstIndex(of: "/") { rest = rest[slash...] }
        return percentDecoded(rest)
    }

    /// `/a/b c.md` → `file:///a/b%20c.md`.
    static func uri(fromPath path: String) -> String {
        var out = "file://"
        for byte in path.utf8 {
            let safe = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || "/-_.~".utf8.contains(byte)
            if safe { out.unicodeScalars.append(Unicode.Scalar(byte)) }
            else { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
        }
        return out
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `path` relative to `root` when it is inside it, else `path` itself.
    static func relative(_ path: String, to root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        var result = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        while result.hasPrefix("./") { result.removeFirst(2) }
        return result
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
