import MapcEmit
/// Compiled forms of the two partials a site renders thousands of times: `task-row`
/// (every task on plan and person pages) and `work-item` (open work by owner).
///
/// swift-mustache looks every variable up through dynamic casts, which made these rows
/// most of a build. When a site uses the default text of a partial, each row is rendered
/// here instead, to the same bytes (a test renders both ways and compares), and the
/// partial is registered as `{{{taskRowHTML}}}` / `{{{workItemHTML}}}`. A partial that a
/// `--templates` folder overrides is rendered by Mustache as written.
public struct NativePartials: Sendable {
    public var taskRow = false
    public var workItem = false
    /// The path from a page to the site root: rows appear on plan and person pages only.
    public var root = "../"

    public static let none = NativePartials()

    /// The partials whose text is the default, and so can be rendered natively.
    public static func matching(_ templates: [String: String]) -> NativePartials {
        NativePartials(taskRow: templates[taskRowFile] == DefaultTemplates.files[taskRowFile],
                       workItem: templates[workItemFile] == DefaultTemplates.files[workItemFile])
    }

    static let taskRowFile = "task-row.mustache"
    static let workItemFile = "work-item.mustache"

    /// The templates registered in place of the native partials.
    var replacements: [String: String] {
        var result: [String: String] = [:]
        if taskRow { result["task-row"] = "{{{taskRowHTML}}}" }
        if workItem { result["work-item"] = "{{{workItemHTML}}}" }
        return result
    }

    /// Adds the rendered HTML of the enabled partials to a row.
    func prerender(_ row: inout TaskRow) {
        if taskRow { row.taskRowHTML = Self.taskRow(row, root: root) }
        if workItem { row.workItemHTML = Self.workItem(row) }
    }

    /// templates/task-row.mustache.
    static func taskRow(_ row: TaskRow, root: String) -> String {
        var html = HTMLBuilder()
        html.raw("<tr class=\"task "); html.text(row.stateClass); html.raw("\">\n")
        html.raw("<td><span class=\"chip "); html.text(row.stateClass); html.raw("\">")
        html.text(row.stateLabel); html.raw("</span></td>\n")
        html.raw("<td>"); html.text(row.title)
        for note in row.notes { html.raw("<span class=\"sub\">"); html.text(note); html.raw("</span>") }
        if row.isSubtask {
            html.raw("<span class=\"sub\">sub-task of "); html.text(row.parentTitle); html.raw("</span>")
        }
        if let dependsOn = row.dependsOn {
            html.raw("<span class=\"sub\">after "); html.text(dependsOn); html.raw("</span>")
        }
        html.raw("</td>\n<td>")
        if let owner = row.owner {
            if let page = row.ownerPage {
                html.raw("<a href=\""); html.text(root); html.raw("people/"); html.text(page)
                html.raw("\">@"); html.text(owner); html.raw("</a>")
            } else {
                html.raw("@"); html.text(owner)
            }
        } else {
            html.raw("<span class=\"alert\">no owner</span>")
        }
        for contributor in row.contributors {
            html.raw(" <span class=\"muted\">+"); html.text(contributor); html.raw("</span>")
        }
        html.raw("</td>\n<td>")
        if row.due != nil {
            dueChip(row, into: &html)
            if let inherited = row.inherited {
                html.raw("<span class=\"sub\">from "); html.text(inherited); html.raw("</span>")
            }
        } else {
            html.raw("<span class=\"muted\">no date</span>")
        }
        html.raw("</td>\n<td>")
        if let estimate = row.estimate { html.text(estimate) }
        html.raw("</td>\n</tr>\n")
        return html.result
    }

    /// templates/work-item.mustache.
    static func workItem(_ row: TaskRow) -> String {
        var html = HTMLBuilder()
        html.raw("<li><span class=\"chip "); html.text(row.stateClass); html.raw("\">")
        html.text(row.stateLabel); html.raw("</span> "); html.text(row.title)
        if row.due != nil {
            html.raw(" ")
            dueChip(row, into: &html)
        }
        html.raw("</li>\n")
        return html.result
    }

    private static func dueChip(_ row: TaskRow, into html: inout HTMLBuilder) {
        html.raw(row.overdue ? "<span class=\"chip date overdue\"><time datetime=\""
                             : "<span class=\"chip date\"><time datetime=\"")
        html.text(row.due); html.raw("\">"); html.text(row.due); html.raw("</time>")
        if row.overdue { html.raw(" · "); html.text(row.lateText) }
        html.raw("</span>")
    }
}

/// Builds HTML the way Mustache renders a view model: `{{x}}` escapes `& < > " '`, and a
/// nil value prints as `false` (`ViewModel`).
struct HTMLBuilder {
    private(set) var result = ""

    init() { result.reserveCapacity(512) }

    mutating func raw(_ text: String) { result += text }

    /// Mustache's `{{ }}` escaping: rows must be the bytes Mustache gives.
    mutating func text(_ value: String?) {
        result += HTMLSafety.escape(value ?? "false", keepingControlCharacters: true)
    }
}
