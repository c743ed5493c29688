import Synchronization

/// The version of the served site: a new one after each rebuild. Pages carry the version
/// they were served at; the reload endpoint answers as soon as the version differs, so a
/// rebuild that finished while a page was loading is not missed, and a page from an
/// earlier `mapc serve` (another instance) reloads once the server is back.
public final class ReloadSignal: Sendable {
    private struct State {
        var generation = 1
        var waiting: [CheckedContinuation<String, Never>] = []
    }

    private let instance: String
    private let state = Mutex(State())

    public init() {
        instance = String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 36)
    }

    /// The current version, e.g. `k3x9a2.4`.
    public var version: String { state.withLock { "\(instance).\($0.generation)" } }

    /// A rebuild put a new site in place: every waiting page is told.
    public func siteDidChange() {
        let (version, waiting) = state.withLock { state in
            state.generation += 1
            defer { state.waiting = [] }
            return ("\(instance).\(state.generation)", state.waiting)
        }
        for continuation in waiting { continuation.resume(returning: version) }
    }

    /// Waits until the version is another than `known`; answers the new one.
    public func next(after known: String) async -> String {
        await withCheckedContinuation { continuation in
            let current: String? = state.withLock { state in
                let version = "\(instance).\(state.generation)"
                if version != known { return version }
                state.waiting.append(continuation)
                return nil
            }
            if let current { continuation.resume(returning: current) }
        }
    }
}

/// What `mapc serve` adds to the HTML it serves (and only there: the built files stay
/// free of scripts). It listens for the server's reload event (Server-Sent Events) and
/// reloads the page; `EventSource` reconnects by itself when the server restarts.
public enum ReloadSnippet {
    /// The endpoint of the events.
    public static let path = "/__mapc/reload"

    public static func script(version: String) -> String {
        """
        <script data-mapc-serve>/* added by mapc serve, not part of the built site: reload after each rebuild */
        new EventSource("\(path)?site=\(version)").addEventListener("reload", function () { location.reload(); });
        </script>

        """
    }

    /// The page with the snippet before its last `</body>` (any case), or at its end.
    public static func inject(into page: [UInt8], version: String) -> [UInt8] {
        let snippet = Array(script(version: version).utf8)
        let closing = Array("</body".utf8)
        var index = page.count - closing.count
        while index >= 0 {
            if zip(page[index..<index + closing.count], closing).allSatisfy({ Self.lower($0) == $1 }) {
                return Array(page[..<index]) + snippet + Array(page[index...])
            }
            index -= 1
        }
        return page + snippet
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
