import MapcModel
import MapcSource

/// A plan with the file it was read from and its diagnostics: what exports that show
/// positions (JSON, CSV) need, since the model keeps byte ranges only.
public struct SourcedPlan: Sendable {
    public var plan: Plan
    public var source: SourceFile
    public var diagnostics: [Diagnostic]

    public init(plan: Plan, source: SourceFile, diagnostics: [Diagnostic]) {
        self.plan = plan
        self.source = source
        self.diagnostics = diagnostics
    }

    /// The 1-based line where a byte range starts.
    public func line(of range: SourceRange) -> Int { source.position(of: range.start).line }
}
