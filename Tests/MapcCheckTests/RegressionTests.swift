import MapcCheck
import MapcLower
import MapcModel
import MapcSource
import Testing

/// Inputs that once gave a wrong answer, each with the answer it must give.
@Suite struct RegressionTests {
    static func check(_ body: String, front: String = "title: T\nstatus: draft") -> [String] {
        let text = "---\n\(front)\n---\n## Stakeholders\n| Handle |\n|---|\n| @dana |\n" + body
        let source = SourceFile(path: "r.md", text: text)
        guard case let .plan(plan) = PlanLowering.lower(source) else { return ["not a plan"] }
        return Checker(configuration: Configuration(), today: Day(iso: "2026-11-24")!).check(plan, source: source)
            .filter { $0.severity != .info || $0.rule == "task-undated" }
            .map { "\($0.start) \($0.rule) \($0.message)" }
    }

    @Test func emojiDateEndsAtPunctuation() {
        #expect(Self.check("## Tasks\n- [ ] F @dana 📅 2026-12-19, more\n") == [])
    }

    @Test func tokenAfterANonBreakingSpaceIsLocated() {
        #expect(Self.check("## Tasks\n- [ ] Call\u{A0}@zz due:2026-12-01\n")
            == ["10:12 owner-unknown `@zz` is not a stakeholder of this plan"])
    }

    @Test func handleInLinkTextIsNotWhereTheDiagnosticPoints() {
        #expect(Self.check("## Tasks\n- [ ] Read [memo from @zz](https://x.org) then ping @zz due:2026-12-01\n")
            == ["10:53 owner-unknown `@zz` is not a stakeholder of this plan"])
    }

    @Test func handlesInPhaseHeadingsAreChecked() {
        #expect(Self.check("## Tasks\n### Phase led by @zz due:2026-12-01\n- [ ] A @dana\n")
            == ["10:18 owner-unknown `@zz` is not a stakeholder of this plan"])
    }

    @Test func invalidPhaseDeadlineIsReportedOnce() {
        #expect(Self.check("## Tasks\n### Phase due:2026-13-01\n- [ ] In bad phase @dana\n")
            == ["10:15 invalid-date `2026-13-01` is not a real day"])
    }

    @Test func titlesLoseTheCommasTokensLeave() throws {
        let source = SourceFile(path: "r.md", text: "---\ntitle: T\n---\n## Tasks\n- [ ] B @dana, due:2026-11-21, then more\n- [ ] A (due:2026-11-20).\n")
        guard case let .plan(plan) = PlanLowering.lower(source) else { throw Failure() }
        // A handle in the middle of the sentence stays in it (docs/format.md#task-tokens).
        #expect(plan.tasks.map(\.title) == ["B @dana, then more", "A."])
    }

    @Test func handlesInTheMiddleOfASentenceStayInTheTitle() throws {
        let text = """
            ---\ntitle: T\n---\n## Tasks
            - [ ] Ask @li. Then wait @dana
            - [ ] @hanako to review the contract due:2026-12-01
            - [ ] Thanks @li.
            - [ ] Review (with @dana) @li
            - [ ] Configure SSO @li @dana due:2026-11-10 id:sso
            """
        guard case let .plan(plan) = PlanLowering.lower(SourceFile(path: "h.md", text: text)) else { throw Failure() }
        #expect(plan.tasks.map(\.title) == ["Ask @li. Then wait", "to review the contract", "Thanks @li.",
                                            "Review (with @dana)", "Configure SSO"])
        #expect(plan.tasks.map { $0.owner?.value.name } == ["li", "hanako", "li", "dana", "li"])
    }

    @Test func goalIDsAreDuplicatesWhateverTheirCase() {
        #expect(Self.check("## Goals\n### G1: A\n### g1: B\n") .contains("11:5 duplicate-id goal id `g1` is already used on line 10"))
    }

    @Test func unclosedFrontMatterReportsOnlyThat() {
        let source = SourceFile(path: "r.md", text: "---\ntitle: T\n\n## Communication\n- Sync every:week\n")
        guard case let .plan(plan) = PlanLowering.lower(source) else { return }
        let found = Checker(configuration: Configuration(), today: Day(iso: "2026-11-24")!).check(plan, source: source)
        #expect(found.map(\.rule) == ["front-matter-invalid"])
    }

    struct Failure: Error {}
}
