import MapcBuild
import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// What `mapc watch` and `mapc serve` look at (docs/site.md#preview-while-you-write).
public struct WatchList: Sendable {
    /// The paths as the user gave them: folders are watched with every folder under them
    /// (hidden ones and links left out, as the build's walk does), files by name in their folder.
    public var inputs: [String]
    /// The configuration file, or where one would be found, watched by name in its folder
    /// (it may not exist yet).
    public var configurations: [String]
    /// The `--templates` folder.
    public var templates: String?
    /// Folders never watched: the output and the cache, which every build writes.
    public var excluded: [String]

    public init(inputs: [String], configurations: [String], templates: String?, excluded: [String]) {
        self.inputs = inputs
        self.configurations = configurations
        self.templates = templates
        self.excluded = excluded
    }
}

/// The files that changed in one burst of events.
public struct ChangeSet: Sendable, Equatable {
    /// Plan files written, created, renamed or removed, spelt from the paths the user gave.
    public var plans: Set<String> = []
    /// Configuration files that changed (or appeared, or went).
    public var configurations: Set<String> = []
    /// Template files that changed.
    public var templates: Set<String> = []
    /// The kernel's event queue overflowed: anything may have changed.
    public var overflowed = false

    public init() {}

    public var isEmpty: Bool { plans.isEmpty && configurations.isEmpty && templates.isEmpty && !overflowed }

    /// Whether a change may touch every plan's result (not only the plans that changed).
    public var touchesEverything: Bool { !configurations.isEmpty || !templates.isEmpty || overflowed }
}

/// Watches plan folders, the configuration and the templates with inotify and hands out
/// the changes in bursts: the first event opens a burst, which ends after `quiet`
/// milliseconds without a relevant event (or `longest` after it began), so an editor's
/// save or a `git checkout` of twenty files gives one rebuild.
///
/// Waiting costs nothing: the thread sleeps in `poll(2)` until the kernel has an event.
/// Only `IN_CLOSE_WRITE` counts as a write (not every `IN_MODIFY`), so a file is never
/// built half-saved; renames (editors that save by renaming), creations and deletions
/// count too. New folders are watched as they appear, with what is already in them.
public final class ChangeWatcher {
    /// What a file in a watched folder is to the build.
    enum Role { case plan, configuration, template }

    struct Folder {
        var path: String
        /// Plans anywhere under it count, and its new folders are watched.
        var recursive = false
        /// Files named on the command line (or the configuration), by name.
        var names: [String: Role] = [:]
        /// It is the templates folder.
        var templates = false
    }

    private let descriptor: Int32
    private var folders: [Int32: Folder] = [:]
    private let excluded: Set<String>
    private let list: WatchList
    /// Plan files seen under recursively watched folders, so a folder moved away names them.
    private var knownPlans: Set<String> = []

    public let quiet: Int
    public let longest: Int

    /// Starts watching; fails only when inotify itself is unavailable (a path that is missing
    /// is left to the build to report).
    public init(_ list: WatchList, quiet: Int = 100, longest: Int = 1_000) throws(WatchError) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else {
            throw WatchError("cannot watch for changes: \(String(cString: strerror(errno)))"
                             + (errno == EMFILE ? " (raise fs.inotify.max_user_instances)" : ""))
        }
        self.list = list
        self.quiet = quiet
        self.longest = longest
        excluded = Set(list.excluded.compactMap(Paths.resolved))
        try watchEverything()
    }

    deinit { close(descriptor) }

    private func watchEverything() throws(WatchError) {
        for input in list.inputs {
            switch FileSystem.kind(input, follow: true) {
            case .directory: for plan in try watchTree(input) { knownPlans.insert(plan) }
            default: try watch(Paths.parent(input)) { $0.names[Paths.name(input)] = .plan }
            }
        }
        for configuration in list.configurations {
            try watch(Paths.parent(configuration)) { $0.names[Paths.name(configuration)] = .configuration }
        }
        if let templates = list.templates { try watch(templates) { $0.templates = true } }
    }

    /// Adds (or widens) the watch on one folder. A folder that cannot be watched now (it
    /// does not exist) is skipped; running out of watches is an error worth stopping for.
    @discardableResult
    private func watch(_ path: String, _ interest: (inout Folder) -> Void) throws(WatchError) -> Bool {
        let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)
            | UInt32(IN_MOVED_TO) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_ONLYDIR)
            | UInt32(IN_DONT_FOLLOW) | UInt32(IN_EXCL_UNLINK)
        let watch = inotify_add_watch(descriptor, path, mask)
        guard watch >= 0 else {
            if errno == ENOSPC {
                throw WatchError("cannot watch `\(path)`: the system's limit of watched folders is reached "
                                 + "(raise fs.inotify.max_user_watches)")
            }
            return false
        }
        var folder = folders[watch] ?? Folder(path: path)
        interest(&folder)
        folders[watch] = folder
        return true
    }

    /// Watches a folder and every folder under it the build would walk; answers the plan
    /// files already there (a folder moved in arrives full).
    private func watchTree(_ root: String) throws(WatchError) -> [String] {
        var plans: [String] = []
        var stack = [root]
        while let folder = stack.popLast() {
            if let real = Paths.resolved(folder), excluded.contains(real) { continue }
            guard try watch(folder, { $0.recursive = true }) else { continue }
            for name in FileSystem.entries(folder) ?? [] where !name.hasPrefix(".") {
                let path = FileSystem.join(folder, name)
                switch FileSystem.kind(path, follow: false) {
                case .directory: stack.append(path)
                case .file where PlanFiles.isMarkdown(name): plans.append(path)
                default: break
                }
            }
        }
        return plans
    }

    /// Blocks until something relevant changed, then collects the rest of the burst.
    public func next() throws(WatchError) -> ChangeSet {
        try next(within: -1)
    }

    /// The same, giving up (with no change) after `limit` milliseconds of nothing relevant; -1 waits for ever.
    func next(within limit: Int) throws(WatchError) -> ChangeSet {
        var changes = ChangeSet()
        let begin = Self.milliseconds()
        while changes.isEmpty {
            let left = limit < 0 ? -1 : limit - (Self.milliseconds() - begin)
            if limit >= 0 && left <= 0 { return changes }
            _ = try wait(timeout: left)
            try drain(into: &changes)
        }
        let start = Self.milliseconds()
        var lastRelevant = start
        while true {
            let now = Self.milliseconds()
            let left = min(quiet - (now - lastRelevant), longest - (now - start))
            if left <= 0 { break }
            guard try wait(timeout: left) else { break }
            let before = changes
            try drain(into: &changes)
            // Events that change nothing (the build's own files beside a plan) do not prolong the burst.
            if changes != before { lastRelevant = Self.milliseconds() }
        }
        return changes
    }

    /// Waits for events; false when `timeout` (milliseconds, -1 for ever) passed first.
    private func wait(timeout: Int) throws(WatchError) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&entry, 1, Int32(timeout))
            if ready > 0 { return true }
            if ready == 0 { return false }
            if errno != EINTR { throw WatchError("cannot watch for changes: \(String(cString: strerror(errno)))") }
        }
    }

    /// Reads every queued event and records what it means.
    private func drain(into changes: inout ChangeSet) throws(WatchError) {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer, size)
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { return }
                throw WatchError("cannot read file events: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                var name = ""
                if event.len > 0 {
                    let bytes = UnsafeRawBufferPointer(start: nameStart, count: Int(event.len))
                    name = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                }
                try record(watch: event.wd, mask: event.mask, name: name, into: &changes)
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
    }

    private func record(watch: Int32, mask: UInt32, name: String, into changes: inout ChangeSet) throws(WatchError) {
        func has(_ flag: Int32) -> Bool { mask & UInt32(flag) != 0 }
        if has(IN_Q_OVERFLOW) {
            changes.overflowed = true
            // Watches may be missing for folders made meanwhile: look again.
            for input in list.inputs where FileSystem.kind(input, follow: true) == .directory {
                knownPlans.formUnion(try watchTree(input))
            }
            return
        }
        guard let folder = folders[watch] else { return }
        if has(IN_IGNORED) {
            folders[watch] = nil
            return
        }
        if has(IN_DELETE_SELF) || has(IN_MOVE_SELF) {
            // A folder named on the command line went: the build will say so.
            if list.inputs.contains(folder.path) || folder.path == list.templates { changes.plans.insert(folder.path) }
            if has(IN_MOVE_SELF) { inotify_rm_watch(descriptor, watch) }
            return
        }
        let path = FileSystem.join(folder.path, name)
        if let role = folder.names[name] {
            note(role, path, &changes)
            return
        }
        if name.hasPrefix(".") { return }  // hidden: editors' swap files, the build's staging folder, the cache
        if has(IN_ISDIR) {
            guard folder.recursive else { return }
            if has(IN_CREATE) || has(IN_MOVED_TO) {
                if let real = Paths.resolved(path), excluded.contains(real) { return }
                let found = try watchTree(path)
                knownPlans.formUnion(found)
                changes.plans.formUnion(found)
            } else if has(IN_DELETE) || has(IN_MOVED_FROM) {
                forget(path, &changes)
            }
            return
        }
        if folder.recursive && PlanFiles.isMarkdown(name) {
            if has(IN_DELETE) || has(IN_MOVED_FROM) { knownPlans.remove(path) } else { knownPlans.insert(path) }
            note(.plan, path, &changes)
        } else if folder.templates && (name.hasSuffix(".mustache") || name == "style.css") {
            note(.template, path, &changes)
        }
    }

    private func note(_ role: Role, _ path: String, _ changes: inout ChangeSet) {
        switch role {
        case .plan: changes.plans.insert(path)
        case .configuration: changes.configurations.insert(path)
        case .template: changes.templates.insert(path)
        }
    }

    /// A folder went away (or was moved out): its watches go, its plans count as removed.
    private func forget(_ path: String, _ changes: inout ChangeSet) {
        let prefix = path + "/"
        for (watch, folder) in folders where folder.path == path || folder.path.hasPrefix(prefix) {
            inotify_rm_watch(descriptor, watch)
            folders[watch] = nil
        }
        let gone = knownPlans.filter { $0.hasPrefix(prefix) }
        knownPlans.subtract(gone)
        changes.plans.formUnion(gone)
    }

    static func milliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000 + now.tv_nsec / 1_000_000
    }
}

/// Watching could not start or go on.
public struct WatchError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
