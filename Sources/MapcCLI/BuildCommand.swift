import ArgumentParser

/// `mapc build`: the static status site (SPEC §5).
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the static status site.")
    @Argument var paths: [String] = []
    @OptionGroup var global: GlobalOptions
    func run() throws { throw UsageError("`mapc build` is not available yet (issue 3)") }
}
