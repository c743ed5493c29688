import MapcLSP
import Testing

/// LSP positions against UTF-8 bytes, in all three encodings, and text sync under random
/// incremental edits.
@Suite struct PositionTests {
    // "\t健 📅x" then CRLF: a tab, a 3-byte CJK, a space, a 4-byte emoji, an ASCII letter.
    static let text = "a\t健 📅x\r\nsecond 🆔 id\n\nlast"

    @Test func charactersCountInTheNegotiatedUnit() {
        let bytes = Array(Self.text.utf8)
        let lines = LineIndex(bytes)
        let x = bytes.firstIndex(of: UInt8(ascii: "x"))!
        #expect(lines.position(of: x, in: bytes, encoding: .utf16) == Position(line: 0, character: 6))
        #expect(lines.position(of: x, in: bytes, encoding: .utf32) == Position(line: 0, character: 5))
        #expect(lines.position(of: x, in: bytes, encoding: .utf8) == Position(line: 0, character: 10))
        for encoding in PositionEncoding.allCases {
            let position = lines.position(of: x, in: bytes, encoding: encoding)
            #expect(lines.offset(of: position, in: bytes, encoding: encoding) == x)
        }
        // "id" on line 1, after a 4-byte emoji.
        let id = Array(bytes[(x + 3)...]).firstIndex(of: UInt8(ascii: "i"))! + x + 3
        #expect(lines.position(of: id, in: bytes, encoding: .utf16) == Position(line: 1, character: 10))
    }

    @Test func crlfEndsTheLineBeforeTheCarriageReturn() {
        let bytes = Array(Self.text.utf8)
        let lines = LineIndex(bytes)
        // Past the end of line 0 means its end, before "\r\n".
        let end = lines.offset(of: Position(line: 0, character: 99), in: bytes, encoding: .utf16)
        #expect(bytes[end] == 0x0D)
        #expect(lines.offset(of: Position(line: 1, character: 0), in: bytes, encoding: .utf16) == end + 2)
        #expect(lines.offset(of: Position(line: 9, character: 0), in: bytes, encoding: .utf16) == bytes.count)
    }

    @Test func aPositionInsideACharacterMeansItsStart() {
        let bytes = Array("📅x".utf8)
        let lines = LineIndex(bytes)
        #expect(lines.offset(of: Position(line: 0, character: 1), in: bytes, encoding: .utf16) == 0)
        #expect(lines.offset(of: Position(line: 0, character: 2), in: bytes, encoding: .utf16) == 4)
        #expect(lines.offset(of: Position(line: 0, character: 3), in: bytes, encoding: .utf8) == 0)
    }

    /// The client's side of the property test: text as scalars, positions computed the
    /// plain way, independent of `LineIndex`.
    struct ClientText {
        var scalars: [Unicode.Scalar]

        func units(_ scalar: Unicode.Scalar, _ encoding: PositionEncoding) -> Int {
            switch encoding {
            case .utf8: String(scalar).utf8.count
            case .utf16: scalar.value > 0xFFFF ? 2 : 1
            case .utf32: 1
            }
        }

        /// The position of a scalar index.
        func position(_ index: Int, _ encoding: PositionEncoding) -> Position {
            var line = 0, character = 0
            for scalar in scalars[0..<index] {
                if scalar == "\n" { line += 1; character = 0 } else { character += units(scalar, encoding) }
            }
            return Position(line: line, character: character)
        }

        var text: String { String(String.UnicodeScalarView(scalars)) }
    }

    @Test(arguments: PositionEncoding.allCases)
    func randomIncrementalEditsKeepServerAndClientText(_ encoding: PositionEncoding) {
        var random = SplitMix(seed: 0x5EED + UInt64(encoding.rawValue.count))
        let pieces: [String] = ["a", "b", " ", "\t", "健", "康", "📅", "🆔", "é", "\n", "\r\n", "@li ", "due:2026-12-01",
                                "- [ ] ", "## ", "👩‍💻", "x"]
        var client = ClientText(scalars: Array("---\ntitle: T\n---\n## Tasks\n- [ ] 健康 📅 2026-12-01\r\n".unicodeScalars))
        var server = TextDocument(uri: "file:///t.md", version: 0, text: client.text)
        for step in 1...3000 {
            // A range at scalar boundaries (a real client never splits a character), kept
            // off the middle of a CRLF so both sides agree on where lines end.
            var a = random.next(upTo: client.scalars.count + 1)
            var b = min(client.scalars.count, a + random.next(upTo: 12))
            if a > 0, a < client.scalars.count, client.scalars[a] == "\n", client.scalars[a - 1] == "\r" { a -= 1 }
            if b > 0, b < client.scalars.count, client.scalars[b] == "\n", client.scalars[b - 1] == "\r" { b -= 1 }
            if b < a { b = a }
            var inserted = ""
            for _ in 0..<random.next(upTo: 4) { inserted += pieces[random.next(upTo: pieces.count)] }
            let range = MapcLSP.Range(start: client.position(a, encoding), end: client.position(b, encoding))
            // Sometimes several changes in one notification, sometimes the whole text.
            if step % 500 == 0 {
                client.scalars.replaceSubrange(a..<b, with: Array(inserted.unicodeScalars))
                server.apply([.init(range: nil, text: client.text)], version: step, encoding: encoding)
            } else {
                client.scalars.replaceSubrange(a..<b, with: Array(inserted.unicodeScalars))
                server.apply([.init(range: range, text: inserted)], version: step, encoding: encoding)
            }
            if server.text != client.text {
                Issue.record("step \(step): server and client differ after replacing \(range) with \(inserted.debugDescription)")
                return
            }
        }
        #expect(server.version == 3000)
    }
}

/// A small deterministic random generator, so a failure can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(upTo bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
}
