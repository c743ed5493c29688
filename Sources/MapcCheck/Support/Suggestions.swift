import MapcLower

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
