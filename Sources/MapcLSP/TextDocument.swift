/// An open document's text as the server holds it: UTF-8 bytes, a version and a line table.
public struct TextDocument: Sendable {
    public let uri: String
    public private(set) var version: Int
    public private(set) var bytes: [UInt8]
    public private(set) var lines: LineIndex

    public init(uri: String, version: Int, text: String) {
        self.uri = uri
        self.version = version
        bytes = Array(text.utf8)
        lines = LineIndex(bytes)
    }

    /// The text as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// One `TextDocumentContentChangeEvent`: a range and its new text, or the whole text.
    public struct Change: Sendable {
        public var range: Range?
        public var text: String

        public init(range: Range?, text: String) {
            self.range = range
            self.text = text
        }

        public init?(_ json: JSON) {
            guard let text = json["text"]?.string else { return nil }
            if let raw = json["range"], !raw.isNull {
                guard let range = Range(raw) else { return nil }
                self.init(range: range, text: text)
            } else {
                self.init(range: nil, text: text)
            }
        }
    }

    /// Applies changes in order (each one's range refers to the text after the previous one).
    public mutating func apply(_ changes: [Change], version: Int, encoding: PositionEncoding) {
        for change in changes {
            guard let range = change.range else {
                bytes = Array(change.text.utf8)
                lines = LineIndex(bytes)
                continue
            }
            let start = lines.offset(of: range.start, in: bytes, encoding: encoding)
            let end = max(start, lines.offset(of: range.end, in: bytes, encoding: encoding))
            bytes.replaceSubrange(start..<end, with: change.text.utf8)
            lines = LineIndex(bytes)
        }
        self.version = version
    }

    /// The position of a byte offset.
    public func position(of offset: Int, encoding: PositionEncoding) -> Position {
        lines.position(of: offset, in: bytes, encoding: encoding)
    }

    /// The byte offset of a position.
    public func offset(of position: Position, encoding: PositionEncoding) -> Int {
        lines.offset(of: position, in: bytes, encoding: encoding)
    }

    /// A byte range as an LSP range.
    public func range(_ start: Int, _ end: Int, encoding: PositionEncoding) -> Range {
        lines.range(of: start, end, in: bytes, encoding: encoding)
    }
}
