@testable import MapcEmit
import MapcSource
import Testing

/// A line over 240 bytes (and over 160 code points) is shown as a window of 60 code
/// points before the column and 100 from it, `…` marking what was cut; the header keeps
/// the real column and the caret stays under the token: one cell per code point, two for
/// wide ones, four for a tab.
@Suite struct LongLineCaretTests {
    /// The output for a diagnostic on `line` (line 1 of `t.md`) at code points
    /// `column..<end` (1-based columns, end exclusive).
    static func render(_ line: String, column: Int, end: Int) -> String {
        let source = SourceFile(path: "t.md", text: line + "\n")
        let scalars = Array(line.unicodeScalars)
        let start = String(String.UnicodeScalarView(scalars[..<(column - 1)])).utf8.count
        let stop = String(String.UnicodeScalarView(scalars[..<(end - 1)])).utf8.count
        let diagnostic = Diagnostic(in: source, range: SourceRange(start: start, end: stop), severity: .error,
                                    rule: "r", message: "m", help: nil)
        return TextDiagnostics(color: false) { _ in source }.render(diagnostic)
    }

    static func expected(column: Int, shown: String, caret: Int, width: Int) -> String {
        "t.md:1:\(column): error: m [r]\n  |\n1 | \(shown)\n  | "
            + String(repeating: " ", count: caret) + String(repeating: "^", count: width) + "\n"
    }

    static func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

    @Test func caretOnAShortenedLineWithWideLettersAndATabBeforeTheToken() {
        // 100 é (2 bytes), 20 健 (3 bytes, 2 cells), 30 x, a tab, the token, 100 健: 595 bytes.
        let line = Self.repeated("é", 100) + Self.repeated("健", 20) + Self.repeated("x", 30) + "\t@bob"
            + Self.repeated("健", 100)
        #expect(line.utf8.count == 595)
        // `@bob` is code points 152–155; the window starts 60 before it, at code point 92.
        let shown = "…" + Self.repeated("é", 9) + Self.repeated("健", 20) + Self.repeated("x", 30) + "    @bob"
            + Self.repeated("健", 96) + "…"
        // Cells before the token: … 1, é 9, 健 40, x 30, tab 4.
        #expect(Self.render(line, column: 152, end: 156)
            == Self.expected(column: 152, shown: shown, caret: 84, width: 4))
    }

    @Test func aLineOf240BytesIsShownWhole() {
        let line = Self.repeated("a", 200) + "@bob" + Self.repeated("b", 36)
        #expect(line.utf8.count == 240)
        #expect(Self.render(line, column: 201, end: 205) == Self.expected(column: 201, shown: line, caret: 200, width: 4))
    }

    @Test func aLongLineOfFewCodePointsIsShownWhole() {
        // 243 bytes but only 83 code points: short enough to read whole.
        let line = Self.repeated("健", 80) + "\t@b"
        #expect(line.utf8.count == 243)
        #expect(Self.render(line, column: 82, end: 84)
            == Self.expected(column: 82, shown: Self.repeated("健", 80) + "    @b", caret: 164, width: 2))
    }

    @Test func windowEdges() {
        let line = Self.repeated("x", 300)
        // Near the start nothing is cut before the token (column 61: 60 code points before it).
        #expect(Self.render(line, column: 61, end: 62)
            == Self.expected(column: 61, shown: Self.repeated("x", 160) + "…", caret: 60, width: 1))
        // One further, the first code point is cut and `…` takes its cell.
        #expect(Self.render(line, column: 62, end: 63)
            == Self.expected(column: 62, shown: "…" + Self.repeated("x", 160) + "…", caret: 61, width: 1))
        // Near the end nothing is cut after it (column 201: 100 code points from it to the end).
        #expect(Self.render(line, column: 201, end: 202)
            == Self.expected(column: 201, shown: "…" + Self.repeated("x", 160), caret: 61, width: 1))
        // A token running past the window is underlined up to the `…` that cuts it.
        #expect(Self.render(line, column: 100, end: 290)
            == Self.expected(column: 100, shown: "…" + Self.repeated("x", 160) + "…", caret: 61, width: 100))
        // A column just past the end of the line (a missing token) is shown after its last cell.
        #expect(Self.render(line, column: 301, end: 301)
            == Self.expected(column: 301, shown: "…" + Self.repeated("x", 60), caret: 61, width: 1))
    }
}
