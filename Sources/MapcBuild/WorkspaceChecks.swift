import MapcCheck
import MapcSource

/// The workspace rules' findings across a workspace's plans (docs/rules.md#duplicate-id):
/// one implementation for `check`, `build` and every other command. Each plan brings the
/// anchors `Checker.workspaceAnchors` gave when it was compiled (kept in the build cache
/// too): where its file reports, at what severity, unless suppressed.
enum WorkspaceChecks {
    struct Plan {
        var file: String
        var id: String
        var people: [WorkspacePlan.Person]
        var anchors: [Diagnostic]
    }

    /// The diagnostics, each with the index of the plan whose file it belongs to.
    static func diagnostics(_ plans: [Plan], _ settings: WorkspaceSettings) -> [(plan: Int, diagnostic: Diagnostic)] {
        let identities = plans.map { WorkspacePlan(file: $0.file, id: $0.id, people: $0.people) }
        var result: [(plan: Int, diagnostic: Diagnostic)] = []
        for case let rule as any WorkspaceRule.Type in Registry.rules {
            for finding in rule.checkWorkspace(identities, settings) {
                // The anchor's message is its subject until filled (`Checker.workspaceAnchors`).
                let subject = finding.subject ?? ""
                guard var diagnostic = plans[finding.plan].anchors.first(where: {
                    $0.rule == rule.id && $0.message == subject
                }) else { continue }
                diagnostic.message = finding.message
                result.append((finding.plan, diagnostic))
            }
        }
        return result
    }
}
