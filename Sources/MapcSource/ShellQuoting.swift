/// Words as a POSIX shell reads them, for hints that quote a command (`then run
/// `mapc check 'Q4 plan.md'``): a person copies the command, so it must run as shown.
public enum ShellQuoting {
    /// `word` unchanged when a shell reads it as it is (letters, digits and `_-./,:@%+`),
    /// else in single quotes, each `'` written `'\''` (close, escaped quote, reopen).
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "_-./,:@%+".unicodeScalars.contains(scalar))
        }
        if plain { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#) + "'"
    }

    /// A path for a message printed on a terminal: quoted as a shell needs it, with control
    /// characters made visible (`TerminalText`).
    public static func shown(_ path: String) -> String { TerminalText.safe(quote(path)) }
}
