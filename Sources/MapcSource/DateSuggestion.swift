/// `2026-1-5` is almost `2026-01-05`: the padded form of a date written without leading
/// zeros, when that is a real day.
public enum DateSuggestion {
    public static func padded(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let padded = "\(parts[0])-\(parts[1].count == 1 ? "0" : "")\(parts[1])-\(parts[2].count == 1 ? "0" : "")\(parts[2])"
        guard padded != text, Day(iso: padded) != nil else { return nil }
        return padded
    }
}
