import Foundation
import MapcCLI
import Testing

/// `mapc build`: pages, escaping, determinism, atomic output (docs/site.md, issue 3).
@Suite struct BuildCommandTests {
    static let workspace = CLI.fixtures + "/workspace"
    static let today = ["--today", "2026-11-24"]

    static func files(in folder: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { result[path] = FileManager.default.contents(atPath: folder + "/" + path) }
        }
        return result
    }

    @Test func buildsEveryPageAndReviewedSnapshots() throws {
        let out = CLI.temporaryDirectory() + "/_site"
        let run = CLI.run(["build", Self.workspace, "-o", out] + Self.today)
        #expect(run.status == 1, "errors in the fixture plans give build's exit code 1, like check")
        #expect(run.out.contains("built \(out)/ with 2 plan pages"))
        let files = Self.files(in: out)
        for path in ["index.html", "style.css", "plans/northwind-sso.html", "plans/globex-renewal.html",
                     "people/priya.html", "people/hanako.html", "people/dana.html"] {
            #expect(files[path] != nil, "missing \(path)")
        }
        let index = String(decoding: files["index.html"] ?? Data(), as: UTF8.self)
        CLI.expectSnapshot(index, "site-index.html")
        let plan = String(decoding: files["plans/northwind-sso.html"] ?? Data(), as: UTF8.self)
            .replacingOccurrences(of: CLI.fixtures + "/", with: "")
        CLI.expectSnapshot(plan, "site-northwind-sso.html")
        #expect(!plan.contains("<script"))
        #expect(plan.contains("<svg class=\"gantt\""))
        #expect(plan.contains("<tr class=\"task overdue\">"))
    }

    @Test func twoBuildsAreByteIdentical() {
        let first = CLI.temporaryDirectory() + "/site", second = CLI.temporaryDirectory() + "/site"
        _ = CLI.run(["build", Self.workspace, "-o", first] + Self.today)
        _ = CLI.run(["build", Self.workspace, "-o", second] + Self.today)
        let a = Self.files(in: first), b = Self.files(in: second)
        #expect(!a.isEmpty)
        #expect(a == b)
    }

    @Test func hostileTextNeverReachesTheHTML() throws {
        let folder = CLI.temporaryDirectory()
        let payloads = [
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "\"><b onmouseover=alert(1)>x</b>",
            "{{siteTitle}}", "{{{gantt}}}", "javascript:alert(1)",
        ]
        var text = "---\ntitle: \"<script>alert('t')</script> {{root}}\"\nstatus: active\nparties: [\"<b>Acme</b>\", Globex]\n---\n"
        text += "Intro <script>alert(1)</script> [x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) "
        text += "[z](&#106;avascript:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=) [v](vbscript:msgbox(1)) "
        text += "![i](javascript:alert(1)) <a href=\"javascript:alert(1)\">a</a> <iframe src=x></iframe>\n\n"
        text += "## Stakeholders\n| Handle | Name | Party |\n|---|---|---|\n| @dana | <img src=x onerror=alert(1)> | <b>Acme</b> |\n\n"
        text += "## Goals\n### G1: <script>alert(2)</script>\n\n## Tasks\n"
        for (index, payload) in payloads.enumerated() {
            text += "- [ ] \(payload) @dana due:2026-11-\(10 + index)\n"
        }
        text += "\n## Milestones\n- <svg/onload=alert(3)> due:2026-12-01 celebrate: <script>x</script>\n"
        text += "\n## Risks\n- <b>bold</b> impact:<script> @dana mitigation: <img src=x onerror=alert(4)>\n"
        text += "\n## Notes\n<div onclick=\"alert(5)\">raw block</div>\n\n<style>body{display:none}</style>\n"
        CLI.write(text, to: folder + "/evil.md")
        let out = folder + "/_site"
        _ = CLI.run(["build", folder + "/evil.md", "-o", out] + Self.today)
        let files = Self.files(in: out)
        #expect(files.count >= 3)
        for (path, data) in files where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self).lowercased()
            // Plan text may show as text (`&lt;script&gt;`), never as markup or a live URL.
            for forbidden in ["<script", "<iframe", "<img src=x", "<svg onload", "<svg/onload", "<style", "<b>", "<math",
                              "<div onclick", "=\"javascript:", "=\"vbscript:", "=\"data:", "=\"&#106;"] {
                #expect(!html.contains(forbidden), "\(path) contains \(forbidden)")
            }
            let tags = html.split(separator: "<").dropFirst().map { $0.prefix { $0 != ">" } }
            #expect(!tags.contains { $0.contains(" on") && $0.contains("=") },
                    "\(path) has an event handler attribute")
        }
        // Template syntax in plan text is shown as text, never rendered.
        let page = String(decoding: files["plans/evil.html"] ?? Data(), as: UTF8.self)
        #expect(page.contains("{{siteTitle}}"))
        #expect(page.contains("{{{gantt}}}"))
        #expect(page.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; {{root}}"))
    }

    @Test func templatesCanBeOverriddenByName() {
        let folder = CLI.temporaryDirectory()
        CLI.write("<!DOCTYPE html><title>custom</title><p>{{planCountText}}</p>\n", to: folder + "/templates/index.mustache")
        let out = folder + "/_site"
        _ = CLI.run(["build", Self.workspace, "-o", out, "--templates", folder + "/templates"] + Self.today)
        let index = (try? String(contentsOfFile: out + "/index.html", encoding: .utf8)) ?? ""
        #expect(index == "<!DOCTYPE html><title>custom</title><p>2 plans.</p>\n")
        #expect(FileManager.default.fileExists(atPath: out + "/plans/northwind-sso.html"))
    }

    @Test func aFailedBuildLeavesThePreviousSiteWhole() throws {
        let folder = CLI.temporaryDirectory()
        let out = folder + "/_site"
        _ = CLI.run(["build", Self.workspace, "-o", out] + Self.today)
        let before = Self.files(in: out)
        CLI.write("{{#broken}\n", to: folder + "/bad/plan.mustache")
        let run = CLI.run(["build", Self.workspace, "-o", out, "--templates", folder + "/bad"] + Self.today)
        #expect(run.status == 2)
        #expect(run.err.contains("template plan.mustache does not parse"))
        #expect(Self.files(in: out) == before)
        // Nothing but the site and the templates folder: the cache is elsewhere.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["_site", "bad"])
    }

    @Test func sourcesAreNeverWritten() throws {
        let folder = CLI.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.workspace, toPath: folder + "/plans")
        let before = Self.files(in: folder + "/plans")
        _ = CLI.run(["build", folder + "/plans", "-o", folder + "/_site"] + Self.today)
        _ = CLI.run(["check", folder + "/plans"] + Self.today)
        #expect(Self.files(in: folder + "/plans") == before)
    }

    @Test func idsThatWouldEscapeAreLeftOutAndReported() {
        let folder = CLI.temporaryDirectory()
        CLI.write("---\ntitle: Escape\nid: ../../etc/evil\n---\n", to: folder + "/evil.md")
        CLI.write("---\ntitle: Spaces\n---\n", to: folder + "/Q4 plan.md")
        let out = folder + "/_site"
        let run = CLI.run(["build", folder, "-o", out] + Self.today)
        #expect(run.err.contains("left out of the site: \(folder)/evil.md: plan id `../../etc/evil` would escape the output folder"))
        #expect(FileManager.default.fileExists(atPath: out + "/plans/q4-plan.html"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/etc"))
        let index = (try? String(contentsOfFile: out + "/index.html", encoding: .utf8)) ?? ""
        #expect(index.contains("would escape the output folder"))
    }
}
