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
        var anchors: [Diagnostic]
    }

    /// The diagnostics, each with the index of the plan whose file it belongs to.
    static func diagnostics(_ plans: [Plan]) -> [(plan: Int, diagnostic: Diagnostic)] {
        let identities = plans.map { WorkspacePlan(file: $0.file, id: $0.id) }
        var result: [(plan: Int, diagnostic: Diagnostic)] = []
        for case let rule as any WorkspaceRule.Type in Registry.rules {
            for (index, message) in rule.checkWorkspace(identities) {
                guard var diagnostic = plans[index].anchors.first(where: { $0.rule == rule.id }) else { continue }
                diagnostic.message = message
                result.append((index, diagnostic))
            }
        }
        return result
    }
}
