import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// The folder `mapc build` writes, checked before anything is written
/// (docs/robustness.md#the-output-folder).
///
/// mapc replaces a folder only when it made it: the folder does not exist, is empty, or is
/// a site mapc wrote (its `.mapc-site` marker lists every file, and nothing else is there).
/// It never writes into, or over, what the build reads or where the user works: an input,
/// the workspace root, the current folder, the templates, the configuration, the cache —
/// compared by what the paths name, not by how they are spelt.
public struct OutputFolder: Sendable {
    /// The folder as the user wrote it, for messages (trailing slashes removed).
    public let shown: String
    /// The real folder that holds it (absolute, no symbolic links).
    let parent: String
    /// Its name in `parent`.
    let name: String
    /// True when something is there now (an empty folder or an earlier site).
    let exists: Bool

    /// The absolute path the site is written to.
    public var path: String { parent == "/" ? "/" + name : parent + "/" + name }

    /// Something the output must not be, nor contain.
    struct Protected {
        var path: String
        /// What it is, for the message: "the input `plans`", "the current folder".
        var role: String
    }

    /// Decides whether `output` may be written, or says why not and what to do.
    static func check(_ output: String, protecting protected: [Protected]) throws(UsageError) -> OutputFolder {
        var shown = output
        while shown.count > 1, shown.hasSuffix("/") { shown.removeLast() }
        guard !shown.isEmpty else { throw UsageError("the output folder is empty: give one with `-o`, e.g. `-o _site`") }
        let quoted = "`" + ShellQuoting.shown(shown) + "`"
        let kind: FileSystem.Kind
        switch FileSystem.lookUp(shown, follow: false) {
        case let .success(found): kind = found
        case let .failure(error): throw UsageError("cannot use \(quoted) as the output folder: \(error.message)")
        }
        switch kind {
        case .symlink:
            throw UsageError("refusing to build into \(quoted): it is a symbolic link, and mapc replaces the folder it "
                             + "names; give the real folder, or another name")
        case .file, .other:
            throw UsageError("refusing to build into \(quoted): it exists and is not a folder; choose another output "
                             + "folder with `-o`")
        case .missing, .directory:
            break
        }
        let absolute = try resolve(shown, exists: kind == .directory)
        guard absolute != "/" else {
            throw UsageError("refusing to build into \(quoted): it is the root of the file system")
        }
        let folder = OutputFolder(shown: shown, parent: FileSystem.parent(absolute),
                                  name: String(absolute.split(separator: "/").last!), exists: kind == .directory)
        // "is" before "contains": `-o .` is the current folder before it holds an input.
        for item in protected { try folder.refuse(item, containing: false) }
        for item in protected { try folder.refuse(item, containing: true) }
        return folder
    }

    /// The absolute, symbolic-link-free path of the output, also when it does not exist yet:
    /// its nearest existing ancestor resolved, the rest appended as written.
    private static func resolve(_ path: String, exists: Bool) throws(UsageError) -> String {
        if exists, let real = FileSystem.realPath(path) { return real }
        var missing: [Substring] = []
        var ancestor = path
        while FileSystem.kind(ancestor, follow: true) == .missing {
            missing.insert(Substring(ancestor.split(separator: "/").last ?? ""), at: 0)
            let up = FileSystem.parent(ancestor)
            if up == ancestor { break }
            ancestor = up
        }
        guard FileSystem.kind(ancestor, follow: true) == .directory, let real = FileSystem.realPath(ancestor) else {
            throw UsageError("cannot build into `\(ShellQuoting.shown(path))`: `\(ShellQuoting.shown(ancestor))` is not a folder")
        }
        // `..` after a folder that does not exist cannot be resolved the way the system would.
        if missing.contains(where: { $0 == "." || $0 == ".." }) {
            throw UsageError("cannot build into `\(ShellQuoting.shown(path))`: write the path without `.` or `..` "
                             + "after a folder that does not exist")
        }
        return ([real == "/" ? "" : real] + missing.map(String.init)).joined(separator: "/")
    }

    /// Refuses an output that is `item` or, with `containing`, holds it.
    private func refuse(_ item: Protected, containing: Bool) throws(UsageError) {
        guard let real = FileSystem.realPath(item.path) else { return }
        let same = real == path || (exists && FileSystem.identity(real) == FileSystem.identity(path))
        guard same || (containing && (real.hasPrefix(path + "/") || holdsByIdentity(real))) else { return }
        throw UsageError("refusing to build into `\(ShellQuoting.shown(shown))`: it \(same ? "is" : "contains") \(item.role), "
                         + "and building replaces the whole folder; choose an output folder of its own, e.g. `-o _site`")
    }

    /// On a case-insensitive file system, or through a bind mount, one folder has several
    /// spellings: compare what the output and each ancestor of `real` name.
    private func holdsByIdentity(_ real: String) -> Bool {
        guard exists, let output = FileSystem.identity(path) else { return false }
        var current = real
        while true {
            if FileSystem.identity(current) == output { return true }
            let up = FileSystem.parent(current)
            if up == current { return false }
            current = up
        }
    }
}
