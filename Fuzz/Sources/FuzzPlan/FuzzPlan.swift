import MapcCheck
import MapcBuild
import MapcEmit
import MapcSite
import MapcLower
import MapcSource

/// One fuzz input is one plan file's bytes. Everything a user's file can reach runs:
/// lowering, every rule, text and JSON diagnostics, the status summary and the real site
/// build (into memory).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlan(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let source = SourceFile(path: "fuzz.md", bytes: bytes)
    let today = Day(iso: "2026-11-24")!
    guard case let .plan(plan) = PlanLowering.lower(source) else { return 0 }
    let diagnostics = Checker(configuration: Configuration(), today: today).check(plan, source: source)
    _ = TextDiagnostics(color: false) { _ in source }.render(diagnostics)
    _ = JSONDiagnostics.render(diagnostics, plans: 1)
    _ = PlanSummary(plan: plan, diagnostics: diagnostics, today: today)
    // The real site build, into memory.
    let settings = SiteSettings(siteTitle: nil, baseURL: nil, today: today)
    _ = try? SiteBuild(configuration: Configuration(), settings: settings).site(of: [("fuzz.md", bytes)])
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM names an executable's entry point `<Target>_main`; hand control to libFuzzer.
@_cdecl("FuzzPlan_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { data, size in fuzzPlan(data, size) }
}
