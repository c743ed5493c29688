import MapcLower
import MapcModel
import MapcSource
import Testing

/// Lowering of every section (docs/format.md#sections) into the model, with exact source
/// positions.
@Suite struct LoweringTests {
    static let plan = """
    ---
    title: "Acme × Globex: payments pilot"
    id: acme-globex
    status: active
    start: 2026-10-01
    due: 2026-12-31
    owner: "@dana"
    parties: [Acme, Globex]
    review: weekly
    tags: [pilot, emea]
    colour: blue
    ---

    # Acme × Globex

    Prose before the first section, with `code:token` and @nobody.

    ## Objectives

    ### G1: Go live with 50 paying seats

    Both sides report on this.

    ### Reach 80% weekly active users

    ## People

    | Name | Handle | Party | Role | Capacity | Pets |
    |---|---|---|---|---|---|
    | Dana Whitfield | @dana | Acme | Lead | 4h/week | cat |
    | 山田 花子 | hanako | Globex | IT admin | 2h/week | |

    ## Meetings

    - 2026-10-05 Kickoff workshop @dana @hanako
      - decision: Pilot scope limited to EMEA
      - decision: Weekly sync moves to Thursdays
    - Informal chat without a date

    ## Action items

    ### Phase 1: Setup due:2026-11-15

    - [ ] Configure SSO @dana @hanako due:2026-11-10 start:2026-11-01 id:sso goal:G1 est:3d status:doing
    - [x] Kickoff @dana
    - [X] Sign the order 📅 2026-10-20 ✅ 2026-10-19 🆔 order ⏫ @hanako
    - [ ] ~~Old idea~~ @dana
    - [ ] @hanako to review the contract after:sso,order
      - [ ] Book the room
      - [ ] Send the invite @dana due:2026-11-12
      - Notes live in the shared drive

    ### Phase 2: Rollout

    - [ ] Roll out to 200 users @dana ⛔ sso est:4h
    - Grouping item
      - [ ] Nested under a plain item @hanako

    ## Timeline

    - Pilot live due:2026-12-01 goal:G1 celebrate: team lunch @dana
    - [x] Contract signed due:2026-10-20

    ## Channels

    - Weekly sync every:weekly @dana
    - Slack #acme-globex
    - Mail list pilot@lists.example.com

    ## KPIs

    | Metric | Goal | Baseline | Target | Current | Unit | Due |
    |---|---|---|---|---|---|---|
    | Paying seats | G1 | 0 | 50 | 1,200 seats | seats | 2026-12-01 |
    | Weekly active users | reach-80-weekly-active-users, G1 | 10% | 80% | | % | |

    ## Risks

    - Legal review may slip impact:high likelihood:medium @hanako mitigation: start the DPA early with @dana

    ## Escalation

    Raise it in the sync first.

    escalate: @dana -> @hanako

    ## Log

    - 2026-11-20: security review started (@hanako)
    - 2026-11-13 — kickoff notes shared
    - no date here

    ## Open questions

    - Who signs the DPA?

    ## Lessons learned

    - Start legal early

    """

    static func lowered(_ text: String = plan) throws -> (Plan, SourceFile) {
        let source = SourceFile(path: "plans/acme-globex.md", text: text)
        guard case let .plan(plan) = PlanLowering.lower(source) else {
            throw LoweringFailure()
        }
        return (plan, source)
    }

    struct LoweringFailure: Error {}

    /// "line:column" of a range's start, as people count.
    static func at(_ range: SourceRange?, _ source: SourceFile) -> String {
        guard let range else { return "none" }
        return source.position(of: range.start).description
    }

    @Test func frontMatter() throws {
        let (plan, source) = try Self.lowered()
        #expect(plan.title.value == "Acme × Globex: payments pilot")
        #expect(plan.id.value == "acme-globex")
        #expect(plan.status.value == .active)
        #expect(plan.start?.value.description == "2026-10-01")
        #expect(plan.due?.value.description == "2026-12-31")
        #expect(plan.owner?.value == Handle("dana"))
        #expect(Self.at(plan.owner?.range, source) == "7:8")
        #expect(plan.parties.map(\.value) == ["Acme", "Globex"])
        #expect(plan.review?.value == .weekly)
        #expect(plan.tags == ["pilot", "emea"])
        #expect(plan.extraFields.map(\.value) == ["colour"])
        #expect(Self.at(plan.extraFields.first?.range, source) == "11:1")
        #expect(Self.at(plan.frontMatterKeys["review"], source) == "9:1")
        // Known keys only: an unknown key is kept once, in `extraFields`.
        #expect(plan.frontMatterKeys.keys.sorted() == ["due", "id", "owner", "parties", "review", "start", "status",
                                                       "tags", "title"])
        #expect(plan.syntaxIssues.map(\.kind) == [.unknownKey(key: "colour", suggestion: nil)])
    }

    @Test func sectionsKeepProseAndAliases() throws {
        let (plan, _) = try Self.lowered()
        #expect(plan.sections.map(\.title) == ["", "Objectives", "People", "Meetings", "Action items", "Timeline",
                                               "Channels", "KPIs", "Risks", "Escalation", "Log", "Open questions",
                                               "Lessons learned"])
        #expect(plan.sections.map(\.kind) == [nil, .goals, .stakeholders, .workshops, .tasks, .milestones,
                                              .communication, .metrics, .risks, .conflictResolution, .updates, nil,
                                              .retrospective])
        #expect(plan.section(.retrospective)?.hasContent == true)
    }

    @Test func goals() throws {
        let (plan, source) = try Self.lowered()
        #expect(plan.goals.map(\.id.value) == ["G1", "reach-80-weekly-active-users"])
        #expect(plan.goals.map(\.title) == ["Go live with 50 paying seats", "Reach 80% weekly active users"])
        #expect(plan.goals[0].description == "Both sides report on this.")
        #expect(Self.at(plan.goals[0].id.range, source) == "20:5")
        #expect(plan.goals[0].id.range.length == 2)
    }

    @Test func stakeholdersByHeaderName() throws {
        let (plan, source) = try Self.lowered()
        #expect(plan.stakeholders.map(\.handle.value.name) == ["dana", "hanako"])
        #expect(plan.stakeholders.map(\.name) == ["Dana Whitfield", "山田 花子"])
        #expect(plan.stakeholders.map(\.party) == ["Acme", "Globex"])
        #expect(plan.stakeholders[0].capacity == "4h/week")
        #expect(plan.stakeholders[0].extra == ["Pets": "cat"])
        #expect(Self.at(plan.stakeholders[1].handle.range, source) == "31:11")
    }

    @Test func workshopsAndDecisions() throws {
        let (plan, _) = try Self.lowered()
        #expect(plan.workshops.count == 2)
        #expect(plan.workshops[0].date?.value.description == "2026-10-05")
        #expect(plan.workshops[0].title == "Kickoff workshop")
        #expect(plan.workshops[0].attendees.map(\.value.name) == ["dana", "hanako"])
        #expect(plan.workshops[0].decisions.map(\.text) == ["Pilot scope limited to EMEA", "Weekly sync moves to Thursdays"])
        #expect(plan.workshops[1].date == nil)
    }

    @Test func tasksWithEveryToken() throws {
        let (plan, source) = try Self.lowered()
        let ids = plan.tasks.map(\.id)
        #expect(ids == ["sso", "kickoff", "order", "old-idea", "to-review-the-contract", "book-the-room",
                        "send-the-invite", "roll-out-to-200-users", "nested-under-a-plain-item"])
        let sso = plan.tasks[0]
        #expect(sso.title == "Configure SSO")
        #expect(sso.owner?.value == Handle("dana"))
        #expect(sso.contributors.map(\.value.name) == ["hanako"])
        #expect(sso.due?.value.description == "2026-11-10")
        #expect(sso.start?.value.description == "2026-11-01")
        #expect(sso.goals.map(\.value) == ["G1"])
        #expect(sso.estimate?.value.hours == 24)
        #expect(sso.progress == .doing)
        #expect(sso.phase == 0)
        #expect(Self.at(sso.due?.range, source) == "44:39")
        #expect(Self.at(sso.titleRange, source) == "44:7")

        #expect(plan.tasks[1].state == .done)
        let order = plan.tasks[2]
        #expect(order.state == .done)
        #expect(order.title == "Sign the order")
        #expect(order.due?.value.description == "2026-10-20")
        #expect(order.doneOn?.value.description == "2026-10-19")
        #expect(order.priority == .high)
        #expect(order.owner?.value == Handle("hanako"))
        #expect(Self.at(order.due?.range, source) == "46:24")

        #expect(plan.tasks[3].state == .cancelled)
        #expect(plan.tasks[3].title == "Old idea")

        let review = plan.tasks[4]
        #expect(review.title == "to review the contract")
        #expect(review.after.map(\.value) == ["sso", "order"])
        #expect(Self.at(review.after[1].range, source) == "48:48")
        #expect(review.notes == ["Notes live in the shared drive"])
        #expect(review.effectiveDue?.description == "2026-11-15")

        let room = plan.tasks[5]
        #expect(room.parent == 4)
        #expect(room.owner == nil)
        #expect(room.effectiveOwner == Handle("hanako"))
        #expect(room.effectiveDue?.description == "2026-11-15")
        #expect(plan.tasks[6].effectiveDue?.description == "2026-11-12")

        let rollout = plan.tasks[7]
        #expect(rollout.phase == 1)
        #expect(rollout.after.map(\.value) == ["sso"])
        #expect(rollout.estimate?.value.hours == 4)
        #expect(rollout.effectiveDue == nil)
        #expect(plan.tasks[8].parent == nil)

        #expect(plan.phases.map(\.title) == ["Phase 1: Setup", "Phase 2: Rollout"])
        #expect(plan.phases[0].due?.value.description == "2026-11-15")
    }

    @Test func milestonesChannelsRisks() throws {
        let (plan, _) = try Self.lowered()
        #expect(plan.milestones.map(\.title) == ["Pilot live", "Contract signed"])
        #expect(plan.milestones[0].celebrate == "team lunch @dana")
        #expect(plan.milestones[0].handles.map(\.value.name) == ["dana"])
        #expect(plan.milestones[0].goals.map(\.value) == ["G1"])
        #expect(plan.milestones[1].done)
        #expect(plan.channels.map(\.title) == ["Weekly sync", "Slack #acme-globex", "Mail list pilot@lists.example.com"])
        #expect(plan.channels[0].every?.value == .week)
        #expect(plan.channels[2].handles.isEmpty)
        #expect(plan.risks.count == 1)
        #expect(plan.risks[0].title == "Legal review may slip")
        #expect(plan.risks[0].impact == "high")
        #expect(plan.risks[0].likelihood == "medium")
        #expect(plan.risks[0].owner?.value == Handle("hanako"))
        #expect(plan.risks[0].mitigation == "start the DPA early with @dana")
        #expect(plan.risks[0].handles.map(\.value.name) == ["hanako", "dana"])
    }

    @Test func metricsEscalationUpdates() throws {
        let (plan, source) = try Self.lowered()
        #expect(plan.metrics.map(\.name.value) == ["Paying seats", "Weekly active users"])
        #expect(plan.metrics[0].current?.value == 1200)
        #expect(plan.metrics[0].current?.unit == "seats")
        #expect(plan.metrics[0].due?.value.description == "2026-12-01")
        #expect(plan.metrics[1].baseline?.value == 10)
        #expect(plan.metrics[1].baseline?.unit == "%")
        #expect(plan.metrics[1].current == nil)
        #expect(plan.metrics[1].goals.map(\.value) == ["reach-80-weekly-active-users", "G1"])
        #expect(Self.at(plan.metrics[1].goals[1].range, source) == "75:55")
        #expect(plan.escalations.map { $0.path.map(\.value.name) } == [["dana", "hanako"]])
        #expect(plan.updates.map(\.date.value.description) == ["2026-11-20", "2026-11-13"])
        #expect(plan.updates.map(\.text) == ["security review started (@hanako)", "kickoff notes shared"])
        #expect(plan.updates[0].handles.map(\.value.name) == ["hanako"])
    }

    @Test func tokensAreNotReadInCodeLinksOrEmail() throws {
        let (plan, source) = try Self.lowered("""
        ---
        title: T
        ---
        ## Tasks
        - [ ] Use `due:2020-01-01 @li` and [see @li due:2020-01-01](https://x.org/due:2020) @dana
        - [ ] Write to dana@example.org or https://example.org/a:b and www.example.com @sam
        - [ ] Meet at 10:30. Note: bring slides @sam
        """)
        #expect(plan.tasks[0].owner?.value == Handle("dana"))
        #expect(plan.tasks[0].contributors.isEmpty)
        #expect(plan.tasks[0].due == nil)
        #expect(plan.tasks[0].title == "Use due:2020-01-01 @li and see @li due:2020-01-01")
        #expect(Self.at(plan.tasks[0].owner?.range, source) == "5:85")
        #expect(plan.tasks[1].owner?.value == Handle("sam"))
        #expect(plan.tasks[1].contributors.isEmpty)
        #expect(plan.tasks[2].title == "Meet at 10:30. Note: bring slides")
        #expect(plan.syntaxIssues.isEmpty)
    }

    @Test func tokensAreLocatedPastReferenceLinksAndEscapes() throws {
        // The same text inside a reference link's text, and a token after an escaped
        // backtick: the masker before PlainTextSpans pointed at 5:27 and at the block's start.
        let (plan, source) = try Self.lowered("""
        ---
        title: T
        ---
        ## Tasks
        - [ ] read [the notes due:2026-13-01][r] first, due:2026-13-01
        - [ ] ask `a` about \\`b due:2026-14-01 `c`

        [r]: https://example.org
        """)
        let issues = plan.syntaxIssues.filter { if case .invalidDate = $0.kind { true } else { false } }
        #expect(issues.map { Self.at($0.range, source) } == ["5:53", "6:29"])
    }

    @Test func columnsCountCharactersWithTabsCRLFAndBOM() throws {
        // A tab-indented sub-task: the tab is one column, like every character.
        let text = "\u{FEFF}---\r\ntitle: T\r\n---\r\n## Tasks\r\n- [ ] Parent @li\r\n\t- [ ] 健康 déjà @li due:2026-02-30\r\n"
        let (plan, source) = try Self.lowered(text)
        #expect(plan.tasks.count == 2)
        #expect(plan.tasks[1].title == "健康 déjà")
        #expect(plan.tasks[1].parent == 0)
        #expect(Self.at(plan.tasks[1].owner?.range, source) == "6:16")
        let issue = try #require(plan.syntaxIssues.first)
        #expect(issue.kind == .invalidDate(text: "2026-02-30"))
        #expect(Self.at(issue.range, source) == "6:24")
        #expect(source.position(of: issue.range.end) == SourcePosition(line: 6, column: 34))
    }

    @Test func handlesEndAtPunctuation() throws {
        let (plan, _) = try Self.lowered("---\ntitle: T\n---\n## Tasks\n- [ ] Ask (@yusuf, @li.) and @zoë-a- now\n")
        #expect(plan.tasks[0].owner?.value.name == "yusuf")
        #expect(plan.tasks[0].contributors.map(\.value.name) == ["li", "zoë-a"])
    }

    @Test func derivedIDsKeepEveryScript() {
        #expect(derivedID("Review the runbook (phase 2)") == "review-the-runbook-phase-2")
        #expect(derivedID("翻訳する") != derivedID("確認する"))
        #expect(derivedID("  Ümlaut — check!") == "ümlaut-check")
    }

    @Test func unclosedAndMissingFrontMatter() {
        let unclosed = SourceFile(path: "a.md", text: "---\ntitle: T\n## Tasks\n")
        guard case let .plan(plan) = PlanLowering.lower(unclosed) else {
            Issue.record("an unclosed front matter is still a plan with an error")
            return
        }
        #expect(plan.syntaxIssues.count == 1)
        guard case .notAPlan = PlanLowering.lower(SourceFile(path: "b.md", text: "# Notes\n")) else {
            Issue.record("no front matter: not a plan")
            return
        }
        guard case .unreadable = PlanLowering.lower(SourceFile(path: "c.md", bytes: [0x2D, 0x00, 0xFF])) else {
            Issue.record("binary: unreadable")
            return
        }
        guard case .unreadable = PlanLowering.lower(SourceFile(path: "d.md", bytes: Array("---\ntitle: é".utf8.dropLast()))) else {
            Issue.record("invalid UTF-8: unreadable")
            return
        }
    }

    @Test func yamlErrorsPointAtTheFileLine() throws {
        let (plan, source) = try Self.lowered("---\ntitle: T\nparties: [Acme\nowner: x\n---\n")
        let issue = try #require(plan.syntaxIssues.first)
        guard case .frontMatter = issue.kind else {
            Issue.record("expected a front-matter issue, got \(issue.kind)")
            return
        }
        #expect(source.position(of: issue.range.start).line == 4)
    }

    @Test func suppressionComments() throws {
        let (plan, _) = try Self.lowered("""
        ---
        title: T
        ---
        <!-- mapc-disable task-undated, owner-missing -->
        ## Tasks
        <!-- mapc-disable-next-line owner-missing -->

        - [ ] A
        ```
        <!-- mapc-disable everything -->
        ```
        """)
        #expect(plan.suppressions == [
            SuppressionComment(scope: .restOfFile, rules: ["task-undated", "owner-missing"], line: 4),
            SuppressionComment(scope: .nextLine, rules: ["owner-missing"], line: 8),
        ])
    }

    @Test func deepNestingDoesNotOverflow() throws {
        var text = "---\ntitle: T\n---\n## Tasks\n"
        for depth in 0..<3000 { text += String(repeating: "  ", count: depth) + "- [ ] Step \(depth) @li\n" }
        text += String(repeating: ">", count: 5000) + " deep quote\n"
        let (plan, _) = try Self.lowered(text)
        #expect(plan.tasks.count > 0)
    }

    /// docs/format.md#tokens-versus-prose: a value in quotes may hold spaces; `after:"Title"` names a task
    /// by its title, which becomes the id the task derives from it.
    @Test func quotedValuesHoldSpaces() throws {
        let (plan, source) = try Self.lowered("""
        ---
        title: T
        ---
        ## Tasks
        - [ ] Extract data @li due:2026-12-01
        - [ ] Load the warehouse after:"Extract data" @li
        - [ ] Report after:“Load the warehouse” @li

        """)
        #expect(plan.tasks[0].id == "extract-data")
        #expect(plan.tasks[1].title == "Load the warehouse")
        #expect(plan.tasks[1].after.map(\.value) == ["extract-data"])
        #expect(Self.at(plan.tasks[1].after[0].range, source) == "6:33")
        #expect(plan.tasks[2].after.map(\.value) == ["load-the-warehouse"])
        #expect(plan.tasks[2].title == "Report")
    }
}
