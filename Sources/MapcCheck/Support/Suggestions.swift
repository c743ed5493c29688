import MapcSource

/// Up to three candidates closest to `word` by edit distance (STYLE: near names suggested).
func suggestions(for word: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
    let lowered = word.lowercased()
    // Short names tolerate one slip; longer ones about a third of their length.
    let maximum = lowered.count <= 3 ? 1 : max(2, lowered.count / 3)
    var scored: [(name: String, distance: Int)] = []
    for candidate in candidates {
        let distance = editDistance(lowered, candidate.lowercased())
        if distance <= maximum { scored.append((candidate, distance)) }
    }
    scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
    return scored.prefix(limit).map(\.name)
}

/// "did you mean `@dana`?" or "did you mean `@dana` or `@dan`?".
func didYouMean(_ candidates: [String]) -> String? {
    guard !candidates.isEmpty else { return nil }
    let quoted = candidates.map { "`\($0)`" }
    let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1]
    return "did you mean \(list)?"
}

/// Up to three ids near `word`: by edit distance, or ids it is a shortened form of, word
/// by word (`dress-rehearsal` for `dress-rehearsal-of-the-cut-over`), since derived ids are
/// long and people shorten them.
func idSuggestions(for word: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
    let lowered = word.lowercased()
    var result = suggestions(for: lowered, in: candidates, limit: limit)
    let parts = lowered.split(separator: "-")
    guard !parts.isEmpty else { return result }
    var extended: [String] = []
    for candidate in candidates where !result.contains(candidate) {
        let words = candidate.lowercased().split(separator: "-")
        // Every word of `word`, in order, among the candidate's: a shortened id.
        var position = words.startIndex
        let matches = parts.allSatisfy { part in
            guard let found = words[position...].firstIndex(where: { $0 == part || ($0.hasPrefix(part) && part.count >= 4) })
            else { return false }
            position = found + 1
            return true
        }
        if matches { extended.append(candidate) }
    }
    result += extended.sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
    return Array(result.prefix(limit))
}
