import MapcCheck
import MapcSource

/// The workspace rules' findings across a workspace's plans (docs/rules.md#duplicate-id):
/// one implementation for `check`, `build` and every other command. Each plan brings the
/// anchors `Checker.workspaceAnchors` gave when it was compiled (kept in the build cache
/// too): where its file reports, at what severity, unless suppressed.
public enum WorkspaceChecks {
    public struct Plan: Sendable {
        public var file: String
        public var id: String
        public var people: [WorkspacePlan.Person]
        /// Where the plan's file reports; a plan whose findings are not wanted (the language
        /// server's other files) gives none.
        public var anchors: [Diagnostic]

        public init(file: String, id: String, people: [WorkspacePlan.Person], anchors: [Diagnostic]) {
            self.file = file
            self.id = id
            self.people = people
            self.anchors = anchors
        }
    }

    /// The diagnostics, each with the index of the plan whose file it belongs to.
    public static func diagnostics(_ plans: [Plan], _ settings: WorkspaceSettings) -> [(plan: Int, diagnostic: Diagnostic)] {
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
