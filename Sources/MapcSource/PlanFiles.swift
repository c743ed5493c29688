/// Which files are plans to a folder walk (docs/format.md#files), by name alone: the one
/// rule that `check`, `build`, the watcher, the language server and the history share.
public enum PlanFiles {
    /// A Markdown file: its name ends in `.md`, in any case.
    public static func isMarkdown(_ name: String) -> Bool {
        name.lowercased().hasSuffix(".md")
    }

    /// A path a folder walk reads: Markdown, in no hidden folder (`a/.drafts/b.md` is not).
    public static func isCandidate(_ path: String) -> Bool {
        isMarkdown(path) && !path.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    /// The id of a plan that writes none: its file name without `.md` (docs/format.md#front-matter).
    public static func defaultID(_ path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if isMarkdown(name) { name.removeLast(3) }
        return name
    }
}
