/// What a template shows, as a typed value: the stored properties of a view model are the
/// only keys its template may name (docs/site.md#templates), and a test fails when a
/// template names one it lacks (`ViewModelKeysTests`).
///
/// Mustache gets a model through one conversion, `mustache`: each stored property becomes
/// a key of a dictionary, nested models become dictionaries, lists become arrays. A value
/// that is nil becomes `false`, never an absent key: Mustache looks an absent key up in
/// the enclosing context, so a task row without an owner would show the plan's owner.
///
/// The conversion walks the properties through the compiler-written `encode(to:)`: the
/// same single source as reflection (`Mirror`), without its cost, which doubled the time
/// of a build. Properties hold text, integers, truth values, optionals, lists and view
/// models; keys are never renamed (no `CodingKeys`).
protocol ViewModel: Encodable {
    /// The model with every key at its empty value: the shape a test compares templates with.
    init()
}

/// A view model whose keys join those of the model that holds it, as if declared there:
/// the facts a plan page and its portfolio row share, the site's base values. A key must
/// not be declared twice across a model and its inline parts (`ViewModelKeysTests`).
protocol InlineViewModel: ViewModel {}

extension ViewModel {
    /// The model as a Mustache context: strings, integers, booleans, arrays and
    /// `[String: Any]`, which swift-mustache reads without reflection.
    var mustache: [String: Any] {
        let encoder = MustacheEncoder()
        // Nothing in MustacheEncoder throws, and view models encode with the compiler's code.
        try? encode(to: encoder)
        return encoder.keys
    }
}

/// Turns a view model into the values Mustache reads (`ViewModel.mustache`).
fileprivate final class MustacheEncoder: Encoder {
    /// What a keyed container wrote.
    var keys: [String: Any] = [:]
    /// What an unkeyed container wrote.
    var items: [Any] = []
    /// What a single-value container wrote (an optional in a list).
    var single: Any = false
    private var shape = Shape.keyed

    private enum Shape { case keyed, unkeyed, single }

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        shape = .keyed
        // Most models have a dozen keys or more: grow once, not four times.
        if keys.isEmpty { keys.reserveCapacity(16) }
        return KeyedEncodingContainer(Keyed<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        shape = .unkeyed
        return Unkeyed(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        shape = .single
        return Single(encoder: self)
    }

    /// A value as Mustache reads it.
    static func value<T: Encodable>(_ value: T) -> Any {
        // Compared as types, not cast: most values here are lists and models.
        if T.self == [String].self || T.self == String.self || T.self == Int.self || T.self == Bool.self {
            return value
        }
        let encoder = MustacheEncoder()
        try? value.encode(to: encoder)
        switch encoder.shape {
        case .keyed: return encoder.keys
        case .unkeyed: return encoder.items
        case .single: return encoder.single
        }
    }

    /// Hands Mustache a value converted before (`SharedModel`).
    fileprivate func preconverted(_ keys: [String: Any]) {
        shape = .single
        single = keys
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: MustacheEncoder
        var codingPath: [any CodingKey] { [] }

        private func put(_ value: Any, _ key: Key) { encoder.keys[key.stringValue] = value }

        mutating func encodeNil(forKey key: Key) { put(false, key) }
        mutating func encode(_ value: Bool, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: String, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: Int, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: Double, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: Float, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: Int8, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: Int16, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: Int32, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: Int64, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: UInt, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: UInt8, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: UInt16, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: UInt32, forKey key: Key) { put(value, key) }
        mutating func encode(_ value: UInt64, forKey key: Key) { put(value, key) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) {
            if value is any InlineViewModel {
                // Its keys go into this dictionary, as if the holder declared them.
                try? value.encode(to: encoder)
            } else {
                put(MustacheEncoder.value(value), key)
            }
        }

        // A nil optional is `false`: an absent key would be looked up in the enclosing context.
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) { put(value ?? false, key) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) {
            if let value { encode(value, forKey: key) } else { put(false, key) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            preconditionFailure("view models hold no hand-written encoding")
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            preconditionFailure("view models hold no hand-written encoding")
        }

        mutating func superEncoder() -> any Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let encoder: MustacheEncoder
        var codingPath: [any CodingKey] { [] }
        var count: Int { encoder.items.count }

        mutating func encodeNil() { encoder.items.append(false) }
        mutating func encode<T: Encodable>(_ value: T) { encoder.items.append(MustacheEncoder.value(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            preconditionFailure("view models hold no hand-written encoding")
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            preconditionFailure("view models hold no hand-written encoding")
        }

        mutating func superEncoder() -> any Encoder { encoder }
    }

    private struct Single: SingleValueEncodingContainer {
        let encoder: MustacheEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() { encoder.single = false }
        mutating func encode<T: Encodable>(_ value: T) { encoder.single = MustacheEncoder.value(value) }
    }
}

/// A view model shown in several places, converted for Mustache once: a task row is on
/// its plan's page twice (by phase, by owner) and on its owner's page.
final class SharedModel<Model: ViewModel>: Encodable {
    let model: Model
    private lazy var keys = model.mustache

    init(_ model: Model) { self.model = model }

    func encode(to encoder: any Encoder) throws {
        if let encoder = encoder as? MustacheEncoder {
            encoder.preconverted(keys)
        } else {
            try model.encode(to: encoder)
        }
    }
}

/// What every page shows besides its own keys (`layout.mustache`): the site's title, the
/// path back to the site root (`""` on the portfolio, `"../"` below it) and the day the
/// site describes.
struct SiteBase: InlineViewModel {
    var siteTitle = ""
    var root = ""
    /// `2026-11-24`.
    var today = ""
    /// `24 November 2026`.
    var todayLong = ""
    /// The page's address under `--base-url`: plan pages have one.
    var canonical: String?
}
