import MapcCheck
import MapcEmit
import MapcModel
import MapcSource
import MapcSite

/// The build cache's binary form: `BinaryWriter`'s varints and length-prefixed UTF-8, in
/// one fixed order, with the build's own values (diagnostics, fragments) added here.
typealias CacheWriter = BinaryWriter
/// Reads what `CacheWriter` wrote; any damage is an error, never a crash.
typealias CacheReader = BinaryReader

extension BinaryWriter {
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
        int(value.members.count)
        for member in value.members { string(member.identity); string(member.handle); optional(member.name) }
        bool(value.week != nil)
        if let week = value.week {
            int(week.count)
            for change in week {
                string(change.kind.rawValue); string(change.task); string(change.detail); day(change.day)
            }
        }
    }
}

extension BinaryReader {
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
        var members: [WorkspacePlan.Person] = []
        for _ in 0..<(try count()) {
            members.append(WorkspacePlan.Person(identity: try string(), handle: try string(), name: try optional()))
        }
        var fragment = SiteFragment(file: file, planID: planID, rejectedID: rejectedID, page: page, title: title, health: health,
                            overdueCount: overdue, dueSoonCount: dueSoon, blockedCount: blocked, pageHTML: "",
                            indexRow: indexRow, people: people, statusEntry: statusEntry, events: events,
                            errors: errors, warningCount: warnings, noteCount: notes, workspaceAnchors: anchors)
        fragment.members = members
        if try bool() {
            var week: [SiteFragment.WeekChange] = []
            for _ in 0..<(try count()) {
                guard let known = SiteFragment.WeekChange.Kind(rawValue: try string()) else { throw Damaged() }
                let task = try string(), detail = try string()
                guard let day = try day() else { throw Damaged() }
                week.append(SiteFragment.WeekChange(kind: known, task: task, detail: detail, day: day))
            }
            fragment.week = week
        }
        return fragment
    }
}
