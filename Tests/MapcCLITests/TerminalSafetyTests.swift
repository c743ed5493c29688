import Foundation
import MapcCLI
import Testing

/// File names are untrusted too: one holding a newline or an ESC must not forge an output
/// line or drive the terminal, whichever command prints it.
@Suite struct TerminalSafetyTests {
    static let today = ["--today", "2026-11-24"]
    /// Printed raw, this name ends its line and forges one that says all is well.
    static let forged = "x\nfake.md:1:1: info: all good\n.md"
    /// The same name as mapc prints it.
    static let shown = "x␊fake.md:1:1: info: all good␊.md"
    static let plan = "---\ntitle: \"Pilot\\e[2J\"\nstatus: active\n---\n## Stakeholders\n| Handle |\n|---|\n| @li |\n"
        + "## Tasks\n- [ ] Pay \u{1B}[31mnow @bob due:2026-12-01\n"

    /// No line of `text` starts with the forged name, and no control but the newline is in it.
    static func expectNoForgery(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in text.split(separator: "\n") {
            #expect(!line.hasPrefix("fake.md"), "forged line: \(line)", sourceLocation: sourceLocation)
        }
        #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) },
                "a control character reached the output", sourceLocation: sourceLocation)
    }

    @Test func checkPrintsHostileFileNamesOnOneLine() {
        let folder = CLI.temporaryDirectory()
        CLI.write(Self.plan, to: folder + "/" + Self.forged)
        CLI.write(Self.plan, to: folder + "/e\u{1B}]0;title\u{07}.md")
        let run = CLI.run(["check", folder] + Self.today)
        #expect(run.status == 1)
        let out = run.out.relative(to: folder)
        Self.expectNoForgery(out)
        #expect(out.contains(Self.shown + ":10:20: error: `@bob` is not a stakeholder of this plan [owner-unknown]\n"))
        #expect(out.contains("e␛]0;title␇.md:10:20: error: `@bob` is not a stakeholder of this plan [owner-unknown]\n"))
        #expect(out.contains("10 | - [ ] Pay ␛[31mnow @bob due:2026-12-01\n   |                    ^^^^\n"))
        let quiet = CLI.run(["check", folder, "--quiet"] + Self.today)
        Self.expectNoForgery(quiet.out)
        // The workflow commands keep the real name, escaped as the runner unescapes it.
        let github = CLI.run(["check", folder, "--format", "github"] + Self.today)
        #expect(github.out.split(separator: "\n").count == 8)
        #expect(github.out.contains("x%0Afake.md%3A1%3A1%3A info%3A all good%0A.md,line=10,col=20,"))
    }

    @Test func diffAndStatusPrintHostileFileNamesOnOneLine() {
        let old = CLI.temporaryDirectory(), new = CLI.temporaryDirectory()
        CLI.write(Self.plan, to: old + "/" + Self.forged)
        CLI.write(Self.plan.replacingOccurrences(of: "Pay", with: "Pay\u{7}"), to: new + "/" + Self.forged)
        let diff = CLI.run(["diff", old, new, "--format", "text"] + Self.today)
        #expect(diff.status == 0)
        Self.expectNoForgery(diff.out)
        #expect(diff.out.contains(": \"Pilot␛[2J\" (\(new)/\(Self.shown))\n"))
        let status = CLI.run(["status", new] + Self.today)
        Self.expectNoForgery(status.out)
        #expect(status.out.contains("  \(new)/\(Self.shown)\n"))
    }

    @Test func buildNamesErrorsOfHostileFilesOnOneLine() {
        let folder = CLI.temporaryDirectory()
        CLI.write(Self.plan, to: folder + "/plans/" + Self.forged)
        let run = CLI.run(["build", folder + "/plans", "-o", folder + "/_site", "--quiet"] + Self.today)
        #expect(run.status == 1)
        Self.expectNoForgery(run.err)
        #expect(run.err == "\(folder)/plans/\(Self.shown):10:20: error: `@bob` is not a stakeholder of this plan [owner-unknown]\n")
    }

    @Test func usageErrorsPrintPathsOnOneLine() {
        let run = CLI.run(["check", "/nonexistent/\(Self.forged)\u{1B}[2J"] + Self.today)
        #expect(run.status == 2)
        #expect(run.err == "mapc: error: no such file or directory: /nonexistent/\(Self.shown)␛[2J\n")
    }
}
