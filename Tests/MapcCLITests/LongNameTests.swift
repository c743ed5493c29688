import Foundation
import MapcCLI
import Testing

/// A handle longer than a file name may be (NAME_MAX, 255 bytes) must not stop the site:
/// its person page gets a bounded name, the same on every build, and links point at it.
@Suite struct LongNameTests {
    static let today = ["--today", "2026-11-24"]

    static func plan(_ handles: [String]) -> String {
        "---\ntitle: People\nstatus: active\nowner: \"@\(handles[0])\"\n---\n## Stakeholders\n| Handle | Name |\n|---|---|\n"
            + handles.enumerated().map { "| @\($1) | Person \($0) |\n" }.joined()
            + "## Tasks\n" + handles.enumerated().map { "- [ ] Task \($0) @\($1) due:2026-12-0\($0 + 1)\n" }.joined()
    }

    static func build(_ handles: [String]) -> (run: Run, site: String) {
        let folder = CLI.temporaryDirectory()
        CLI.write(plan(handles), to: folder + "/people.md")
        let run = CLI.run(["build", folder, "-o", folder + "/_site"] + today)
        return (run, folder + "/_site")
    }

    static func people(_ site: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: site + "/people")) ?? []).sorted()
    }

    @Test func longHandlesGetBoundedPersonPagesThatPlansLinkTo() throws {
        let ascii = "p" + String(repeating: "x", count: 299)
        let cjk = String(repeating: "健", count: 200)
        #expect(ascii.utf8.count == 300 && cjk.utf8.count == 600)
        let usual = Self.build(["ana", "bo"])
        let (run, site) = Self.build([ascii, cjk])
        #expect(run.status == usual.run.status, "\(run.err)")
        let pages = Self.people(site)
        #expect(pages.count == 2)
        let plan = try String(contentsOfFile: site + "/plans/people.html", encoding: .utf8)
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        for page in pages {
            #expect(page.utf8.count <= 200, "\(page) is \(page.utf8.count) bytes")
            #expect(plan.contains("href=\"../people/\(page)\""), "the plan page links to \(page)")
            #expect(index.contains("href=\"people/\(page)\""), "the portfolio links to \(page)")
        }
        let asciiPage = try #require(pages.first { $0.hasPrefix("px") })
        let cjkPage = try #require(pages.first { $0.hasPrefix("健") })
        #expect(try String(contentsOfFile: site + "/people/" + asciiPage, encoding: .utf8).contains("Person 0"))
        #expect(try String(contentsOfFile: site + "/people/" + cjkPage, encoding: .utf8).contains("Person 1"))
        // The same names on the next build.
        #expect(Self.people(Self.build([ascii, cjk]).site) == pages)
    }

    @Test func handlesThatShareALongPrefixGetDistinctPages() {
        let prefix = String(repeating: "x", count: 250)
        let (run, site) = Self.build([prefix + "a", prefix + "b", prefix + "A"])
        #expect(run.status != 2, "\(run.err)")
        // `A` and `a` are the same person (handles compare case-insensitively).
        #expect(Self.people(site).count == 2)
    }
}
