import Foundation
import MapcSource

/// A first-parent commit and the Markdown files it changed (docs/history.md#what-is-read).
public struct CommitRecord: Sendable, Equatable {
    /// The full commit id.
    public var id: String
    /// Its first parent, nil for a root commit.
    public var firstParent: String?
    /// The committer date's day, in the committer's own time zone: when the change
    /// reached the branch (an author date survives a rebase and can be older).
    public var day: Day
    public var changes: [FileChange]

    public init(id: String, firstParent: String?, day: Day, changes: [FileChange]) {
        self.id = id
        self.firstParent = firstParent
        self.day = day
        self.changes = changes
    }
}

/// One file's change in a commit: before and after, each a repository path and a blob id,
/// nil where the file did not exist (an addition, a deletion). A rename has both paths.
public struct FileChange: Sendable, Equatable {
    public var oldPath: String?
    public var oldBlob: String?
    public var newPath: String?
    public var newBlob: String?

    public init(oldPath: String?, oldBlob: String?, newPath: String?, newBlob: String?) {
        self.oldPath = oldPath
        self.oldBlob = oldBlob
        self.newPath = newPath
        self.newBlob = newBlob
    }
}

/// Lists the first-parent history of a commit with `git log --raw`: one process for
/// the whole history, renames detected by git (`-M`), only `*.md` files.
enum CommitWalk {
    /// The arguments of the walk from `head`, excluding what `base` reaches. The whole
    /// repository whatever folder git runs in (`:(top)`, `--no-relative`), and none of the
    /// user's settings that change what is printed (signatures, colours, diff drivers).
    static func arguments(head: String, excluding base: String?) -> [String] {
        ["-c", "core.quotePath=false", "log", "--first-parent", "--root", "--raw", "-z", "--no-abbrev", "-M",
         "--no-relative", "--no-show-signature", "--no-color", "--no-ext-diff", "--no-textconv",
         "--format=%x01%H%x02%P%x02%cI", head] + (base.map { ["^" + $0] } ?? []) + ["--", ":(top,icase)*.md"]
    }

    /// Commits oldest first. A commit whose date git cannot give as a day of years 1 to
    /// 9999 (a hand-made commit can hold anything there) takes the day of the commit
    /// before it on the line (`previous` for the first one read), else of the next one
    /// with a day, else 1970-01-01: one odd commit never stops the history.
    static func read(_ git: Git, head: String, excluding base: String?, previous: Day? = nil) throws(Git.Failure)
        -> [CommitRecord]
    {
        let output = try git.run(arguments(head: head, excluding: base), what: "cannot read the history of \(head)")
        guard let parsed = parse(output) else { throw Git.Failure("cannot read the history of \(head): unexpected output from git log") }
        return dated(parsed.reversed(), previous: previous)
    }

    /// Fills in the days of undated commits (`Day.undated`), oldest first.
    static func dated(_ commits: [CommitRecord], previous: Day?) -> [CommitRecord] {
        var commits = commits
        var last = previous
        for index in commits.indices {
            if commits[index].day == undated {
                commits[index].day = last ?? commits[index...].first { $0.day != undated }?.day ?? Day(iso: "1970-01-01")!
            }
            last = commits[index].day
        }
        return commits
    }

    /// Marks a commit whose date could not be read, until `dated` gives it one.
    static let undated = Day(iso: "0001-01-01")!

    /// Parses `git log -z --raw` output (newest first); nil when it is not what was asked for.
    static func parse(_ data: Data) -> [CommitRecord]? {
        var commits: [CommitRecord] = []
        var tokens = data.split(separator: 0, omittingEmptySubsequences: false).makeIterator()
        while let raw = tokens.next() {
            var token = raw
            while token.first == 0x0A { token = token.dropFirst() }
            if token.isEmpty { continue }
            if token.first == 0x01 {
                let fields = String(decoding: token.dropFirst(), as: UTF8.self).split(separator: "\u{02}", omittingEmptySubsequences: false)
                guard fields.count == 3, !fields[0].isEmpty else { return nil }
                // `YYYY-MM-DDThh:mm:ss±hh:mm`; anything else (an empty date, year 10000 and on) is undated.
                let date = fields[2]
                let day = date.count == 25 ? Day(iso: date.prefix(10)) ?? undated : undated
                let parents = fields[1].split(separator: " ").map(String.init)
                commits.append(CommitRecord(id: String(fields[0]), firstParent: parents.first, day: day, changes: []))
                continue
            }
            // `:<old mode> <new mode> <old blob> <new blob> <status>`, then one path, two for R and C.
            guard token.first == 0x3A, !commits.isEmpty else { return nil }
            let fields = String(decoding: token.dropFirst(), as: UTF8.self).split(separator: " ")
            guard fields.count == 5, let status = fields[4].first, let first = tokens.next() else { return nil }
            let oldPath = String(decoding: first, as: UTF8.self)
            var newPath = oldPath
            if status == "R" || status == "C" {
                guard let second = tokens.next() else { return nil }
                newPath = String(decoding: second, as: UTF8.self)
            }
            let regular: Set<Substring> = ["100644", "100755"]
            let zero = { (blob: Substring) in blob.allSatisfy { $0 == "0" } }
            var change = FileChange(oldPath: nil, oldBlob: nil, newPath: nil, newBlob: nil)
            // A symbolic link or a submodule is no plan file: as if absent on that side.
            if status != "A", regular.contains(fields[0]), !zero(fields[2]), PlanFiles.isCandidate(oldPath) {
                change.oldPath = oldPath
                change.oldBlob = String(fields[2])
            }
            if status == "C" { change.oldPath = nil; change.oldBlob = nil }
            if status != "D", regular.contains(fields[1]), !zero(fields[3]), PlanFiles.isCandidate(newPath) {
                change.newPath = newPath
                change.newBlob = String(fields[3])
            }
            guard change.oldPath != nil || change.newPath != nil else { continue }
            commits[commits.count - 1].changes.append(change)
        }
        return commits
    }
}
