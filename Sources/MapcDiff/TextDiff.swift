import MapcModel
import MapcSource
import MapcEmit

/// `mapc diff --format text`: the same content as the Markdown comment, for a terminal:
/// one line per change, indented under its plan. Ids, paths, titles and messages are
/// printed through `TerminalText`, so no plan or file name can print a control character
/// or start a line.
public enum TextDiff {
    public static func render(_ diff: WorkspaceDiff) -> String {
        let phrases = DiffPhrases(style: .plain)
        var out = "mapc diff: " + DiffCounts(diff).sentence + "\n"
        for plan in diff.changed {
            out += "\n\(safe(plan.id)): \(phrases.style.name(plan.title)) (\(safe(plan.path)))\n"
            var lines: [String] = []
            if let oldPath = plan.oldPath { lines.append("plan: file moved from \(safe(oldPath))") }
            if let change = plan.frontMatter { lines.append("plan: " + phrases.frontMatter(change, message: safe)) }
            lines += plan.fields.map { "plan: " + phrases.field($0) }
            lines += plan.partiesAdded.map { "party added: " + phrases.style.name($0) }
            lines += plan.partiesRemoved.map { "party removed: " + phrases.style.name($0) }
            for task in plan.tasks {
                switch task.kind {
                case .added: lines.append("task added: " + phrases.addedTask(task))
                case .removed: lines.append("task removed: " + phrases.removedTask(task))
                case .changed:
                    lines.append("task " + phrases.style.name(task.title) + ": "
                                 + task.changes.map { phrases.change($0, of: task) }.joined(separator: "; "))
                }
            }
            lines += plan.stakeholders.map { "stakeholder " + phrases.item($0, keyIsCode: true) }
            lines += plan.goals.map { "goal " + phrases.item($0, keyIsCode: true) }
            lines += plan.metrics.map { "metric " + phrases.item($0, keyIsCode: false) }
            lines += plan.phases.map { "phase " + phrases.item($0, keyIsCode: false) }
            lines += plan.milestones.map { "milestone " + phrases.item($0, keyIsCode: false) }
            lines += plan.updatesAdded.map { "update added: " + phrases.update($0) }
            lines += plan.introduced.map { "introduced " + phrases.diagnostic($0, message: safe) }
            lines += plan.fixed.map { "fixed " + phrases.diagnostic($0, fixed: true, message: safe) }
            out += lines.map { "  " + $0 + "\n" }.joined()
        }
        for version in diff.added {
            out += "\n\(safe(version.plan.id.value)): \(phrases.style.name(version.plan.title.value)) (\(safe(version.path))), new plan\n"
            let lines = phrases.facts(version.plan).map { "plan: " + $0 }
                + version.diagnostics.map { "introduced " + phrases.diagnostic($0, message: safe) }
            out += lines.map { "  " + $0 + "\n" }.joined()
        }
        if !diff.removed.isEmpty { out += "\n" }
        for version in diff.removed {
            out += "\(safe(version.plan.id.value)): \(phrases.style.name(version.plan.title.value)) (\(safe(version.path))), "
                + "removed with \(Phrase.count(version.plan.tasks.count, "task"))\n"
        }
        return out
    }

    private static func safe(_ text: String) -> String { TerminalText.safe(text) }
}
