import MapcSource

/// Compiler-style text (STYLE, after rustc): location, severity, message and rule; the
/// source line with a caret under the exact token; then a `help:` line.
///
/// File names, messages, help and source lines come from plans and file systems, so every
/// one is printed through `TerminalText`: no control character reaches the terminal, and
/// no file name can start a line of its own.
public struct TextDiagnostics {
    /// Looks up a file's source to show its lines; nil for files that could not be read.
    public var source: (String) -> SourceFile?
    public var color: Bool
    /// Only the first line of each diagnostic (`--quiet`).
    public var brief: Bool

    public init(color: Bool, brief: Bool = false, source: @escaping (String) -> SourceFile?) {
        self.color = color
        self.brief = brief
        self.source = source
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for diagnostic in diagnostics {
            out += render(diagnostic)
            if !brief { out += "\n" }
        }
        return out
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let severity = paint(diagnostic.severity.rawValue, style(for: diagnostic.severity))
        var out = "\(TerminalText.safe(diagnostic.file)):\(diagnostic.start.line):\(diagnostic.start.column): \(severity): "
        out += paint(TerminalText.safe(diagnostic.message), "1") + " [\(TerminalText.safe(diagnostic.rule.rawValue))]\n"
        if brief { return out }
        let help = diagnostic.help.map(TerminalText.safe)
        if let file = source(diagnostic.file), diagnostic.start.line <= file.lineCount {
            let lineNumber = String(diagnostic.start.line)
            let gutter = String(repeating: " ", count: lineNumber.count)
            let (line, startColumn, endColumn) = Self.window(
                file.text(ofLine: diagnostic.start.line), start: diagnostic.start.column,
                end: diagnostic.end.line == diagnostic.start.line ? diagnostic.end.column : nil)
            let (shown, caretStart, caretWidth) = Self.caret(line: line, startColumn: startColumn, endColumn: endColumn)
            out += "\(gutter) \(paint("|", "34"))\n"
            out += "\(paint(lineNumber, "34")) \(paint("|", "34")) \(shown)\n"
            let carets = String(repeating: " ", count: caretStart) + String(repeating: "^", count: caretWidth)
            out += "\(gutter) \(paint("|", "34")) \(paint(carets, style(for: diagnostic.severity)))\n"
            if let help { out += "\(gutter) \(paint("=", "34")) help: \(help)\n" }
        } else if let help {
            out += "  = help: \(help)\n"
        }
        return out
    }

    /// A long line (minified, generated, hostile) is shown as a window around the column;
    /// the header keeps the exact column. Returns the shown text and the caret columns in it.
    static func window(_ line: String, start: Int, end: Int?) -> (String, Int, Int?) {
        guard line.utf8.count > 240 else { return (line, start, end) }
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > 160 else { return (line, start, end) }
        let from = max(0, start - 1 - 60)
        let to = min(scalars.count, start - 1 + 100)
        var shown = from > 0 ? "…" : ""
        shown += String(String.UnicodeScalarView(scalars[from..<to]))
        if to < scalars.count { shown += "…" }
        let shift = from - (from > 0 ? 1 : 0)
        return (shown, start - shift, end.map { min($0, to + 1) - shift })
    }

    /// The line as displayed (tabs expanded, controls as `TerminalText` stand-ins) and
    /// where the carets go, in terminal cells.
    static func caret(line: String, startColumn: Int, endColumn: Int?) -> (String, Int, Int) {
        var shown = ""
        var cells = 0
        var caretStart = 0
        var caretEnd: Int?
        var column = 1
        for scalar in line.unicodeScalars {
            if column == startColumn { caretStart = cells }
            if let endColumn, column == endColumn { caretEnd = cells }
            if scalar == "\t" {
                shown += "    "
                cells += 4
            } else if let standIn = TerminalText.standIn(for: scalar) {
                // A Control Picture is one cell; `\u{…}` is ASCII, one cell a character.
                shown += standIn
                cells += standIn.unicodeScalars.count
            } else {
                shown.unicodeScalars.append(scalar)
                cells += width(of: scalar)
            }
            column += 1
        }
        if startColumn >= column { caretStart = cells }
        let end = caretEnd ?? cells
        return (shown, caretStart, max(1, end - caretStart))
    }

    /// Terminal cells of a scalar: wide East Asian and emoji take two, marks none.
    static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0x200D || (0xFE00...0xFE0F).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } || (scalar.properties.isEmojiPresentation) ? 2 : 1
    }

    private func style(for severity: Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;33"
        case .info: "1;36"
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// `2 errors, 1 warning, 0 infos in 3 plans`.
    public static func summary(_ diagnostics: [Diagnostic], plans: Int) -> String {
        summary(errors: diagnostics.count(of: .error), warnings: diagnostics.count(of: .warning),
                infos: diagnostics.count(of: .info), plans: plans)
    }

    /// The same from counts, as a build keeps them.
    public static func summary(errors: Int, warnings: Int, infos: Int, plans: Int) -> String {
        "\(Phrase.count(errors, "error")), \(Phrase.count(warnings, "warning")), \(Phrase.count(infos, "info")) "
            + "in \(Phrase.count(plans, "plan"))"
    }
}
