import ArgumentParser

/// `mapc diff`: the semantic change between two versions (SPEC §5). Owned by issue 4's work.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Show the semantic change between two versions of plans.")
    @Argument var paths: [String] = []
    @OptionGroup var global: GlobalOptions
    func run() throws { throw UsageError("`mapc diff` is not available yet (issue 4)") }
}
