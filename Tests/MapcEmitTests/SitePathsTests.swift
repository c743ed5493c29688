@testable import MapcEmit
import MapcModel
import MapcSource
import Testing
@testable import MapcSite

/// Page names: every one a file name a file system takes (NAME_MAX 255 bytes).
@Suite struct SitePathsTests {
    @Test func shortHandlesKeepTheirReadableNames() {
        #expect(SitePaths.personPage(for: Handle("Li")) == "li.html")
        #expect(SitePaths.personPage(for: Handle(".hidden/x")) == "%2Ehidden%2Fx.html")
        #expect(SitePaths.personPage(for: Handle(String(repeating: "a", count: 200))) == String(repeating: "a", count: 200) + ".html")
    }

    @Test func longHandlesGetAPrefixAndAStableHash() {
        let long = String(repeating: "a", count: 201)
        let page = SitePaths.personPage(for: Handle(long))
        #expect(page == String(repeating: "a", count: 64) + "~" + hex(long) + ".html")
        #expect(page.utf8.count == 86)
        // Multi-byte letters are never cut in the middle; encoded bytes stay whole.
        let cjk = SitePaths.personPage(for: Handle(String(repeating: "健", count: 200)))
        #expect(cjk == String(repeating: "健", count: 21) + "~" + hex(String(repeating: "健", count: 200)) + ".html")
        let encoded = SitePaths.personPage(for: Handle("a" + String(repeating: "/", count: 100)))
        #expect(encoded == "a" + String(repeating: "%2F", count: 21) + "~" + hex("a" + String(repeating: "/", count: 100)) + ".html")
        // Handles that share the prefix get different pages; case does not matter.
        #expect(SitePaths.personPage(for: Handle(long + "b")) != SitePaths.personPage(for: Handle(long + "c")))
        #expect(SitePaths.personPage(for: Handle(long + "B")) == SitePaths.personPage(for: Handle(long + "b")))
    }

    func hex(_ key: String) -> String {
        var hash = ContentHash()
        hash.add(key)
        return String(hash.value.description.prefix(16))
    }
}
