import MapcCheck
import MapcLower
import MapcModel
import MapcSource
import Testing

/// docs/rules.md#repeated-diagnostics: at most `Checker.repeatLimit` diagnostics of one
/// rule per file, then one that says how many more there are.
@Suite struct RepeatedDiagnosticsTests {
    static func check(_ text: String) -> [Diagnostic] {
        let source = SourceFile(path: "big.md", text: text)
        guard case let .plan(plan) = PlanLowering.lower(source) else { return [] }
        return Checker(configuration: Configuration(), today: Day(iso: "2026-11-24")!).check(plan, source: source)
    }

    static func keys(_ count: Int, body: String = "") -> String {
        "---\ntitle: Keys\n" + (0..<count).map { "k\($0): v\n" }.joined() + "---\n" + body
    }

    @Test func fiveThousandUnknownKeysGiveOneHundredAndOne() throws {
        let found = Self.check(Self.keys(5_000)).filter { $0.rule == "unknown-field" }
        #expect(Checker.repeatLimit == 100)
        #expect(found.count == 101)
        #expect(found.prefix(100).map(\.message) == (0..<100).map { "unknown front-matter key `k\($0)`" })
        let last = try #require(found.last)
        #expect(last.message == "… and 4900 more `unknown-field` in this file")
        #expect(last.help == "only the first 100 of a rule are listed per file: fix them and check again, "
            + "or turn the rule off with `unknown-field: off` under `rules:` in mapc.yml")
        // At the 101st key (line 103: the title is on line 2), with the rule's severity.
        #expect("\(last.start)" == "103:1")
        #expect(last.severity == .warning)
    }

    @Test func exactlyOneMoreIsShownAsItself() {
        let found = Self.check(Self.keys(101)).filter { $0.rule == "unknown-field" }
        #expect(found.count == 101)
        #expect(found.last?.message == "unknown front-matter key `k100`")
    }

    @Test func theLimitIsPerRule() {
        // 150 ownerless tasks and 150 unknown keys: each rule is capped on its own.
        let tasks = "## Tasks\n" + (0..<150).map { "- [ ] Task \($0) due:2026-12-01\n" }.joined()
        let found = Self.check(Self.keys(150, body: tasks))
        let owners = found.filter { $0.rule == "owner-missing" }
        #expect(owners.count == 101)
        #expect(owners.last?.message == "… and 50 more `owner-missing` in this file")
        #expect(owners.last?.severity == .error)
        #expect(found.filter { $0.rule == "unknown-field" }.last?.message == "… and 50 more `unknown-field` in this file")
    }

    @Test func suppressedOccurrencesAreNotCounted() {
        // 120 ownerless tasks, 30 of them behind disable-next-line: 90 shown, no summary.
        var tasks = "## Tasks\n"
        for index in 0..<120 {
            if index % 4 == 0 { tasks += "<!-- mapc-disable-next-line owner-missing -->\n" }
            tasks += "- [ ] Task \(index) due:2026-12-01\n"
        }
        let found = Self.check(Self.keys(0, body: tasks)).filter { $0.rule == "owner-missing" }
        #expect(found.count == 90)
        #expect(!found.contains { $0.message.hasPrefix("…") })
    }

    @Test func theFirstInDocumentOrderAreKeptWhateverOrderTheyCameIn() {
        var findings = Findings(limit: 3)
        for offset in [50, 10, 40, 20, 30, 5] {
            findings.add(Finding(rule: "owner-missing", range: SourceRange(start: offset, end: offset + 1),
                                 message: "m", help: nil, isPlanLevel: false))
        }
        #expect(findings.items.map(\.range.start) == [5, 10, 20])
        #expect(findings.count(of: "owner-missing") == 6)
    }
}
