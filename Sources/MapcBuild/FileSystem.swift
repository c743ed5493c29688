#if canImport(Glibc)
import Glibc
#endif

/// The little POSIX file access mapc needs, without Foundation's start-up cost.
public enum FileSystem {
    public enum Kind: Sendable { case file, directory, symlink, other, missing }

    /// What is at a path; `follow` decides whether a symbolic link is looked through.
    /// A path that cannot be looked at (too long, no permission) counts as missing here;
    /// `lookUp` tells the two apart.
    public static func kind(_ path: String, follow: Bool) -> Kind {
        (try? lookUp(path, follow: follow).get()) ?? .missing
    }

    /// What is at a path, `.missing` only when nothing is there, else why it cannot be seen.
    public static func lookUp(_ path: String, follow: Bool) -> Result<Kind, ReadError> {
        var info = stat()
        let status = follow ? stat(path, &info) : lstat(path, &info)
        guard status == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return .success(.missing) }
            return .failure(ReadError(message: reason()))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .success(.file)
        case S_IFDIR: return .success(.directory)
        case S_IFLNK: return .success(.symlink)
        default: return .success(.other)
        }
    }

    /// The text of the last system error, e.g. "No space left on device".
    public static func reason(_ code: Int32 = errno) -> String {
        code == ENAMETOOLONG ? "the path is longer than the system allows (\(PATH_MAX - 1) bytes)"
                             : String(cString: strerror(code))
    }

    /// Which file a path names (device and inode): two spellings of one folder, through
    /// links, `..` or letter case on a case-insensitive file system, have the same identity.
    public struct Identity: Hashable, Sendable {
        public var device: UInt64
        public var inode: UInt64
    }

    public static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// How a file may be read: at most `limit` bytes, and whether it may be reached through a
    /// symbolic link or be something other than a regular file (a FIFO, a device).
    public struct ReadPolicy: Sendable {
        public var limit: Int
        public var followLinks = true
        public var regularOnly = true

        public init(limit: Int, followLinks: Bool = true, regularOnly: Bool = true) {
            self.limit = limit
            self.followLinks = followLinks
            self.regularOnly = regularOnly
        }

        /// A file mapc keeps for itself (its cache): never through a link, never a device.
        public static func own(limit: Int) -> ReadPolicy { ReadPolicy(limit: limit, followLinks: false, regularOnly: true) }
    }

    /// A file's bytes, or why it could not be read. Never more than `policy.limit` bytes are
    /// read: `/dev/zero` or a file growing while it is read ends in `tooLarge`, not in
    /// exhausted memory; a FIFO does not block the open (docs/robustness.md#limits).
    public static func read(_ path: String, _ policy: ReadPolicy) -> Result<[UInt8], ReadError> {
        var flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK
        if !policy.followLinks { flags |= O_NOFOLLOW }
        let descriptor = open(path, flags)
        guard descriptor >= 0 else {
            return .failure(ReadError(message: errno == ELOOP && !policy.followLinks ? "it is a symbolic link" : reason()))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(ReadError(message: reason())) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { return .failure(ReadError(message: "it is a directory")) }
        if type != S_IFREG {
            if policy.regularOnly { return .failure(ReadError(message: "it is not a regular file")) }
            // A FIFO or a device named on purpose: read it as a stream, blocking.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        }
        if type == S_IFREG, Int(info.st_size) > policy.limit {
            return .failure(ReadError(message: "it is \(Int(info.st_size)) bytes", size: Int(info.st_size)))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(type == S_IFREG ? max(0, Int(info.st_size)) : 1 << 16)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(message: reason()))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > policy.limit {
                return .failure(ReadError(message: "it is more than \(policy.limit) bytes", size: bytes.count))
            }
        }
        return .success(bytes)
    }

    /// Why a file could not be read; `size` is set when it was larger than allowed.
    public struct ReadError: Error, Sendable {
        public var message: String
        public var size: Int?

        public init(message: String, size: Int? = nil) {
            self.message = message
            self.size = size
        }
    }

    /// Entry names of a directory, sorted, without `.` and `..`.
    public static func entries(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Writes a new file (it must not exist), all of it, never through a link: the
    /// problem in words, or nil.
    public static func writeNew(_ path: String, _ buffer: UnsafeRawBufferPointer, sync: Bool = false) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { return "cannot write \(path): \(reason())" }
        var failure = writeAll(descriptor, buffer)
        if failure == 0, sync, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure != 0 {
            unlink(path)
            return "cannot write \(path): \(reason(failure))"
        }
        return nil
    }

    public static func writeNew(_ path: String, _ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { writeNew(path, $0) }
    }

    /// Writes every byte to a descriptor; 0, or the error number (ENOSPC, EIO…).
    public static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return 0
    }

    /// Writes a file atomically: a temporary file beside it, then `rename`. The
    /// temporary file is removed on every failure.
    public static func writeAtomically(_ path: String, _ text: String, exclusive: Bool, sync: Bool = true) -> String? {
        // Written from the string's own storage: a site's calendar is megabytes.
        var text = text
        return text.withUTF8 { writeAtomically(path, buffer: UnsafeRawBufferPointer($0), exclusive: exclusive, sync: sync) }
    }

    public static func writeAtomically(_ path: String, bytes: [UInt8], exclusive: Bool = false, sync: Bool = true) -> String? {
        bytes.withUnsafeBytes { writeAtomically(path, buffer: $0, exclusive: exclusive, sync: sync) }
    }

    /// The suffix of temporary files: `index.mapc-tmp-4242`.
    public static let temporarySuffix = ".mapc-tmp-"

    private static func writeAtomically(_ path: String, buffer: UnsafeRawBufferPointer, exclusive: Bool,
                                        sync: Bool) -> String? {
        if exclusive, kind(path, follow: false) != .missing { return "\(path) already exists" }
        let temporary = path + temporarySuffix + "\(getpid())"
        unlink(temporary)
        if let problem = writeNew(temporary, buffer, sync: sync) { return problem.replacing(temporary, with: path) }
        // link() fails if the target appeared meanwhile: never overwrite when exclusive.
        if exclusive {
            defer { unlink(temporary) }
            return link(temporary, path) == 0 ? nil : "\(path) already exists"
        }
        guard rename(temporary, path) == 0 else {
            let problem = "cannot write \(path): \(reason())"
            unlink(temporary)
            return problem
        }
        return nil
    }

    /// A regular file's size and modification time (nanoseconds), to notice a change.
    public static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileStamp(size: Int(info.st_size),
                         modified: Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
    }

    public struct FileStamp: Equatable, Sendable {
        public var size: Int
        public var modified: Int
    }

    /// A second name for a file (same file system only).
    public static func hardLink(_ existing: String, _ new: String) -> Bool {
        link(existing, new) == 0
    }

    /// The absolute, symlink-free form of a path.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Joins a directory and a name the way people write paths.
    public static func join(_ directory: String, _ name: String) -> String {
        if directory == "." { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The last part of a path: its name in its directory.
    public static func name(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The directory part of a path.
    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = String(path[..<slash])
        return head.isEmpty ? "/" : head
    }
}
