import MapcEmit

/// Where a build keeps text it needs again only at the end: a file beside the staging
/// folder in a real build, memory in tests (`SiteOutput.spool`). Emitters never write
/// files; they hand text to a spool and read it back.
public protocol TextSpool: AnyObject, Sendable {
    /// Keeps `text`; nil when it could not (a full disk): the caller keeps it in memory.
    func append(_ text: String) -> SpooledText?
    /// The text `append` kept at `offset`.
    func read(offset: Int, count: Int) -> String
}

/// Text held in memory or in a `TextSpool` (docs/performance.md#memory): the person-page
/// sections and calendar events of 10,000 plans are a quarter of a gigabyte, needed once,
/// when the site is put together.
public struct SpooledText: Sendable, Equatable, ExpressibleByStringLiteral {
    private let inline: String?
    private let spool: (any TextSpool)?
    private let offset: Int, count: Int

    public init(_ text: String) {
        inline = text
        spool = nil
        offset = 0
        count = 0
    }

    public init(stringLiteral text: String) { self.init(text) }

    public init(spool: any TextSpool, offset: Int, count: Int) {
        inline = nil
        self.spool = spool
        self.offset = offset
        self.count = count
    }

    /// The text, read back from the spool when it is there.
    public var text: String { inline ?? spool?.read(offset: offset, count: count) ?? "" }

    public var isSpooled: Bool { spool != nil }

    public static func == (lhs: SpooledText, rhs: SpooledText) -> Bool { lhs.text == rhs.text }
}

extension SiteFragment {
    /// Moves the person-page sections and the calendar events into `spool`: what stays in
    /// memory is what the portfolio, status.json and the summary need.
    public mutating func spool(into spool: any TextSpool) {
        for index in people.indices where !people[index].section.isSpooled {
            if let kept = spool.append(people[index].section.text) { people[index].section = kept }
        }
        guard !events.isEmpty, let kept = spool.append(ICalendar.Event.joined(events)) else { return }
        spooledEvents = kept
        events = []
    }

    /// The calendar events, read back from the spool when they are there.
    public var calendarEvents: [ICalendar.Event] {
        spooledEvents.map { ICalendar.Event.split($0.text) } ?? events
    }
}

extension ICalendar.Event {
    /// Events as one text: each field ends with NUL, which no plan holds (a file with NUL
    /// bytes is not read as a plan).
    static func joined(_ events: [ICalendar.Event]) -> String {
        var text = ""
        for event in events { text += event.uidBase + "\u{0}" + event.rest + "\u{0}" }
        return text
    }

    static func split(_ text: String) -> [ICalendar.Event] {
        let fields = text.split(separator: "\u{0}", omittingEmptySubsequences: false)
        return stride(from: 0, to: fields.count - 1, by: 2).map {
            ICalendar.Event(uidBase: String(fields[$0]), rest: String(fields[$0 + 1]))
        }
    }
}
