/// Who a stakeholder row is across plans (docs/site.md#people).
///
/// Handles are per plan: two plans may both write `@tom` for two different people. A
/// person is therefore a handle *and* a name: same handle and same name (case, spacing
/// and punctuation aside) is one person; the same handle with different names is two,
/// unless `mapc.yml` declares the handle as one of the organisation's people.
public enum PersonIdentity {
    /// The name as compared; "" when the row has none.
    public static func nameKey(_ name: String?) -> String { name.map(derivedID) ?? "" }

    /// A stakeholder's identity: its handle's key and its name's key.
    public static func key(_ stakeholder: Stakeholder) -> String {
        key(handleKey: stakeholder.handle.value.key, nameKey: nameKey(stakeholder.name))
    }

    public static func key(handleKey: String, nameKey: String) -> String { handleKey + "\u{1}" + nameKey }

    /// The two halves of `key(handleKey:nameKey:)`.
    public static func split(_ identity: String) -> (handleKey: String, nameKey: String) {
        guard let separator = identity.firstIndex(of: "\u{1}") else { return (identity, "") }
        return (String(identity[..<separator]), String(identity[identity.index(after: separator)...]))
    }

    /// The person each identity belongs to, as `(handleKey, nameKey)` with nameKey "" when
    /// the handle is one person: declared in `mapc.yml`, or written with at most one name
    /// (a row without a name joins the named one). Linear in the identities.
    public static func people(_ identities: some Sequence<String>, declared: Set<String>) -> [String: Person] {
        var namesByHandle: [String: Set<String>] = [:]
        var all: [(String, String, String)] = []
        for identity in identities {
            let (handle, name) = split(identity)
            all.append((identity, handle, name))
            if !name.isEmpty { namesByHandle[handle, default: []].insert(name) }
        }
        var result: [String: Person] = [:]
        for (identity, handle, name) in all {
            let shared = declared.contains(handle) || (namesByHandle[handle]?.count ?? 0) <= 1
            result[identity] = Person(handleKey: handle, nameKey: shared ? "" : name)
        }
        return result
    }

    /// One person: a handle, and the name that tells them apart when the handle is shared.
    public struct Person: Hashable, Sendable {
        public var handleKey: String
        /// "" when the handle alone names them.
        public var nameKey: String

        public init(handleKey: String, nameKey: String) {
            self.handleKey = handleKey
            self.nameKey = nameKey
        }
    }
}
