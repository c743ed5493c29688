import Foundation
import Testing

/// The inputs on which Debian's cmark-gfm 0.29.0.gfm.6 takes polynomial time or memory, from
/// its security advisories and issue trackers (docs/cmark-gfm.md#slow-inputs): each is
/// refused by `MarkdownGuard` as `input-limit` before cmark sees it, through `check`,
/// `build`, `status`, `export` and `diff`, and never costs more than a moment. Sizes are
/// those at which the unguarded parser takes seconds to minutes on this machine.
@Suite(.serialized) struct SlowMarkdownTests {
    /// `text` as lines of about 60 bytes, broken at spaces where there are any: one long
    /// paragraph, as an author would wrap it, so the line limit does not catch it.
    static func wrapped(_ text: String) -> String {
        var out = "", line = 0
        for scalar in text.unicodeScalars {
            out.unicodeScalars.append(scalar)
            line += 1
            if line >= 60, scalar == " " { out += "\n"; line = 0 }
        }
        return out
    }

    static func times(_ piece: String, _ count: Int) -> String { String(repeating: piece, count: count) }

    /// Name, source of the shape, and the body (without front matter).
    static let cases: [(name: String, source: String, body: String)] = [
        ("emphasis-code-links", "the 17 s case: emphasis mixed with links", wrapped(times("*a* `b` [c](d) ", 12_000))),
        ("emphasis-openers", "CVE-2023-22483, cmark#389", wrapped(times("*a ", 30_000) + times("_a*_ ", 30_000))),
        ("image-brackets", "CVE-2023-22486", wrapped(times("![[]() ", 20_000))),
        ("processing-instructions", "CVE-2023-22483, cmark#299", "-1" + wrapped(times("<?x ", 20_000)) + "y"),
        ("declarations", "cmark#299", "x" + wrapped(times("<!A ", 20_000))),
        ("cdata", "cmark#299", "x" + wrapped(times("<![CDATA[ ", 20_000))),
        ("strikethrough", "CVE-2023-22483 (9deb1c6)", "~e" + wrapped(times(",z~~ ", 20_000))),
        ("table-in-paragraph", "GHSL-2022-089", times("|-\nt>|-\n", 20_000) + "y"),
        ("table-delimiter-after-lines", "GHSL-2022-111", ":-\n" + times(":\n", 50_000) + ":-\n"),
        ("table-columns", "GHSL-2022-091, CVE-2023-37463", "|" + times("x|", 5_000) + "\n|" + times("-|", 5_000) + "\n"),
        ("table-cells", "GHSL-2023-117/118, CVE-2023-37463", "|" + times("x|", 100) + "\n|" + times("-|", 100) + "\n" + times("a\n", 5_000)),
        ("www-parentheses", "GHSL-2022-110", "www." + times(")", 8_000)),
        ("underscore-www", "GHSL-2022-099", times("z_www.", 2_000)),
        ("angle-autolinks", "GHSL-2022-120", times("<http://s", 1_500)),
        ("at-signs", "GHSA-c944 (8e0d2b7)", times("a@", 5_000)),
        ("mailto-memory", "c664b4b", times("mailto:s@p.com/ ", 800)),
        ("deep-quotes-emphasis", "GHSA-66g8-4hjf-77xh, CVE-2023-24824", times(">", 5_000) + times("a*", 5_000)),
        ("deep-list-blank-lines", "GHSL-2023-031", times("- ", 5_000) + "x" + times("\n", 5_000)),
        ("quoted-deep-list", "cmark b69051f1", "> " + times("- ", 5_000) + "x\n" + times(">\n", 5_000)),
        ("lazy-continuation", "lazy continuation lines", times(">", 5_000) + "a\n" + times("b\n", 5_000)),
        ("reference-expansion", "cmark#354, GHSL-2022-109", "[a]: /" + times("x", 1_000) + "\n\n" + wrapped(times("[a] ", 50_000))),
    ]

    static func plan(_ body: String) -> String { "---\ntitle: Slow\nstatus: active\n---\n## Notes\n\n" + body + "\n" }

    /// A folder of every case, plus one ordinary plan that must still be read.
    static func folder() -> String {
        let folder = CLI.temporaryDirectory() + "/plans"
        for item in cases { CLI.write(plan(item.body), to: folder + "/" + item.name + ".md") }
        CLI.write(TestWorkspace.plan(1), to: folder + "/ordinary.md")
        return folder
    }

    @Test func everyCaseIsUnderTheSizeLimitsAndRefusedByTheGuard() throws {
        let folder = Self.folder()
        for item in Self.cases {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + item.name + ".md"))
            #expect(bytes.count < 2 << 20, "\(item.name) is \(bytes.count) bytes: the guard, not the size limit, must refuse it")
        }
        let run = try Binary.run(["check", folder, "--format", "json", "--today", "2026-11-24"], limit: 60)
        #expect(run.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        for item in Self.cases {
            let found = diagnostics.filter { ($0["file"] as? String)?.hasSuffix("/" + item.name + ".md") == true }
            #expect(found.map { $0["rule"] as? String } == ["input-limit"], "\(item.name) (\(item.source)): \(found)")
        }
        #expect(!diagnostics.contains { ($0["file"] as? String)?.hasSuffix("/ordinary.md") == true && $0["severity"] as? String == "error" })
        #expect((json["summary"] as? [String: Int])?["plans"] == 1)
    }

    @Test func everyCommandAnswersAtOnce() throws {
        let folder = Self.folder()
        let today = ["--today", "2026-11-24"]
        let empty = CLI.temporaryDirectory() + "/old"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        for command in [["check", folder], ["build", folder, "-o", folder + "/../site"], ["status", folder],
                        ["export", folder, "--format", "json"], ["export", folder, "--format", "ics"],
                        ["diff", empty, folder, "--format", "text"]] {
            let run = try Binary.run(command + today, limit: 60)
            #expect([0, 1].contains(run.status), "\(command[0]): exit \(run.status)\n\(run.err.prefix(500))")
            #expect(run.seconds < 30, "\(command[0]) took \(run.seconds) s")
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/../site/plans/ordinary.html"))
    }
}
