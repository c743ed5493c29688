import Foundation
@testable import MapcEmit
import MapcParse
import Testing
@testable import MapcSite

/// The site's escaping and URL filter, assertion by assertion.
@Suite struct HTMLSafetyTests {
    @Test func escapeEscapesMarkupAndDropsControls() {
        #expect(HTMLSafety.escape("plain ünï 健") == "plain ünï 健")
        #expect(HTMLSafety.escape("<a href=\"x\">Tom & 'Jerry'</a>")
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(HTMLSafety.escape("&amp;") == "&amp;amp;")
        // Tab and newline stay; other controls go (CR, NUL, ESC, BEL).
        #expect(HTMLSafety.escape("a\u{0}b\u{1B}[1mc\td\ne\r\u{7}") == "ab[1mc\td\ne")
        // As Mustache's `{{ }}`: controls kept.
        #expect(HTMLSafety.escape("a\u{1B}<", keepingControlCharacters: true) == "a\u{1B}&lt;")
    }

    @Test func unsafeURLsAreRefused() {
        for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:x", "\u{0}javascript:x",
                    "java\tscript:x", "java\nscript:x", "java\rscript:x", "jav&#x09;ascript:x", "java&tab;script:x",
                    "java&newline;script:x", "&#106;avascript:x", "&#x6A;avascript:x", "&#X6a;avascript:x",
                    "&#0000000000106;avascript:x", "&#106avascript:x", "&#x6aavascript:x", "javascript&colon;x",
                    "data:text/html;base64,PHNjcmlwdD4=", "DATA:image/svg+xml,x", "vbscript:msgbox(1)",
                    "file:///etc/passwd", "x:y", "ftp://x.org"] {
            #expect(!SafeHTML.isSafeURL(url), "\(url)")
        }
    }

    @Test func safeURLsAreKept() {
        for url in ["https://x.org/a:b", "http://x.org", "HTTPS://X.ORG", "mailto:a@b.org", "#section", "#a:b",
                    "../plans/a.html", "a/b:c", "./x:y", "?q=a:b", "//x.org/p", "plans/a.html", "",
                    // As cmark writes `&#106avascript:` in an href: the browser sees `&#106avascript:`, no scheme.
                    "&amp;#106avascript:x"] {
            #expect(SafeHTML.isSafeURL(url), "\(url)")
        }
    }

    @Test func entitiesDecodeAsABrowserDecodesAnAttribute() {
        #expect(SafeHTML.decodeEntities("&#106;&#x6A;&#X6a;&#0000000106;") == "jjjj")
        // Numeric references need no `;` in HTML; named ones here do.
        #expect(SafeHTML.decodeEntities("&#106avascript&#58x") == "javascript:x")
        #expect(SafeHTML.decodeEntities("&colon;&tab;&newline;&lt;&gt;&quot;&amp;") == ":\t\n<>\"&")
        #expect(SafeHTML.decodeEntities("&colon &unknown; & a&b &#; &#x; &#xZ;") == "&colon &unknown; & a&b &#; &#x; &#xZ;")
        // One pass: `&amp;lt;` is `&lt;`, as a browser reads it.
        #expect(SafeHTML.decodeEntities("&amp;lt;") == "&lt;")
        // NUL, surrogates and values past U+10FFFF become U+FFFD, as in a browser.
        #expect(SafeHTML.decodeEntities("&#0;&#xD800;&#1114112;&#99999999999999999999;") == "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    // MARK: keepSafeLinks

    /// The implementation before it became one pass: two `firstRange(of:)` searches from
    /// the start of the rest for every attribute, quadratic when one name is absent.
    static func previousKeepSafeLinks(_ html: String) -> String {
        func nextAttribute(in text: Substring) -> (valueStart: Substring.Index, valueEnd: Substring.Index)? {
            var earliest: Range<Substring.Index>?
            for name in ["href=\"", "src=\""] {
                if let found = text.firstRange(of: name), earliest == nil || found.lowerBound < earliest!.lowerBound {
                    earliest = found
                }
            }
            guard let start = earliest?.upperBound, let end = text[start...].firstIndex(of: "\"") else { return nil }
            return (start, end)
        }
        var out = ""
        var rest = Substring(html)
        while let match = nextAttribute(in: rest) {
            out += rest[..<match.valueStart]
            let value = String(rest[match.valueStart..<match.valueEnd])
            out += SafeHTML.isSafeURL(value) ? value : "#"
            rest = rest[match.valueEnd...]
        }
        return out + rest
    }

    static let markdownCases = [
        "[a](https://x.org) [b](javascript:alert(1)) [c](JaVaScRiPt:x) ![i](data:image/png;base64,AA==)\n",
        "[z](&#106;avascript:alert(1)) [y](&#106avascript:alert(1)) [r](a/b:c) [m](mailto:a@b.org)\n",
        "<https://auto.example> <javascript:alert(1)> www.example.org me@example.org\n",
        "[ref][1] ![img][2]\n\n[1]: vbscript:x\n[2]: https://x.org/i.png \"t\"\n",
        "Text with href=\"javascript:x\" and src=\"data:y\" as words, `href=\"javascript:z\"` in code\n",
        "```\n<a href=\"javascript:x\">\n```\n\n<a href=\"javascript:x\">raw</a> <img src=\"x\" onerror=\"y\">\n",
        "[ünï](https://x.org/ü \"tïtle\") [健](健/a:b) [q](<a b:c>) [e]()\n",
        "| a | [l](javascript:x) |\n|---|---|\n| [k](https://k) | ![s](vbscript:y) |\n",
    ]

    static let htmlCases = [
        "", "plain", "href=\"", "src=\"unterminated", "<a href=\"\">e</a>", "<a href=\"javascript:x\">",
        "<p>href=\"javascript:x\" in text</p><img src=\"data:x\">", "xsrc=\"javascript:y\" nohref=\"vbscript:z\"",
        "HREF=\"javascript:x\" href='javascript:y'", "href=\"href=\"javascript:x\"", "src=\"a\"href=\"javascript:b\"",
        "<a href=\"ok\">健</a><img src=\"javascript:ü\">tail", "href=\"a\" src=\"b\" href=\"javascript:c", "\"\"\"href=\"x\"\"",
    ]

    @Test func onePassGivesTheSameOutputAsBefore() throws {
        let inputs = Self.markdownCases.map { Markdown.renderHTML($0) } + Self.htmlCases
        // Since then, an image whose URL is refused or empty becomes its alt text (issue 10).
        let image = try Regex(#"<img src="([^"]*)" alt="([^"]*)"[^>]*>"#)
        func altForRefusedImages(_ html: String) -> String {
            html.replacing(image) { match in
                let url = String(match.output[1].substring ?? "")
                return url.isEmpty || !SafeHTML.isSafeURL(url) ? String(match.output[2].substring ?? "") : String(match.output[0].substring!)
            }
        }
        for html in inputs {
            #expect(SafeHTML.keepSafeLinks(html) == Self.previousKeepSafeLinks(altForRefusedImages(html)), "\(html)")
        }
        // And what it does, exactly.
        #expect(SafeHTML.keepSafeLinks("<a href=\"javascript:x\">a</a><img src=\"https://i\" alt=\"\">")
            == "<a href=\"#\">a</a><img src=\"https://i\" alt=\"\">")
        #expect(SafeHTML.keepSafeLinks("src=\"a\"href=\"javascript:b\" href=\"c") == "src=\"a\"href=\"#\" href=\"c")
        #expect(SafeHTML.keepSafeLinks("<p><img src=\"javascript:x\" alt=\"a &amp; b\" title=\"t\" />.</p>") == "<p>a &amp; b.</p>")
        #expect(SafeHTML.keepSafeLinks("<img src=\"\" alt=\"e\" /><img src=\"#\" alt=\"f\" />") == "e<img src=\"#\" alt=\"f\" />")
    }

    /// Not a timing test: the bound is generous, but the quadratic version took hours here.
    @Test func manyLinksTakeLinearTime() {
        let link = "<a href=\"https://x.org/p\">l</a> "
        let html = "<p>" + String(repeating: link, count: 200_000) + "<a href=\"javascript:x\">z</a></p>"
        #expect(html.utf8.count > 6_000_000)
        let start = Date()
        let out = SafeHTML.keepSafeLinks(html)
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(out.hasSuffix("<a href=\"#\">z</a></p>"))
        #expect(out.utf8.count == html.utf8.count - "javascript:x".utf8.count + 1)
    }
}
