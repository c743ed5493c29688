import ArgumentParser
import Foundation
import MapcEmit
import MapcSource
import MapcBuild
import MapcCheck
import MapcDiff
import MapcHistory

/// `mapc diff`: the semantic change between two versions of plans
/// (docs/review.md#mapc-diff-the-semantic-change).
///
/// Two files, two folders, or two git revisions of the repository the command runs in.
/// Each side is compiled like `mapc check` (same configuration, same "today"), then
/// `PlanDiffer` pairs plans and their items. Exit 0 whenever the diff was made.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the semantic change between two versions of plans.",
        discussion: """
            mapc diff OLD NEW compares two plan files or two folders of plans. \
            mapc diff --git REV compares the plans at a git revision with the working tree; \
            --git A..B compares two revisions, --git A...B compares B with its merge base with A. \
            Exit status: 0 when the diff was made, whatever changed; 2 on bad usage.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, text, json }

    @Argument(help: "OLD and NEW (files or folders); with --git, paths that limit the diff (default: the current folder).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("Compare plans at git revisions: REV (against the working tree), REV..REV, or REV...REV.",
                               valueName: "revisions"))
    var git: String?

    @Option(help: "Output format: markdown (a pull-request comment), text or json.")
    var format: Format = .markdown

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = Console.current
        let diff: WorkspaceDiff
        if let git {
            let sides = GitSides(spec: git, paths: paths, global: global, console: console)
            let loaded = try sides.load()
            diff = PlanDiffer.diff(old: loaded.old, new: loaded.new,
                                   earlierSlips: sides.earlierSlips(at: loaded.oldRevision, loaded.configuration))
        } else {
            let (old, new) = try fileSides(console)
            diff = PlanDiffer.diff(old: old, new: new)
        }
        switch format {
        case .markdown: console.out(MarkdownDiff.render(diff))
        case .text: console.out(TextDiff.render(diff))
        case .json: console.out(JSONDiff.render(diff))
        }
    }

    /// `mapc diff OLD NEW`: each side compiled like `mapc check` compiles it.
    private func fileSides(_ console: Console) throws(UsageError) -> ([PlanVersion], [PlanVersion]) {
        guard paths.count == 2 else {
            throw UsageError("give two versions to compare: `mapc diff OLD NEW` (files or folders), or `mapc diff --git REV`")
        }
        let kinds = paths.map { FileSystem.kind($0, follow: true) }
        for (path, kind) in zip(paths, kinds) where kind == .missing {
            throw UsageError("no such file or directory: \(path)")
        }
        guard (kinds[0] == .directory) == (kinds[1] == .directory) else {
            throw UsageError("compare a file with a file, or a folder with a folder: \(paths[0]) and \(paths[1]) differ")
        }
        return try (side(paths[0], console), side(paths[1], console))
    }

    private func side(_ path: String, _ console: Console) throws(UsageError) -> [PlanVersion] {
        let compilation = try Session.compile([path], global, console)
        Self.reportUnreadable(compilation, console)
        guard FileSystem.kind(path, follow: true) == .directory else {
            // Two files are two versions of one plan, whatever their names say.
            return Self.versions(compilation, root: "") { _ in "" }
        }
        let root = path == "." ? "" : (path.hasSuffix("/") ? path : path + "/")
        return Self.versions(compilation, root: root) { $0.hasPrefix(root) ? String($0.dropFirst(root.count)) : $0 }
    }

    /// The plans of a compilation as one side. `relative` gives, for a file read, the path
    /// that pairs it with the other side. `root` is dropped from messages before the two
    /// sides' diagnostics are compared.
    static func versions(_ compilation: Compilation, root: String, relative: (String) -> String) -> [PlanVersion] {
        var byFile: [String: [Diagnostic]] = [:]
        for diagnostic in compilation.diagnostics { byFile[diagnostic.file, default: []].append(diagnostic) }
        return compilation.plans.map { compiled in
            let path = compiled.source.path
            return PlanVersion(plan: compiled.plan, path: path, relativePath: relative(path), root: root,
                               diagnostics: byFile[path] ?? [])
        }
    }

    /// A file that cannot be read, or is over the size limits, is left out of the diff,
    /// and said so.
    static func reportUnreadable(_ compilation: Compilation, _ console: Console) {
        for diagnostic in compilation.diagnostics where diagnostic.rule == FileUnreadable.id || diagnostic.rule == InputLimit.id {
            console.err("mapc: warning: \(TerminalText.safe(diagnostic.message)); left out of the diff\n")
        }
    }
}

/// The two sides of `mapc diff --git`: plans at revisions, read with `git ls-tree` and
/// `git cat-file`, or the working tree's plans that git tracks or would track.
///
/// git runs in the folder of the first path (default: the current folder), so the
/// repository is the one holding the plans; files are listed by their names from the
/// repository's top (never `..`) and shown relative to that folder as the user typed it.
struct GitSides {
    var spec: String
    var paths: [String]
    var global: GlobalOptions
    var console: Console

    /// Both sides, the old side's commit, and the configuration they were compiled with.
    func load() throws(UsageError)
        -> (old: [PlanVersion], new: [PlanVersion], oldRevision: String, configuration: Configuration)
    {
        let base = try baseFolder()
        _ = try git(["rev-parse", "--git-dir"], in: base, what: "mapc diff --git needs a git repository")
        let (oldRevision, newRevision) = try revisions(base)
        let configuration = try global.loadConfiguration(near: paths.first ?? ".", console)
        let workspace = Workspace(configuration: configuration, today: try global.resolveToday(configuration, console))
        if global.verbose {
            console.err("mapc: comparing \(TerminalText.safe(oldRevision)) with \(newRevision.map(TerminalText.safe) ?? "the working tree")\n")
        }
        // `plans/` from the top of the repository to `base`, and `../` back up.
        let prefix = try gitLine(["rev-parse", "--show-prefix"], in: base, what: "cannot find the repository's top")
        let up = try gitLine(["rev-parse", "--show-cdup"], in: base, what: "cannot find the repository's top")
        let shown = { (name: String) in
            FileSystem.join(base, name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : up + name)
        }
        let pathspecs = paths.isEmpty ? ["."] : paths.map { FileSystem.realPath($0) ?? $0 }
        let old = try side(at: oldRevision, base, pathspecs, workspace, shown)
        let new: [PlanVersion]
        if let newRevision {
            new = try side(at: newRevision, base, pathspecs, workspace, shown)
        } else {
            new = try workingTree(base, pathspecs, workspace, shown)
        }
        return (old, new, oldRevision, configuration)
    }

    /// The days of each old task's earlier slips, from the history of the old revision
    /// (docs/history.md#in-review), or nil when it cannot be read: a shallow clone says
    /// so on stderr and the diff goes on without counts, never with wrong ones.
    func earlierSlips(at revision: String, _ configuration: Configuration) -> PlanDiffer.EarlierSlips? {
        var request = HistoryRequest(paths: paths)
        request.revision = revision
        request.limits = configuration.limits
        request.serial = console.environment["MAPC_JOBS"] == "1"
        let report: HistoryReport
        do {
            report = try HistoryCommand.read(request, noCache: false, cacheDir: nil, configuration: configuration,
                                             console: console)
        } catch {
            console.err("mapc: note: \(TerminalText.safe(error.message)); earlier slips are not counted\n")
            return nil
        }
        let byPath = Dictionary(report.plans.map { ($0.repositoryPath, $0) }, uniquingKeysWith: { first, _ in first })
        return { version in
            // Only when history's latest reading of the plan is the version compared.
            guard let history = byPath[version.relativePath],
                  history.latestTaskIDs == version.plan.tasks.map(\.id) else { return { _ in [] } }
            return { index in history.slips(ofTaskAt: index).map(\.days) }
        }
    }

    /// The folder git runs in: the first path's folder, else the current one (as `mapc history`).
    private func baseFolder() throws(UsageError) -> String {
        guard let first = paths.first else { return "." }
        do {
            return try HistoryReader.baseFolder(first)
        } catch {
            throw UsageError(error.message)
        }
    }

    /// `A..B`, `A...B` (B against the merge base) or `A` (against the working tree), as commit ids.
    private func revisions(_ base: String) throws(UsageError) -> (String, String?) {
        func commit(_ revision: String) throws(UsageError) -> String {
            let revision = revision.isEmpty ? "HEAD" : revision
            guard !revision.hasPrefix("-") else { throw UsageError("not a git revision: `\(revision)`") }
            return try gitLine(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: base,
                               what: "unknown git revision `\(revision)`")
        }
        if let range = spec.range(of: "...") {
            let head = try commit(String(spec[range.upperBound...]))
            let other = try commit(String(spec[..<range.lowerBound]))
            return (try gitLine(["merge-base", other, head], in: base, what: "no merge base for `\(spec)`"), head)
        }
        if let range = spec.range(of: "..") {
            return try (commit(String(spec[..<range.lowerBound])), commit(String(spec[range.upperBound...])))
        }
        guard !spec.isEmpty else { throw UsageError("--git needs a revision, e.g. `--git HEAD` or `--git main..HEAD`") }
        return (try commit(spec), nil)
    }

    /// The plans of a revision: its Markdown blobs under the paths, read with one
    /// `git cat-file --batch` and compiled in memory (nothing is written, so an interrupted
    /// diff leaves nothing behind), shown as if read here. A blob over the size limit is
    /// not read (`input-limit`).
    private func side(at revision: String, _ base: String, _ pathspecs: [String], _ workspace: Workspace,
                      _ shown: (String) -> String) throws(UsageError) -> [PlanVersion]
    {
        let listing = try git(["ls-tree", "-r", "-z", "-l", "--full-name", revision, "--"] + pathspecs, in: base,
                              what: "cannot list the files of \(revision)")
        let limit = workspace.configuration.limits.fileSize
        var blobs: [(name: String, object: String)] = []
        var contents: [(path: String, read: Result<[UInt8], FileSystem.ReadError>)] = []
        for entry in listing.split(separator: 0) {
            // `<mode> SP <type> SP <object> SP+ <size> TAB <name>`; symbolic links (120000) are not walked.
            guard let tab = entry.firstIndex(of: 0x09) else { continue }
            let fields = String(decoding: entry[..<tab], as: UTF8.self).split(separator: " ")
            let name = String(decoding: entry[(tab + 1)...], as: UTF8.self)
            guard fields.count == 4, fields[1] == "blob", fields[0] == "100644" || fields[0] == "100755",
                  PlanFiles.isCandidate(name), let size = Int(fields[3]) else { continue }
            if size > limit {
                contents.append((shown(name), .failure(FileSystem.ReadError(message: "too large", size: size))))
            } else {
                blobs.append((name, String(fields[2])))
            }
        }
        var names: [String: String] = [:]
        for (name, _) in blobs { names[shown(name)] = name }
        if !blobs.isEmpty {
            let read: [String: [UInt8]]
            do {
                read = try Git(folder: base).blobs(blobs.map(\.object), what: "cannot read the plans of \(revision)")
            } catch {
                throw UsageError(error.message)
            }
            for blob in blobs {
                guard let bytes = read[blob.object] else {
                    throw UsageError("cannot read the plans of \(revision): git has no blob \(blob.object)")
                }
                contents.append((shown(blob.name), .success(bytes)))
            }
        }
        let compilation = workspace.compile(contents: contents.sorted { $0.path < $1.path })
        DiffCommand.reportUnreadable(compilation, console)
        return DiffCommand.versions(compilation, root: "") { names[$0] ?? $0 }
    }

    /// The working tree: files git tracks or would track (not ignored ones), as they are now.
    private func workingTree(_ base: String, _ pathspecs: [String], _ workspace: Workspace,
                             _ shown: (String) -> String) throws(UsageError) -> [PlanVersion]
    {
        let listing = try git(["ls-files", "-z", "--full-name", "--cached", "--others", "--exclude-standard", "--"]
                              + pathspecs, in: base, what: "cannot list the working tree")
        var names: [String: String] = [:]
        for entry in listing.split(separator: 0) {
            let name = String(decoding: entry, as: UTF8.self)
            let path = shown(name)
            // A tracked file deleted from the working tree is simply not there any more.
            guard PlanFiles.isCandidate(name), FileSystem.kind(path, follow: false) == .file else { continue }
            names[path] = name
        }
        let compilation = workspace.compile(names.keys.sorted().map { Workspace.Candidate(path: $0, explicit: false) })
        DiffCommand.reportUnreadable(compilation, console)
        return DiffCommand.versions(compilation, root: "") { names[$0] ?? $0 }
    }

    /// One line of git's output (`Git.line`), or a usage error with git's own words.
    private func gitLine(_ arguments: [String], in folder: String, what: String) throws(UsageError) -> String {
        do {
            return try Git(folder: folder).line(arguments, what: what)
        } catch {
            throw UsageError(error.message)
        }
    }

    /// Runs git in `folder` (docs/history.md#reading-git); its output, or a usage error
    /// with git's own words.
    private func git(_ arguments: [String], in folder: String, what: String) throws(UsageError) -> Data {
        do {
            return try Git(folder: folder).run(arguments, what: what)
        } catch {
            throw UsageError(error.message)
        }
    }

}
