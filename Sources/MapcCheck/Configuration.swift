import MapcSource
import Yams

/// `mapc.yml` (docs/format.md#mapcyml): site settings, rule severities and a pinned "today".
public struct Configuration: Sendable {
    /// A rule's configured level.
    public enum Level: String, Sendable {
        case off, info, warning, error

        var severity: Severity? {
            switch self {
            case .off: nil
            case .info: .info
            case .warning: .warning
            case .error: .error
            }
        }
    }

    public var path: String?
    public var siteTitle: String?
    public var baseURL: String?
    /// `site.show_problems`: whether the site shows the plans' diagnostics (a site for a
    /// customer may leave them out).
    public var showProblems = true
    public var levels: [RuleID: Level] = [:]
    public var today: Day?
    /// The organisation's people (`people:`): handle key → name. Such a handle is one
    /// person in every plan, whatever name a plan writes (docs/format.md#mapcyml).
    public var people: [String: String] = [:]
    /// How large a plan file and its lines may be (docs/robustness.md#limits).
    public var limits = InputLimits.standard

    public init() {}

    /// The severity a rule reports at, or nil when it is off.
    public func severity(of rule: any Rule.Type) -> Severity? {
        if let level = levels[rule.id] { return level.severity }
        return rule.severity
    }

    /// What a site's base URL must be.
    static let baseURLRule = "must be an absolute http:// or https:// URL with a host, with no spaces or control characters"

    /// Why `url` cannot be the site's public address (mapc.yml `site.base_url`,
    /// `--base-url`), or nil when it can. It becomes every page's
    /// `<link rel=canonical href=…>`, so only an absolute `http://` or `https://` URL with
    /// a host is taken: no `javascript:` or `data:`, no relative or scheme-relative URL,
    /// no whitespace, control or bidi characters, no backslash (browsers read it as `/`).
    public static func baseURLProblem(_ url: String) -> String? {
        let bad = url.unicodeScalars.contains {
            $0.value <= 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\\"
                || $0.properties.isWhitespace || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
        }
        let lowered = url.lowercased()
        guard !bad, let scheme = ["http://", "https://"].first(where: { lowered.hasPrefix($0) }) else { return baseURLRule }
        let authority = url.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        // A port follows the last colon, unless the host is an IPv6 literal in brackets.
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") { host = host[..<colon] }
        return host.isEmpty ? baseURLRule : nil
    }

    /// A problem in `mapc.yml`, with its line.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(path):\(line):\(column): \(message)" }
    }

    /// Every problem of a `mapc.yml`, in the order of the file: all of them at once, so a
    /// broken file is fixed in one go.
    public struct Problems: Error, Sendable, CustomStringConvertible {
        public var items: [Problem]
        public var description: String { items.map(\.description).joined(separator: "\n") }
    }

    /// Reads `mapc.yml`; unknown keys and rule ids are problems, not silently ignored.
    public static func parse(_ text: String, path: String) throws(Problems) -> Configuration {
        var problems: [Problem] = []
        let config: Configuration
        do {
            config = try parse(text, path: path, problems: &problems)
        } catch {
            throw Problems(items: [error])
        }
        guard problems.isEmpty else { throw Problems(items: problems) }
        return config
    }

    /// Reads `mapc.yml`, adding each problem to `problems`; throws only when the text is
    /// not YAML at all.
    private static func parse(_ text: String, path: String, problems: inout [Problem]) throws(Problem) -> Configuration {
        var config = Configuration()
        config.path = path
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            var line = 1, column = 1
            switch error {
            case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
                line = mark.line
                column = mark.column
            default: break
            }
            throw Problem(path: path, line: line, column: column, message: "mapc.yml is not valid YAML: \(error)")
        } catch {
            throw Problem(path: path, line: 1, column: 1, message: "mapc.yml is not valid YAML: \(error)")
        }
        guard let root else { return config }
        guard case let .mapping(mapping) = root else {
            throw Problem(path: path, line: 1, column: 1, message: "mapc.yml must be a mapping")
        }
        func report(_ problem: Problem) { problems.append(problem) }
        func problem(_ node: Node, _ message: String) -> Problem {
            Problem(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
        }
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "site":
                guard case let .mapping(site) = value else { report(problem(value, "`site` must be a mapping")); continue }
                for (siteKey, siteValue) in site {
                    switch siteKey.string {
                    case "title": config.siteTitle = siteValue.string
                    case "base_url":
                        guard let url = siteValue.string else {
                            report(problem(siteValue, "`site.base_url` \(baseURLRule), not a list or a mapping"))
                            continue
                        }
                        if let reason = baseURLProblem(url) {
                            report(problem(siteValue, "`site.base_url` \(reason), not `\(url)`"))
                            continue
                        }
                        config.baseURL = url
                    case "show_problems":
                        guard let show = siteValue.bool else {
                            report(problem(siteValue, "`site.show_problems` must be true or false, not `\(siteValue.string ?? "a list or a mapping")`"))
                            continue
                        }
                        config.showProblems = show
                    default: report(problem(siteKey, "unknown key `site.\(siteKey.string ?? "")`; known: title, base_url, show_problems"))
                    }
                }
            case "rules":
                guard case let .mapping(rules) = value else { report(problem(value, "`rules` must be a mapping")); continue }
                for (ruleNode, levelNode) in rules {
                    let id = RuleID(ruleNode.string ?? "")
                    guard Registry.rule(id) != nil else {
                        report(problem(ruleNode, "unknown rule `\(id)`" + (Registry.nearest(id.rawValue).map { "; did you mean `\($0)`?" } ?? "")))
                        continue
                    }
                    // YAML reads a bare `off` as a boolean; accept it as the level.
                    let text = levelNode.string ?? ""
                    guard let level = Level(rawValue: text == "false" ? "off" : text) else {
                        report(problem(levelNode, "rule level must be off, info, warning or error, not `\(text)`"))
                        continue
                    }
                    config.levels[id] = level
                }
            case "limits":
                guard case let .mapping(limits) = value else { report(problem(value, "`limits` must be a mapping")); continue }
                for (limitKey, limitValue) in limits {
                    let key = limitKey.string ?? ""
                    guard key == "file_size" || key == "line_length" else {
                        report(problem(limitKey, "unknown key `limits.\(key)`; known: file_size, line_length"))
                        continue
                    }
                    guard let size = InputLimits.parseSize(limitValue.string ?? "") else {
                        report(problem(limitValue, "`limits.\(key)` must be a size such as `4MiB`, `64KiB` or `65536`"))
                        continue
                    }
                    if key == "file_size" { config.limits.fileSize = size } else { config.limits.lineLength = size }
                }
            case "people":
                guard case let .mapping(people) = value else {
                    report(problem(value, "`people` must be a mapping of handles to names, e.g. `\"@tom\": Tom Hargreaves`"))
                    continue
                }
                for (handleNode, nameNode) in people {
                    let written = handleNode.string ?? ""
                    let handle = written.hasPrefix("@") ? String(written.dropFirst()) : written
                    guard !handle.isEmpty, !handle.contains(where: \.isWhitespace) else {
                        report(problem(handleNode, "`people` keys are handles such as `\"@tom\"`, not `\(written)`"))
                        continue
                    }
                    guard let name = nameNode.string, !name.isEmpty else {
                        report(problem(nameNode, "`people.\(written)` must be the person's name, e.g. `Tom Hargreaves`"))
                        continue
                    }
                    config.people[handle.lowercased()] = name
                }
            case "today":
                guard let text = value.string, let day = Day(iso: text) else {
                    report(problem(value, "`today` must be a real YYYY-MM-DD day"))
                    continue
                }
                config.today = day
            default:
                report(problem(keyNode, "unknown key `\(keyNode.string ?? "")` in mapc.yml; known: site, rules, people, today, limits"))
            }
        }
        return config
    }
}

