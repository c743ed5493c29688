import MapcParse
import MapcSource
import Testing

/// Positions, dates and front matter: the ground truth every diagnostic stands on.
@Suite struct SourceTests {
    @Test func columnsCountCodePointsNotBytes() {
        let source = SourceFile(path: "a.md", text: "- [x] déjà vu ✓ done\n\t健康 @li\n")
        let offset = Array(source.bytes).firstIndex(of: UInt8(ascii: "@"))!
        #expect(source.position(of: offset) == SourcePosition(line: 2, column: 5))
        let done = source.text(ofLine: 1).utf8.count - 4
        #expect(source.position(of: done) == SourcePosition(line: 1, column: 17))
    }

    @Test func byteOrderMarkIsNotCounted() {
        let source = SourceFile(path: "a.md", bytes: [0xEF, 0xBB, 0xBF] + Array("ab\ncd".utf8))
        #expect(source.hadByteOrderMark)
        #expect(source.text(ofLine: 1) == "ab")
        #expect(source.position(of: 1) == SourcePosition(line: 1, column: 2))
    }

    @Test func crlfLinesEndBeforeTheCarriageReturn() {
        let source = SourceFile(path: "a.md", text: "one\r\ntwo\r\n")
        #expect(source.lineCount == 3)
        #expect(source.text(ofLine: 1) == "one")
        #expect(source.text(ofLine: 2) == "two")
        #expect(source.position(of: 5) == SourcePosition(line: 2, column: 1))
    }

    @Test func daysAreRealCalendarDays() {
        #expect(Day(iso: "2028-02-29") != nil)
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(iso: "2026-04-31") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "2026-00-10") == nil)
        #expect(Day(iso: "2026-1-01") == nil)
        #expect(Day(iso: "２０２６-01-01") == nil)
        let day = Day(iso: "2026-11-24")!
        #expect(day.description == "2026-11-24")
        #expect(Day(iso: "1970-01-01")!.daysSinceEpoch == 0)
        #expect(day.adding(days: 7).description == "2026-12-01")
        #expect(Day(iso: "2026-11-10")!.days(until: day) == 14)
        #expect(Day.looksLikeDate("2026-02-30"))
        #expect(!Day.looksLikeDate("tomorrow"))
    }

    @Test func frontMatterIsSplitByLines() throws {
        let source = SourceFile(path: "a.md", text: "---\r\ntitle: T\r\n...\r\n# Body\r\n")
        guard case let .present(frontMatter) = FrontMatterSplit.split(source) else {
            Issue.record("front matter closed by `...`")
            return
        }
        #expect(frontMatter.yaml == "title: T\r\n")
        #expect(source.line(containing: frontMatter.bodyStart) == 4)

        guard case .unclosed = FrontMatterSplit.split(SourceFile(path: "b.md", text: "---\ntitle: T\n")) else {
            Issue.record("unclosed front matter")
            return
        }
        guard case .absent = FrontMatterSplit.split(SourceFile(path: "c.md", text: "# Title\n---\n")) else {
            Issue.record("no front matter")
            return
        }
        guard case .absent = FrontMatterSplit.split(SourceFile(path: "d.md", text: "----\n")) else {
            Issue.record("four dashes are not a fence")
            return
        }
    }

    @Test func blankedFrontMatterKeepsLineNumbers() {
        let bytes = Array("---\ntitle: T\n---\n## Goals\n".utf8)
        let body = blankingPrefix(of: bytes, upTo: 17)
        #expect(body.count == bytes.count)
        let source = SourceFile(path: "a.md", bytes: bytes)
        let tree = Markdown.parse(body, source: source)
        let heading = tree.children(of: 0).first { tree[$0].kind == .heading }
        #expect(heading.flatMap { tree[$0].range }.map { source.position(of: $0.start) } == SourcePosition(line: 4, column: 1))
    }

    @Test func treeIsCopiedOutWithExtensions() {
        let text = "- [x] done ~~old~~ www.example.com\n- [ ] open\n\n| a |\n|---|\n| b |\n"
        let source = SourceFile(path: "a.md", text: text)
        let tree = Markdown.parse(Array(text.utf8), source: source)
        let kinds = tree.nodes.map(\.kind)
        #expect(kinds.filter { $0 == .taskItem }.count == 2)
        #expect(kinds.contains(.strikethrough))
        #expect(kinds.contains(.link))
        #expect(kinds.filter { $0 == .tableCell }.count == 2)
        let firstItem = tree.nodes.firstIndex { $0.kind == .taskItem }!
        #expect(tree[firstItem].level == 1)
    }

    @Test func renderedHTMLDropsRawHTMLAndUnsafeLinks() {
        let html = Markdown.renderHTML("<script>alert(1)</script>\n\n[x](javascript:alert(1)) ~~gone~~\n")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("<del>gone</del>"))
    }
}
