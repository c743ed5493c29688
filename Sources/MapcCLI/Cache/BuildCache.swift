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
    static let format = 1

    let directory: String
    /// What the cache was written for; entries are used only when it matches.
    let settingsKey: UInt64
    private(set) var plans: [String: PlanEntry] = [:]
    private(set) var persons: [String: PersonEntry] = [:]
    /// True once something differs from what was loaded: only then is it written back.
    private(set) var isDirty = false

    struct Stored: Equatable {
        /// File name under `pages/`.
        var name: String
        var stamp: FileSystem.FileStamp
    }

    struct PlanEntry {
        var sourceHash: UInt64
        /// The people directory the fragment was rendered with (rows link people).
        var peopleKey: UInt64
        var fragment: SiteFragment
        var page: Stored?
    }

    struct PersonEntry {
        var inputs: UInt64
        var page: Stored
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

    /// True when a stored page is still as it was written.
    func isIntact(_ stored: Stored) -> Bool { FileSystem.stamp(path(of: stored)) == stored.stamp }

    /// A plan's entry if its file is unchanged and its page intact.
    func plan(_ file: String, sourceHash: UInt64) -> PlanEntry? {
        guard let entry = plans[file], entry.sourceHash == sourceHash else { return nil }
        if let page = entry.page, !isIntact(page) { return nil }
        return entry
    }

    /// Stores a page's text (once per distinct text) and returns how to find it.
    mutating func store(_ text: String) -> Stored? {
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
        isDirty = true
    }

    mutating func setPerson(_ page: String, _ entry: PersonEntry) {
        persons[page] = entry
        isDirty = true
    }

    /// Keeps only these plans and person pages.
    mutating func retain(plans files: Set<String>, persons pages: Set<String>) {
        let before = (plans.count, persons.count)
        plans = plans.filter { files.contains($0.key) }
        persons = persons.filter { pages.contains($0.key) }
        if before != (plans.count, persons.count) { isDirty = true }
    }

    /// Writes the index atomically, then removes stored pages nothing refers to.
    func save() {
        guard isUsable else { return }
        var writer = CacheWriter()
        writer.string("mapc-build-cache")
        writer.int(Self.format)
        writer.hash(settingsKey)
        writer.int(plans.count)
        for (file, entry) in plans.sorted(by: { $0.key < $1.key }) {
            writer.string(file)
            writer.hash(entry.sourceHash)
            writer.hash(entry.peopleKey)
            writer.fragment(entry.fragment)
            write(entry.page, &writer)
        }
        writer.int(persons.count)
        for (page, entry) in persons.sorted(by: { $0.key < $1.key }) {
            writer.string(page)
            writer.hash(entry.inputs)
            write(entry.page, &writer)
        }
        if FileSystem.kind(directory, follow: false) == .missing { mkdir(directory, 0o755) }
        guard FileSystem.writeAtomically(indexPath, bytes: writer.bytes, sync: false) == nil else { return }
        let used = Set(plans.values.compactMap(\.page?.name) + persons.values.map(\.page.name))
        for name in FileSystem.entries(pagesPath) ?? [] where !used.contains(name) {
            unlink(FileSystem.join(pagesPath, name))
        }
    }

    private func write(_ stored: Stored?, _ writer: inout CacheWriter) {
        writer.bool(stored != nil)
        guard let stored else { return }
        writer.string(stored.name)
        writer.int(stored.stamp.size)
        writer.int(stored.stamp.modified)
    }

    private mutating func read(_ bytes: [UInt8]) throws(CacheReader.Damaged) {
        var reader = CacheReader(bytes)
        guard try reader.string() == "mapc-build-cache", try reader.int() == Self.format,
              try reader.hash() == settingsKey else { return }
        func stored() throws(CacheReader.Damaged) -> Stored? {
            guard try reader.bool() else { return nil }
            let name = try reader.string()
            // Names are ours (hex + .html); anything else is damage, not a path to follow.
            guard !name.contains("/"), !name.hasPrefix(".") else { throw CacheReader.Damaged() }
            return Stored(name: name, stamp: FileSystem.FileStamp(size: try reader.int(), modified: try reader.int()))
        }
        for _ in 0..<(try reader.count()) {
            let file = try reader.string()
            let sourceHash = try reader.hash(), peopleKey = try reader.hash()
            let fragment = try reader.fragment()
            plans[file] = PlanEntry(sourceHash: sourceHash, peopleKey: peopleKey, fragment: fragment, page: try stored())
        }
        for _ in 0..<(try reader.count()) {
            let page = try reader.string()
            let inputs = try reader.hash()
            guard let file = try stored() else { throw CacheReader.Damaged() }
            persons[page] = PersonEntry(inputs: inputs, page: file)
        }
        guard reader.isAtEnd else { throw CacheReader.Damaged() }
    }
}
