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
            case nil, .conflictResolution?, .retrospective?:
                guard section.hasContent || section.kind == .conflictResolution || !section.title.isEmpty else { return nil }
                return SafeHTML.render(source.text(section.bodyRange))
            default:
                return nil
            }
        })
    }
}
