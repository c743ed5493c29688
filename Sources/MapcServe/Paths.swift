import MapcBuild

/// The path operations the watcher and the server need beyond `FileSystem`'s: a path's
/// folder and name with trailing slashes allowed (as typed), and the resolved form of a
/// path that may not exist yet.
enum Paths {
    static func parent(_ path: String) -> String { FileSystem.parent(withoutTrailingSlash(path)) }

    static func name(_ path: String) -> String { FileSystem.name(withoutTrailingSlash(path)) }

    private static func withoutTrailingSlash(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// The absolute, link-free form of a path; for a path that does not exist yet, its
    /// folder's resolved form and its name.
    static func resolved(_ path: String) -> String? {
        if let real = FileSystem.realPath(path) { return real }
        guard let folder = FileSystem.realPath(parent(path)) else { return nil }
        return FileSystem.join(folder, name(path))
    }
}
