import MapcEmit
import MapcSource
import Synchronization
#if canImport(Glibc)
import Glibc
import MapcSite
#endif

/// One build's cache, a folder of the workspace's cache (`CacheFolder`): each plan's
/// fragment keyed by the SHA-256 of its file, and the pages rendered from them, stored
/// under the SHA-256 of their text (docs/robustness.md#the-build-cache).
///
/// The cache never trusts what it did not write:
/// - the index and the journal are sealed: `seal` records their inode, size and time as
///   this cache left them, so files that arrived any other way (a commit, a copy, an
///   edit) are ignored whole; each also carries a SHA-256 checksum against damage;
/// - a stored page is used only when the SHA-256 of its bytes is its name (the site's
///   pages are hard links to them, so an edit of a published page is caught here);
/// - files are opened without following links, must be regular files, and have a size cap.
public struct BuildCache: Sendable {
    /// Bump when what is stored, or how, changes.
    static let format = 8
    /// Caps on what is read back: far above what mapc writes for the largest plans.
    static let pageLimit = 256 << 20
    static let indexLimit = 4 << 30

    let directory: String
    /// What the cache was written for; entries are used only when it matches.
    let settingsKey: Digest
    private(set) var plans: [String: PlanEntry] = [:]
    private(set) var persons: [String: PersonEntry] = [:]
    /// True once something differs from what was loaded: only then is it written back.
    var isDirty: Bool { !changes.isEmpty }
    /// Pages written by this run, removed again if the run fails.
    private let written = WrittenPages()
    /// Pages the loaded entries refer to.
    private var loadedPages = Set<String>()

    /// A page in `pages/`, named by the SHA-256 of its text.
    struct Stored: Equatable {
        var name: String
    }

    struct PlanEntry {
        var sourceHash: Digest
        /// Which of the handles the fragment links had a person page (`linkKey`).
        var peopleKey: Digest
        var fragment: SiteFragment
        var page: Stored?
    }

    struct PersonEntry {
        var inputs: Digest
        var page: Stored
    }

    init(directory: String, settingsKey: Digest) {
        self.directory = directory
        self.settingsKey = settingsKey
    }

    /// The cache in `directory`, empty when there is none, it is not sealed as this cache
    /// left it, or it was written for other settings. The caller holds the cache's lock.
    static func load(directory: String, settingsKey: Digest) -> BuildCache {
        var cache = BuildCache(directory: directory, settingsKey: settingsKey)
        CacheFolder.removeTemporaries(in: directory)
        CacheFolder.removeTemporaries(in: cache.pagesPath)
        guard let seal = Seal.read(FileSystem.join(directory, "seal")), seal.index == Seal.Stamp.of(cache.indexPath),
              case let .success(bytes) = FileSystem.read(cache.indexPath, .own(limit: indexLimit)) else {
            cache.clear()
            return cache
        }
        do {
            try cache.read(bytes)
            // A journal not as it was sealed (cut short by a kill, edited) is dropped: the
            // index alone is sound, since entries are keyed by content and pages checked.
            if let journal = seal.journal, journal == Seal.Stamp.of(cache.journalPath) { cache.readJournal() }
        } catch {
            cache.clear()
            return cache
        }
        cache.loadedPages = cache.referenced
        // Pages no entry refers to: left by a failed or killed run.
        cache.collectGarbage()
        return cache
    }

    /// Forgets everything and removes what is on disk.
    private mutating func clear() {
        plans = [:]
        persons = [:]
        generation = nil
        for name in ["seal", "index", "journal"] { unlink(FileSystem.join(directory, name)) }
        SiteWriter.removeTree(pagesPath)
    }

    private var indexPath: String { FileSystem.join(directory, "index") }
    private var journalPath: String { FileSystem.join(directory, "journal") }
    private var sealPath: String { FileSystem.join(directory, "seal") }
    private var pagesPath: String { FileSystem.join(directory, "pages") }

    func path(of stored: Stored) -> String { FileSystem.join(pagesPath, stored.name) }

    /// True when a stored page's bytes are still those it was stored with.
    func isIntact(_ stored: Stored) -> Bool {
        guard case let .success(bytes) = FileSystem.read(path(of: stored), .own(limit: Self.pageLimit)) else { return false }
        return Self.name(of: bytes) == stored.name
    }

    /// A plan's entry if its file is unchanged and its page intact.
    func plan(_ file: String, sourceHash: Digest) -> PlanEntry? {
        guard let entry = plans[file], entry.sourceHash == sourceHash else { return nil }
        if let page = entry.page, !isIntact(page) { return nil }
        return entry
    }

    /// Stores a page's text (once per distinct text) and returns how to find it; nil when
    /// it cannot be stored (the page then goes to the site only). Safe from any thread.
    func store(_ text: String) -> Stored? {
        var text = text
        let name = text.withUTF8 { Self.name(of: UnsafeRawBufferPointer($0)) }
        let stored = Stored(name: name)
        if written.contains(name) || (loadedPages.contains(name) && isIntact(stored)) { return stored }
        if FileSystem.kind(pagesPath, follow: false) == .missing { mkdir(pagesPath, 0o755) }
        guard FileSystem.kind(pagesPath, follow: false) == .directory else { return nil }
        let problem = Interruption.critical { FileSystem.writeAtomically(path(of: stored), text, exclusive: false, sync: false) }
        guard problem == nil else { return nil }
        written.add(name)
        return stored
    }

    private static func name(of bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { name(of: $0) }
    }

    private static func name(of buffer: UnsafeRawBufferPointer) -> String {
        ContentHash.of(buffer).description + ".html"
    }

    mutating func setPlan(_ file: String, _ entry: PlanEntry) {
        plans[file] = entry
        changes.append(.plan(file, entry))
    }

    mutating func setPerson(_ page: String, _ entry: PersonEntry) {
        persons[page] = entry
        changes.append(.person(page, entry))
    }

    /// Keeps only these plans and person pages.
    mutating func retain(plans files: Set<String>, persons pages: Set<String>) {
        for file in plans.keys where !files.contains(file) { changes.append(.removePlan(file)) }
        for page in persons.keys where !pages.contains(page) { changes.append(.removePerson(page)) }
        plans = plans.filter { files.contains($0.key) }
        persons = persons.filter { pages.contains($0.key) }
    }

    /// What changed since loading, in order: appended to the journal when that is
    /// cheaper than writing the whole index again.
    private enum Change {
        case plan(String, PlanEntry)
        case person(String, PersonEntry)
        case removePlan(String)
        case removePerson(String)
    }

    private var changes: [Change] = []
    /// The loaded index's generation (nil: no index), and the sizes that decide between
    /// appending to the journal and writing the index again.
    private var generation: Digest?
    private var indexSize = 0
    private var journalSize = 0

    /// Page names the loaded entries refer to.
    private var referenced: Set<String> {
        Set(plans.values.compactMap(\.page?.name) + persons.values.map(\.page.name))
    }

    /// Saves the changes, seals them, then removes stored pages nothing refers to. One
    /// changed plan appends a few kilobytes to the journal; the index (tens of megabytes
    /// for a large site) is written again, atomically, only when the journal has grown to
    /// a quarter of it, or when there is no index yet. Interruption waits for it.
    func save() {
        Interruption.critical {
            if let generation, changes.count <= max(16, plans.count / 8) {
                var journal = CacheWriter()
                for change in changes { record(change, &journal) }
                if journalSize + journal.bytes.count < indexSize / 4, append(journal.bytes, generation: generation),
                   Seal(index: Seal.Stamp.of(indexPath), journal: Seal.Stamp.of(journalPath)).write(sealPath) {
                    collectGarbage()
                    return
                }
            }
            unlink(sealPath)
            if writeIndex() {
                unlink(journalPath)
                _ = Seal(index: Seal.Stamp.of(indexPath), journal: nil).write(sealPath)
            }
            collectGarbage()
        }
    }

    /// Removes the pages this run stored, unless the saved entries refer to them: for a
    /// run that fails (a full disk, an interruption), so its pages do not pile up.
    func discardWritten() {
        let keep = referenced
        for name in written.all where !keep.contains(name) { unlink(FileSystem.join(pagesPath, name)) }
    }

    private func collectGarbage() {
        let used = referenced
        for name in FileSystem.entries(pagesPath) ?? [] where !used.contains(name) {
            unlink(FileSystem.join(pagesPath, name))
        }
    }

    /// The whole index, written in chunks to a temporary file and renamed: a large
    /// site's index is hundreds of megabytes and must not sit in memory twice. It ends
    /// with the SHA-256 of everything before it.
    private func writeIndex() -> Bool {
        let temporary = indexPath + FileSystem.temporarySuffix + "\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { return false }
        var writer = CacheWriter()
        var checksum = ContentHash()
        var failure: Int32 = 0
        func flush(_ force: Bool) {
            guard force || writer.bytes.count > 1 << 22, failure == 0 else { return }
            let chunk = writer.take()
            chunk.withUnsafeBytes { checksum.add(bytes: $0) }
            failure = chunk.withUnsafeBytes { FileSystem.writeAll(descriptor, $0) }
        }
        writer.string("mapc-build-cache")
        writer.int(Self.format)
        writer.digest(settingsKey)
        // A new generation: a journal left by a kill no longer applies.
        var stamp = ContentHash()
        stamp.add("\(getpid()) \(time(nil)) \(plans.count) \(directory)")
        writer.digest(stamp.value)
        writer.int(plans.count)
        for (file, entry) in plans.sorted(by: { $0.key < $1.key }) {
            write(file, entry, &writer)
            flush(false)
        }
        writer.int(persons.count)
        for (page, entry) in persons.sorted(by: { $0.key < $1.key }) { write(page, entry, &writer) }
        flush(true)
        if failure == 0 { failure = checksum.value.bytes.withUnsafeBytes { FileSystem.writeAll(descriptor, $0) } }
        close(descriptor)
        guard failure == 0, rename(temporary, indexPath) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// Appends records to the journal, each with its length and checksum so a record cut
    /// short by a kill is recognised and ignored.
    private func append(_ records: [UInt8], generation: Digest) -> Bool {
        var bytes: [UInt8] = []
        if journalSize == 0 {
            var header = CacheWriter()
            header.string("mapc-build-journal")
            header.digest(generation)
            bytes = header.bytes
        }
        bytes += records
        let descriptor = open(journalPath, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              // Whatever follows the last whole record (a write cut short) goes first.
              ftruncate(descriptor, off_t(journalSize)) == 0, lseek(descriptor, off_t(journalSize), SEEK_SET) >= 0 else {
            return false
        }
        return bytes.withUnsafeBytes { FileSystem.writeAll(descriptor, $0) } == 0
    }

    private func record(_ change: Change, _ journal: inout CacheWriter) {
        var body = CacheWriter()
        switch change {
        case let .plan(file, entry): body.int(1); write(file, entry, &body)
        case let .person(page, entry): body.int(2); write(page, entry, &body)
        case let .removePlan(file): body.int(3); body.string(file)
        case let .removePerson(page): body.int(4); body.string(page)
        }
        journal.int(body.bytes.count)
        journal.digest(ContentHash.of(body.bytes))
        journal.append(body.bytes)
    }

    private func write(_ file: String, _ entry: PlanEntry, _ writer: inout CacheWriter) {
        writer.string(file)
        writer.digest(entry.sourceHash)
        writer.digest(entry.peopleKey)
        writer.fragment(entry.fragment)
        write(entry.page, &writer)
    }

    private func write(_ page: String, _ entry: PersonEntry, _ writer: inout CacheWriter) {
        writer.string(page)
        writer.digest(entry.inputs)
        write(entry.page, &writer)
    }

    private func write(_ stored: Stored?, _ writer: inout CacheWriter) {
        writer.bool(stored != nil)
        if let stored { writer.string(stored.name) }
    }

    private static func stored(_ reader: inout CacheReader) throws(CacheReader.Damaged) -> Stored? {
        guard try reader.bool() else { return nil }
        let name = try reader.string()
        // Names are ours (64 hex digits + .html); anything else is damage, not a path to follow.
        guard name.utf8.count == 69, name.hasSuffix(".html"),
              name.utf8.prefix(64).allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw CacheReader.Damaged()
        }
        return Stored(name: name)
    }

    private static func planEntry(_ reader: inout CacheReader) throws(CacheReader.Damaged) -> (String, PlanEntry) {
        let file = try reader.string()
        let sourceHash = try reader.digest(), peopleKey = try reader.digest()
        let fragment = try reader.fragment()
        return (file, PlanEntry(sourceHash: sourceHash, peopleKey: peopleKey, fragment: fragment,
                                page: try stored(&reader)))
    }

    private static func personEntry(_ reader: inout CacheReader) throws(CacheReader.Damaged) -> (String, PersonEntry) {
        let page = try reader.string()
        let inputs = try reader.digest()
        guard let file = try stored(&reader) else { throw CacheReader.Damaged() }
        return (page, PersonEntry(inputs: inputs, page: file))
    }

    private mutating func read(_ bytes: [UInt8]) throws(CacheReader.Damaged) {
        // Read in place: an index of hundreds of megabytes is not copied.
        guard var reader = CacheReader(checked: bytes) else { throw CacheReader.Damaged() }
        guard try reader.string() == "mapc-build-cache", try reader.int() == Self.format,
              try reader.digest() == settingsKey else { throw CacheReader.Damaged() }
        let generation = try reader.digest()
        for _ in 0..<(try reader.count()) {
            let (file, entry) = try Self.planEntry(&reader)
            plans[file] = entry
        }
        for _ in 0..<(try reader.count()) {
            let (page, entry) = try Self.personEntry(&reader)
            persons[page] = entry
        }
        guard reader.isAtEnd else { throw CacheReader.Damaged() }
        self.generation = generation
        indexSize = bytes.count
    }

    /// Applies the journal's whole records, in order; stops at the first damaged one.
    private mutating func readJournal() {
        guard let generation, case let .success(bytes) = FileSystem.read(journalPath, .own(limit: Self.indexLimit)) else {
            return
        }
        var reader = CacheReader(bytes)
        guard (try? reader.string()) == "mapc-build-journal", (try? reader.digest()) == generation else { return }
        var valid = reader.position
        while !reader.isAtEnd {
            guard let length = try? reader.count(), let checksum = try? reader.digest(),
                  let body = try? reader.raw(length), ContentHash.of(body) == checksum else { break }
            var record = CacheReader(body)
            do {
                switch try record.int() {
                case 1: let (file, entry) = try Self.planEntry(&record); plans[file] = entry
                case 2: let (page, entry) = try Self.personEntry(&record); persons[page] = entry
                case 3: plans[try record.string()] = nil
                case 4: persons[try record.string()] = nil
                default: throw CacheReader.Damaged()
                }
            } catch {
                break
            }
            valid = reader.position
        }
        journalSize = valid
    }
}

/// Page names stored by one run, from any thread.
private final class WrittenPages: Sendable {
    private let names = Mutex<Set<String>>([])
    func add(_ name: String) { names.withLock { _ = $0.insert(name) } }
    func contains(_ name: String) -> Bool { names.withLock { $0.contains(name) } }
    var all: Set<String> { names.withLock { $0 } }
}

/// How the cache's index and journal were left: a file that arrived any other way (a
/// checkout, a copy, an edit) has another inode or time, and is not trusted.
struct Seal: Equatable {
    struct Stamp: Equatable {
        var inode: UInt64
        var size: Int
        var modified: Int

        static func of(_ path: String) -> Stamp? {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            return Stamp(inode: UInt64(info.st_ino), size: Int(info.st_size),
                         modified: Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
        }
    }

    var index: Stamp?
    var journal: Stamp?

    private static let header = "mapc-cache-seal 1"

    static func read(_ path: String) -> Seal? {
        guard case let .success(bytes) = FileSystem.read(path, .own(limit: 4096)) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: " ") }
        guard lines.count == 3, lines[0].joined(separator: " ") == header else { return nil }
        func stamp(_ fields: [Substring], _ name: String) -> Stamp?? {
            guard fields.first.map(String.init) == name else { return .none }
            if fields.count == 2, fields[1] == "none" { return .some(nil) }
            guard fields.count == 4, let inode = UInt64(fields[1]), let size = Int(fields[2]),
                  let modified = Int(fields[3]) else { return .none }
            return .some(Stamp(inode: inode, size: size, modified: modified))
        }
        guard let index = stamp(lines[1], "index"), let journal = stamp(lines[2], "journal"), index != nil else { return nil }
        return Seal(index: index, journal: journal)
    }

    func write(_ path: String) -> Bool {
        guard let index else { return false }
        func line(_ name: String, _ stamp: Stamp?) -> String {
            stamp.map { "\(name) \($0.inode) \($0.size) \($0.modified)\n" } ?? "\(name) none\n"
        }
        let text = Self.header + "\n" + line("index", index) + line("journal", journal)
        return FileSystem.writeAtomically(path, text, exclusive: false, sync: false) == nil
    }
}
