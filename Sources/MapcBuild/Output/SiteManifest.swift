import MapcSource
#if canImport(Glibc)
import Glibc
#endif

/// The marker mapc leaves in every site it writes: `.mapc-site`, listing every file of the
/// site (docs/robustness.md#the-output-folder). A folder is replaced only when it is
/// empty or holds exactly what its marker lists, so a file someone put into the site, or a
/// folder that was never a site, is never deleted.
enum SiteManifest {
    static let fileName = ".mapc-site"
    static let header = "mapc site: written by `mapc build`, which replaces this folder and everything listed below.\n"

    /// The marker's text for a site of these files (paths relative to the site, sorted).
    static func text(files: [String]) -> String {
        header + files.map { escape($0) + "\n" }.joined()
    }

    /// Says why `folder` may not be replaced, or nothing when it may.
    static func problem(replacing folder: String, shown: String) -> String? {
        guard let entries = FileSystem.entries(folder) else {
            return "cannot read `\(ShellQuoting.shown(shown))`: \(FileSystem.reason())"
        }
        if entries.isEmpty { return nil }
        let quoted = "`" + ShellQuoting.shown(shown) + "`"
        let marker = FileSystem.join(folder, fileName)
        guard case let .success(bytes) = FileSystem.read(marker, .own(limit: 1 << 26)),
              let listed = parse(String(decoding: bytes, as: UTF8.self)) else {
            return "refusing to replace \(quoted): it is not empty and has no `\(fileName)` marker, so mapc did not "
                + "write it. Choose an output folder of its own (e.g. `-o _site`), or empty it first. (A site built "
                + "by mapc 0.1 has no marker: remove it once: `rm -r \(ShellQuoting.shown(shown))`.)"
        }
        let foreign = foreignEntries(in: folder, listed: listed)
        if !foreign.isEmpty {
            let names = foreign.prefix(3).map { "`\(TerminalText.safe($0))`" }.joined(separator: ", ")
                + (foreign.count > 3 ? " and \(foreign.count - 3) more" : "")
            return "refusing to replace \(quoted): it holds \(names), which mapc did not write. Move "
                + (foreign.count == 1 ? "it" : "them") + " out of the site folder, then build again"
        }
        if let locked = firstUnremovable(in: folder) {
            return "cannot replace \(quoted): `\(ShellQuoting.shown(FileSystem.join(shown, locked)))` cannot be emptied "
                + "(\(FileSystem.reason(EACCES))); make the old site writable (`chmod -R u+w \(ShellQuoting.shown(shown))`) "
                + "and build again"
        }
        return nil
    }

    /// The files listed in a marker, or nil when the text is not a marker.
    static func parse(_ text: String) -> Set<String>? {
        guard text.hasPrefix(header) else { return nil }
        var files = Set<String>()
        for line in text.dropFirst(header.count).split(separator: "\n") { files.insert(unescape(line)) }
        return files
    }

    /// What is in the folder besides the listed files, the marker and their folders.
    private static func foreignEntries(in folder: String, listed: Set<String>) -> [String] {
        var folders = Set<String>()
        for file in listed {
            var current = Substring(file)
            while let slash = current.lastIndex(of: "/") {
                current = current[..<slash]
                folders.insert(String(current))
            }
        }
        var foreign: [String] = []
        var stack = [""]
        while let relative = stack.popLast() {
            for name in FileSystem.entries(relative.isEmpty ? folder : FileSystem.join(folder, relative)) ?? [] {
                let child = relative.isEmpty ? name : relative + "/" + name
                switch FileSystem.kind(FileSystem.join(folder, child), follow: false) {
                case .directory where folders.contains(child): stack.append(child)
                case .file where listed.contains(child) || child == fileName: break
                default: foreign.append(child)
                }
            }
        }
        return foreign.sorted()
    }

    /// The first folder of the site whose entries cannot be removed (it is read-only).
    private static func firstUnremovable(in folder: String) -> String? {
        var stack = [""]
        while let relative = stack.popLast() {
            let path = relative.isEmpty ? folder : FileSystem.join(folder, relative)
            if access(path, W_OK | X_OK) != 0 { return relative.isEmpty ? "." : relative }
            for name in FileSystem.entries(path) ?? [] {
                let child = relative.isEmpty ? name : relative + "/" + name
                if FileSystem.kind(FileSystem.join(folder, child), follow: false) == .directory { stack.append(child) }
            }
        }
        return nil
    }

    /// One path per line: `%` and line breaks are written `%25`, `%0A`, `%0D`.
    private static func escape(_ path: String) -> String {
        guard path.utf8.contains(where: { $0 == 0x25 || $0 == 0x0A || $0 == 0x0D }) else { return path }
        return path.replacing("%", with: "%25").replacing("\n", with: "%0A").replacing("\r", with: "%0D")
    }

    private static func unescape(_ line: Substring) -> String {
        guard line.contains("%") else { return String(line) }
        return String(line).replacing("%0A", with: "\n").replacing("%0D", with: "\r").replacing("%25", with: "%")
    }
}
