import MapcLower
import MapcModel
import MapcSite
import MapcSource
import MapcEmit

/// Builds a whole static site in memory from compiled plans: fragments, then assembly.
/// A pure function of the plans, the settings and "today", so two builds are
/// byte-identical. (`mapc build` runs the same two steps itself, with its cache between.)
public struct SiteBuilder {
    public var settings: SiteSettings

    public init(siteTitle: String?, baseURL: String?, today: Day, templates: [String: String] = DefaultTemplates.files) {
        settings = SiteSettings(siteTitle: siteTitle, baseURL: baseURL, today: today, templates: templates)
    }

    /// Render default partials natively (NativePartials); false renders all by Mustache.
    public var nativePartials: Bool {
        get { settings.nativePartials }
        set { settings.nativePartials = newValue }
    }

    /// Every file of the site, from compiled plans in input order.
    public func build(_ plans: [(plan: Plan, source: SourceFile, diagnostics: [Diagnostic])])
        throws(SiteRenderer.TemplateError) -> [String: String]
    {
        let (published, leftOut) = SiteAssembler.publish(plans.map { ($0.source.path, $0.plan.id.value, $0.plan.rejectedID) })
        var settings = settings
        settings.people = PeopleDirectory(Set(published.flatMap { plans[$0].plan.stakeholders.map(\.handle.value.key) }))
        let renderer = try SiteRenderer(settings)
        let fragments = ParallelMap.map(published) { index in
            renderer.fragment(plans[index].plan, source: plans[index].source,
                              prose: ProseRendering.render(plans[index].plan, source: plans[index].source),
                              diagnostics: plans[index].diagnostics)
        }
        let assembler = try SiteAssembler(settings)
        var files = assembler.files(fragments, leftOut: leftOut).texts
        var calendar: [UInt8] = []
        assembler.calendar(fragments) { calendar += $0 }
        files["calendar.ics"] = String(decoding: calendar, as: UTF8.self)
        for fragment in fragments { files["plans/" + fragment.page!] = fragment.pageHTML }
        return files
    }
}
