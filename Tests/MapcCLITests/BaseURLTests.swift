import Foundation
import MapcCLI
import Testing

/// The site's base URL reaches `<link rel=canonical>` on every plan page: a `javascript:`
/// URL from mapc.yml is an error like any other mapc.yml error, and one from
/// `--base-url` never reaches a page.
@Suite struct BaseURLTests {
    static let today = ["--today", "2026-11-24"]

    static func site(config: String?, arguments: [String] = []) -> (Run, String) {
        let folder = CLI.temporaryDirectory()
        CLI.write("---\ntitle: A\nid: a\nstatus: active\n---\n## Stakeholders\n| Handle |\n|---|\n| @li |\n## Tasks\n- [ ] Do it @li\n", to: folder + "/plans/a.md")
        if let config { CLI.write(config, to: folder + "/mapc.yml") }
        let run = CLI.run(["build", folder + "/plans", "-o", folder + "/_site"] + arguments + today)
        return (run, folder)
    }

    @Test func aBadBaseURLInMapcYmlStopsTheBuild() {
        let (run, folder) = Self.site(config: "site:\n  title: Plans\n  base_url: \"javascript:alert(1)//\"\n")
        #expect(run.status == 2)
        #expect(run.err == "mapc: error: \(folder)/mapc.yml:3:13: `site.base_url` must be an absolute http:// or "
            + "https:// URL with a host, with no spaces or control characters, not `javascript:alert(1)//`\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/_site"))
    }

    @Test func aGoodBaseURLGivesCanonicalLinks() throws {
        let (run, folder) = Self.site(config: "site:\n  base_url: https://plans.example.org/team\n")
        #expect(run.status != 2, "\(run.err)")
        let page = try String(contentsOfFile: folder + "/_site/plans/a.html", encoding: .utf8)
        #expect(page.contains("<link rel=\"canonical\" href=\"https://plans.example.org/team/plans/a.html\">"))
    }

    @Test func aBadBaseURLOptionNeverReachesAPage() throws {
        let (_, folder) = Self.site(config: nil, arguments: ["--base-url", "javascript:alert(1)//"])
        let page = (try? String(contentsOfFile: folder + "/_site/plans/a.html", encoding: .utf8)) ?? ""
        #expect(!page.contains("javascript:"))
        #expect(!page.contains("rel=\"canonical\""))
    }
}
