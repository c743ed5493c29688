import Foundation
import MapcSource
import Testing

/// `ShellQuoting.quote`: what a hint prints is what a shell reads back.
@Suite struct ShellQuotingTests {
    @Test func plainWordsStayAsTheyAre() {
        for word in ["plans/acme-pilot.md", "a_b.c,d:e@f%g+h", "-x", "./x"] {
            #expect(ShellQuoting.quote(word) == word)
        }
    }

    @Test func othersAreSingleQuoted() {
        #expect(ShellQuoting.quote("Q4 plan.md") == "'Q4 plan.md'")
        #expect(ShellQuoting.quote("it's.md") == #"'it'\''s.md'"#)
        #expect(ShellQuoting.quote("''") == #"''\'''\'''"#)
        #expect(ShellQuoting.quote("") == "''")
        #expect(ShellQuoting.quote("~/x") == "'~/x'")
        #expect(ShellQuoting.quote("café.md") == "'café.md'")
        #expect(ShellQuoting.quote("$(rm -rf /)") == "'$(rm -rf /)'")
    }

    /// Each word, quoted, through `/bin/sh -c 'printf %s WORD'`, comes back unchanged.
    @Test func aShellReadsTheWordBack() throws {
        let words = ["Q4 plan.md", "it's", "a\"b", "x: y", "#x", "$HOME", "`id`", "a\\b", "a\nb", "*", "?", "[a]",
                     "{a,b}", "a;b", "a&b", "a|b", "<x>", "!x", "~", "=x", "--", "' '", "🚀 émoji", "tab\there"]
        for word in words {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "printf %s " + ShellQuoting.quote(word)]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(String(decoding: data, as: UTF8.self) == word, "\(word)")
        }
    }
}
