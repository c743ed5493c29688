import MapcSite
import MapcSource
import CMapcSystem
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes a site so that the output folder is always either the old site or the new one,
/// whole (docs/robustness.md#the-output-folder): the new site is written into a hidden
/// staging folder beside it, then the two are swapped in one system call. On any failure
/// and on Ctrl-C the staging folder goes; only `SIGKILL` can leave one, and the next
/// build into the same place removes it.
public enum SiteWriter {
    public struct Failure: Error { public var message: String }

    /// The new site while it is written. Files may be put from several threads (each path
    /// once); `commit` swaps it in, `abandon` removes it. Create it while holding the lock
    /// on the output's parent (`DirectoryLock`), so leftovers of killed builds are known to
    /// be leftovers.
    public struct Staging: SiteOutput {
        let output: OutputFolder
        let folder: String
        /// Parents of the output this build created, deepest last: removed again on failure.
        private let createdParents: [String]
        private let written = Written()
        private let cleanup: Int

        /// Starts the staging folder; `createdParents` are the output's parents this build
        /// made (`makeParents`), removed again if it fails.
        public init(_ output: OutputFolder, createdParents: [String]) throws(Failure) {
            self.output = output
            self.createdParents = createdParents
            removeLeftovers(in: output.parent, name: output.name)
            folder = FileSystem.join(output.parent, ".\(output.name).mapc-new-\(getpid())")
            let folder = folder, createdParents = createdParents
            cleanup = Interruption.register { removeTree(folder); removeEmpty(createdParents) }
            guard mkdir(folder, 0o755) == 0 else {
                let reason = FileSystem.reason()
                Interruption.unregister(cleanup)
                removeEmpty(createdParents)
                throw Failure(message: "cannot write the site beside \(ShellQuoting.shown(output.shown)): \(reason)")
            }
            // Marks the folder as mapc's from its first moment, so a leftover is recognised.
            if let problem = FileSystem.writeNew(FileSystem.join(folder, SiteManifest.fileName),
                                                 Array(SiteManifest.header.utf8)) {
                abandon()
                throw Failure(message: problem)
            }
        }

        public func put(_ path: String, _ file: SiteFile) throws(Failure) {
            // Paths come from SitePaths: no `..`, no leading `/`; check again before writing.
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }),
                  path != SiteManifest.fileName else {
                throw Failure(message: "refusing to write outside the site: \(TerminalText.safe(path))")
            }
            try Interruption.critical { () throws(Failure) in
                let target = FileSystem.join(folder, path)
                let directory = FileSystem.parent(target)
                if directory != folder, FileSystem.kind(directory, follow: false) != .directory {
                    _ = try makeDirectories(directory)
                }
                let problem: String?
                switch file {
                case let .text(text):
                    var text = text
                    problem = text.withUTF8 { FileSystem.writeNew(target, UnsafeRawBufferPointer($0)) }
                case let .bytes(bytes):
                    problem = FileSystem.writeNew(target, bytes)
                case let .link(stored):
                    // Another file system, or no hard links: copy instead.
                    if FileSystem.hardLink(stored, target) {
                        problem = nil
                    } else {
                        switch FileSystem.read(stored, .own(limit: BuildCache.pageLimit)) {
                        case let .success(bytes): problem = FileSystem.writeNew(target, bytes)
                        case let .failure(error): problem = "cannot copy \(stored): \(error.message)"
                        }
                    }
                }
                if let problem { throw Failure(message: readable(problem)) }
                written.add(path)
            }
        }

        /// A file written in chunks as `produce` hands them over.
        public func stream(_ path: String, _ produce: (_ write: ([UInt8]) -> Void) -> Void) throws(Failure) {
            try Interruption.critical { () throws(Failure) in
                let target = FileSystem.join(folder, path)
                let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
                guard descriptor >= 0 else { throw Failure(message: readable("cannot write \(target): \(FileSystem.reason())")) }
                var failure: Int32 = 0
                produce { chunk in
                    guard failure == 0 else { return }
                    chunk.withUnsafeBytes { failure = FileSystem.writeAll(descriptor, $0) }
                }
                close(descriptor)
                if failure != 0 { throw Failure(message: readable("cannot write \(target): \(FileSystem.reason(failure))")) }
                written.add(path)
            }
        }

        /// Swaps the new site in, then removes the old one. If the old one cannot be
        /// removed, the two are swapped back: the old site stays whole and the build fails.
        public func commit() throws(Failure) {
            try Interruption.critical { () throws(Failure) in
                defer { Interruption.unregister(cleanup) }
                let marker = FileSystem.join(folder, SiteManifest.fileName)
                unlink(marker)
                if let problem = FileSystem.writeNew(marker, Array(SiteManifest.text(files: written.sorted()).utf8)) {
                    abandon()
                    throw Failure(message: problem)
                }
                let target = output.path
                guard FileSystem.kind(target, follow: false) == .directory else {
                    if rename(folder, target) != 0 {
                        let reason = FileSystem.reason()
                        abandon()
                        throw Failure(message: "cannot move the new site to \(ShellQuoting.shown(output.shown)): \(reason)")
                    }
                    return
                }
                // Checked again under the lock: something may have been put there meanwhile.
                if let problem = SiteManifest.problem(replacing: target, shown: output.shown) {
                    abandon()
                    throw Failure(message: problem)
                }
                guard mapc_exchange_paths(folder, target) == 0 else {
                    let reason = FileSystem.reason()
                    abandon()
                    throw Failure(message: "cannot swap the new site into \(ShellQuoting.shown(output.shown)): \(reason)")
                }
                // `folder` now holds the old site.
                if !removeTree(folder) {
                    let reason = FileSystem.reason()
                    if mapc_exchange_paths(folder, target) == 0 { removeTree(folder) }
                    throw Failure(message: "cannot remove the old site in \(ShellQuoting.shown(output.shown)) (\(reason)); "
                                  + "it was left as it was")
                }
            }
        }

        /// Pages kept aside go into a hidden folder of the staging folder, removed before the swap.
        private var asideFolder: String { FileSystem.join(folder, ".aside") }

        public func aside(_ text: String, name: String) -> SiteFile? {
            mkdir(asideFolder, 0o755)
            let path = FileSystem.join(asideFolder, name)
            return FileSystem.writeAtomically(path, text, exclusive: false, sync: false) == nil ? .link(path) : nil
        }

        public func discardAside() { removeTree(asideFolder) }

        public func spool() -> (any TextSpool)? {
            mkdir(asideFolder, 0o755)
            return FileSpool(path: FileSystem.join(asideFolder, "spool"))
        }

        /// A problem with the staging folder's path replaced by the site's, as the user knows it.
        private func readable(_ problem: String) -> String {
            problem.replacing(folder + "/", with: ShellQuoting.shown(output.shown) + "/")
        }

        public func abandon() {
            removeTree(folder)
            removeEmpty(createdParents)
            Interruption.unregister(cleanup)
        }
    }

    /// The paths put into a staging folder, from any thread.
    private final class Written: Sendable {
        private let paths = Mutex<[String]>([])
        func add(_ path: String) { paths.withLock { $0.append(path) } }
        func sorted() -> [String] { paths.withLock { $0.sorted() } }
    }

    /// Creates the folder that will hold the output, and its missing parents; answers the
    /// ones it created, for `Staging` to remove if the build fails.
    static func makeParents(of output: OutputFolder) throws(Failure) -> [String] {
        try makeDirectories(output.parent)
    }

    /// Creates a folder and its missing parents; answers the ones it created.
    private static func makeDirectories(_ path: String) throws(Failure) -> [String] {
        var created: [String] = []
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current = current.isEmpty ? "/" + part : current + "/" + part
            if mkdir(current, 0o755) == 0 {
                created.append(current)
            } else if errno != EEXIST {
                // EEXIST: there already, or made meanwhile by another thread.
                let reason = FileSystem.reason()
                removeEmpty(created)
                throw Failure(message: "cannot create \(current): \(reason)")
            }
        }
        return created
    }

    /// Removes folders this build created, if they are still empty.
    static func removeEmpty(_ folders: [String]) {
        for folder in folders.reversed() { rmdir(folder) }
    }

    /// Staging folders of builds that were killed. The caller holds the lock on `parent`,
    /// so no other build is writing one; only folders mapc marked (or left empty) go.
    private static func removeLeftovers(in parent: String, name: String) {
        let prefix = ".\(name).mapc-new-"
        for entry in FileSystem.entries(parent) ?? [] where entry.hasPrefix(prefix) {
            let path = FileSystem.join(parent, entry)
            guard FileSystem.kind(path, follow: false) == .directory else { continue }
            if case let .success(bytes) = FileSystem.read(FileSystem.join(path, SiteManifest.fileName), .own(limit: 1 << 26)),
               bytes.starts(with: Array(SiteManifest.header.utf8)) {
                removeTree(path)
            } else {
                rmdir(path)
            }
        }
    }

    /// Removes a folder tree without following symbolic links; false if something stayed.
    @discardableResult
    static func removeTree(_ path: String) -> Bool {
        var stack = [path]
        var directories: [String] = []
        var failure: Int32 = 0
        while let current = stack.popLast() {
            switch FileSystem.kind(current, follow: false) {
            case .directory:
                directories.append(current)
                for entry in FileSystem.entries(current) ?? [] { stack.append(FileSystem.join(current, entry)) }
            case .missing: break
            default: if unlink(current) != 0, errno != ENOENT { failure = errno }
            }
        }
        for directory in directories.reversed() where rmdir(directory) != 0 && errno != ENOENT { failure = errno }
        errno = failure
        return failure == 0
    }
}
