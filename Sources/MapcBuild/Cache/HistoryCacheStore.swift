import MapcHistory
import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// The history's cache files (docs/history.md#the-cache): `history/` in the workspace's
/// cache folder (`CacheFolder`), trusted as the build cache is
/// (docs/robustness.md#the-build-cache): each file carries its SHA-256, and is loaded only
/// when its seal (`<name>.seal`: inode, size and time in nanoseconds as mapc left it)
/// still matches, so a cache file that arrived any other way (a commit, a copy, an edit)
/// is ignored. Files are opened without following links, must be regular, have a cap.
///
/// The folder is locked while the store is open: two runs take turns.
public final class HistoryCacheStore: HistoryStore, @unchecked Sendable {
    let folder: String
    private let lock: DirectoryLock

    /// A cap on what is read back: far above what mapc writes for large repositories.
    static let fileLimit = 4 << 30

    private init(folder: String, lock: DirectoryLock) {
        self.folder = folder
        self.lock = lock
    }

    /// The store in the cache folder at `cachePath` (`CacheFolder.location`), created when
    /// missing; or why it cannot be used (a folder mapc did not make, a link).
    public static func open(cachePath: String, waiting: () -> Void) -> Result<HistoryCacheStore, UsageError> {
        switch CacheFolder.prepare(cachePath) {
        case let .failure(problem): return .failure(problem)
        case let .success(cache):
            let folder = FileSystem.join(cache.path, "history")
            if mkdir(folder, 0o755) != 0, errno != EEXIST {
                return .failure(UsageError("cannot create `\(ShellQuoting.shown(folder))`: \(FileSystem.reason())"))
            }
            guard FileSystem.kind(folder, follow: false) == .directory else {
                return .failure(UsageError("not using `\(ShellQuoting.shown(folder))` as the cache: it is not a folder"))
            }
            do {
                let lock = try DirectoryLock.acquire(folder, waiting: waiting)
                CacheFolder.removeTemporaries(in: folder)
                return .success(HistoryCacheStore(folder: folder, lock: lock))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Reads the history through the store at `cachePath` (nil: without one), holding its
    /// lock while reading. `waiting` hears that another run holds it; `cannotUse`, why the
    /// folder cannot be used (then git is read without a cache).
    public static func read(_ request: HistoryRequest, cachePath: String?, waiting: () -> Void,
                            cannotUse: (UsageError) -> Void) throws(HistoryProblem) -> HistoryReport {
        var store: HistoryCacheStore?
        if let cachePath {
            switch open(cachePath: cachePath, waiting: waiting) {
            case let .success(opened): store = opened
            case let .failure(problem): cannotUse(problem)
            }
        }
        defer { store?.close() }
        return try HistoryReader.read(request, store: store)
    }

    /// Releases the lock; the store must not be used afterwards.
    public func close() { lock.release() }

    public func load(_ name: String) -> [UInt8]? {
        let path = FileSystem.join(folder, name)
        guard let seal = Seal.read(path + ".seal"), let stamp = Seal.Stamp.of(path), seal.index == stamp,
              case let .success(bytes) = FileSystem.read(path, .own(limit: Self.fileLimit)) else { return nil }
        return bytes
    }

    public func save(_ name: String, _ bytes: [UInt8]) {
        let path = FileSystem.join(folder, name)
        Interruption.critical {
            unlink(path + ".seal")
            guard FileSystem.writeAtomically(path, bytes: bytes, sync: false) == nil, let stamp = Seal.Stamp.of(path) else {
                return
            }
            // The build cache's seal, with no journal.
            _ = Seal(index: stamp, journal: nil).write(path + ".seal")
        }
    }
}
