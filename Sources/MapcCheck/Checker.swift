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

    /// How many diagnostics of one rule one file shows; the next occurrence stands for the
    /// rest ("… and 4900 more `unknown-field` in this file"), so output and memory follow
    /// what a person can read, not what a generated file holds (docs/rules.md#repeated-diagnostics).
    public static let repeatLimit = 100

    /// The diagnostics of one plan, in presentation order, at most `repeatLimit` + 1 per rule.
    public func check(_ plan: Plan, source: SourceFile) -> [Diagnostic] {
        // Suppressed findings are dropped as they come, so they do not count as "more".
        var findings = Findings(limit: Self.repeatLimit + 1,
                                admit: plan.suppressions.isEmpty ? nil : Self.unsuppressed(in: plan, source))
        let context = CheckContext(today: today, source: source, plan: plan)
        for rule in Registry.rules where configuration.severity(of: rule) != nil {
            if !plan.bodyWasRead && !rule.checksUnreadBody { continue }
            rule.init().check(plan, context, &findings)
        }
        var result = diagnostics(findings.items, plan: plan, source: source)
        // The (limit + 1)th diagnostic of a rule, the last one kept, speaks for the rest.
        var seen: [RuleID: Int] = [:]
        for index in result.indices {
            let rule = result[index].rule
            seen[rule, default: 0] += 1
            // Exactly one more is shown as itself: "1 more" would hide it for nothing.
            guard seen[rule] == Self.repeatLimit + 1, findings.count(of: rule) > Self.repeatLimit + 1 else { continue }
            let more = findings.count(of: rule) - Self.repeatLimit
            result[index].message = "… and \(more) more `\(rule)` in this file"
            result[index].help = "only the first \(Self.repeatLimit) of a rule are listed per file: fix them and check "
                + "again, or turn the rule off with `\(rule): off` under `rules:` in mapc.yml"
        }
        return result
    }

    /// Whether a finding is outside every suppression comment of the plan.
    private static func unsuppressed(in plan: Plan, _ source: SourceFile) -> @Sendable (Finding) -> Bool {
        let suppressions = plan.suppressions, bodyStart = plan.bodyStart
        return { finding in
            let probe = Diagnostic(in: source, range: finding.range, severity: .info, rule: finding.rule,
                                   message: "", help: nil, isPlanLevel: finding.isPlanLevel)
            return !Suppressions.suppresses(suppressions, probe, bodyStart: bodyStart)
        }
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

    /// The diagnostic of a file that did not become a plan, worded by the rule it belongs
    /// to (`FileRule`); nil when that rule is off.
    public func fileDiagnostic(_ finding: FileFinding, source: SourceFile, at range: SourceRange = .fileStart) -> Diagnostic? {
        for case let rule as any FileRule.Type in Registry.rules {
            guard let (message, help) = rule.describe(finding, path: source.path) else { continue }
            guard let severity = configuration.severity(of: rule) else { return nil }
            return Diagnostic(in: source, range: range, severity: severity, rule: rule.id, message: message,
                              help: help, isPlanLevel: true)
        }
        return nil
    }

    /// Where each workspace rule would report about this plan, with the file's severity and
    /// suppressions applied and the message still to come (`WorkspaceChecks` fills it).
    /// A subject anchor carries its subject as its message until then; the plan's anchor
    /// has an empty one.
    public func workspaceAnchors(_ plan: Plan, source: SourceFile) -> [Diagnostic] {
        Registry.rules.flatMap { rule -> [Diagnostic] in
            guard let workspace = rule as? any WorkspaceRule.Type else { return [] }
            let (range, help) = workspace.anchor(plan)
            var findings = [Finding(rule: rule.id, range: range, message: "", help: help, isPlanLevel: true)]
            for (subject, range, help) in workspace.subjectAnchors(plan) {
                findings.append(Finding(rule: rule.id, range: range, message: subject, help: help, isPlanLevel: false))
            }
            return findings.flatMap { diagnostics([$0], plan: plan, source: source) }
        }
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
