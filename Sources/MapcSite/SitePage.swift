import MapcModel
import MapcSource
import MapcEmit

/// A plan as the site needs it: the model, its file, its diagnostics and its summary.
public struct SitePlan: Sendable {
    public var source: SourceFile
    public var summary: PlanSummary
    /// The plan's prose, already safe HTML (`ProseRendering`).
    public var prose: PlanProse
    /// The page's file name under `plans/`, e.g. `acme-pilot.html`.
    public var page: String

    public var plan: Plan { summary.plan }

    public init(source: SourceFile, summary: PlanSummary, prose: PlanProse, page: String) {
        self.source = source
        self.summary = summary
        self.prose = prose
        self.page = page
    }
}

/// Where a plan or a person is published; nil when the name could escape the folder.
public enum SitePaths {
    /// The longest page name in bytes, before `.html`: well under the 255 bytes a file
    /// name may have (NAME_MAX), with room for the `.html`.
    public static let nameLimit = 200

    /// A plan id becomes a file name only when it is a plain slug; an id that would escape
    /// the output folder is reported and the plan left out
    /// (docs/site.md#output-is-atomic-and-deterministic).
    public static func planPage(for id: String) -> String? {
        if !id.isEmpty, id.utf8.count <= nameLimit, !id.hasPrefix("."), !id.contains(".."),
           id.unicodeScalars.allSatisfy({ $0.isLetterOrDigit || $0 == "-" || $0 == "_" || $0 == "." })
        {
            return id + ".html"
        }
        // A default id from a file name like `Q4 plan.md`: publish it under its slug.
        let slug = derivedID(id)
        return slug.isEmpty || slug.utf8.count > nameLimit ? nil : slug + ".html"
    }

    /// True when an id written in the front matter tries to leave the output folder.
    public static func escapes(_ id: String) -> Bool {
        id.contains("/") || id.contains("\\") || id.contains("..") || id.hasPrefix(".") || id.hasPrefix("~")
    }

    /// A handle's page: handles are letters, digits, `_`, `-`, `.`; anything else is
    /// percent-encoded, and a leading dot is encoded so no page is hidden.
    ///
    /// A name over `nameLimit` bytes (a plan may hold a 300-byte handle, which no file
    /// system takes) becomes its first 64 bytes, `~` and 16 hex digits of the handle's
    /// `ContentHash`: bounded, the same on every build and machine, and distinct, since
    /// no name that is not shortened holds a `~` (it would be encoded as `%7E`).
    public static func personPage(for handle: Handle) -> String {
        var units: [String] = []
        for (index, scalar) in handle.key.unicodeScalars.enumerated() {
            if scalar.isLetterOrDigit || scalar == "-" || scalar == "_" || (scalar == "." && index > 0) {
                units.append(String(scalar))
            } else {
                units.append(String(scalar).utf8.map { "%" + String($0, radix: 16, uppercase: true) }.joined())
            }
        }
        let name = units.joined()
        guard name.utf8.count > nameLimit else { return name + ".html" }
        var prefix = ""
        // Whole characters only (an encoded byte stays whole too), so the name stays valid UTF-8.
        for unit in units {
            guard prefix.utf8.count + unit.utf8.count <= 64 else { break }
            prefix += unit
        }
        var hash = ContentHash()
        hash.add(handle.key)
        // 16 hexadecimal digits of the handle's SHA-256: stable, and distinct in practice.
        return prefix + "~" + String(hash.value.description.prefix(16)) + ".html"
    }

    /// The same name as used in an `href` (percent signs encoded again).
    public static func href(_ page: String) -> String {
        page.split(separator: "%", omittingEmptySubsequences: false).joined(separator: "%25")
    }
}

/// Dates as the site writes them in prose.
enum SiteDates {
    /// `24 November 2026`.
    static func long(_ day: Day) -> String {
        let (year, month, dayOfMonth) = day.components
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        return "\(dayOfMonth) \(months[month - 1]) \(year)"
    }
}
