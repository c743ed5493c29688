@testable import MapcEmit
import Testing

/// `MarkdownText`, pattern by pattern: what GitHub would act on is broken by `&#8203;`
/// (rendered as an invisible zero-width space), Markdown and HTML syntax is escaped.
@Suite struct MarkdownTextTests {
    @Test func mentionsAreBroken() {
        #expect(MarkdownText.inert("@user") == "@&#8203;user")
        #expect(MarkdownText.inert("ask @org/team now") == "ask @&#8203;org/team now")
        #expect(MarkdownText.inert("me@evil.org") == "me@&#8203;evil.org")
        #expect(MarkdownText.inert("owner/repo@a1b2c3d") == "owner/repo@&#8203;a1b2c3&#8203;d")
    }

    @Test func issueReferencesAreBroken() {
        #expect(MarkdownText.inert("#123") == "\\#&#8203;123")
        #expect(MarkdownText.inert("fixes owner/repo#1") == "fixes owner/repo\\#&#8203;1")
        #expect(MarkdownText.inert("GH-5 and gh-6") == "GH&#8203;-5 and gh&#8203;-6")
        #expect(MarkdownText.inert("JIRA-12") == "JIRA&#8203;-12")
        // Not references: a `#` before a word, dates, a dash between words.
        #expect(MarkdownText.inert("#tag 2026-11-24 well-known") == "\\#tag 2026-11-24 well-known")
    }

    @Test func autolinksAreBroken() {
        #expect(MarkdownText.inert("https://evil.example/x") == "https&#8203;://evil.example/x")
        #expect(MarkdownText.inert("see http://x.org") == "see http&#8203;://x.org")
        #expect(MarkdownText.inert("mailto:a@b.org") == "mailto&#8203;:a@&#8203;b.org")
        #expect(MarkdownText.inert("www.evil.org WWW.X.ORG") == "www&#8203;.evil.org WWW&#8203;.X.ORG")
        // A colon followed by a space, or after a digit, is prose or a time.
        #expect(MarkdownText.inert("Note: at 10:30") == "Note: at 10:30")
    }

    @Test func commitLikeWordsAreBroken() {
        #expect(MarkdownText.inert("a0b1c2d3e4f5") == "a0b1c2&#8203;d3e4f5")
        #expect(MarkdownText.inert("deadbee 1234567") == "deadbe&#8203;e 123456&#8203;7")
        #expect(MarkdownText.inert("0123456789abcdef0123") == "012345&#8203;6789ab&#8203;cdef01&#8203;23")
        // Six hex digits, or a longer word with other letters, is left alone.
        #expect(MarkdownText.inert("abc123 deadbeefs") == "abc123 deadbeefs")
    }

    @Test func lineBreaksAndControlsBecomeSpaces() {
        #expect(MarkdownText.inert("a\n</details>\n\n# pwned") == "a \\</details\\>  \\# pwned")
        #expect(MarkdownText.inert("a\r\nb\tc\u{1B}d\u{85}e\u{2028}f") == "a  b c d e f")
        #expect(MarkdownText.inert("\u{202E}evil") == "\u{FFFD}evil")
        #expect(MarkdownText.code("a\nb\u{1B}") == "`a b `")
        #expect(MarkdownText.inertHTML("a\n\nb") == "a  b")
    }

    @Test func markdownSyntaxIsEscaped() {
        #expect(MarkdownText.inert("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert(1)\\>")
        #expect(MarkdownText.inert("[l](https://x) ![i](y) *b* _i_ ~~s~~ $m$ `c` a|b \\")
            == "\\[l\\](https&#8203;://x) !\\[i\\](y) \\*b\\* \\_i\\_ \\~\\~s\\~\\~ \\$m\\$ \\`c\\` a\\|b \\\\")
        #expect(MarkdownText.inert("&amp; &#64;x & R&D") == "\\&amp; \\&\\#&#8203;64;x & R&D")
        // What would open a block at the start of a list item or heading.
        #expect(MarkdownText.inert("- x") == "\\- x")
        #expect(MarkdownText.inert("+ x") == "\\+ x")
        #expect(MarkdownText.inert("= x") == "\\= x")
        #expect(MarkdownText.inert("12. x") == "12\\. x")
        #expect(MarkdownText.inert("3) x") == "3\\) x")
        #expect(MarkdownText.inert("    code") == "&#32;   code")
        #expect(MarkdownText.inert("a - b 1. c") == "a - b 1. c")
    }

    @Test func htmlContextEscapesAndBreaks() {
        #expect(MarkdownText.inertHTML("<b>\"x\" & 'y' @u #1</b>")
            == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39; @&#8203;u #&#8203;1&lt;/b&gt;")
        #expect(MarkdownText.codeHTML("plans/@a #1.md\n<x>") == "plans/@a #1.md &lt;x&gt;")
    }

    @Test func codeSpansAreClosedAndOnOneLine() {
        #expect(MarkdownText.code("@li") == "`@li`")
        #expect(MarkdownText.code("a`b") == "``a`b``")
        #expect(MarkdownText.code("`x") == "`` `x ``")
        #expect(MarkdownText.code("a``b`") == "``` a``b` ```")
        #expect(MarkdownText.code("") == "` `")
    }

    @Test func messagesKeepTheirCodeSpans() {
        #expect(MarkdownText.message("`@bob` is not a stakeholder of this plan")
            == "`@bob` is not a stakeholder of this plan")
        #expect(MarkdownText.message("task `Pay <b>` has no owner; see #12")
            == "task `Pay <b>` has no owner; see \\#&#8203;12")
        // A value with backticks misplaces the pairs; each piece is still code or inert.
        #expect(MarkdownText.message("task `a`@user`b` has no owner") == "task `a`@&#8203;user`b` has no owner")
        #expect(MarkdownText.message("task `x``a`@b` is late") == "task `x`&#8203;`a`@&#8203;b\\` is late")
        #expect(MarkdownText.message("an open ` backtick @x") == "an open \\` backtick @&#8203;x")
    }
}

extension MarkdownTextTests {
    @Test func valuesInsideALineNeedNoBlockEscapes() {
        #expect(MarkdownText.inert("98.5% - 1) x", atLineStart: false) == "98.5% - 1) x")
        #expect(MarkdownText.inert(" x", atLineStart: false) == " x")
        #expect(MarkdownText.inert("-1 @x #2", atLineStart: false) == "-1 @&#8203;x \\#&#8203;2")
    }
}
