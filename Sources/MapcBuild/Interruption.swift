#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Ctrl-C (`SIGINT`), `SIGTERM` and `SIGHUP` end mapc cleanly (docs/robustness.md#signals):
/// what a command registered to undo is undone (a staging folder, temporary files, a
/// scratch copy), the previous site is left whole, and the process exits 128 + the
/// signal's number (130, 143, 129).
///
/// The signals are blocked in every thread and taken by one thread with `sigwait`, so
/// the clean-up runs as ordinary code, not in a signal handler. Writers that must not be
/// cut in half (a file put into the staging folder, the swap of the site, the cache's
/// index) run inside `critical`; the clean-up waits for those in flight and lets no new
/// one start, so it never races with a write it is undoing.
public enum Interruption {
    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Blocks the signals and starts the thread that waits for them. Call once, first
    /// thing in the process, before any other thread exists (threads inherit the mask).
    public static func install() {
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        var thread = pthread_t()
        pthread_create(&thread, nil, { _ in
            var set = Interruption.signalSet()
            var received: Int32 = 0
            while sigwait(&set, &received) != 0 {}
            Interruption.interrupt(received)
            return nil
        }, nil)
    }

    /// Runs `cleanup` if the process is interrupted before `unregister` is called with the
    /// answer. Clean-ups run newest first.
    public static func register(_ cleanup: @escaping @Sendable () -> Void) -> Int {
        state.withLock { state in
            state.nextToken += 1
            state.cleanups.append((state.nextToken, cleanup))
            return state.nextToken
        }
    }

    public static func unregister(_ token: Int) {
        state.withLock { $0.cleanups.removeAll { $0.token == token } }
    }

    /// Runs `body` so that an interruption waits for it to finish before cleaning up.
    /// After an interruption has begun, `body` never starts: the thread waits for the
    /// process to exit.
    public static func critical<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_rdlock(gate)
        if interrupted.load(ordering: .acquiring) {
            pthread_rwlock_unlock(gate)
            while true { sleep(60) }
        }
        defer { pthread_rwlock_unlock(gate) }
        return try body()
    }

    private static func interrupt(_ signal: Int32) -> Never {
        interrupted.store(true, ordering: .releasing)
        pthread_rwlock_wrlock(gate)
        let cleanups = state.withLock { $0.cleanups }
        for (_, cleanup) in cleanups.reversed() { cleanup() }
        let name = signal == SIGINT ? "interrupted" : signal == SIGTERM ? "terminated" : "hung up"
        let message = Array("mapc: \(name); nothing was left half-written\n".utf8)
        _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        _exit(128 + signal)
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }

    private struct State {
        var nextToken = 0
        var cleanups: [(token: Int, cleanup: @Sendable () -> Void)] = []
    }

    private static let state = Mutex(State())
    private static let interrupted = Atomic<Bool>(false)
    /// Readers are writes in flight; the writer is the clean-up.
    nonisolated(unsafe) private static let gate: UnsafeMutablePointer<pthread_rwlock_t> = {
        let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
        return lock
    }()
}
