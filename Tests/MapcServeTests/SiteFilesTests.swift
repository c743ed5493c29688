import Foundation
import Testing
@testable import MapcServe

/// The preview server serves the output folder and nothing else (docs/site.md#preview-while-you-write).
@Suite struct SiteFilesTests {
    @Test func segmentsAreDecodedAndTraversalIsRefused() {
        #expect(SiteFiles.segments("/") == [])
        #expect(SiteFiles.segments("/plans/acme%20pilot.html") == ["plans", "acme pilot.html"])
        #expect(SiteFiles.segments("/people/%40dana.html") == ["people", "@dana.html"])
        for refused in ["/../etc/passwd", "/plans/../../x", "/%2e%2e/x", "/%2E%2E/x", "/.%2e/x", "/a%2fb", "/a%5cb",
                        "/a%00b", "/%zz", "/a%2", "relative", "/./index.html", "/%C0%AE%C0%AE/x"] {
            #expect(SiteFiles.segments(refused) == nil, "\(refused)")
        }
    }
}

extension SiteFilesTests {
    /// A folder shaped like a site, with a secret beside it and links pointing out.
    static func site() throws -> (site: String, root: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mapc-files-\(UUID().uuidString)").path
        let site = root + "/_site"
        try FileManager.default.createDirectory(atPath: site + "/plans", withIntermediateDirectories: true)
        try Data("<html><body><p>portfolio</p></body></html>".utf8).write(to: URL(fileURLWithPath: site + "/index.html"))
        try Data("<html><body>acme</body></html>".utf8).write(to: URL(fileURLWithPath: site + "/plans/acme.html"))
        try Data("body{}".utf8).write(to: URL(fileURLWithPath: site + "/style.css"))
        try Data("mapc site\n".utf8).write(to: URL(fileURLWithPath: site + "/.mapc-site"))
        try Data("secret".utf8).write(to: URL(fileURLWithPath: root + "/secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: site + "/leak.txt", withDestinationPath: root + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: site + "/up", withDestinationPath: root)
        return (site, root)
    }

    @Test func filesInsideAreServedWithTheirTypes() throws {
        let (site, root) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = SiteFiles(folder: site)
        #expect(files.look(up: "/") == .file(bytes: Array("<html><body><p>portfolio</p></body></html>".utf8),
                                             type: "text/html; charset=utf-8"))
        #expect(files.look(up: "/plans/acme.html") == .file(bytes: Array("<html><body>acme</body></html>".utf8),
                                                            type: "text/html; charset=utf-8"))
        #expect(files.look(up: "/style.css") == .file(bytes: Array("body{}".utf8), type: "text/css; charset=utf-8"))
        #expect(files.look(up: "/plans") == .redirect("/plans/"))
        #expect(files.look(up: "/plans/") == .notFound)
        #expect(files.look(up: "/missing.html") == .notFound)
        #expect(SiteFiles.contentType(of: "status.json") == "application/json")
        #expect(SiteFiles.contentType(of: "calendar.ics") == "text/calendar; charset=utf-8")
    }

    @Test func nothingOutsideIsServed() throws {
        let (site, root) = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = SiteFiles(folder: site)
        #expect(files.look(up: "/leak.txt") == .notFound)          // a link to a file outside
        #expect(files.look(up: "/up/secret.txt") == .notFound)     // a link to a folder outside
        #expect(files.look(up: "/up/") == .notFound)
        #expect(files.look(up: "/.mapc-site") == .notFound)        // hidden files are not the site's pages
        #expect(files.look(up: "/../secret.txt") == .forbidden)
        #expect(files.look(up: "/%2e%2e/secret.txt") == .forbidden)
        #expect(files.look(up: "/plans/%2e%2e%2f%2e%2e%2fsecret.txt") == .forbidden)
    }
}

@Suite struct ReloadSnippetTests {
    @Test func theSnippetGoesBeforeTheLastBodyEnd() {
        let page = Array("<html><body><p>x</p></BODY></html>".utf8)
        let served = String(decoding: ReloadSnippet.inject(into: page, version: "v.2"), as: UTF8.self)
        #expect(served.hasPrefix("<html><body><p>x</p><script data-mapc-serve>"))
        #expect(served.hasSuffix("</script>\n</BODY></html>"))
        #expect(served.contains("new EventSource(\"/__mapc/reload?site=v.2\")"))
        let bare = String(decoding: ReloadSnippet.inject(into: Array("<p>no body".utf8), version: "v.1"), as: UTF8.self)
        #expect(bare.hasPrefix("<p>no body<script"))
    }

    @Test func waitingPagesHearOfTheNextBuild() async {
        let signal = ReloadSignal()
        let old = signal.version
        #expect(await signal.next(after: "another-instance.1") == old)
        async let heard = signal.next(after: old)
        try? await Task.sleep(for: .milliseconds(50))
        signal.siteDidChange()
        let new = await heard
        #expect(new != old && new == signal.version)
    }
}
