import ArgumentParser

/// `mapc status`: what a person reads in a minute (SPEC §5). Owned by issue 3's work.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Summarise plans: progress, overdue, due soon, blocked.")
    @Argument var paths: [String] = []
    @OptionGroup var global: GlobalOptions
    func run() throws { throw UsageError("`mapc status` is not available yet (issue 3)") }
}
