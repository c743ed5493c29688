import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// The one cache folder of a workspace (docs/robustness.md#the-build-cache): `.mapc-cache/`
/// at the workspace root, like ruff's `.ruff_cache` or pytest's `.pytest_cache`, or where
/// `--cache-dir` or `MAPC_CACHE_DIR` put it. It holds its own `.gitignore` (`*`), so it is
/// never committed by accident, and a `CACHEDIR.TAG`, so backups skip it.
///
/// mapc uses a folder only if it made it: an existing folder without mapc's tag, or a
/// symbolic link, is left alone and the build runs without a cache.
public struct CacheFolder: Sendable {
    let path: String

    static let defaultName = ".mapc-cache"
    static let tagName = "CACHEDIR.TAG"
    /// The standard tag (bford.info/cachedir), with a line saying whose it is.
    static let tag = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is mapc's cache; mapc rebuilds it when it is gone.\n"
    static let gitignore = "# Written by mapc: its cache is never committed.\n*\n"
    /// How many builds (each with its own settings and output) keep their files here.
    static let keptBuilds = 8

    /// Where the cache is: `--cache-dir`, else `MAPC_CACHE_DIR`, else `.mapc-cache` at the root.
    public static func location(option: String?, environment: [String: String], workspaceRoot: String) -> String {
        if let option, !option.isEmpty { return option }
        if let variable = environment["MAPC_CACHE_DIR"], !variable.isEmpty { return variable }
        return FileSystem.join(workspaceRoot, defaultName)
    }

    /// The cache folder at `path`, created when missing; or why it cannot be used.
    static func prepare(_ path: String) -> Result<CacheFolder, UsageError> {
        let quoted = "`\(ShellQuoting.shown(path))`"
        switch FileSystem.kind(path, follow: false) {
        case .missing:
            if mkdir(path, 0o755) != 0, errno != EEXIST {
                return .failure(UsageError("cannot create the cache folder \(quoted): \(FileSystem.reason())"))
            }
            _ = FileSystem.writeAtomically(FileSystem.join(path, ".gitignore"), gitignore, exclusive: true, sync: false)
            _ = FileSystem.writeAtomically(FileSystem.join(path, tagName), tag, exclusive: true, sync: false)
        case .directory:
            guard case let .success(bytes) = FileSystem.read(FileSystem.join(path, tagName), .own(limit: 4096)),
                  bytes.starts(with: Array(tag.utf8)) else {
                return .failure(UsageError("not using \(quoted) as the cache: the folder exists and mapc did not make "
                                           + "it (no CACHEDIR.TAG); remove it, or give another with --cache-dir"))
            }
            if FileSystem.kind(FileSystem.join(path, ".gitignore"), follow: false) == .missing {
                _ = FileSystem.writeAtomically(FileSystem.join(path, ".gitignore"), gitignore, exclusive: true, sync: false)
            }
        case .symlink:
            return .failure(UsageError("not using \(quoted) as the cache: it is a symbolic link"))
        case .file, .other:
            return .failure(UsageError("not using \(quoted) as the cache: it is not a folder"))
        }
        return .success(CacheFolder(path: path))
    }

    /// The folder of one build's cache: its settings and output decide `key`.
    func buildFolder(_ key: Digest) -> String {
        FileSystem.join(FileSystem.join(path, "build"), String(key.description.prefix(32)))
    }

    /// Creates the `build` folder and one build's folder in it.
    func makeBuildFolder(_ key: Digest) -> Bool {
        let builds = FileSystem.join(path, "build")
        for folder in [builds, buildFolder(key)] where mkdir(folder, 0o755) != 0 && errno != EEXIST { return false }
        return FileSystem.kind(buildFolder(key), follow: false) == .directory
    }

    /// Keeps the most recently used builds' folders (by their seal's time) and `current`;
    /// removes the others, so the cache stays bounded however many outputs are built.
    func prune(keeping current: Digest) {
        let builds = FileSystem.join(path, "build")
        let keep = String(current.description.prefix(32))
        var used: [(name: String, modified: Int)] = []
        for name in FileSystem.entries(builds) ?? [] where name != keep {
            let modified = FileSystem.stamp(FileSystem.join(FileSystem.join(builds, name), "seal"))?.modified ?? 0
            used.append((name, modified))
        }
        used.sort { $0.modified > $1.modified }
        for stale in used.dropFirst(Self.keptBuilds - 1) {
            SiteWriter.removeTree(FileSystem.join(builds, stale.name))
        }
    }

    /// Temporary files a killed build left in `folder`. The caller holds the cache's lock,
    /// so every one of them is a leftover.
    static func removeTemporaries(in folder: String) {
        for name in FileSystem.entries(folder) ?? [] where name.contains(FileSystem.temporarySuffix) {
            unlink(FileSystem.join(folder, name))
        }
    }
}
