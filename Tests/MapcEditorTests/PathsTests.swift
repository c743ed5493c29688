@testable import MapcEditor
import Testing

/// File URIs and the paths diagnostics name.
@Suite struct PathsTests {
    @Test func urisRoundTripWithEscapes() {
        let path = "/home/ana/plans/Q4 pilot/健康 #1.md"
        let uri = Paths.uri(fromPath: path)
        #expect(uri == "file:///home/ana/plans/Q4%20pilot/%E5%81%A5%E5%BA%B7%20%231.md")
        #expect(Paths.path(fromURI: uri) == path)
        #expect(Paths.path(fromURI: "file://localhost/a/b.md") == "/a/b.md")
        #expect(Paths.path(fromURI: "untitled:Untitled-1") == nil)
    }

    @Test func pathsAreShownFromTheWorkspaceRoot() {
        #expect(Paths.relative("/ws/plans/a.md", to: "/ws") == "plans/a.md")
        #expect(Paths.relative("/other/a.md", to: "/ws") == "/other/a.md")
        #expect(Paths.relative("/wsx/a.md", to: "/ws") == "/wsx/a.md")
    }
}
