import MapcModel
import MapcSource
import MapcEmit

/// `mapc diff --format markdown`: a pull-request comment. One summary line, then one
/// collapsible `<details>` section per changed or added plan, then the removed plans.
/// Plan text is inert (`MarkdownText`): it never pings, links, opens HTML or leaves its
/// block; handles and paths are code spans.
public enum MarkdownDiff {
    public static func render(_ diff: WorkspaceDiff) -> String {
        let phrases = DiffPhrases(style: .markdown)
        var out = "**mapc diff**: " + DiffCounts(diff).sentence + "\n"
        let open = diff.changed.count + diff.added.count == 1
        for plan in diff.changed { out += "\n" + changed(plan, phrases, open: open) }
        for plan in diff.added { out += "\n" + added(plan, phrases, open: open) }
        if !diff.removed.isEmpty {
            out += "\n**Removed plans**\n\n"
            for version in diff.removed {
                out += "- " + phrases.style.name(version.plan.title.value) + " (" + MarkdownText.code(version.path)
                    + "), " + Phrase.count(version.plan.tasks.count, "task") + "\n"
            }
        }
        return out
    }

    private static func changed(_ plan: PlanDiff, _ phrases: DiffPhrases, open: Bool) -> String {
        let counts = DiffCounts(plan)
        var summary = [counts.tasksPhrase.map { "tasks: " + $0 }, counts.otherAreas.isEmpty ? nil : "also changed: " + counts.otherAreas.joined(separator: ", "),
                       counts.diagnosticsPhrase.map { "diagnostics: " + $0 }].compactMap { $0 }
        summary.insert("<code>\(MarkdownText.codeHTML(plan.path))</code>", at: 0)
        var out = details(title: plan.title, summary: summary, open: open)

        var lines: [String] = []
        if let oldPath = plan.oldPath { lines.append("file: moved from " + MarkdownText.code(oldPath)) }
        if let change = plan.frontMatter { lines.append(phrases.frontMatter(change, message: MarkdownText.message)) }
        lines += plan.fields.map(phrases.field)
        if !plan.partiesAdded.isEmpty { lines.append("parties: added " + plan.partiesAdded.map(phrases.style.name).joined(separator: ", ")) }
        if !plan.partiesRemoved.isEmpty {
            lines.append("parties: removed " + plan.partiesRemoved.map(phrases.style.name).joined(separator: ", "))
        }
        out += section("Plan", lines)
        out += section("Tasks", plan.tasks.map { task in
            switch task.kind {
            case .added: return "added " + phrases.addedTask(task)
            case .removed: return "removed " + phrases.removedTask(task)
            case .changed:
                return phrases.style.name(task.title) + ": " + task.changes.map { phrases.change($0, of: task) }.joined(separator: "; ")
            }
        })
        out += section("Stakeholders", plan.stakeholders.map { phrases.item($0, keyIsCode: true) })
        out += section("Goals", plan.goals.map { phrases.item($0, keyIsCode: true) })
        out += section("Metrics", plan.metrics.map { phrases.item($0, keyIsCode: false) })
        out += section("Phases", plan.phases.map { phrases.item($0, keyIsCode: false) })
        out += section("Milestones", plan.milestones.map { phrases.item($0, keyIsCode: false) })
        out += section("Updates", plan.updatesAdded.map { "added " + phrases.update($0) })
        out += section("Diagnostics", plan.introduced.map { "introduced: " + diagnostic($0, phrases) }
            + plan.fixed.map { "fixed: " + diagnostic($0, phrases, fixed: true) })
        return out + "</details>\n"
    }

    private static func added(_ version: PlanVersion, _ phrases: DiffPhrases, open: Bool) -> String {
        let plan = version.plan
        var summary = ["<code>\(MarkdownText.codeHTML(version.path))</code>", "new plan", Phrase.count(plan.tasks.count, "task")]
        if !version.diagnostics.isEmpty {
            summary.append(Phrase.count(version.diagnostics.count, "diagnostic"))
        }
        var out = details(title: plan.title.value, summary: summary, open: open)
        out += section("Plan", phrases.facts(plan))
        out += section("Diagnostics", version.diagnostics.map { diagnostic($0, phrases) })
        return out + "</details>\n"
    }

    private static func details(title: String, summary: [String], open: Bool) -> String {
        "<details\(open ? " open" : "")><summary><b>\(MarkdownText.inertHTML(title))</b> · "
            + summary.joined(separator: " · ") + "</summary>\n\n"
    }

    private static func section(_ heading: String, _ lines: [String]) -> String {
        guard !lines.isEmpty else { return "" }
        return "**\(heading)**\n\n" + lines.map { "- " + $0 + "\n" }.joined() + "\n"
    }

    private static func diagnostic(_ diagnostic: Diagnostic, _ phrases: DiffPhrases, fixed: Bool = false) -> String {
        phrases.diagnostic(diagnostic, fixed: fixed, message: MarkdownText.message)
    }
}
