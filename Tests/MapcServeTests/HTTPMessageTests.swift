import Testing
@testable import MapcServe

/// The request heads the preview server reads, and what it answers to heads it cannot
/// read or must not answer (docs/site.md#preview-while-you-write).
@Suite struct HTTPMessageTests {
    static func head(_ text: String) -> HTTPRequestHead? { HTTPRequestHead(Array(text.utf8)) }

    @Test func aBrowsersRequestHead() throws {
        let text = "GET /plans/a%20b.html?site=k3.2&x=1 HTTP/1.1\r\nHost: localhost:8765\r\nUser-Agent:  x \r\n\r\n"
        #expect(HTTPRequestHead.end(in: Array(text.utf8)) == text.utf8.count)
        #expect(HTTPRequestHead.end(in: Array(text.utf8.dropLast())) == nil)
        let request = try #require(Self.head(text))
        #expect(request.method == "GET" && request.path == "/plans/a%20b.html" && request.query == "site=k3.2&x=1")
        #expect(request.headers == ["host": "localhost:8765", "user-agent": "x"])
        #expect(request.queryValue("site") == "k3.2" && request.queryValue("s") == nil)
    }

    @Test func headsThatAreNotReadable() {
        for text in ["GET /a HTTP/2\r\n\r\n", "GET http://evil/a HTTP/1.1\r\n\r\n", "GET /a\r\n\r\n", "\r\n\r\n",
                     "GET /a HTTP/1.1\r\nno colon\r\n\r\n", "GET  /a HTTP/1.1\r\n\r\n"] {
            #expect(Self.head(text) == nil, "\(text)")
        }
    }

    @Test func whatTheServerAnswersWithoutReadingTheSite() throws {
        let server = PreviewServer(folder: "/nonexistent")
        func status(_ answer: PreviewServer.Answer) -> Int? {
            if case let .response(head, _) = answer { return head.status }
            return nil
        }
        #expect(status(server.respond(to: nil)) == 400)
        // The port is 0 before `start`: only Host 127.0.0.1:0 or localhost:0 is this server.
        #expect(status(server.respond(to: Self.head("GET / HTTP/1.1\r\n\r\n"))) == 403)
        #expect(status(server.respond(to: Self.head("GET / HTTP/1.1\r\nHost: 127.0.0.1.evil.example:0\r\n\r\n"))) == 403)
        #expect(status(server.respond(to: Self.head("DELETE / HTTP/1.1\r\nHost: localhost:0\r\n\r\n"))) == 405)
        #expect(status(server.respond(to: Self.head("GET /%2e%2e/x HTTP/1.1\r\nHost: localhost:0\r\n\r\n"))) == 403)
        #expect(status(server.respond(to: Self.head("GET / HTTP/1.1\r\nHost: 127.0.0.1:0\r\n\r\n"))) == 404)
        guard case let .events(_, known) = server.respond(to: Self.head("GET /__mapc/reload?site=v.3 HTTP/1.1\r\nHost: localhost:0\r\n\r\n"))
        else { Issue.record("not a reload stream"); return }
        #expect(known == "v.3")
        let bytes = String(decoding: HTTPResponseHead(status: 301, headers: [("Location", "/plans/")]).bytes, as: UTF8.self)
        #expect(bytes == "HTTP/1.1 301 Moved Permanently\r\nLocation: /plans/\r\nConnection: close\r\n\r\n")
    }
}
