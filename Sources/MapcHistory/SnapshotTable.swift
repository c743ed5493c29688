import MapcSource

/// What every blob gave, as the history cache keeps it (docs/history.md#the-cache): each
/// blob's identity (kind, plan id, title) is read when the table is loaded; its tasks and
/// milestones only when a plan's history has to be computed again, so a run after one
/// new commit decodes the versions of the plans that commit changed, not all of them.
struct SnapshotTable {
    private(set) var identities: [String: PlanSnapshot.Identity] = [:]
    private var decoded: [String: PlanSnapshot] = [:]
    /// The loaded file and, per blob not decoded yet, where its facts are in it.
    private var raw: [UInt8] = []
    private var stored: [String: Range<Int>] = [:]
    /// Blobs the main file holds: a save writes the others alone to a small file beside
    /// it, until they are a quarter of it (one new commit rewrites kilobytes, not the
    /// whole table).
    private(set) var inMainFile = Set<String>()
    private(set) var mainFileSize = 0

    init() {}

    init(_ snapshots: [String: PlanSnapshot]) {
        for (blob, snapshot) in snapshots { insert(blob, snapshot) }
    }

    func contains(_ blob: String) -> Bool { identities[blob] != nil }

    mutating func insert(_ blob: String, _ snapshot: PlanSnapshot) {
        identities[blob] = snapshot.identity
        decoded[blob] = snapshot
        stored[blob] = nil
    }

    /// The whole reading of a blob, decoded on first use; nil when unknown or damaged.
    mutating func snapshot(_ blob: String) -> PlanSnapshot? {
        if let snapshot = decoded[blob] { return snapshot }
        guard let range = stored[blob] else { return nil }
        var input = ByteReader(raw, range: range)
        guard let snapshot = try? PlanSnapshot.decode(&input), input.isAtEnd else { return nil }
        decoded[blob] = snapshot
        return snapshot
    }

    /// Keeps only these blobs (a rewritten branch leaves others no commit refers to).
    mutating func retain(_ blobs: Set<String>) {
        identities = identities.filter { blobs.contains($0.key) }
        decoded = decoded.filter { blobs.contains($0.key) }
        stored = stored.filter { blobs.contains($0.key) }
    }

    /// Adds the blobs of a smaller table (the file of recent additions).
    mutating func merge(_ other: SnapshotTable) {
        var other = other
        for blob in other.identities.keys where identities[blob] == nil {
            if let snapshot = other.snapshot(blob) { insert(blob, snapshot) }
        }
    }

    /// Saves the table: the recent additions alone while they are small, else everything
    /// in the main file (and an empty file of additions).
    func save(_ store: HistoryStore, key: String) {
        let added = identities.keys.filter { !inMainFile.contains($0) }
        guard !added.isEmpty else { return }
        let recent = encode(key: key, blobs: added.sorted())
        if !inMainFile.isEmpty, recent.count < max(64 << 10, mainFileSize / 4) {
            store.save("blobs-new", recent)
        } else {
            store.save("blobs", encode(key: key, blobs: identities.keys.sorted()))
            store.save("blobs-new", encode(key: key, blobs: []))
        }
    }

    func encode(key: String, blobs: [String]) -> [UInt8] {
        var out = ByteWriter()
        out.string("mapc-history-blobs"); out.int(HistoryReader.format); out.string(key)
        out.int(blobs.count)
        for blob in blobs {
            out.string(blob)
            if let snapshot = decoded[blob] {
                var facts = ByteWriter()
                snapshot.encode(&facts)
                out.int(facts.bytes.count)
                out.append(facts.bytes)
            } else if let range = stored[blob] {
                out.int(range.count)
                out.append(Array(raw[range]))
            }
        }
        return out.checkedBytes
    }

    /// The table in a cache file, or nil when the file is damaged or for other settings.
    /// Identities are decoded now; the rest is checked for shape and kept as bytes.
    static func decode(_ bytes: [UInt8], key: String) -> SnapshotTable? {
        guard var input = ByteReader(checked: bytes) else { return nil }
        var table = SnapshotTable()
        table.raw = bytes
        table.mainFileSize = bytes.count
        do throws(ByteReader.Damaged) {
            guard try input.string() == "mapc-history-blobs", try input.int() == HistoryReader.format,
                  try input.string() == key else { return nil }
            for _ in 0..<(try input.count()) {
                let blob = try input.string()
                let length = try input.count()
                let start = input.position
                guard length <= bytes.count - 32 - start else { throw ByteReader.Damaged() }
                var facts = ByteReader(table.raw, range: start..<(start + length))
                table.identities[blob] = try PlanSnapshot.decodeIdentity(&facts)
                table.stored[blob] = start..<(start + length)
                table.inMainFile.insert(blob)
                try input.skip(length)
            }
            return input.isAtEnd ? table : nil
        } catch {
            return nil
        }
    }
}
