import MapcCheck
import MapcEmit
import MapcModel
import MapcSource
import MapcSite

/// The build cache's binary form: varints and length-prefixed UTF-8, written and read in
/// one fixed order. JSON would cost more to read than compiling the plans again.
struct CacheWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        // Zig-zag, then 7 bits per byte.
        var rest = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func digest(_ value: Digest) {
        bytes.append(contentsOf: value.bytes)
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// The bytes written so far, leaving the writer empty (to write a file in chunks).
    mutating func take() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    mutating func diagnostic(_ value: Diagnostic) {
        string(value.file)
        int(value.start.line); int(value.start.column); int(value.end.line); int(value.end.column)
        int(value.range.start); int(value.range.end)
        string(value.severity.rawValue); string(value.rule.rawValue)
        string(value.message); optional(value.help); bool(value.isPlanLevel)
    }

    mutating func fragment(_ value: SiteFragment) {
        string(value.file); string(value.planID); optional(value.rejectedID); optional(value.page)
        string(value.title); string(value.health.rawValue)
        int(value.overdueCount); int(value.dueSoonCount); int(value.blockedCount)
        string(value.indexRow)
        int(value.people.count)
        for person in value.people {
            string(person.key); string(person.handle); string(person.name); string(person.section.text)
            int(person.openCount); int(person.overdueCount); int(person.listedOpenCount); int(person.listedOverdueCount)
            bool(person.ownsPlan)
        }
        string(value.statusEntry)
        int(value.calendarEvents.count)
        for event in value.calendarEvents { string(event.uidBase); string(event.rest) }
        int(value.errors.count)
        for error in value.errors { diagnostic(error) }
        int(value.warningCount); int(value.noteCount)
        int(value.workspaceAnchors.count)
        for anchor in value.workspaceAnchors { diagnostic(anchor) }
        int(value.handles.count)
        for handle in value.handles { string(handle) }
        int(value.members.count)
        for member in value.members { string(member.identity); string(member.handle); optional(member.name) }
    }
}

/// Reads what `CacheWriter` wrote; any damage is an error, never a crash.
struct CacheReader {
    struct Damaged: Error {}

    private let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func int() throws(Damaged) -> Int {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard position < bytes.count, shift < 64 else { throw Damaged() }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: result >> 1 ^ (0 &- (result & 1))))
    }

    /// A count of things to read: never negative, never more than bytes are left.
    mutating func count() throws(Damaged) -> Int {
        let value = try int()
        guard value >= 0, value <= bytes.count - position else { throw Damaged() }
        return value
    }

    mutating func digest() throws(Damaged) -> Digest {
        guard bytes.count - position >= 32, let value = Digest(bytes: Array(bytes[position..<(position + 32)])) else {
            throw Damaged()
        }
        position += 32
        return value
    }

    mutating func bytes(_ count: Int) throws(Damaged) -> [UInt8] {
        guard count >= 0, count <= bytes.count - position else { throw Damaged() }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func bool() throws(Damaged) -> Bool {
        guard position < bytes.count, bytes[position] <= 1 else { throw Damaged() }
        position += 1
        return bytes[position - 1] == 1
    }

    mutating func string() throws(Damaged) -> String {
        let length = try count()
        defer { position += length }
        return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
    }

    mutating func optional() throws(Damaged) -> String? {
        try bool() ? try string() : nil
    }

    mutating func diagnostic() throws(Damaged) -> Diagnostic {
        let file = try string()
        let start = SourcePosition(line: try int(), column: try int())
        let end = SourcePosition(line: try int(), column: try int())
        let range = SourceRange(start: try int(), end: try int())
        guard let severity = Severity(rawValue: try string()) else { throw Damaged() }
        let rule = RuleID(try string())
        return Diagnostic(file: file, start: start, end: end, range: range, severity: severity, rule: rule,
                          message: try string(), help: try optional(), isPlanLevel: try bool())
    }

    mutating func fragment() throws(Damaged) -> SiteFragment {
        let file = try string(), planID = try string(), rejectedID = try optional(), page = try optional()
        let title = try string()
        guard let health = Health(rawValue: try string()) else { throw Damaged() }
        let overdue = try int(), dueSoon = try int(), blocked = try int()
        let indexRow = try string()
        var people: [SiteFragment.Person] = []
        for _ in 0..<(try count()) {
            people.append(SiteFragment.Person(
                key: try string(), handle: try string(), name: try string(), section: SpooledText(try string()),
                openCount: try int(), overdueCount: try int(), listedOpenCount: try int(), listedOverdueCount: try int(),
                ownsPlan: try bool()))
        }
        let statusEntry = try string()
        var events: [ICalendar.Event] = []
        for _ in 0..<(try count()) { events.append(ICalendar.Event(uidBase: try string(), rest: try string())) }
        var errors: [Diagnostic] = []
        for _ in 0..<(try count()) { errors.append(try diagnostic()) }
        let warnings = try int(), notes = try int()
        var anchors: [Diagnostic] = []
        for _ in 0..<(try count()) { anchors.append(try diagnostic()) }
        var handles: [String] = []
        for _ in 0..<(try count()) { handles.append(try string()) }
        var members: [WorkspacePlan.Person] = []
        for _ in 0..<(try count()) {
            members.append(WorkspacePlan.Person(identity: try string(), handle: try string(), name: try optional()))
        }
        var fragment = SiteFragment(file: file, planID: planID, rejectedID: rejectedID, page: page, title: title, health: health,
                            overdueCount: overdue, dueSoonCount: dueSoon, blockedCount: blocked, pageHTML: "",
                            indexRow: indexRow, people: people, statusEntry: statusEntry, events: events,
                            errors: errors, warningCount: warnings, noteCount: notes, workspaceAnchors: anchors)
        fragment.handles = handles
        fragment.members = members
        return fragment
    }
}
