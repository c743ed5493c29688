import MapcCheck
@testable import MapcEditor
import MapcModel
import MapcSource
import Testing

/// Code actions and rename, on every rule's own examples: a fix must make its diagnostic
/// go away and add no other.
@Suite struct FixesTests {
    static let today = Day(iso: "2026-11-24")!

    static func plan(_ markdown: String) -> String {
        let clean = markdown.replacingOccurrences(of: "↓", with: "")
        return clean.hasPrefix("---") ? clean : "---\ntitle: Example\n---\n" + clean
    }

    static func analyse(_ text: String) -> Analysis {
        Analysis(path: "example.md", bytes: Array(text.utf8), configuration: Configuration(), today: today)
    }

    static func apply(_ fix: Fix, to text: String) -> String {
        String(decoding: Fixes.apply(fix.edits, to: Array(text.utf8)), as: UTF8.self)
    }

    static func count(_ rule: RuleID, _ analysis: Analysis) -> Int { analysis.diagnostics.filter { $0.rule == rule }.count }

    static let examples: [(String, String)] = Registry.rules.flatMap { rule in rule.bad.map { (rule.id.rawValue, $0.markdown) } }

    @Test("every suggested replacement fixes its diagnostic", arguments: examples.indices)
    func suggestedFixesWork(_ index: Int) throws {
        let (rule, markdown) = Self.examples[index]
        let text = Self.plan(markdown)
        let analysis = Self.analyse(text)
        let source = try #require(analysis.compiled?.source)
        for diagnostic in analysis.diagnostics where diagnostic.rule.rawValue == rule {
            for fix in Fixes.suggested(for: diagnostic, source: source) {
                let fixed = Self.analyse(Self.apply(fix, to: text))
                #expect(Self.count(diagnostic.rule, fixed) < Self.count(diagnostic.rule, analysis),
                        "\(fix.title) did not fix \(diagnostic.message) in\n\(Self.apply(fix, to: text))")
            }
        }
    }

    @Test("every diagnostic can be suppressed on its line or in the file", arguments: examples.indices)
    func suppressionsWork(_ index: Int) throws {
        let (rule, markdown) = Self.examples[index]
        let text = Self.plan(markdown)
        let analysis = Self.analyse(text)
        let source = try #require(analysis.compiled?.source)
        for diagnostic in analysis.diagnostics where diagnostic.rule.rawValue == rule {
            guard let fix = Fixes.suppression(for: diagnostic, plan: analysis.plan, source: source) else {
                #expect(analysis.plan?.bodyWasRead == false, "no suppression for \(diagnostic.message)")
                continue
            }
            let fixed = Self.analyse(Self.apply(fix, to: text))
            #expect(Self.count(diagnostic.rule, fixed) < Self.count(diagnostic.rule, analysis),
                    "\(fix.title) did not silence \(diagnostic.message) in\n\(Self.apply(fix, to: text))")
        }
    }

    @Test func quickFixesSeenInTheRulesExamples() {
        // The help of these rules names a replacement: each must offer a fix.
        var fixed = Set<String>()
        for (rule, markdown) in Self.examples {
            let analysis = Self.analyse(Self.plan(markdown))
            guard let source = analysis.compiled?.source else { continue }
            for diagnostic in analysis.diagnostics where !Fixes.suggested(for: diagnostic, source: source).isEmpty {
                fixed.insert(diagnostic.rule.rawValue)
            }
            _ = rule
        }
        for rule in ["owner-unknown", "dependency-unknown", "almost-token", "checkbox-malformed", "unknown-section"] {
            #expect(fixed.contains(rule), "no quick fix for \(rule)")
        }
    }

    static let pilot = """
        ---
        title: Pilot
        status: active
        ---
        ## Goals
        ### G1: Go live
        ### G2: Train admins

        ## Stakeholders
        | Handle | Name | Party |
        |---|---|---|
        | @dana | Dana | Acme |

        ## Tasks
        - [ ] Configure SSO @dana due:2026-12-10
        - [ ] Pilot @dnaa after:configure-sso goal:G1 due:2026-12-11
        - [x] Kickoff @dana ✅ 2026-10-02

        ## Metrics
        | Metric | Goal | Baseline | Target | Current |
        |---|---|---|---|---|
        | Seats | G1 | 0 | 50 | 12 |

        """

    @Test func addsAStakeholderRowAndAMetricRow() throws {
        let analysis = Self.analyse(Self.pilot)
        let plan = try #require(analysis.plan), source = try #require(analysis.compiled?.source)
        let unknown = try #require(analysis.diagnostics.first { $0.rule == "owner-unknown" })
        let row = try #require(Fixes.addStakeholder(for: unknown, plan: plan, source: source))
        let withRow = Self.apply(row, to: Self.pilot)
        #expect(withRow.contains("| @dana | Dana | Acme |\n| @dnaa |  |  |\n"))
        #expect(Self.count("owner-unknown", Self.analyse(withRow)) == 0)
        let unmeasured = try #require(analysis.diagnostics.first { $0.rule == "goal-unmeasured" })
        let metric = try #require(Fixes.addMetric(for: unmeasured, plan: plan, source: source))
        let withMetric = Self.apply(metric, to: Self.pilot)
        #expect(withMetric.contains("| Seats | G1 | 0 | 50 | 12 |\n| Train admins | G2 |  |  |  |\n"))
        #expect(Self.count("goal-unmeasured", Self.analyse(withMetric)) == 0)
    }

    @Test func marksTasksDoneAndOpenAgain() throws {
        let analysis = Self.analyse(Self.pilot)
        let plan = try #require(analysis.plan), source = try #require(analysis.compiled?.source)
        let sso = Array(Self.pilot.utf8).firstIndex(of: UInt8(ascii: "C"))!
        let done = try #require(Fixes.toggleTask(at: sso, plan: plan, source: source, today: Self.today))
        #expect(Self.apply(done, to: Self.pilot).contains("- [x] Configure SSO @dana due:2026-12-10 ✅ 2026-11-24\n"))
        let kickoff = Self.pilot.utf8.count - Self.pilot.drop { $0 != "K" }.utf8.count
        let reopen = try #require(Fixes.toggleTask(at: kickoff, plan: plan, source: source, today: Self.today))
        #expect(Self.apply(reopen, to: Self.pilot).contains("- [ ] Kickoff @dana\n"))
    }

    @Test func renamesEveryUseAndGivesDerivedIdsAnIdToken() throws {
        let analysis = Self.analyse(Self.pilot)
        let plan = try #require(analysis.plan), source = try #require(analysis.compiled?.source)
        let index = try #require(analysis.index)
        let handle = Renaming.edits(.handle("dana"), to: "dana.w", plan: plan, index: index, source: source)
        let renamed = String(decoding: Fixes.apply(handle, to: Array(Self.pilot.utf8)), as: UTF8.self)
        #expect(!renamed.contains("@dana ") && renamed.contains("| @dana.w | Dana") && renamed.contains("SSO @dana.w due"))
        let task = Renaming.edits(.task("configure-sso"), to: "sso", plan: plan, index: index, source: source)
        let withID = String(decoding: Fixes.apply(task, to: Array(Self.pilot.utf8)), as: UTF8.self)
        #expect(withID.contains("- [ ] Configure SSO @dana due:2026-12-10 id:sso\n"))
        #expect(withID.contains("after:sso goal:G1"))
        #expect(Self.analyse(withID).diagnostics.filter { $0.rule == "dependency-unknown" }.isEmpty)
        #expect(Renaming.problem("dana", for: .handle("li"), plan: plan) != nil)
        #expect(Renaming.problem("a b", for: .task("x"), plan: plan) != nil)
    }
}
