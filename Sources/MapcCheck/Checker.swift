import MapcLower
import MapcModel
import MapcSource

/// Runs every enabled rule over a plan, then applies severities and suppressions.
public struct Checker: Sendable {
    public var configuration: Configuration
    public var today: Day

    public init(configuration: Configuration, today: Day) {
        self.configuration = configuration
        self.today = today
    }

    /// The diagnostics of one plan, in presentation order.
    public func check(_ plan: Plan, source: SourceFile) -> [Diagnostic] {
        var findings = Findings()
        let context = CheckContext(today: today, source: source, plan: plan)
        for rule in Registry.rules where configuration.severity(of: rule) != nil {
            if !plan.bodyWasRead && rule.id != "front-matter-invalid" { continue }
            rule.init().check(plan, context, &findings)
        }
        return diagnostics(findings.items, plan: plan, source: source)
    }

    /// Turns findings into diagnostics: configured severity, suppressions applied.
    public func diagnostics(_ findings: [Finding], plan: Plan?, source: SourceFile) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for finding in findings {
            guard let rule = Registry.rule(finding.rule), let severity = configuration.severity(of: rule) else { continue }
            let diagnostic = Diagnostic(in: source, range: finding.range, severity: severity, rule: finding.rule,
                                        message: finding.message, help: finding.help,
                                        isPlanLevel: finding.isPlanLevel)
            if let plan, Suppressions.suppresses(plan.suppressions, diagnostic, bodyStart: plan.bodyStart) { continue }
            result.append(diagnostic)
        }
        // Each mistake once: two rules never say the same thing at the same place.
        var seen = Set<Diagnostic>()
        result = result.filter { seen.insert($0).inserted }
        return result.sorted(by: Diagnostic.presentationOrder)
    }

    /// A diagnostic for a whole file that has no plan (unreadable, no front matter).
    public func fileDiagnostic(_ id: RuleID, source: SourceFile, at range: SourceRange = .fileStart, message: String,
                               help: String) -> Diagnostic?
    {
        guard let rule = Registry.rule(id), let severity = configuration.severity(of: rule) else { return nil }
        return Diagnostic(in: source, range: range, severity: severity, rule: id, message: message,
                          help: help, isPlanLevel: true)
    }
}

/// Suppression comments (docs/format.md#suppression-comments).
///
/// YAML cannot hold an HTML comment, so a `mapc-disable` in the body also covers the front
/// matter, as it covers plan-level diagnostics.
public enum Suppressions {
    public static func suppresses(_ comments: [SuppressionComment], _ diagnostic: Diagnostic, bodyStart: Int) -> Bool {
        comments.contains { comment in
            guard comment.rules.isEmpty || comment.rules.contains(diagnostic.rule) else { return false }
            switch comment.scope {
            case .nextLine: return diagnostic.start.line == comment.line
            case .restOfFile:
                return diagnostic.isPlanLevel || diagnostic.range.start < bodyStart || diagnostic.start.line > comment.line
            }
        }
    }
}
