import MapcEmit
import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// `mapc build`'s cache, a hidden folder beside the output (`_site` → `._site.mapc-cache`):
/// each plan's fragment keyed by the hash of its file, and the pages rendered from them,
/// stored by the hash of their text (docs/site.md, "Incremental builds").
///
/// Nothing in it is trusted blindly: a cache written with other settings (templates,
/// "today", mapc.yml, mapc's version) is ignored whole; a damaged one is ignored whole;
/// a stored page whose size or time changed is rendered again. The site's pages are hard
/// links to the stored ones, so the cache costs little disk.
struct BuildCache {
    /// Bump when what is stored, or how, changes.
    static let format = 2

    let directory: String
    /// What the cache was written for; entries are used only when it matches.
    let settingsKey: UInt64
    private(set) var plans: [String: PlanEntry] = [:]
    private(set) var persons: [String: PersonEntry] = [:]
    /// True once something differs from what was loaded: only then is it written back.
    var isDirty: Bool { !changes.isEmpty }

    struct Stored: Equatable {
        /// File name under `pages/`.
        var name: String
        var stamp: FileSystem.FileStamp
    }

    struct PlanEntry {
        var sourceHash: UInt64
        /// Which of the handles the fragment links had a person page (`linkKey`).
        var peopleKey: UInt64
        var fragment: SiteFragment
        var page: Stored?
    }

    struct PersonEntry {
        var inputs: UInt64
        var page: Stored
    }

    init(directory: String, settingsKey: UInt64) {
        self.directory = directory
        self.settingsKey = settingsKey
    }

    /// Where the cache of an output folder lives.
    static func location(for output: String) -> String {
        let trimmed = output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
        let name = String(trimmed.split(separator: "/").last ?? Substring(trimmed))
        return FileSystem.join(FileSystem.parent(trimmed), ".\(name).mapc-cache")
    }

    /// The cache for `output`, empty when there is none or it does not fit `settingsKey`.
    static func load(output: String, settingsKey: UInt64) -> BuildCache {
        var cache = BuildCache(directory: location(for: output), settingsKey: settingsKey)
        guard cache.isUsable, case let .success(bytes) = FileSystem.read(cache.indexPath) else { return cache }
        do {
            try cache.read(bytes)
        } catch {
            cache.plans = [:]
            cache.persons = [:]
        }
        return cache
    }

    /// A cache folder that is a symbolic link (or a file) is not ours: never read or write it.
    var isUsable: Bool {
        let kinds: [FileSystem.Kind] = [.directory, .missing]
        return kinds.contains(FileSystem.kind(directory, follow: false))
            && kinds.contains(FileSystem.kind(pagesPath, follow: false))
    }

    private var indexPath: String { FileSystem.join(directory, "index") }
    private var pagesPath: String { FileSystem.join(directory, "pages") }

    func path(of stored: Stored) -> String { FileSystem.join(pagesPath, stored.name) }

    /// A page stored under `name`, as it is on disk now; nil for "" or a missing file.
    func stored(named name: String) -> Stored? {
        guard !name.isEmpty, let stamp = FileSystem.stamp(FileSystem.join(pagesPath, name)) else { return nil }
        return Stored(name: name, stamp: stamp)
    }

    /// True when a stored page is still as it was written.
    func isIntact(_ stored: Stored) -> Bool { FileSystem.stamp(path(of: stored)) == stored.stamp }

    /// A plan's entry if its file is unchanged and its page intact.
    func plan(_ file: String, sourceHash: UInt64) -> PlanEntry? {
        guard let entry = plans[file], entry.sourceHash == sourceHash else { return nil }
        if let page = entry.page, !isIntact(page) { return nil }
        return entry
    }

    /// Stores a page's text (once per distinct text) and returns how to find it.
    func store(_ text: String) -> Stored? {
        var hash = ContentHash()
        hash.add(text)
        let name = String(hash.value, radix: 16) + ".html"
        let target = FileSystem.join(pagesPath, name)
        guard isUsable else { return nil }
        if let stamp = FileSystem.stamp(target), stamp.size == text.utf8.count { return Stored(name: name, stamp: stamp) }
        if FileSystem.kind(directory, follow: false) == .missing { mkdir(directory, 0o755) }
        if FileSystem.kind(pagesPath, follow: false) == .missing { mkdir(pagesPath, 0o755) }
        guard FileSystem.writeAtomically(target, text, exclusive: false, sync: false) == nil,
              let stamp = FileSystem.stamp(target) else { return nil }
        return Stored(name: name, stamp: stamp)
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
    /// The loaded index's generation, and the journal's size: a journal belongs to one index.
    private var generation: UInt64 = 0
    private var indexSize = 0
    private var journalSize = 0

    private var journalPath: String { FileSystem.join(directory, "journal") }

    /// Saves the changes, then removes stored pages nothing refers to. One changed plan
    /// appends a few kilobytes to the journal; the index (tens of megabytes for a large
    /// site) is written again, atomically, only when the journal has grown to a quarter
    /// of it, or when there is no index yet.
    func save() {
        guard isUsable else { return }
        if FileSystem.kind(directory, follow: false) == .missing { mkdir(directory, 0o755) }
        if generation != 0, changes.count <= max(16, plans.count / 8) {
            var journal = CacheWriter()
            for change in changes { record(change, &journal) }
            if journalSize + journal.bytes.count < indexSize / 4, append(journal.bytes) {
                collectGarbage()
                return
            }
        }
        // The whole index, written in chunks to a temporary file and renamed: a large
        // site's index is hundreds of megabytes and must not sit in memory twice.
        let temporary = indexPath + ".mapc-tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { return }
        var writer = CacheWriter()
        var failed = false
        func flush(_ force: Bool) {
            guard force || writer.bytes.count > 1 << 22 else { return }
            let chunk = writer.take()
            if chunk.withUnsafeBytes({ Glibc.write(descriptor, $0.baseAddress, $0.count) }) != chunk.count { failed = true }
        }
        writer.string("mapc-build-cache")
        writer.int(Self.format)
        writer.hash(settingsKey)
        // A new generation: the old journal, if a kill leaves one, no longer applies.
        var stamp = ContentHash()
        stamp.add(bytes: Array("\(getpid()) \(time(nil)) \(plans.count)".utf8))
        writer.hash(stamp.value | 1)
        writer.int(plans.count)
        for (file, entry) in plans.sorted(by: { $0.key < $1.key }) {
            write(file, entry, &writer)
            flush(false)
        }
        writer.int(persons.count)
        for (page, entry) in persons.sorted(by: { $0.key < $1.key }) { write(page, entry, &writer) }
        flush(true)
        close(descriptor)
        guard !failed, rename(temporary, indexPath) == 0 else {
            unlink(temporary)
            return
        }
        unlink(journalPath)
        collectGarbage()
    }

    private func collectGarbage() {
        let used = Set(plans.values.compactMap(\.page?.name) + persons.values.map(\.page.name))
        for name in FileSystem.entries(pagesPath) ?? [] where !used.contains(name) {
            unlink(FileSystem.join(pagesPath, name))
        }
    }

    /// Appends records to the journal, each with its length and checksum so a record cut
    /// short by a kill is recognised and ignored.
    private func append(_ records: [UInt8]) -> Bool {
        var bytes: [UInt8] = []
        if journalSize == 0 {
            var header = CacheWriter()
            header.string("mapc-build-journal")
            header.hash(generation)
            bytes = header.bytes
        }
        bytes += records
        let descriptor = open(journalPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        // Whatever follows the last whole record (a write cut short) goes first.
        ftruncate(descriptor, off_t(journalSize))
        return bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) } == bytes.count
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
        journal.hash(ContentHash.of(body.bytes))
        journal.append(body.bytes)
    }

    private func write(_ file: String, _ entry: PlanEntry, _ writer: inout CacheWriter) {
        writer.string(file)
        writer.hash(entry.sourceHash)
        writer.hash(entry.peopleKey)
        writer.fragment(entry.fragment)
        write(entry.page, &writer)
    }

    private func write(_ page: String, _ entry: PersonEntry, _ writer: inout CacheWriter) {
        writer.string(page)
        writer.hash(entry.inputs)
        write(entry.page, &writer)
    }

    private func write(_ stored: Stored?, _ writer: inout CacheWriter) {
        writer.bool(stored != nil)
        guard let stored else { return }
        writer.string(stored.name)
        writer.int(stored.stamp.size)
        writer.int(stored.stamp.modified)
    }

    private static func stored(_ reader: inout CacheReader) throws(CacheReader.Damaged) -> Stored? {
        guard try reader.bool() else { return nil }
        let name = try reader.string()
        // Names are ours (hex + .html); anything else is damage, not a path to follow.
        guard !name.contains("/"), !name.hasPrefix("."), !name.isEmpty else { throw CacheReader.Damaged() }
        return Stored(name: name, stamp: FileSystem.FileStamp(size: try reader.int(), modified: try reader.int()))
    }

    private static func planEntry(_ reader: inout CacheReader) throws(CacheReader.Damaged) -> (String, PlanEntry) {
        let file = try reader.string()
        let sourceHash = try reader.hash(), peopleKey = try reader.hash()
        let fragment = try reader.fragment()
        return (file, PlanEntry(sourceHash: sourceHash, peopleKey: peopleKey, fragment: fragment,
                                page: try stored(&reader)))
    }

    private static func personEntry(_ reader: inout CacheReader) throws(CacheReader.Damaged) -> (String, PersonEntry) {
        let page = try reader.string()
        let inputs = try reader.hash()
        guard let file = try stored(&reader) else { throw CacheReader.Damaged() }
        return (page, PersonEntry(inputs: inputs, page: file))
    }

    private mutating func read(_ bytes: [UInt8]) throws(CacheReader.Damaged) {
        var reader = CacheReader(bytes)
        guard try reader.string() == "mapc-build-cache", try reader.int() == Self.format,
              try reader.hash() == settingsKey else { return }
        let generation = try reader.hash()
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
        readJournal()
    }

    /// Applies the journal's whole records, in order; stops at the first damaged one.
    private mutating func readJournal() {
        guard case let .success(bytes) = FileSystem.read(journalPath) else { return }
        var reader = CacheReader(bytes)
        guard (try? reader.string()) == "mapc-build-journal", (try? reader.hash()) == generation else { return }
        var valid = reader.position
        while !reader.isAtEnd {
            guard let length = try? reader.count(), let checksum = try? reader.hash(),
                  let body = try? reader.bytes(length), ContentHash.of(body) == checksum else { break }
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
