#if canImport(Glibc)
import Glibc
#endif
import MapcLSP

/// What the reader thread (and the workspace indexer) hand to the worker.
enum InboxItem: Sendable {
    case message(Message)
    /// A frame or body that is not a message: answered with this error.
    case malformed(RequestID?, ResponseError)
    /// The workspace's plans on disk, read in the background.
    case indexed(WorkspaceIndex)
    /// Standard input ended.
    case endOfInput
}

/// The queue between the reader thread and the worker: the reader never waits for a
/// check, so `shutdown` and `$/cancelRequest` are read while the worker is busy.
final class Inbox: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var items: [InboxItem] = []
    private var cancelled = Set<RequestID>()

    init() {
        pthread_mutex_init(&mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        // Timed waits count on the monotonic clock: a change of the wall clock does not wake us.
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(&condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    func post(_ item: InboxItem) {
        pthread_mutex_lock(&mutex)
        items.append(item)
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Marks a request cancelled; the worker answers it with `RequestCancelled` if it has not yet.
    func cancel(_ id: RequestID) {
        pthread_mutex_lock(&mutex)
        // Cancellations of requests already answered are never claimed: keep the set small.
        if cancelled.count > 1000 { cancelled.removeAll() }
        cancelled.insert(id)
        pthread_mutex_unlock(&mutex)
    }

    /// Whether a request was cancelled (and forgets the cancellation).
    func claimCancellation(_ id: RequestID) -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return cancelled.remove(id) != nil
    }

    var isEmpty: Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return items.isEmpty
    }

    /// Everything waiting; blocks until something arrives or `deadline` (monotonic
    /// seconds) passes. With no deadline it sleeps until a message comes: idle costs nothing.
    func take(until deadline: Double?) -> [InboxItem] {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while items.isEmpty {
            if let deadline {
                if Clock.now >= deadline { return [] }
                var time = timespec()
                time.tv_sec = Int(deadline)
                time.tv_nsec = Int((deadline - Double(Int(deadline))) * 1e9)
                pthread_cond_timedwait(&condition, &mutex, &time)
            } else {
                pthread_cond_wait(&condition, &mutex)
            }
        }
        let taken = items
        items.removeAll(keepingCapacity: true)
        return taken
    }
}

/// Monotonic time in seconds.
enum Clock {
    static var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Starts a detached thread running `body`.
func startThread(_ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    pthread_create(&thread, nil, { context in
        let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    pthread_detach(thread)
}
