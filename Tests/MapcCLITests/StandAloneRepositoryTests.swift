import Foundation
import Testing

/// Users and contributors get the repository and nothing else: no tracked file may point
/// outside it, and the `docs/….md#anchor` citations in code and docs must lead somewhere.
/// (`.ci/run` proves the first by running the suite in a fresh clone with no neighbours;
/// this test says which file is at fault, in a second.)
@Suite struct StandAloneRepositoryTests {
    /// The repository's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Text that points outside the repository: the reading folder kept beside it by
    /// developers, the machine's work folder, and a specification document that is not
    /// part of the repository (docs/ is the reference). Built from pieces so that this
    /// file does not match itself.
    static let outsideReferences = ["../" + "shared", "/" + "work/", "shared/" + "bench", "shared/" + "schemas",
                                    "shared/" + "notes", "SPEC" + " §", "SPEC" + ":", "SPEC" + ".md"]

    /// Citations of that specification still in files being rewritten elsewhere; whoever
    /// rewrites them replaces the citations. A count may only go down: remove an entry
    /// when its file has none left, and never add one.
    static let pendingCitations: [String: Int] = [:]

    /// Sections cited before they are written (the docs for input limits and for text mapc
    /// does not read are on their way). Remove an entry when its heading exists.
    static let pendingAnchors: Set<String> = []

    /// Every tracked file, relative to the root: `git ls-files`, or without git (a source
    /// archive) a walk that skips build output.
    static func trackedFiles() throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "ls-files", "-z"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        if (try? process.run()) != nil {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus == 0 {
                return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            }
        }
        let skipped: Set<String> = [".build", ".git", ".swiftpm", "_site", "out", "crashes"]
        var files: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if skipped.contains(name) || name.hasPrefix(".build") {
                enumerator?.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory),
               !isDirectory.boolValue
            {
                files.append(path)
            }
        }
        return files
    }

    static func text(of file: String) -> String? {
        guard let data = FileManager.default.contents(atPath: root + "/" + file) else { return nil }
        return String(data: data, encoding: .utf8)  // nil for binary files such as PNGs
    }

    @Test func nothingPointsOutsideTheRepository() throws {
        let files = try Self.trackedFiles()
        #expect(files.contains("Package.swift") && files.contains("bench/gen_corpus.py"), "\(files.count) files found")
        for file in files {
            guard let text = Self.text(of: file) else { continue }
            var count = 0
            for reference in Self.outsideReferences {
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) where line.contains(reference) {
                    // Whole words only: a longer identifier that ends in those letters is fine.
                    if reference.hasPrefix("SPEC"), let range = line.range(of: reference),
                       range.lowerBound > line.startIndex, line[line.index(before: range.lowerBound)].isLetter
                    {
                        continue
                    }
                    count += 1
                    if Self.pendingCitations[file] == nil {
                        Issue.record("\(file) points outside the repository (`\(reference)`): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
            if let allowed = Self.pendingCitations[file] {
                #expect(count <= allowed, "\(file) has \(count) references outside the repository; at most \(allowed) may remain")
            }
        }
    }

    @Test func citedDocumentationAnchorsExist() throws {
        let files = try Self.trackedFiles()
        var anchors: [String: Set<String>] = [:]
        for file in files where file.hasPrefix("docs/") && file.hasSuffix(".md") {
            anchors[file] = Self.headingAnchors(Self.text(of: file) ?? "")
        }
        #expect(anchors["docs/format.md"]?.contains("task-items") == true)
        // `docs/format.md#tasks` anywhere; inside docs/ also `(rules.md#plan-stale)` and `(#files)`.
        let cited = try Regex(#"(docs/[A-Za-z0-9_.-]+\.md)#([A-Za-z0-9_-]+)"#)
        let relative = try Regex(#"\]\(([A-Za-z0-9_.-]+\.md)?#([A-Za-z0-9_-]+)\)"#)
        for file in files {
            guard let text = Self.text(of: file) else { continue }
            var links: [(target: String, anchor: String)] = []
            for match in text.matches(of: cited) {
                links.append((String(match.output[1].substring ?? ""), String(match.output[2].substring ?? "")))
            }
            if file.hasPrefix("docs/"), file.hasSuffix(".md") {
                for match in text.matches(of: relative) {
                    let name = match.output[1].substring.map { "docs/" + $0 } ?? file
                    links.append((name, String(match.output[2].substring ?? "")))
                }
            }
            for link in links {
                guard let known = anchors[link.target] else {
                    Issue.record("\(file) cites \(link.target)#\(link.anchor), but there is no \(link.target)")
                    continue
                }
                if !known.contains(link.anchor), !Self.pendingAnchors.contains("\(link.target)#\(link.anchor)") {
                    Issue.record("\(file) cites \(link.target)#\(link.anchor), which no heading makes")
                }
            }
        }
    }

    /// The anchors GitHub gives a Markdown file's headings: lowercased, punctuation dropped,
    /// spaces turned into `-`, and `-1`, `-2`… for repeats. Headings in code blocks do not count.
    static func headingAnchors(_ markdown: String) -> Set<String> {
        var result: Set<String> = [], seen: [String: Int] = [:], inCode = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle() }
            guard !inCode, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }
            guard title.first == " " else { continue }
            let kept = title.trimmingCharacters(in: .whitespaces).lowercased()
                .filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" }
            let anchor = kept.replacingOccurrences(of: " ", with: "-")
            let repeats = seen[anchor, default: 0]
            seen[anchor] = repeats + 1
            result.insert(repeats == 0 ? anchor : "\(anchor)-\(repeats)")
        }
        return result
    }
}
