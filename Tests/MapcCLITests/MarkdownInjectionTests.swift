import Foundation
import MapcParse
import Testing

/// `diff` and `status` in Markdown are posted as GitHub comments. A hostile plan (and file
/// name) must not ping anyone, link anything, open HTML or leave its `<details>` block:
/// the Markdown is rendered as GitHub renders it (cmark-gfm with raw HTML, autolinks,
/// tables and the tag filter) and the HTML is searched for what GitHub would act on.
@Suite struct MarkdownInjectionTests {
    static let today = ["--today", "2026-11-24"]
    /// Everything GitHub turns into a ping, a link or markup, in one line.
    static let bait = "@org/team @user #123 GH-5 owner/repo#1 https://evil.example/x www.evil.org me@evil.org "
        + "<img src=x onerror=alert(1)> <script>alert(1)</script> [l](https://evil.example) a0b1c2d3e4f5"

    static let old = """
        ---
        title: Pilot
        status: active
        owner: "@li"
        parties: [Acme]
        ---
        ## Stakeholders
        | Handle | Name | Party |
        |---|---|---|
        | @li | Li | Acme |
        ## Tasks
        - [ ] Sign the order @li due:2026-12-01
        - [ ] Book the room @li due:2026-12-02
        """

    static let new = """
        ---
        title: "a\\n</details>\\n\\n# pwned \(bait)"
        status: active
        owner: "@li"
        parties: ["Acme \(bait)"]
        ---
        ## Stakeholders
        | Handle | Name | Party |
        |---|---|---|
        | @li | Li \(bait.replacingOccurrences(of: "|", with: "")) | Acme |
        ## Tasks
        - [ ] Sign the order `</details>` `` ` `` \(bait) @li due:2026-11-20
        - [ ] Book the room @li due:2026-12-02 after:nothing-\(bait.split(separator: " ")[0])
        ## Milestones
        - Go live \(bait) due:2026-11-22
        """

    /// The rendered HTML with code elements removed (GitHub looks for mentions and references
    /// outside them only), tags removed and entities decoded: the text GitHub scans.
    static func scannedText(_ html: String) -> String {
        var text = html.replacing(/<code>[^<]*<\/code>/, with: "")
        text = text.replacing(/<[^>]*>/, with: "")
        // Raw HTML (the `<summary>` line) reaches the browser with its entities still in it.
        text = text.replacing(/&#(\d+);/) { match in
            String(Character(Unicode.Scalar(UInt32(match.output.1)!)!))
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    static func expectInert(_ markdown: String, details: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let html = Markdown.renderHTML(markdown, keepingRawHTML: true)
        #expect(!html.contains("<a "), "a link in:\n\(html)", sourceLocation: sourceLocation)
        // The tag filter writes `&lt;script>`; text escaped by mapc is `&lt;script&gt;`.
        #expect(!html.contains("<img") && !html.contains("<script") && !html.contains("&lt;script>"),
                "raw HTML in:\n\(html)", sourceLocation: sourceLocation)
        #expect(!html.contains("<h1") && !html.contains("<h2"), "a heading from the plan in:\n\(html)",
                sourceLocation: sourceLocation)
        // As many `<details>` as mapc opened, each closed by mapc's own `</details>`.
        #expect(markdown.components(separatedBy: "<details").count - 1 == details, sourceLocation: sourceLocation)
        #expect(html.components(separatedBy: "<details").count - 1 == details, sourceLocation: sourceLocation)
        #expect(html.components(separatedBy: "</details>").count - 1 == details, sourceLocation: sourceLocation)
        let text = scannedText(html)
        for (name, pattern) in [("mention", /@[A-Za-z0-9-]+/), ("issue", /#\d+/), ("GH issue", /(?i)GH-\d+/),
                                ("URL", /(?i)https?:\/\//), ("www", /(?i)www\./), ("commit", /[0-9a-f]{7,}/)] {
            if let match = text.firstMatch(of: pattern) {
                Issue.record("a \(name) survives: \(match.output) in:\n\(text)", sourceLocation: sourceLocation)
            }
        }
        // The bait is still there for a reader, only disarmed.
        #expect(text.contains("org/team"), sourceLocation: sourceLocation)
        #expect(text.contains("onerror=alert(1)"), sourceLocation: sourceLocation)
    }

    @Test func diffMarkdownKeepsAHostilePlanInert() {
        let folder = CLI.temporaryDirectory()
        // The file name is bait too.
        let name = "plan @ghost #42 www.x.org.md"
        CLI.write(Self.old, to: folder + "/old/" + name)
        CLI.write(Self.new, to: folder + "/new/" + name)
        CLI.write(Self.new, to: folder + "/new/added @ghost #43.md")
        let run = CLI.run(["diff", folder + "/old", folder + "/new"] + Self.today)
        #expect(run.status == 0)
        #expect(run.out.contains("# pwned"))
        Self.expectInert(run.out, details: 2)
    }

    @Test func statusMarkdownKeepsAHostilePlanInert() {
        let folder = CLI.temporaryDirectory()
        CLI.write(Self.new, to: folder + "/plan @ghost #42.md")
        let run = CLI.run(["status", folder, "--format", "markdown"] + Self.today)
        #expect(run.out.contains("# pwned"))
        Self.expectInert(run.out, details: 0)
        // The table keeps its columns: one header, one row of eight cells.
        let html = Markdown.renderHTML(run.out, keepingRawHTML: true)
        let row = html.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tr>")[0]
        #expect(row.components(separatedBy: "<td").count - 1 == 8)
    }
}
