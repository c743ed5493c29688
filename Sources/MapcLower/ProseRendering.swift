import MapcModel
import MapcParse
import MapcSource

/// Renders the prose of a plan to safe HTML (`SafeHTML`): the text before the first
/// section, Conflict resolution, Retrospective and every section mapc does not read.
/// The site shows the other sections from the model.
public enum ProseRendering {
    public static func render(_ plan: Plan, source: SourceFile) -> PlanProse {
        PlanProse(sections: plan.sections.map { section in
            switch section.kind {
            case .conflictResolution?:
                return SafeHTML.render(text(of: section.bodyRange, in: source, without: plan.escalations))
            case nil, .retrospective?:
                guard section.hasContent || !section.title.isEmpty else { return nil }
                return SafeHTML.render(source.text(section.bodyRange))
            default:
                return nil
            }
        })
    }

    /// The text of `range` without its `escalate:` lines: the site shows each path as
    /// "Escalation path: …" already. From `escalate:` to the end of its line goes; a line
    /// that holds nothing else (or only a list marker) goes whole, so it leaves no empty
    /// paragraph or list item. The prose around it stays.
    static func text(of range: SourceRange, in source: SourceFile, without escalations: [Escalation]) -> String {
        var cuts: [SourceRange] = []
        for escalation in escalations where escalation.range.start >= range.start && escalation.range.start < range.end {
            let line = source.line(containing: escalation.range.start)
            let lineStart = source.offset(ofLine: line)
            let before = source.bytes[lineStart..<escalation.range.start]
            let onlyMarker = before.allSatisfy { byte in
                byte == 0x20 || byte == 0x09 || byte == 0x2D || byte == 0x2A || byte == 0x2B  // space, tab, - * +
                    || byte == 0x2E || byte == 0x29 || (0x30...0x39).contains(byte)  // . ) digits
            }
            cuts.append(onlyMarker ? SourceRange(start: lineStart, end: source.offset(ofLine: line + 1))
                                   : SourceRange(start: escalation.range.start, end: source.contentEnd(ofLine: line)))
        }
        guard !cuts.isEmpty else { return source.text(range) }
        var bytes: [UInt8] = []
        var at = range.start
        for cut in cuts.sorted(by: { $0.start < $1.start }) where cut.start >= at {
            bytes += source.bytes[at..<min(cut.start, range.end)]
            at = min(max(at, cut.end), range.end)
        }
        if at < range.end { bytes += source.bytes[at..<range.end] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
