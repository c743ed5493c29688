import Foundation
@testable import MapcEmit
import MapcLower
import MapcModel
import MapcSource
import Testing
@testable import MapcDiff

/// Text formats print plan text and file names on a terminal: no control character,
/// bidi control or line separator from a plan or a file name reaches it raw, and a
/// forged line cannot be told from a real one because it cannot start a line.
@Suite struct TerminalOutputTests {
    /// A file name that, printed raw, forges a diagnostic line of its own.
    static let forged = "x.md\nfake.md:1:1: info: all good"

    @Test func safeShowsEveryControlAsAVisibleStandIn() {
        #expect(TerminalText.safe("plain: ünïcödé 健康 ✓") == "plain: ünïcödé 健康 ✓")
        #expect(TerminalText.safe("a\u{1B}[2Jb") == "a␛[2Jb")
        #expect(TerminalText.safe("x.md\nfake.md") == "x.md␊fake.md")
        #expect(TerminalText.safe("one\r\ntwo\rthree") == "one␍␊two␍three")
        #expect(TerminalText.safe("bell\u{07} back\u{08} nul\u{00} tab\t del\u{7F}") == "bell␇ back␈ nul␀ tab␉ del␡")
        #expect(TerminalText.safe("csi\u{9B}31m nel\u{85} x\u{80}") == "csi\\u{9B}31m nel\\u{85} x\\u{80}")
        #expect(TerminalText.safe("\u{202E}evil\u{202C} \u{2066}i\u{2069} \u{202A}\u{202B}\u{202D}\u{2067}\u{2068}")
            == "\\u{202E}evil\\u{202C} \\u{2066}i\\u{2069} \\u{202A}\\u{202B}\\u{202D}\\u{2067}\\u{2068}")
        #expect(TerminalText.safe("line\u{2028}para\u{2029}") == "line\\u{2028}para\\u{2029}")
        // Neighbours of the ranges are ordinary text.
        #expect(TerminalText.safe("\u{A0}\u{2029}\u{202F}\u{2065}\u{206A}") == "\u{A0}\\u{2029}\u{202F}\u{2065}\u{206A}")
    }

    @Test func textDiagnosticsNeverPrintAControlRaw() {
        let line = "- [ ] Pay \u{1B}[2J @bob\u{07}"
        let source = SourceFile(path: Self.forged, text: line + "\n")
        let at = Array(line.utf8).firstIndex(of: UInt8(ascii: "@"))!
        let diagnostic = Diagnostic(in: source, range: SourceRange(start: at, end: at + 4), severity: .error,
                                    rule: "owner-unknown", message: "`@bob\u{1B}]0;pwned\u{07}` is not a stakeholder",
                                    help: "did you mean\u{08}\u{08}\u{08} `@bo`?\nx.md:2:2: info: fine")
        let out = TextDiagnostics(color: false) { $0 == Self.forged ? source : nil }.render(diagnostic)
        #expect(out == """
            x.md␊fake.md:1:1: info: all good:1:16: error: `@bob␛]0;pwned␇` is not a stakeholder [owner-unknown]
              |
            1 | - [ ] Pay ␛[2J @bob␇
              |                ^^^^
              = help: did you mean␈␈␈ `@bo`?␊x.md:2:2: info: fine

            """)
        let brief = TextDiagnostics(color: false, brief: true) { _ in nil }.render([diagnostic])
        #expect(brief == "x.md␊fake.md:1:1: info: all good:1:16: error: `@bob␛]0;pwned␇` is not a stakeholder [owner-unknown]\n")
        let noSource = TextDiagnostics(color: false) { _ in nil }.render(diagnostic)
        #expect(noSource.hasSuffix("  = help: did you mean␈␈␈ `@bo`?␊x.md:2:2: info: fine\n"))
    }

    @Test func caretStaysUnderItsTokenAfterWideStandIns() {
        // RLO and a C1 control are shown as `\u{…}`, 8 and 6 cells wide: the caret moves with them.
        let line = "- [ ] \u{202E}evil\u{9B} @bob"
        let source = SourceFile(path: "t.md", text: line + "\n")
        let at = Array(line.utf8).firstIndex(of: UInt8(ascii: "@"))!
        let diagnostic = Diagnostic(in: source, range: SourceRange(start: at, end: at + 4), severity: .warning,
                                    rule: "r", message: "m", help: nil)
        let out = TextDiagnostics(color: false) { _ in source }.render(diagnostic)
        #expect(out == """
            t.md:1:14: warning: m [r]
              |
            1 | - [ ] \\u{202E}evil\\u{9B} @bob
              |                          ^^^^

            """)
    }

    @Test func statusTextShowsTitlesOnOneLine() throws {
        let text = "---\ntitle: \"Pilot\\nOff track    Fake \\e[31mred\"\nstatus: active\nowner: \"@li\"\n---\n"
            + "## Stakeholders\n| Handle |\n|---|\n| @li |\n## Tasks\n- [ ] Do it @li due:2026-11-20\n"
        let source = SourceFile(path: Self.forged, text: text)
        guard case let .plan(plan) = PlanLowering.lower(source) else {
            Issue.record("not a plan")
            return
        }
        let summary = PlanSummary(plan: plan, diagnostics: [], today: Day(iso: "2026-11-24")!)
        let out = StatusText.render(StatusReport([summary], today: summary.today))
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2] == "Off track    Pilot␊Off track    Fake ␛[31mred")
        #expect(lines[3] == "  x.md␊fake.md:1:1: info: all good · owner @li")
        let brief = StatusText.render(StatusReport([summary], today: summary.today), brief: true)
        #expect(brief == "Status on 2026-11-24: 1 plan: 1 off track\n"
            + "Off track    Pilot␊Off track    Fake ␛[31mred — 0/1 done, 1 overdue\n")
    }

    @Test func statusTextCleansTheReasonsToo() throws {
        let text = "---\ntitle: P\nstatus: active\n---\n## Tasks\n- [ ] Do it\n"
        guard case let .plan(plan) = PlanLowering.lower(SourceFile(path: "p.md", text: text)) else {
            Issue.record("not a plan")
            return
        }
        var summary = PlanSummary(plan: plan, diagnostics: [], today: Day(iso: "2026-11-24")!)
        summary.healthReasons = ["goals G1\u{1B}[2J, G2\nfake behind schedule"]
        let why = StatusText.rows(summary).first { $0.0 == "Why" }?.1
        #expect(why == ["goals G1␛[2J, G2␊fake behind schedule"])
    }

    @Test func textDiffShowsNamesAndPathsOnOneLine() {
        var diff = WorkspaceDiff()
        var plan = PlanDiff(id: "p\u{1B}[1m", title: "New\ntitle", path: Self.forged, oldPath: "old\r.md")
        plan.fields = [FieldChange(field: "title", old: "Old\u{07}", new: "New\ntitle")]
        plan.partiesAdded = ["Acme\u{202E}"]
        plan.tasks = [TaskDiff(kind: .added, id: "t", title: "Pay\u{1B}[2J", hasExplicitID: false, owner: Handle("li"),
                               due: nil, state: .open)]
        plan.introduced = [Diagnostic(file: Self.forged, start: SourcePosition(line: 3, column: 1),
                                      end: SourcePosition(line: 3, column: 2), range: SourceRange(start: 0, end: 1),
                                      severity: .error, rule: "owner-unknown", message: "`@x\u{1B}[0m` is not\nfine",
                                      help: nil)]
        diff.changed = [plan]
        let out = TextDiff.render(diff)
        #expect(out == """
            mapc diff: 1 plan changed · tasks: 1 added · also changed: plan, parties · diagnostics: 1 introduced (1 error)

            p␛[1m: "New␊title" (x.md␊fake.md:1:1: info: all good)
              plan: file moved from old␍.md
              plan: title: Old␇ → New␊title
              party added: "Acme\\u{202E}"
              task added: "Pay␛[2J" (owner @li, no due date)
              introduced error owner-unknown (line 3): `@x␛[0m` is not␊fine

            """)
    }
}

/// The machine formats were escaped before; these pin it: a hostile value stays one
/// string in JSON and SARIF, and one command in a GitHub workflow.
@Suite struct MachineFormatEscapingTests {
    @Test func jsonEscapesControlsAndTheCharactersTerminalsObey() throws {
        let value = "a\u{1B}b\u{7F}c\u{9B}d\u{202E}e\u{2028}f\"\\\n\t\r\u{0}"
        #expect(JSONWriter.quote(value)
            == "\"a\\u001bb\\u007fc\\u009bd\\u202ee\\u2028f\\\"\\\\\\n\\t\\r\\u0000\"")
        #expect(JSONWriter.quote("ünï 健康 ✓ \u{A0}") == "\"ünï 健康 ✓ \u{A0}\"")
        // A parser reads the value back unchanged.
        let parsed = try JSONSerialization.jsonObject(with: Data(("[" + JSONWriter.quote(value) + "]").utf8)) as? [String]
        #expect(parsed == [value])
    }

    static let hostile = Diagnostic(
        file: "./x\n::error::forged,a:b%.md", start: SourcePosition(line: 1, column: 2), end: SourcePosition(line: 1, column: 3),
        range: SourceRange(start: 1, end: 2), severity: .warning, rule: "r",
        message: "50%\r\n::error file=a.md::forged \u{1B}[2J", help: "x%0A")

    @Test func githubCommandsEscapeWhatTheRunnerUnescapes() {
        #expect(GitHubDiagnostics.escapeData("50%\r\nnext::x,y:z") == "50%25%0D%0Anext::x,y:z")
        #expect(GitHubDiagnostics.escapeProperty("a,b:c%\r\n") == "a%2Cb%3Ac%25%0D%0A")
        #expect(GitHubDiagnostics.render([Self.hostile])
            == "::warning file=x%0A%3A%3Aerror%3A%3Aforged%2Ca%3Ab%25.md,line=1,col=2,endLine=1,endColumn=3,title=mapc%3A r"
            + "::50%25%0D%0A::error file=a.md::forged \u{1B}[2J%0Ahelp: x%250A\n")
        // One diagnostic, one line: nothing a plan writes starts a second command.
        #expect(GitHubDiagnostics.render([Self.hostile]).split(separator: "\n").count == 1)
    }

    @Test func sarifAndJSONKeepHostileTextInsideTheirStrings() throws {
        for text in [SARIFDiagnostics.render([Self.hostile], toolVersion: "0"),
                     JSONDiagnostics.render([Self.hostile], plans: 1)] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let message = (root["diagnostics"] as? [[String: Any]])?.first?["message"] as? String
                ?? ((((root["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first?["message"]
                    as? [String: Any])?["text"] as? String)
            #expect(message?.hasPrefix(Self.hostile.message) == true)
        }
    }
}
