import MapcModel
import MapcSource

/// `mapc export --format ics`, and the site's `calendar.ics`: an RFC 5545 calendar with
/// one all-day event per dated open task (by its effective due date) and per dated
/// milestone.
///
/// What makes it valid and reproducible (docs/exports.md):
/// - CRLF line endings; content lines folded at 75 octets, never inside a UTF-8 sequence;
/// - TEXT values escaped (`\\`, `\;`, `\,`, `\n`), control characters dropped;
/// - `DTSTART;VALUE=DATE` and `DTEND` the next day (all-day, RFC 5545 §3.6.1);
/// - UIDs derived from the plan id and the task id (`task-<plan>-<task>@mapc`) or the
///   milestone's title (`milestone-<plan>-<slug>@mapc`), so re-importing updates events
///   instead of duplicating them; a UID already used gets `-2`, `-3`…;
/// - `DTSTAMP` is the start of "today" in UTC, never the clock.
public enum ICalendar {
    /// The product identifier (RFC 5545 §3.7.3); no version, so upgrades do not change output.
    public static let productID = "-//mapc//mutual action plans//EN"

    /// The calendar's name (`X-WR-CALNAME`, what calendar apps show for a subscribed
    /// calendar): the site title from mapc.yml, else a generic name. The site's
    /// `calendar.ics` and `mapc export --format ics` both take it from here.
    public static func name(siteTitle: String?) -> String {
        siteTitle ?? "Mutual action plans"
    }

    /// The calendar of `plans`, as of `today`, named `name`.
    public static func render(_ plans: [Plan], today: Day, name: String = name(siteTitle: nil)) -> String {
        var bytes: [UInt8] = []
        assemble(plans.map { events(of: $0, today: today) }, name: name, chunk: Int.max) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One event before its UID is made unique among all plans' events: the UID's base,
    /// and the event's other content lines, folded, from `DTSTAMP` to `END:VEVENT`.
    public struct Event: Sendable, Equatable {
        public var uidBase: String
        public var rest: String

        public init(uidBase: String, rest: String) {
            self.uidBase = uidBase
            self.rest = rest
        }
    }

    /// The calendar from each plan's events, in plan order, handed to `write` in chunks of
    /// about `chunk` bytes: a site's calendar runs to a hundred megabytes for 10,000 plans
    /// and need not be in memory at once. A UID already used gets `-2`, `-3`…: two plans
    /// can give the same base (`task-a-b-c` from plan `a` and from `a-b`).
    public static func assemble(_ plans: some Sequence<[Event]>, name: String, chunk: Int, write: ([UInt8]) -> Void) {
        var out: [UInt8] = []
        func append(_ text: String) {
            out.append(contentsOf: text.utf8)
            if out.count >= chunk {
                write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        append([
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:" + productID,
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
        ].map(fold).joined(separator: "\r\n") + "\r\n")
        var used = Set<String>()
        // The next suffix to try per base, so thousands of equal ids stay linear.
        var nextSuffix: [String: Int] = [:]
        func unique(_ base: String) -> String {
            // Almost every base is new: one set insertion, no suffix look-up.
            if used.insert(base).inserted { return base }
            var candidate = base, suffix = nextSuffix[base] ?? 2
            while !used.insert(candidate).inserted {
                candidate = "\(base)-\(suffix)"
                suffix += 1
            }
            nextSuffix[base] = suffix
            return candidate
        }
        for events in plans {
            for event in events {
                append("BEGIN:VEVENT\r\n")
                append(fold("UID:" + escape(unique(event.uidBase) + "@mapc")))
                append("\r\n")
                append(event.rest)
            }
        }
        append("END:VCALENDAR\r\n")
        if !out.isEmpty { write(out) }
    }

    /// A plan's events: each dated open task in document order, then each dated milestone.
    public static func events(of plan: Plan, today: Day) -> [Event] {
        let stamp = "DTSTAMP:" + basic(today) + "T000000Z"
        var events: [Event] = []
        func add(_ uidBase: String, day: Day, summary: String, description: [String], categories: [String]) {
            let lines = eventBody(stamp: stamp, day: day, summary: summary, description: description,
                                  categories: categories)
            events.append(Event(uidBase: uidBase, rest: lines.map(fold).joined(separator: "\r\n") + "\r\n"))
        }
        let planID = plan.id.value
        // Document order, by position (the model's order too since sub-tasks follow their parent).
        // Indices, not tasks, are sorted: copying every task was a tenth of a site build.
        for index in plan.tasks.indices.sorted(by: { plan.tasks[$0].range.start < plan.tasks[$1].range.start }) {
            let task = plan.tasks[index]
            guard task.isOpen, let due = task.effectiveDue else { continue }
            var description = ["Plan: \(plan.title.value)"]
            if let owner = task.effectiveOwner { description.append("Owner: @\(owner.name)") }
            if !task.contributors.isEmpty {
                description.append("With: " + task.contributors.map { "@\($0.value.name)" }.joined(separator: " "))
            }
            if let phase = task.phase, plan.phases.indices.contains(phase) {
                description.append("Phase: \(plan.phases[phase].title)")
            }
            if task.progress != .todo { description.append("Status: \(task.progress.rawValue)") }
            if !task.goals.isEmpty { description.append("Goals: " + task.goals.map(\.value).joined(separator: ", ")) }
            if !task.after.isEmpty { description.append("After: " + task.after.map(\.value).joined(separator: ", ")) }
            if let start = task.start?.value { description.append("Start: \(start)") }
            description.append("Source: \(plan.file)")
            add("task-\(planID)-\(task.id)", day: due, summary: task.displayTitle, description: description,
                categories: [plan.title.value, "Task"])
        }
        for milestone in plan.milestones {
            guard let due = milestone.due?.value else { continue }
            var description = ["Plan: \(plan.title.value)", "Milestone" + (milestone.done ? " (reached)" : "")]
            if !milestone.goals.isEmpty {
                description.append("Goals: " + milestone.goals.map(\.value).joined(separator: ", "))
            }
            if let celebrate = milestone.celebrate { description.append("Celebrate: \(celebrate)") }
            description.append("Source: \(plan.file)")
            add("milestone-\(planID)-\(slug(milestone.title))", day: due, summary: "◆ " + milestone.title,
                description: description, categories: [plan.title.value, "Milestone"])
        }
        return events
    }

    /// An all-day VEVENT's content lines after its UID, unfolded.
    static func eventBody(stamp: String, day: Day, summary: String, description: [String],
                          categories: [String]) -> [String]
    {
        [
            stamp,
            "DTSTART;VALUE=DATE:" + basic(day),
            "DTEND;VALUE=DATE:" + basic(day.adding(days: 1)),
            "SUMMARY:" + escape(summary),
            "DESCRIPTION:" + escape(description.joined(separator: "\n")),
            "CATEGORIES:" + categories.map(escape).joined(separator: ","),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    }

    /// `YYYYMMDD` (RFC 5545 §3.3.4 DATE).
    static func basic(_ day: Day) -> String { day.description.replacing("-", with: "") }

    /// TEXT escaping (RFC 5545 §3.3.11); control characters other than line breaks,
    /// which are not allowed in a content line, are dropped.
    public static func escape(_ text: String) -> String {
        // Most text has nothing to escape: return it as it is.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x5C || $0 == 0x3B || $0 == 0x2C }) {
            return text
        }
        var out = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Folds a content line at 75 octets (RFC 5545 §3.1): CRLF and a space, breaking only
    /// between Unicode scalars so no UTF-8 sequence is split, and never inside a TEXT
    /// escape such as `\n` (valid either way, but some readers unfold it wrongly).
    public static func fold(_ line: String) -> String {
        // Most lines fit: no work, no copies (this runs once per property of every event).
        if line.utf8.count <= 75 { return line }
        var out: [UInt8] = []
        out.reserveCapacity(line.utf8.count + line.utf8.count / 70 * 3)
        let bytes = Array(line.utf8)
        var octets = 0
        var index = 0
        while index < bytes.count {
            // One unit: a whole UTF-8 sequence, or a backslash with the character it escapes.
            var end = index + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            if bytes[index] == 0x5C, end < bytes.count {
                end += 1
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            }
            let size = end - index
            if octets + size > 75 {
                out += [0x0D, 0x0A, 0x20]
                octets = 1
            }
            out += bytes[index..<end]
            octets += size
            index = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A milestone's id for its UID: its title made a slug like a derived task id
    /// (docs/exports.md#icalendar, docs/format.md#derived-ids).
    static func slug(_ title: String) -> String {
        var out = ""
        var pendingDash = false
        for character in title.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingDash && !out.isEmpty { out += "-" }
                out.append(character)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "milestone" : out
    }
}
