import MapcSource
import Yams

/// Where a plan's YAML front matter is, found by looking at lines only.
public enum FrontMatterSplit: Sendable {
    /// The file does not start with a `---` line: not a plan (or an error when named).
    case absent
    /// An opening `---` with no closing `---` or `...` line.
    case unclosed(opening: SourceRange)
    /// A complete block; `bodyStart` is the offset of the first line after it.
    case present(FrontMatter)
}

/// A complete front-matter block.
public struct FrontMatter: Sendable {
    /// The YAML text between the fences.
    public var yaml: String
    /// 1-based file line of the first YAML line (the line after the opening fence).
    public var firstLine: Int
    /// Byte offset of the first YAML byte.
    public var yamlStart: Int
    /// Byte offset just after the closing fence line.
    public var bodyStart: Int
    /// The opening fence, for diagnostics about the block as a whole.
    public var opening: SourceRange
}

extension FrontMatterSplit {
    /// Splits a file's front matter off its body.
    public static func split(_ source: SourceFile) -> FrontMatterSplit {
        guard source.lineCount >= 1, isFence(source, line: 1, closing: false) else { return .absent }
        let opening = SourceRange(start: 0, end: source.contentEnd(ofLine: 1))
        var line = 2
        while line <= source.lineCount {
            if isFence(source, line: line, closing: true) {
                let yamlStart = source.offset(ofLine: 2)
                let yamlEnd = source.offset(ofLine: line)
                let yaml = String(decoding: source.bytes[yamlStart..<yamlEnd], as: UTF8.self)
                let bodyStart = line < source.lineCount ? source.offset(ofLine: line + 1) : source.bytes.count
                return .present(FrontMatter(yaml: yaml, firstLine: 2, yamlStart: yamlStart,
                                            bodyStart: bodyStart, opening: opening))
            }
            line += 1
        }
        return .unclosed(opening: opening)
    }

    /// `---` (or `...` to close), optionally followed by spaces, tabs or a CR.
    private static func isFence(_ source: SourceFile, line: Int, closing: Bool) -> Bool {
        let start = source.offset(ofLine: line)
        let end = source.contentEnd(ofLine: line)
        guard end - start >= 3 else { return false }
        let head = Array(source.bytes[start..<start + 3])
        guard head == Array("---".utf8) || (closing && head == Array("...".utf8)) else { return false }
        return source.bytes[(start + 3)..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}

/// The file's bytes with everything before `offset` blanked to spaces, newlines kept,
/// so cmark sees no front matter yet reports the file's own line numbers.
public func blankingPrefix(of bytes: [UInt8], upTo offset: Int) -> [UInt8] {
    var copy = bytes
    for index in 0..<min(offset, copy.count) where copy[index] != 0x0A && copy[index] != 0x0D {
        copy[index] = 0x20
    }
    return copy
}

/// A YAML problem, located in the file.
public struct YAMLProblem: Error, Sendable {
    public var message: String
    public var line: Int
    public var column: Int
}

extension FrontMatter {
    /// Only merge keys (`<<: *base`) are resolved: mapc reads every value as text, and the
    /// default resolver's regular expressions were a tenth of the YAML time. The encoding
    /// is given so Yams does not read the environment for each file.
    static let resolver = Resolver.basic.appending(.merge)

    /// Composes the YAML into a node tree, or explains where and why it does not parse.
    public func compose() -> Result<Node?, YAMLProblem> {
        do {
            return .success(try Yams.compose(yaml: yaml, Self.resolver, .default, .utf8))
        } catch let error as YamlError {
            return .failure(problem(from: error))
        } catch {
            return .failure(YAMLProblem(message: "\(error)", line: firstLine, column: 1))
        }
    }

    /// Maps a YAML-relative mark to the file (the YAML starts on `firstLine`).
    private func problem(from error: YamlError) -> YAMLProblem {
        func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> YAMLProblem {
            var message = problem
            if let context { message += " \(context.text)" }
            return YAMLProblem(message: message, line: mark.line + firstLine - 1, column: mark.column)
        }
        switch error {
        case let .scanner(context, problem, mark, _): return located(problem, context, mark)
        case let .parser(context, problem, mark, _): return located(problem, context, mark)
        case let .composer(context, problem, mark, _): return located(problem, context, mark)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return YAMLProblem(message: "duplicate key \(keys)", line: context.mark.line + firstLine - 1,
                               column: context.mark.column)
        case let .reader(problem, _, _, _): return YAMLProblem(message: problem, line: firstLine, column: 1)
        default: return YAMLProblem(message: "\(error)", line: firstLine, column: 1)
        }
    }
}
