import MapcEmit
/// A task title as rename matching compares it, computed once per task: the normalized
/// text, its words, and its letter pairs with their counts.
struct TitleFeatures {
    /// Lowercased, runs of white space as one space (`TaskMatching.normalized`).
    let normalized: String
    let words: Set<String>
    /// Pairs of adjacent characters other than white space, with how often each occurs;
    /// a one-character title is its own pair.
    let pairs: [String: Int]
    let pairCount: Int
    /// Every distinct word and pair, in the order they first occur (so an index built
    /// from them does not depend on hashing).
    let tokens: [RenameIndex.Token]

    init(_ title: String) {
        normalized = TaskMatching.normalized(title)
        var tokens: [RenameIndex.Token] = []
        var words = Set<String>()
        for word in normalized.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            if words.insert(String(word)).inserted { tokens.append(.word(String(word))) }
        }
        let characters: [Character] = normalized.filter { !$0.isWhitespace }.map { $0 }
        var list: [String] = characters.count == 1 ? [String(characters[0])] : []
        for index in characters.indices.dropLast() {
            list.append(String(characters[index]) + String(characters[index + 1]))
        }
        var pairs: [String: Int] = [:]
        for pair in list {
            pairs[pair, default: 0] += 1
            if pairs[pair] == 1 { tokens.append(.pair(pair)) }
        }
        self.words = words
        self.pairs = pairs
        pairCount = list.count
        self.tokens = tokens
    }

    /// How alike two titles are, 0…1: the better of shared words (Jaccard) and shared
    /// letter pairs (Dice, each pair counted as often as both titles have it).
    func similarity(_ other: TitleFeatures) -> Double {
        if normalized == other.normalized { return 1 }
        let (small, large) = words.count <= other.words.count ? (words, other.words) : (other.words, words)
        let sharedWords = small.reduce(0) { large.contains($1) ? $0 + 1 : $0 }
        let union = words.count + other.words.count - sharedWords
        let jaccard = union == 0 ? 0 : Double(sharedWords) / Double(union)
        var sharedPairs = 0
        for (pair, count) in pairs { if let theirs = other.pairs[pair] { sharedPairs += min(count, theirs) } }
        let total = pairCount + other.pairCount
        let dice = total == 0 ? 0 : 2 * Double(sharedPairs) / Double(total)
        return max(jaccard, dice)
    }
}

/// Old task titles indexed by their words and letter pairs, so a new title finds the old
/// ones it could be a rename of without being compared with all of them.
///
/// Two titles with any similarity share a word or a pair, so every such title is in the
/// lists of the new title's tokens. Walking the rarest tokens first finds the titles most
/// likely to match before the common ones (`the`, `re`) fill the limit.
struct RenameIndex {
    /// A word or a letter pair of a title.
    enum Token: Hashable {
        case word(String)
        case pair(String)
    }

    private let titles: [TitleFeatures]
    /// By token number: the positions of the titles holding the token, ascending.
    private var postings: [[Int]] = []
    private var numbers: [Token: Int] = [:]

    init(_ titles: [String]) {
        self.titles = titles.map(TitleFeatures.init)
        for (position, title) in self.titles.enumerated() {
            for token in title.tokens {
                if let number = numbers[token] {
                    postings[number].append(position)
                } else {
                    numbers[token] = postings.count
                    postings.append([position])
                }
            }
        }
    }

    /// Up to `limit` positions of old titles sharing a token with `title`, gathered from the
    /// rarest tokens first. Each list is walked only until the limit is reached, so the
    /// work per title is at most its token count times the limit.
    func candidates(for title: TitleFeatures, limit: Int) -> [Int] {
        let known = title.tokens.compactMap { numbers[$0] }
            .sorted { (postings[$0].count, $0) < (postings[$1].count, $1) }
        var picked: [Int] = []
        var seen = Set<Int>()
        for number in known {
            for position in postings[number] where seen.insert(position).inserted {
                picked.append(position)
                if picked.count == limit { return picked }
            }
        }
        return picked
    }

    /// The similarity of the old title at `position` and `title`.
    func similarity(_ position: Int, _ title: TitleFeatures) -> Double {
        titles[position].similarity(title)
    }
}
