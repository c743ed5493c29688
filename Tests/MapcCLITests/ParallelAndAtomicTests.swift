import Foundation
import Testing

/// Parallel checking gives exactly the serial output, on a generated corpus. (Builds killed
/// at any moment are InterruptionTests'.)
@Suite(.serialized) struct ParallelAndAtomicTests {
    static func corpus(_ plans: Int, seed: Int) throws -> String {
        try Corpus.generate(plans: plans, problems: 0.3, seed: seed, folders: 4)
    }

    @Test func parallelOutputEqualsSerialOutput() throws {
        let folder = try Self.corpus(300, seed: 7)
        let arguments = ["check", folder, "--format", "json", "--today", "2026-11-24"]
        let parallel = CLI.run(arguments)
        let serial = CLI.run(arguments, environment: ["MAPC_JOBS": "1"])
        #expect(parallel.out.contains("\"plans\": 300"))
        #expect(parallel.out == serial.out)
        #expect(parallel.status == serial.status)
        let again = CLI.run(arguments)
        #expect(again.out == parallel.out)
    }
}
