import MapcLSP
import Testing

/// The base protocol: JSON, Content-Length framing and JSON-RPC messages.
@Suite struct ProtocolTests {
    @Test func jsonRoundTripsWithSortedKeysAndEscapes() throws {
        let text = #"{"b":[1,-2.5,true,false,null],"a":"tab\there \"q\" \\ \u00e9 \ud83d\udcc5 \u0001"}"#
        let value = try JSON.parse(text)
        #expect(value["a"]?.string == "tab\there \"q\" \\ é 📅 \u{1}")
        #expect(value["b"]?.array?.count == 5)
        #expect(value.text == #"{"a":"tab\there \"q\" \\ é 📅 \u0001","b":[1,-2.5,true,false,null]}"#)
        #expect(try JSON.parse(value.text) == value)
    }

    @Test func jsonRefusesWhatIsNotJSON() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"open", "01x", "{\"a\":1}}", "\"\u{1}\""] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSON.parse(bad) }
        }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSON.parse(deep) }
    }

    @Test func framesSplitAnywhereAreReassembled() {
        let bodies = [#"{"jsonrpc":"2.0","method":"a"}"#, #"{"x":"健康 📅"}"#, "{}"]
        var stream: [UInt8] = []
        for body in bodies { stream += frame(Array(body.utf8)) }
        // Every split point, and a Content-Type header too.
        stream = Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n".utf8) + stream
        for split in 0...stream.count {
            var decoder = FrameDecoder()
            var found: [String] = []
            decoder.append(stream[0..<split])
            while case let .message(body)? = decoder.next() { found.append(String(decoding: body, as: UTF8.self)) }
            decoder.append(stream[split...])
            while case let .message(body)? = decoder.next() { found.append(String(decoding: body, as: UTF8.self)) }
            #expect(found == bodies, "split at \(split)")
        }
    }

    @Test func aHeaderWithoutLengthIsReportedAndSkipped() {
        var decoder = FrameDecoder()
        decoder.append(Array("Content-Type: x\r\n\r\n{}".utf8) + frame(Array("{\"ok\":1}".utf8)))
        guard case .malformed? = decoder.next() else { Issue.record("expected malformed"); return }
        #expect(decoder.next() == .message(Array("{\"ok\":1}".utf8)))
        #expect(decoder.next() == nil)
    }

    @Test func messagesAreClassified() throws {
        func decode(_ text: String) -> Result<Message, Message.DecodeFailure> { Message.decode(Array(text.utf8)) }
        #expect(try decode(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).get()
            == .request(id: .number(1), method: "initialize", params: [:]))
        #expect(try decode(#"{"jsonrpc":"2.0","id":"a","method":"shutdown"}"#).get()
            == .request(id: .string("a"), method: "shutdown", params: .null))
        #expect(try decode(#"{"jsonrpc":"2.0","method":"exit"}"#).get() == .notification(method: "exit", params: .null))
        #expect(try decode(#"{"jsonrpc":"2.0","id":3,"result":null}"#).get() == .response(id: .number(3), result: .success(.null)))
        guard case let .failure(notJSON) = decode("{nope") else { Issue.record("accepted"); return }
        #expect(notJSON.error.code == ResponseError.parseError)
        guard case let .failure(notObject) = decode("[1]") else { Issue.record("accepted"); return }
        #expect(notObject.error.code == ResponseError.invalidRequest)
        guard case let .failure(badMethod) = decode(#"{"id":7,"method":3}"#) else { Issue.record("accepted"); return }
        #expect(badMethod.id == .number(7) && badMethod.error.code == ResponseError.invalidRequest)
    }

    @Test func encodingIsNegotiated() {
        #expect(PositionEncoding.negotiate(offered: nil) == .utf16)
        #expect(PositionEncoding.negotiate(offered: ["utf-16"]) == .utf16)
        #expect(PositionEncoding.negotiate(offered: ["utf-32", "utf-16"]) == .utf32)
        #expect(PositionEncoding.negotiate(offered: ["utf-16", "utf-8"]) == .utf8)
    }
}
