/// Text from a plan or a file name, made safe to print on a terminal: control characters
/// would move the cursor, recolour or forge output lines.
public enum TerminalText {
    /// Control characters shown as visible stand-ins, one column each.
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 { out.append(Unicode.Scalar(0x2400 + scalar.value)!) }
            else if scalar.value == 0x7F { out.append("\u{2421}") }
            else if isUnsafe(scalar) { out.append("\u{FFFD}") }
            else { out.append(scalar) }
        }
        return String(out)
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
