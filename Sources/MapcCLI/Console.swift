#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where commands write: the real terminal, or buffers in tests.
///
/// Commands never call `print`; they write here, so a test runs a command in-process
/// and reads exactly what a user would see.
public final class Console: @unchecked Sendable {
    /// The console commands write to; tests bind their own with `$current.withValue`.
    @TaskLocal public static var current: Console = .system()

    private var outBuffer: [UInt8]?
    private var errBuffer: [UInt8]?
    /// Whether standard output is a terminal (for `--color auto`).
    public let isTerminal: Bool
    public let environment: [String: String]

    /// The process's own stdout and stderr.
    public static func system() -> Console {
        var environment: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return Console(capturing: false, isTerminal: isatty(1) == 1, environment: environment)
    }

    /// A console that keeps what is written, for tests.
    public static func capture(environment: [String: String] = [:]) -> Console {
        Console(capturing: true, isTerminal: false, environment: environment)
    }

    private init(capturing: Bool, isTerminal: Bool, environment: [String: String]) {
        outBuffer = capturing ? [] : nil
        errBuffer = capturing ? [] : nil
        self.isTerminal = isTerminal
        self.environment = environment
    }

    public func out(_ text: String) { write(text, to: 1) }
    public func err(_ text: String) { write(text, to: 2) }

    public var capturedOut: String { String(decoding: outBuffer ?? [], as: UTF8.self) }
    public var capturedErr: String { String(decoding: errBuffer ?? [], as: UTF8.self) }

    private func write(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        if descriptor == 1, outBuffer != nil { outBuffer! += bytes; return }
        if descriptor == 2, errBuffer != nil { errBuffer! += bytes; return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }
}
