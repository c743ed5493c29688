import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on a folder, held until released or the process ends: two builds that
/// write the same place take turns instead of mixing their files (docs/robustness.md#locks).
///
/// It is `flock` on the folder's own descriptor, so it writes nothing and a killed holder
/// releases it at once.
final class DirectoryLock {
    private var descriptor: Int32

    private init(_ descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock on `folder`, calling `waiting` once if another process holds it.
    static func acquire(_ folder: String, waiting: () -> Void) throws(UsageError) -> DirectoryLock {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw UsageError("cannot lock `\(ShellQuoting.shown(folder))`: \(FileSystem.reason())")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let reason = FileSystem.reason()
                close(descriptor)
                throw UsageError("cannot lock `\(ShellQuoting.shown(folder))`: \(reason)")
            }
            waiting()
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = FileSystem.reason()
                    close(descriptor)
                    throw UsageError("cannot lock `\(ShellQuoting.shown(folder))`: \(reason)")
                }
            }
        }
        return DirectoryLock(descriptor)
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
