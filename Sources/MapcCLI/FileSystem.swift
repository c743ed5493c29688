#if canImport(Glibc)
import Glibc
#endif

/// The little POSIX file access mapc needs, without Foundation's start-up cost.
enum FileSystem {
    enum Kind { case file, directory, symlink, other, missing }

    /// What is at a path; `follow` decides whether a symbolic link is looked through.
    static func kind(_ path: String, follow: Bool) -> Kind {
        var info = stat()
        let status = follow ? stat(path, &info) : lstat(path, &info)
        guard status == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// A file's bytes, or why it could not be read.
    static func read(_ path: String) -> Result<[UInt8], ReadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(ReadError(message: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            return .failure(ReadError(message: "it is a directory"))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(0, Int(info.st_size)))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(message: String(cString: strerror(errno))))
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return .success(bytes)
    }

    struct ReadError: Error, Sendable { var message: String }

    /// Entry names of a directory, sorted, without `.` and `..`.
    static func entries(_ path: String) -> [String]? {
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

    /// Writes a file atomically: a temporary file beside it, then `rename`.
    static func writeAtomically(_ path: String, _ text: String, exclusive: Bool, sync: Bool = true) -> String? {
        // Written from the string's own storage: a site's calendar is megabytes.
        var text = text
        return text.withUTF8 { writeAtomically(path, buffer: UnsafeRawBufferPointer($0), exclusive: exclusive, sync: sync) }
    }

    static func writeAtomically(_ path: String, bytes: [UInt8], exclusive: Bool = false, sync: Bool = true) -> String? {
        bytes.withUnsafeBytes { writeAtomically(path, buffer: $0, exclusive: exclusive, sync: sync) }
    }

    private static func writeAtomically(_ path: String, buffer: UnsafeRawBufferPointer, exclusive: Bool,
                                        sync: Bool) -> String? {
        if exclusive, kind(path, follow: false) != .missing { return "\(path) already exists" }
        let temporary = path + ".mapc-tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { return "cannot write \(path): \(String(cString: strerror(errno)))" }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0, errno == EINTR { continue }
            if written <= 0 { close(descriptor); unlink(temporary); return "cannot write \(path)" }
            offset += written
        }
        if sync { fsync(descriptor) }
        close(descriptor)
        // link() fails if the target appeared meanwhile: never overwrite when exclusive.
        if exclusive {
            defer { unlink(temporary) }
            return link(temporary, path) == 0 ? nil : "\(path) already exists"
        }
        return rename(temporary, path) == 0 ? nil : "cannot write \(path): \(String(cString: strerror(errno)))"
    }

    /// A regular file's size and modification time (nanoseconds), to notice a change.
    static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileStamp(size: Int(info.st_size),
                         modified: Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
    }

    struct FileStamp: Equatable {
        var size: Int
        var modified: Int
    }

    /// A second name for a file (same file system only).
    static func hardLink(_ existing: String, _ new: String) -> Bool {
        link(existing, new) == 0
    }

    /// The absolute, symlink-free form of a path.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Joins a directory and a name the way people write paths.
    static func join(_ directory: String, _ name: String) -> String {
        if directory == "." { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The directory part of a path.
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = String(path[..<slash])
        return head.isEmpty ? "/" : head
    }
}
