import Foundation
import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// Where the history cache keeps its files (docs/history.md#the-cache): a few named
/// files, each loaded only when the store itself wrote it, and saved whole.
public protocol HistoryStore: Sendable {
    /// The bytes last saved under `name`, or nil when there are none that can be trusted.
    func load(_ name: String) -> [UInt8]?
    /// Saves `bytes` under `name`, replacing what was there; failures are ignored (the
    /// next run reads git again).
    func save(_ name: String, _ bytes: [UInt8])
}

/// What `mapc history` is asked for.
public struct HistoryRequest: Sendable {
    /// Plan files or folders, as typed (default: the current folder). git runs in the
    /// first one's folder.
    public var paths: [String]
    /// Read the history as it was on this day: commits after it are left out.
    public var until: Day?
    /// The revision whose history is read (default `HEAD`).
    public var revision = "HEAD"
    public var limits = InputLimits.standard
    /// One core only (`MAPC_JOBS=1`).
    public var serial = false

    public init(paths: [String], until: Day? = nil) {
        self.paths = paths.isEmpty ? ["."] : paths
        self.until = until
    }
}

/// The histories of the plans under the paths, and what reading them took.
public struct HistoryReport: Sendable {
    /// The commit whose first-parent history was read.
    public var head: String
    public var plans: [PlanHistory]
    /// First-parent commits that touched Markdown files, and blobs read from git (the rest
    /// came from the cache).
    public var commitsWalked: Int
    public var blobsRead: Int
}

/// Why there is no history to show: said to the user as it is.
public enum HistoryProblem: Error, Sendable, Equatable {
    /// Not inside a git repository, or a path that is not there.
    case unavailable(String)
    /// A shallow clone: the history is cut, and numbers from it would be wrong.
    case shallow(String)
    /// git failed.
    case git(String)

    public var message: String {
        switch self {
        case let .unavailable(message), let .shallow(message), let .git(message): message
        }
    }

    /// What a shallow clone is told to change (docs/history.md#in-ci).
    public static let shallowAdvice = "this is a shallow clone, so its history is incomplete and mapc will not count "
        + "from it; fetch the whole history (`git fetch --unshallow`), or in GitHub Actions give actions/checkout "
        + "`fetch-depth: 0`"
}

/// Reads the plans' history from git, through the cache: what a blob gave is kept by its
/// blob id, and the list of commits by the commit it ends at, so a run after one new
/// commit asks git for that commit and its changed files only.
public enum HistoryReader {
    /// Bump when what the cache holds, or how it is computed, changes.
    static let format = 3
    /// The most blob bytes asked of git at once.
    static let batchBytes = 64 << 20

    public static func read(_ request: HistoryRequest, store: HistoryStore?) throws(HistoryProblem) -> HistoryReport {
        let base = try baseFolder(request.paths[0])
        let git = Git(folder: base)
        let facts: [String]
        do {
            facts = try git.line(["rev-parse", "--is-shallow-repository", "--show-toplevel", "--show-prefix"],
                                 what: "not a git repository").split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
        } catch {
            // A repository owned by another user (a CI container, a shared folder): git
            // refuses it, and says how to allow it; "not a repository" would mislead.
            if error.message.contains("safe.directory") {
                throw .git("git will not read the repository of `\(base)`, which another user owns; to allow it: "
                           + "`git config --global --add safe.directory <its top folder>`")
            }
            throw .unavailable("`\(base)` is not in a git repository: there is no history to read")
        }
        guard facts.count >= 2 else { throw .git("cannot find the repository's top") }
        if facts[0] == "true" { throw .shallow(HistoryProblem.shallowAdvice) }
        let top = facts[1], prefix = facts.count > 2 ? facts[2] : ""
        let head: String
        do {
            head = try git.line(["rev-parse", "--verify", "--quiet", request.revision + "^{commit}"],
                                what: "unknown revision")
        } catch {
            throw request.revision == "HEAD" ? .unavailable("the repository has no commits yet: there is no history to read")
                                             : .git("unknown git revision `\(request.revision)`")
        }
        var commits: [CommitRecord]
        var table: SnapshotTable
        var blobsRead = 0
        do {
            commits = try walk(git, head: head, store: store)
            (table, blobsRead) = try readSnapshots(git, commits, limits: request.limits, serial: request.serial, store: store)
        } catch {
            throw .git(error.message)
        }
        if let until = request.until, let last = commits.lastIndex(where: { $0.day <= until }) {
            commits.removeSubrange((last + 1)...)
        } else if request.until != nil {
            commits = []
        }
        let selected = try selection(request.paths, top: top)
        let up = String(repeating: "../", count: prefix.split(separator: "/").count)
        let shown = { (name: String) in
            Paths.join(base, name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : up + name)
        }
        // Histories of files whose versions are unchanged come from the cache: only the
        // plans a new commit touched are paired again.
        let key = settingsKey(request.limits)
        let cached = loadHistories(store, key: key)
        let (plans, byKey) = HistoryBuilder.build(commits: commits, table: &table, cached: cached, serial: request.serial,
                                                  select: selected, shown: shown)
        if Set(byKey.keys) != Set(cached.keys) { saveHistories(byKey, store, key: key) }
        return HistoryReport(head: head, plans: plans, commitsWalked: commits.count, blobsRead: blobsRead)
    }

    /// The folder git runs in: the first path's folder, else the current one.
    public static func baseFolder(_ first: String) throws(HistoryProblem) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: first, isDirectory: &isFolder) else {
            throw .unavailable("no such file or directory: \(first)")
        }
        if isFolder.boolValue { return first }
        let parent = (first as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// Which repository paths the paths name: a folder names what is under it.
    static func selection(_ paths: [String], top: String) throws(HistoryProblem) -> (String) -> Bool {
        let realTop = Paths.real(top) ?? top
        var prefixes: [String] = []
        for path in paths {
            guard let real = Paths.real(path) else { throw .unavailable("no such file or directory: \(path)") }
            guard real == realTop || real.hasPrefix(realTop + "/") else {
                throw .unavailable("`\(path)` is not in the repository of `\(paths[0])`")
            }
            prefixes.append(real == realTop ? "" : String(real.dropFirst(realTop.count + 1)))
        }
        return { name in prefixes.contains { $0.isEmpty || name == $0 || name.hasPrefix($0 + "/") } }
    }

    // MARK: the commits, through the cache

    /// The first-parent commits up to `head`, oldest first. From the cache when it ends at
    /// `head`; when `head` continues the cached line, only the new commits are read; when
    /// the branch was rewritten (a force-push, a reset), or the cached head is unknown here
    /// (pruned since, or another repository's), the whole line is read again.
    static func walk(_ git: Git, head: String, store: HistoryStore?) throws(Git.Failure) -> [CommitRecord] {
        if let cached = store?.load("commits").flatMap(decodeCommits) {
            if cached.head == head { return cached.commits }
            if let index = cached.commits.lastIndex(where: { $0.id == head }) {
                return Array(cached.commits[...index])
            }
            // The oldest commit of `head ^cached` must have the cached head as first parent.
            if let line = try? git.run(["rev-list", "--first-parent", "--parents", head, "^" + cached.head, "--"],
                                       what: "cannot read the history of \(head)"),
               let oldest = Git.text(line).split(separator: "\n").last?.split(separator: " "),
               oldest.count >= 2, oldest[1] == cached.head
            {
                let commits = cached.commits + (try CommitWalk.read(git, head: head, excluding: cached.head,
                                                                     previous: cached.commits.last?.day))
                store?.save("commits", encodeCommits(head: head, commits))
                return commits
            }
        }
        let commits = try CommitWalk.read(git, head: head, excluding: nil)
        store?.save("commits", encodeCommits(head: head, commits))
        return commits
    }

    /// The settings a cached reading depends on: mapc's version, the cache's format, the limits.
    static func settingsKey(_ limits: InputLimits) -> String {
        "\(MapcVersion.current) \(format) \(limits.fileSize) \(limits.lineLength)"
    }

    /// What every blob of the commits gave: from the cache, else read from git (in batches,
    /// so memory stays bounded) and lowered on every core. Also how many blobs git gave.
    static func readSnapshots(_ git: Git, _ commits: [CommitRecord], limits: InputLimits, serial: Bool,
                              store: HistoryStore?) throws(Git.Failure) -> (SnapshotTable, Int) {
        let key = settingsKey(limits)
        var table = store?.load("blobs").flatMap { SnapshotTable.decode($0, key: key) } ?? SnapshotTable()
        if let recent = store?.load("blobs-new").flatMap({ SnapshotTable.decode($0, key: key) }) { table.merge(recent) }
        var wanted: [String] = []
        var seen = Set<String>()
        for commit in commits {
            for change in commit.changes {
                if let blob = change.newBlob, !table.contains(blob), seen.insert(blob).inserted { wanted.append(blob) }
            }
        }
        // Sizes first: a blob over the size limit (a commit may add a huge file) is never
        // read, and each batch holds at most `batchBytes`, so memory stays bounded.
        let sizes = try git.blobSizes(wanted, what: "cannot read the plans' history")
        var batches: [[String]] = [[]]
        var batchSize = 0
        for blob in wanted {
            guard let size = sizes[blob] else {
                table.insert(blob, PlanSnapshot(kind: .broken("git has no blob \(blob)")))
                continue
            }
            guard size <= limits.fileSize else {
                table.insert(blob, PlanSnapshot.overSizeLimit(limits))
                continue
            }
            if batches[batches.count - 1].count == 4096 || batchSize + size > batchBytes, !batches[batches.count - 1].isEmpty {
                batches.append([])
                batchSize = 0
            }
            batches[batches.count - 1].append(blob)
            batchSize += size
        }
        var read = 0
        for batch in batches where !batch.isEmpty {
            let contents = try git.blobs(batch, what: "cannot read the plans' history")
            read += contents.count
            let snapshots = ParallelMap.map(batch, serial: serial) { blob -> PlanSnapshot in
                guard let bytes = contents[blob] else { return PlanSnapshot(kind: .broken("git has no blob \(blob)")) }
                return PlanSnapshot.read(path: "plan.md", bytes: bytes, limits: limits)
            }
            for (blob, snapshot) in zip(batch, snapshots) { table.insert(blob, snapshot) }
        }
        // Blobs no commit refers to any more (a rewritten branch) are dropped when the
        // main file is written again.
        table.retain(Set(commits.flatMap { $0.changes.compactMap(\.newBlob) }))
        if let store { table.save(store, key: key) }
        return (table, read)
    }

    /// Histories computed before, by the key of the file's versions.
    static func loadHistories(_ store: HistoryStore?, key: String) -> [Digest: PlanHistory] {
        guard let bytes = store?.load("plans"), var input = ByteReader(checked: bytes) else { return [:] }
        do throws(ByteReader.Damaged) {
            guard try input.string() == "mapc-history-plans", try input.int() == format, try input.string() == key else {
                return [:]
            }
            var result: [Digest: PlanHistory] = [:]
            for _ in 0..<(try input.count()) {
                guard let digest = Digest(bytes: try input.raw(32)) else { throw ByteReader.Damaged() }
                result[digest] = try PlanHistory.decode(&input)
            }
            return input.isAtEnd ? result : [:]
        } catch {
            return [:]
        }
    }

    static func saveHistories(_ histories: [Digest: PlanHistory], _ store: HistoryStore?, key: String) {
        guard let store else { return }
        var out = ByteWriter()
        out.string("mapc-history-plans"); out.int(format); out.string(key)
        out.int(histories.count)
        for (digest, history) in histories.sorted(by: { $0.key.description < $1.key.description }) {
            out.append(digest.bytes)
            history.encode(&out)
        }
        store.save("plans", out.checkedBytes)
    }

    // MARK: cache files (each ends with its SHA-256: a damaged file is ignored whole)

    static func encodeCommits(head: String, _ commits: [CommitRecord]) -> [UInt8] {
        var out = ByteWriter()
        out.string("mapc-history-commits"); out.int(format); out.string(head)
        out.int(commits.count)
        for commit in commits {
            out.string(commit.id); out.optional(commit.firstParent); out.day(commit.day)
            out.int(commit.changes.count)
            for change in commit.changes {
                out.optional(change.oldPath); out.optional(change.oldBlob); out.optional(change.newPath); out.optional(change.newBlob)
            }
        }
        return out.checkedBytes
    }

    static func decodeCommits(_ bytes: [UInt8]) -> (head: String, commits: [CommitRecord])? {
        guard var input = ByteReader(checked: bytes) else { return nil }
        do throws(ByteReader.Damaged) {
            guard try input.string() == "mapc-history-commits", try input.int() == format else { return nil }
            let head = try input.string()
            var commits: [CommitRecord] = []
            for _ in 0..<(try input.count()) {
                let id = try input.string(), parent = try input.optional()
                guard let day = try input.day() else { return nil }
                var commit = CommitRecord(id: id, firstParent: parent, day: day, changes: [])
                for _ in 0..<(try input.count()) {
                    commit.changes.append(FileChange(oldPath: try input.optional(), oldBlob: try input.optional(),
                                                     newPath: try input.optional(), newBlob: try input.optional()))
                }
                commits.append(commit)
            }
            return input.isAtEnd ? (head, commits) : nil
        } catch {
            return nil
        }
    }

}

/// Path helpers (MapcBuild's `FileSystem` sits above this module).
enum Paths {
    /// The canonical absolute path, or nil when it does not exist.
    static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `folder/name`, without `./` in front and without a doubled slash.
    static func join(_ folder: String, _ name: String) -> String {
        if folder == "." || folder.isEmpty { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
