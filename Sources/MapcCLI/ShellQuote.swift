import MapcSource
/// Paths in hints that quote a command, written so a shell takes them as one word.
enum ShellQuote {
    /// `plans/q4.md` as it is; `my plan.md` as `'my plan.md'`; a `'` as `'\''`.
    static func path(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/._-+,:@%=".unicodeScalars.contains(scalar)
        }
        if plain, !path.isEmpty { return TerminalText.safe(path) }
        return "'" + TerminalText.safe(path).replacing("'", with: "'\\''") + "'"
    }
}
