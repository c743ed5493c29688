@testable import MapcEmit
import Testing

/// CSV formula protection and iCalendar TEXT escaping and folding, value by value.
@Suite struct ExportEscapingTests {
    @Test func csvCellsThatSpreadsheetsWouldRunGetAQuote() {
        #expect(TasksCSV.protect("=1+2") == "'=1+2")
        #expect(TasksCSV.protect("+1") == "'+1")
        #expect(TasksCSV.protect("-1") == "'-1")
        #expect(TasksCSV.protect("@SUM(A1)") == "'@SUM(A1)")
        #expect(TasksCSV.protect("\t=1") == "'\t=1")
        #expect(TasksCSV.protect("\r=1") == "'\r=1")
        // Only the first character counts.
        #expect(TasksCSV.protect("a=1") == "a=1")
        #expect(TasksCSV.protect(" =1") == " =1")
        #expect(TasksCSV.protect("") == "")
        #expect(TasksCSV.protect("'x") == "'x")
        // A protected cell is still quoted when it must be: a CR forces quotes, a tab does not.
        #expect(TasksCSV.row(["\t=1", "\r=1", "=a,b"]) == "'\t=1,\"'\r=1\",\"'=a,b\"\r\n")
    }

    @Test func iCalendarTextEscapes() {
        #expect(ICalendar.escape("a,b;c\\d") == "a\\,b\\;c\\\\d")
        #expect(ICalendar.escape("l1\nl2\r\nl3\rl4") == "l1\\nl2\\nl3\\nl4")
        #expect(ICalendar.escape("\u{0}x\u{7F}y\u{1B}z\tw") == "xyz w")
        #expect(ICalendar.escape("é 健 🌱") == "é 健 🌱")
    }

    @Test func iCalendarFoldsAt75OctetsBetweenCharacters() {
        let x = { (count: Int) in String(repeating: "x", count: count) }
        #expect(ICalendar.fold(x(74) + "é") == x(74) + "\r\n é")
        #expect(ICalendar.fold(x(73) + "健") == x(73) + "\r\n 健")
        #expect(ICalendar.fold(x(72) + "健") == x(72) + "健")
        #expect(ICalendar.fold(x(71) + "🌱") == x(71) + "🌱")
        #expect(ICalendar.fold(x(72) + "🌱") == x(72) + "\r\n 🌱")
        // A continuation line holds 74 octets after its space.
        #expect(ICalendar.fold(x(150)) == x(75) + "\r\n " + x(74) + "\r\n " + x(1))
        // An escape is never split.
        #expect(ICalendar.fold(x(73) + "\\,") == x(73) + "\\,")
        #expect(ICalendar.fold(x(74) + "\\,") == x(74) + "\r\n \\,")
    }
}
