import MapcSite
import MapcSource
import Synchronization

/// Where a site build puts its files (ARCHITECTURE.md#build): a staging folder swapped in
/// at the end (`SiteWriter.Staging`, production) or memory (`MemorySite`: tests and the
/// fuzzer run the real build without a disk). Files are put from any thread, each path once.
public protocol SiteOutput: Sendable {
    func put(_ path: String, _ file: SiteFile) throws(SiteWriter.Failure)
    /// A file written in chunks as `produce` hands them over (the calendar is megabytes).
    func stream(_ path: String, _ produce: (_ write: ([UInt8]) -> Void) -> Void) throws(SiteWriter.Failure)
    /// Keeps a page's text aside until it is put (the first pass of a large workspace
    /// renders pages before it knows which are published); answers how to put it later.
    func aside(_ text: String, name: String) -> SiteFile?
    /// Forgets what was kept aside.
    func discardAside()
    /// Where a build without a cache keeps text it needs only at the end (person-page
    /// sections, calendar events), gone with what was kept aside; nil keeps it in memory.
    func spool() -> (any TextSpool)?
}

/// A file of the site: text, bytes, or a stored file to link (the build cache's pages).
public enum SiteFile: Sendable {
    case text(String)
    case bytes([UInt8])
    case link(String)
}

/// A site kept in memory: the real build, with no disk.
public final class MemorySite: SiteOutput {
    private let files = Mutex<[String: [UInt8]]>([:])

    public init() {}

    /// Every file put, by path, as text.
    public var texts: [String: String] {
        files.withLock { $0.mapValues { String(decoding: $0, as: UTF8.self) } }
    }

    public func put(_ path: String, _ file: SiteFile) throws(SiteWriter.Failure) {
        let bytes: [UInt8]
        switch file {
        case let .text(text): bytes = Array(text.utf8)
        case let .bytes(raw): bytes = raw
        case let .link(path):
            guard case let .success(read) = FileSystem.read(path, .own(limit: BuildCache.pageLimit)) else {
                throw SiteWriter.Failure(message: "cannot read \(path)")
            }
            bytes = read
        }
        files.withLock { $0[path] = bytes }
    }

    public func stream(_ path: String, _ produce: (_ write: ([UInt8]) -> Void) -> Void) throws(SiteWriter.Failure) {
        var bytes: [UInt8] = []
        produce { bytes += $0 }
        files.withLock { [bytes] in $0[path] = bytes }
    }

    public func aside(_ text: String, name: String) -> SiteFile? { .text(text) }

    public func discardAside() {}

    public func spool() -> (any TextSpool)? { MemorySpool() }
}

extension SiteBuild {
    /// The whole site of files given in memory, built by the real build into memory with no
    /// cache: for tests and the fuzzer, which must run what `mapc build` runs.
    public func site(of files: [(path: String, bytes: [UInt8])]) throws(Failure) -> [String: String] {
        let output = MemorySite()
        _ = try run(files.map { Workspace.Candidate(path: $0.path, explicit: true, contents: $0.bytes) },
                    output: output, cache: nil)
        return output.texts
    }
}
