import MapcModel
import MapcParse
import MapcSource

/// An inline `key:value` token (or its Obsidian Tasks emoji form) found in an item.
struct InlineToken {
    /// The key: `due`, `after`…; emoji forms map to the same keys (`📅` is `due`).
    var key: String
    var value: String
    /// The whole token as written, located in the source.
    var range: SourceRange
    /// The value alone.
    var valueRange: SourceRange
    /// The key alone, for unknown-key diagnostics.
    var keyRange: SourceRange
    var isEmoji: Bool
    /// True for `key:"a value with spaces"`: the value is the text between the quotes.
    var isQuoted = false
}

/// A token that takes the rest of the item: `celebrate: team lunch`.
struct RestToken {
    var key: String
    var text: String
    var range: SourceRange
}

/// What an item's first paragraph (or a heading) says, tokens separated from its title.
struct ItemText {
    /// The displayed title: text without tokens, whitespace collapsed.
    var title = ""
    /// The paragraph's range: where diagnostics about the whole item point.
    var range: SourceRange
    /// The paragraph or heading node, for a `Locator` over its plain text.
    var node: Int
    var tokens: [InlineToken] = []
    /// Every handle in order; for tasks the first one is the owner (docs/format.md#task-tokens).
    var handles: [Located<Handle>] = []
    var rest: [RestToken] = []
    /// True when all of the title is struck through (`~~title~~`): a cancelled task.
    var isStruckThrough = false

    func token(_ key: String) -> InlineToken? { tokens.first { $0.key == key } }
    func tokens(_ key: String) -> [InlineToken] { tokens.filter { $0.key == key } }
    func restText(_ key: String) -> String? { rest.first { $0.key == key }?.text }
}

/// How much of the inline syntax an item's section reads.
enum TokenMode {
    /// Tasks, Milestones, Communication, Risks, Workshops, phase headings: every token.
    case all
    /// Updates: handles only; text is kept as written.
    case handlesOnly
    /// Conflict resolution: only `escalate: …` and the handles after it.
    case escalationOnly
}

/// Keys that take the rest of the item, written with a space after the colon
/// (docs/format.md#tokens-versus-prose, "Rest tokens").
let restKeys: Set<String> = ["celebrate", "mitigation", "decision", "escalate"]

/// Obsidian Tasks emoji and the keys they stand for.
/// The whole format (docs/format.md#obsidian-tasks-emoji): `➕` created, `❌` cancelled,
/// `🏁` on completion; `🔁` recurrence takes the words up to the next emoji token.
let emojiKeys: [Unicode.Scalar: String] = [
    "\u{1F4C5}": "due", "\u{1F6EB}": "start", "\u{23F3}": "scheduled", "\u{2705}": "done",
    "\u{1F194}": "id", "\u{26D4}": "after", "\u{2795}": "created", "\u{274C}": "cancelled",
    "\u{1F3C1}": "oncompletion", "\u{1F501}": "recurrence",
]
/// Emoji whose value is a phrase, not one word.
let phraseEmoji: Set<Unicode.Scalar> = ["\u{1F501}"]
let priorityMarks: [Unicode.Scalar: String] = [
    "\u{1F53A}": "highest", "\u{23EB}": "high", "\u{1F53C}": "medium", "\u{1F53D}": "low", "\u{23EC}": "lowest",
]
