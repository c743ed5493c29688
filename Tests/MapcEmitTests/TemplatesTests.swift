import Foundation
import MapcEmit
import Testing
@testable import MapcSite
@testable import MapcParse

/// The binary carries templates/ (script/embed-templates); the copy must never drift.
@Suite struct TemplatesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../templates").standardized.path

    @Test func embeddedTemplatesMatchTheTemplatesFolder() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder).sorted()
        #expect(names == DefaultTemplates.files.keys.sorted(), "run script/embed-templates")
        for name in names {
            let text = try String(contentsOfFile: Self.folder + "/" + name, encoding: .utf8)
            #expect(DefaultTemplates.files[name] == text, "\(name) is stale: run script/embed-templates")
        }
    }

    @Test func unsafeURLsAreRecognised() {
        for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x", "&#106;avascript:x",
                    "java&#x09;script:x", "data:text/html,x", "vbscript:x", "file:///etc/passwd"] {
            #expect(!SafeHTML.isSafeURL(url), "\(url)")
        }
        for url in ["https://x.org/a:b", "http://x.org", "mailto:a@b.org", "#section", "../plans/a.html", "a/b:c"] {
            #expect(SafeHTML.isSafeURL(url), "\(url)")
        }
    }

    @Test func proseKeepsOnlySafeLinks() {
        let html = SafeHTML.render("[a](https://x.org) [b](ftp://x.org) <b>raw</b> ![c](data:image/png;base64,AA==)\n")
        #expect(html.contains("href=\"https://x.org\""))
        #expect(html.contains("href=\"#\""))
        #expect(!html.contains("ftp:"))
        #expect(!html.contains("data:"))
        #expect(!html.contains("<b>"))
    }
}
