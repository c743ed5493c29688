import Foundation
import MapcCLI
import Testing

/// `--templates` overrides that include themselves stop the build with exit 2 and the
/// cycle named, before anything is written (they used to crash it with a stack overflow).
@Suite struct TemplateCycleTests {
    static func build(_ overrides: [String: String]) -> (Run, String) {
        let folder = CLI.temporaryDirectory()
        CLI.write("---\ntitle: A\nstatus: active\n---\n## Tasks\n- [ ] Do it\n", to: folder + "/plans/a.md")
        for (name, text) in overrides { CLI.write(text, to: folder + "/templates/" + name) }
        let run = CLI.run(["build", folder + "/plans", "-o", folder + "/_site", "--templates", folder + "/templates",
                           "--today", "2026-11-24"])
        return (run, folder + "/_site")
    }

    @Test func aPartialThatIncludesItself() {
        let (run, site) = Self.build(["progress.mustache": "<b>{{> progress}}</b>\n"])
        #expect(run.status == 2)
        #expect(run.err == "mapc: error: template progress.mustache includes itself: progress.mustache → "
            + "progress.mustache; a partial must not include itself, directly or through other templates\n")
        #expect(!FileManager.default.fileExists(atPath: site))
    }

    @Test func twoPartialsThatIncludeEachOther() {
        // The default index-row includes progress; progress now includes index-row.
        let (run, site) = Self.build(["progress.mustache": "{{>index-row}}"])
        #expect(run.status == 2)
        #expect(run.err.hasPrefix("mapc: error: template index-row.mustache includes itself: "
            + "index-row.mustache → progress.mustache → index-row.mustache; "))
        #expect(!FileManager.default.fileExists(atPath: site))
    }

    @Test func aLayoutThatInheritsFromItself() {
        let (run, _) = Self.build(["layout.mustache": "{{< layout}}{{/layout}}"])
        #expect(run.status == 2)
        #expect(run.err.hasPrefix("mapc: error: template layout.mustache includes itself: layout.mustache → layout.mustache; "))
    }
}
