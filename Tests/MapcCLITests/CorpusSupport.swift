import Foundation

/// Generated plans from the repository's own generator, `bench/gen_corpus.py` (the one
/// `bench/run` uses), for tests that need many realistic plans.
enum Corpus {
    /// The generator, found from this file so the tests read nothing outside the repository.
    static let generator = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../bench/gen_corpus.py").standardized.path

    /// The generator exited with an error.
    struct GeneratorFailed: Error, CustomStringConvertible {
        var status: Int32
        var output: String
        var description: String { "bench/gen_corpus.py exited with \(status): \(output)" }
    }

    /// Writes `plans` plans into a fresh temporary folder and returns the folder. With
    /// `manifest`, also writes the generator's JSON-lines manifest there (see the generator's
    /// documentation for its fields).
    static func generate(plans: Int, size: String = "medium", problems: Double = 0, seed: Int = 1,
                         folders: Int = 0, manifest: String? = nil) throws -> String
    {
        let folder = CLI.temporaryDirectory() + "/corpus"
        var arguments = ["python3", generator, "--plans", "\(plans)", "--out", folder, "--size", size,
                         "--problems", "\(problems)", "--seed", "\(seed)", "--folders", "\(folders)",
                         "--today", "2026-11-24"]
        if let manifest { arguments += ["--manifest", manifest] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GeneratorFailed(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
        }
        return folder
    }
}
