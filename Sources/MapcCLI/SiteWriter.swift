import CMapcSystem
#if canImport(Glibc)
import Glibc
#endif

/// Writes a site so that the output folder is always either the old site or the new one,
/// whole: the new site is written beside it, then the two are swapped in one system call
/// (SPEC §5, "written atomically"). A killed build leaves only a hidden temporary folder,
/// which the next build removes.
enum SiteWriter {
    struct Failure: Error { var message: String }

    /// A file of the site: text to write, or a stored file to link (the build cache's).
    enum File {
        case text(String)
        case bytes([UInt8])
        case link(String)
    }

    static func write(_ files: [String: String], to output: String) throws(Failure) {
        try write(files.mapValues { File.text($0) }, to: output)
    }

    static func write(_ files: [String: File], to output: String) throws(Failure) {
        let staging = try Staging(output)
        do {
            for (path, file) in files.sorted(by: { $0.key < $1.key }) { try staging.put(path, file) }
            try staging.commit()
        } catch {
            staging.abandon()
            throw error
        }
    }

    /// The new site while it is written: a hidden folder beside the output. Files may be
    /// put from several threads (each path once); `commit` swaps it in, `abandon` removes it.
    struct Staging: Sendable {
        let output: String
        let folder: String

        init(_ output: String) throws(Failure) {
            let trimmed = output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
            let parent = FileSystem.parent(trimmed)
            let name = String(trimmed.split(separator: "/").last ?? Substring(trimmed))
            guard !name.isEmpty, name != ".", name != ".." else { throw Failure(message: "cannot build into `\(output)`") }
            switch FileSystem.kind(trimmed, follow: false) {
            case .missing, .directory: break
            case .symlink: throw Failure(message: "`\(output)` is a symbolic link; give the real folder")
            default: throw Failure(message: "`\(output)` exists and is not a folder")
            }
            if FileSystem.kind(parent, follow: true) == .missing { try makeDirectories(parent) }
            removeLeftovers(in: parent, name: name)
            self.output = trimmed
            folder = FileSystem.join(parent, ".\(name).mapc-new-\(getpid())")
            try makeDirectories(folder)
        }

        func put(_ path: String, _ file: File) throws(Failure) {
            // Paths come from SitePaths: no `..`, no leading `/`; check again before writing.
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
                throw Failure(message: "refusing to write outside the site: \(path)")
            }
            let target = FileSystem.join(folder, path)
            let directory = FileSystem.parent(target)
            if directory != folder, FileSystem.kind(directory, follow: false) != .directory {
                try makeDirectories(directory)
            }
            switch file {
            case let .text(text):
                if let problem = FileSystem.writeAtomically(target, text, exclusive: false, sync: false) {
                    throw Failure(message: problem)
                }
            case let .bytes(bytes):
                if let problem = FileSystem.writeAtomically(target, bytes: bytes, sync: false) {
                    throw Failure(message: problem)
                }
            case let .link(stored):
                // Another file system, or no hard links: copy instead.
                if FileSystem.hardLink(stored, target) { return }
                guard case let .success(bytes) = FileSystem.read(stored),
                      FileSystem.writeAtomically(target, bytes: bytes, sync: false) == nil else {
                    throw Failure(message: "cannot copy \(stored) to \(target)")
                }
            }
        }

        /// A file written in chunks as `produce` hands them over.
        func stream(_ path: String, _ produce: (_ write: ([UInt8]) -> Void) -> Void) throws(Failure) {
            let target = FileSystem.join(folder, path)
            let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else { throw Failure(message: "cannot write \(target): \(String(cString: strerror(errno)))") }
            var failed = false
            produce { chunk in
                var offset = 0
                while !failed, offset < chunk.count {
                    let written = chunk[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                    if written < 0, errno == EINTR { continue }
                    if written <= 0 { failed = true }
                    offset += max(written, 0)
                }
            }
            close(descriptor)
            if failed { throw Failure(message: "cannot write \(target)") }
        }

        /// Swaps the new site in; the old one is removed.
        func commit() throws(Failure) {
            if FileSystem.kind(output, follow: false) == .directory {
                guard mapc_exchange_paths(folder, output) == 0 else {
                    let reason = String(cString: strerror(errno))
                    removeTree(folder)
                    throw Failure(message: "cannot swap the new site into `\(output)`: \(reason)")
                }
                removeTree(folder)  // now the old site
            } else if rename(folder, output) != 0 {
                let reason = String(cString: strerror(errno))
                removeTree(folder)
                throw Failure(message: "cannot move the new site to `\(output)`: \(reason)")
            }
        }

        func abandon() { removeTree(folder) }
    }

    private static func makeDirectories(_ path: String) throws(Failure) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current = current.isEmpty ? "/" + part : current + "/" + part
            // EEXIST: there already, or made meanwhile by another thread.
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw Failure(message: "cannot create \(current): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Staging folders of builds that were killed (their process is gone).
    private static func removeLeftovers(in parent: String, name: String) {
        let prefix = ".\(name).mapc-new-"
        for entry in FileSystem.entries(parent) ?? [] where entry.hasPrefix(prefix) {
            if let pid = Int32(entry.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) == 0 { continue }
            removeTree(FileSystem.join(parent, entry))
        }
    }

    /// Removes a folder tree without following symbolic links.
    static func removeTree(_ path: String) {
        var stack = [path]
        var directories: [String] = []
        while let current = stack.popLast() {
            switch FileSystem.kind(current, follow: false) {
            case .directory:
                directories.append(current)
                for entry in FileSystem.entries(current) ?? [] { stack.append(FileSystem.join(current, entry)) }
            case .missing: break
            default: unlink(current)
            }
        }
        for directory in directories.reversed() { rmdir(directory) }
    }
}
