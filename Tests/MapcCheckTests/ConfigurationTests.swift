import MapcCheck
import Testing

/// mapc.yml `site.base_url` (and `--base-url`) ends up in `<link rel=canonical href=…>`:
/// only absolute http(s) URLs with a host are accepted.
@Suite struct ConfigurationTests {
    static let reason = "must be an absolute http:// or https:// URL with a host, with no spaces or control characters"

    @Test func baseURLsThatAreAccepted() {
        for url in ["https://plans.example.org", "http://x.org/plans/", "https://x.org:8443/a?b=1#c", "HTTPS://X.ORG",
                    "https://user@x.org/", "https://[::1]:8080/", "https://例え.jp/計画/"] {
            #expect(Configuration.baseURLProblem(url) == nil, "\(url)")
        }
    }

    @Test func baseURLsThatAreRefused() {
        for url in ["javascript:alert(1)", "JaVaScRiPt://x.org/%0Aalert(1)", "data:text/html,x", "vbscript:x",
                    "ftp://x.org", "https://", "https:///path", "https://user@/", "https://:80/", "https:x.org",
                    "//x.org", "x.org", "/plans/", "", "https://x.org/a b", "https://x.org/\n", " https://x.org",
                    "https://x.org\u{85}", "https://x.org\u{7F}", "https://x.org\t", "https://x.org\\@evil.org",
                    "https://x.org/\u{202E}"] {
            #expect(Configuration.baseURLProblem(url) == Self.reason, "\(url)")
        }
    }

    @Test func aBadBaseURLInTheFileIsAProblemWithItsLine() {
        #expect(throws: Configuration.Problems.self) {
            try Configuration.parse("site:\n  title: Plans\n  base_url: \"javascript:alert(1)\"\n", path: "mapc.yml")
        }
        do {
            _ = try Configuration.parse("site:\n  title: Plans\n  base_url: \"javascript:alert(1)\"\n", path: "mapc.yml")
        } catch {
            #expect(error.description == "mapc.yml:3:13: `site.base_url` \(Self.reason), not `javascript:alert(1)`")
        }
        do {
            _ = try Configuration.parse("site:\n  base_url: [a]\n", path: "mapc.yml")
        } catch {
            #expect(error.description == "mapc.yml:2:13: `site.base_url` \(Self.reason), not a list or a mapping")
        }
        let good = try? Configuration.parse("site:\n  base_url: https://plans.example.org\n", path: "mapc.yml")
        #expect(good?.baseURL == "https://plans.example.org")
    }
}

extension ConfigurationTests {
    /// Every mistake of a mapc.yml is reported at once, each with its line, in file order.
    @Test func everyProblemIsReportedAtOnce() {
        let text = "site: { titel: x }\nrules: { owner-mising: off, task-undated: maybe }\ntoday: 2026-13-01\n"
            + "limits: { file_size: huge }\nextra: 1\n"
        do {
            _ = try Configuration.parse(text, path: "mapc.yml")
            Issue.record("no error")
        } catch {
            #expect(error.items.map(\.description) == [
                "mapc.yml:1:9: unknown key `site.titel`; known: title, base_url, show_problems",
                "mapc.yml:2:10: unknown rule `owner-mising`; did you mean `owner-missing`?",
                "mapc.yml:2:43: rule level must be off, info, warning or error, not `maybe`",
                "mapc.yml:3:8: `today` must be a real YYYY-MM-DD day",
                "mapc.yml:4:22: `limits.file_size` must be a size such as `4MiB`, `64KiB` or `65536`",
                "mapc.yml:5:1: unknown key `extra` in mapc.yml; known: site, rules, people, today, limits",
            ])
        }
    }
}
