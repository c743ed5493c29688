/// A plan's prose as safe HTML, rendered once by the lowering (`ProseRendering`) before any
/// page is made: the emitters show it and never parse Markdown themselves.
public struct PlanProse: Sendable, Equatable {
    /// The body of each section of `Plan.sections`, same order; nil for a section the site
    /// shows from the model instead (Goals, Tasks…), or one with nothing but comments.
    public var sections: [String?]

    public init(sections: [String?]) {
        self.sections = sections
    }

    public static let none = PlanProse(sections: [])

    /// The HTML of the section at `index`, if it has any.
    public func html(ofSection index: Int) -> String? {
        index < sections.count ? sections[index] : nil
    }
}
