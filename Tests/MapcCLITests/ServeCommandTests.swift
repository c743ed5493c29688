import Foundation
import Testing

/// `mapc serve` as a user runs it: the real binary on `--port 0`, its pages fetched over
/// HTTP from 127.0.0.1 (docs/site.md#preview-while-you-write).
@Suite(.serialized) struct ServeCommandTests {
    /// Starts `mapc serve` on a free port; answers it and the port it printed.
    static func start(_ folder: String, _ extra: [String] = []) throws -> (RunningMapc, UInt16) {
        let serve = try RunningMapc(["serve", "plans", "-o", "site", "--port", "0", "--today", "2026-11-24"] + extra, in: folder)
        #expect(serve.waitForOutput { $0.contains("(Ctrl-C to stop)\n") }, "\(serve.stdout)\n\(serve.stderr)")
        let match = try #require(serve.stdout.firstMatch(of: #/serving site/ at http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)/#))
        return (serve, try #require(UInt16(match.1)))
    }

    @Test func servesTheSiteAndReloadsOpenPagesAfterARebuild() throws {
        let folder = CLI.temporaryDirectory()
        TestWorkspace.plans(in: folder, count: 3)
        let (serve, port) = try Self.start(folder)
        let index = try HTTPProbe.request(port, "/")
        #expect(index.status == 200)
        #expect(index.headers["content-type"] == "text/html; charset=utf-8")
        #expect(index.headers["cache-control"] == "no-store")
        #expect(index.body.contains("<script data-mapc-serve>"))
        #expect(index.headers["content-length"] == String(index.body.utf8.count))
        // The files built stay free of scripts: the snippet exists only in what is served.
        let onDisk = try String(contentsOfFile: folder + "/site/index.html", encoding: .utf8)
        #expect(!onDisk.contains("<script"))
        #expect(index.body.replacing(#/<script data-mapc-serve>[^<]*</script>\n/#, with: "") == onDisk)

        let page = try HTTPProbe.request(port, "/plans/plan-0.html")
        #expect(page.status == 200 && page.body.contains("Plan 0 v0"))
        let version = try #require(page.body.firstMatch(of: #/reload\?site=([a-z0-9.]+)"/#)).1
        // An open page listens for the reload event (as its EventSource does).
        let events = try HTTPProbe.connect(port)
        defer { close(events) }
        HTTPProbe.send(events, "GET /__mapc/reload?site=\(version) HTTP/1.1\r\nHost: localhost:\(port)\r\n\r\n")
        let opening = HTTPProbe.read(events, until: ": mapc serve\n\n")
        #expect(opening.contains("content-type: text/event-stream") || opening.contains("Content-Type: text/event-stream"))
        #expect(!opening.contains("event: reload"))

        CLI.write(TestWorkspace.plan(0, variant: 1), to: folder + "/plans/plan-0.md")
        let reload = HTTPProbe.read(events, until: "event: reload\n")
        #expect(reload.contains("event: reload\ndata: "), "\(reload)")
        #expect(serve.stdout.contains("changed: plans/plan-0.md\n"))
        let changed = try HTTPProbe.request(port, "/plans/plan-0.html")
        #expect(changed.body.contains("Plan 0 v1") && changed.body.contains("<script data-mapc-serve>"))
        #expect(!changed.body.contains("site=\(version)\""), "the page now carries the new version")
        let changedOnDisk = try String(contentsOfFile: folder + "/site/plans/plan-0.html", encoding: .utf8)
        #expect(!changedOnDisk.contains("<script"))
        // A page of the old version that connects late reloads at once.
        let late = try HTTPProbe.connect(port)
        defer { close(late) }
        HTTPProbe.send(late, "GET /__mapc/reload?site=\(version) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        #expect(HTTPProbe.read(late, until: "event: reload\n").contains("event: reload"))

        let before = TestWorkspace.listing(folder)
        let outcome = serve.stop(SIGINT)
        #expect(outcome.status == 130 && !outcome.signalled)
        #expect(outcome.err.contains("mapc: interrupted; nothing was left half-written"))
        #expect(TestWorkspace.listing(folder) == before, "nothing left beside the site")
    }

    @Test func onlyTheSiteIsServedAndOnlyToThisMachine() throws {
        let folder = CLI.temporaryDirectory()
        TestWorkspace.plans(in: folder, count: 2)
        CLI.write("secret\n", to: folder + "/secret.txt")
        let (serve, port) = try Self.start(folder)
        defer { _ = serve.stop(SIGTERM) }
        // Links put into the site after the build (mapc's sites hold none) are not followed.
        try FileManager.default.createSymbolicLink(atPath: folder + "/site/leak.txt", withDestinationPath: "../secret.txt")
        try FileManager.default.createSymbolicLink(atPath: folder + "/site/up", withDestinationPath: "..")
        for path in ["/leak.txt", "/up/secret.txt", "/up/", "/up/plans/plan-0.md"] {
            let response = try HTTPProbe.request(port, path)
            #expect(response.status == 404 && !response.body.contains("secret\n"), "\(path): \(response.status)")
        }
        for path in ["/../secret.txt", "/plans/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/secret.txt",
                     "/plans/%2e%2e%2f%2e%2e%2fsecret.txt", "/..%5csecret.txt", "/%00", "/..", "/%C0%AE%C0%AE/secret.txt"] {
            let response = try HTTPProbe.request(port, path)
            #expect([403, 404].contains(response.status), "\(path): \(response.status)")
            #expect(!response.body.contains("secret\n"), "\(path)")
        }
        // Plans, the marker and the cache are not pages of the site.
        for path in ["/.mapc-site", "/plans/plan-0.md", "/nothing.html", "/people/nobody.html"] {
            #expect(try HTTPProbe.request(port, path).status == 404, "\(path)")
        }
        #expect(try HTTPProbe.request(port, "/../secret.txt").status == 403)
        #expect(try HTTPProbe.request(port, "/style.css").headers["content-type"] == "text/css; charset=utf-8")
        #expect(try HTTPProbe.request(port, "/status.json").headers["content-type"] == "application/json")
        #expect(try HTTPProbe.request(port, "/calendar.ics").headers["content-type"] == "text/calendar; charset=utf-8")
        let style = try HTTPProbe.request(port, "/style.css")
        #expect(!style.body.contains("<script"), "only HTML gets the snippet")
        let head = try HTTPProbe.request(port, "/index.html", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty && Int(head.headers["content-length"] ?? "") ?? 0 > 0)
        let post = try HTTPProbe.request(port, "/index.html", method: "POST")
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")
        #expect(try HTTPProbe.request(port, "/plans").status == 301)
        // A head that is not HTTP/1.x, or too long, gets 400 and the connection closed.
        for raw in ["NONSENSE\r\n\r\n", "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX: " + String(repeating: "a", count: 20_000)] {
            let socket = try HTTPProbe.connect(port)
            defer { close(socket) }
            HTTPProbe.send(socket, raw)
            #expect(HTTPProbe.read(socket).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        }
        // Another host name (DNS rebinding) is refused.
        #expect(try HTTPProbe.request(port, "/", host: "evil.example:\(port)").status == 403)
        #expect(try HTTPProbe.request(port, "/", host: "localhost:\(port)").status == 200)
    }

    @Test func aPortInUseIsAClearErrorBeforeAnyBuild() throws {
        let folder = CLI.temporaryDirectory()
        TestWorkspace.plans(in: folder, count: 1)
        // Hold a port on 127.0.0.1, as another server would.
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(holder, pointer, length) == 0 && listen(holder, 1) == 0 && getsockname(holder, pointer, &length) == 0
            }
        }
        try #require(bound)
        let port = UInt16(bigEndian: address.sin_port)
        let outcome = try Binary.run(["serve", "plans", "-o", "site", "--port", String(port)], in: folder, limit: 30)
        #expect(outcome.status == 2)
        #expect(outcome.err == "mapc: error: port \(port) on 127.0.0.1 is already in use (another `mapc serve`, or another "
                + "program); stop it, or choose another port with `--port N` (`--port 0` picks a free one)\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/site"), "nothing was built")
    }

    @Test func ctrlCDuringARebuildLeavesTheOldSite() throws {
        let folder = CLI.temporaryDirectory()
        TestWorkspace.plans(in: folder, count: 60, tasks: 40)
        // One core: the rebuild of every plan lasts long enough to be interrupted in the middle.
        let serve = try RunningMapc(["serve", "plans", "-o", "site", "--port", "0", "--today", "2026-11-24"], in: folder,
                                    environment: ["MAPC_JOBS": "1"])
        #expect(serve.waitForOutput { $0.contains("(Ctrl-C to stop)\n") }, "\(serve.stderr)")
        let old = TestWorkspace.listing(folder + "/site")
        let oldIndex = try String(contentsOfFile: folder + "/site/index.html", encoding: .utf8)
        // A configuration change renders every plan again: a long rebuild to interrupt.
        CLI.write("site:\n  title: Renamed\n", to: folder + "/plans/mapc.yml")
        #expect(serve.waitForOutput(limit: 10) { $0.contains("changed: plans/mapc.yml") })
        usleep(100_000)
        let outcome = serve.stop(SIGINT)
        #expect(outcome.status == 130 && !outcome.signalled)
        #expect(!outcome.out.contains("rebuilt "), "the signal came during the rebuild: \(outcome.out)")
        #expect(outcome.err.contains("mapc: interrupted; nothing was left half-written"))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.sorted() == ["plans", "site"], "no staging folder is left: \(names)")
        #expect(TestWorkspace.listing(folder + "/site") == old)
        #expect(try String(contentsOfFile: folder + "/site/index.html", encoding: .utf8) == oldIndex)
        // The site is whole: a build from here finds it mapc's own and replaces it.
        let rebuild = try Binary.run(["build", "plans", "-o", "site", "--today", "2026-11-24"], in: folder)
        #expect(rebuild.status == 0, "\(rebuild.err)")
    }

    /// A rebuild that fails leaves the served site as it was and reloads no page; the
    /// next one that succeeds does.
    @Test func aFailedRebuildReloadsNothing() throws {
        let folder = CLI.temporaryDirectory()
        TestWorkspace.plans(in: folder, count: 2)
        CLI.write("body { color: black; }\n", to: folder + "/templates/style.css")
        let (serve, port) = try Self.start(folder, ["--templates", "templates"])
        defer { _ = serve.stop(SIGTERM) }
        let page = try HTTPProbe.request(port, "/plans/plan-0.html")
        let version = try #require(page.body.firstMatch(of: #/reload\?site=([a-z0-9.]+)"/#)).1
        let events = try HTTPProbe.connect(port)
        defer { close(events) }
        HTTPProbe.send(events, "GET /__mapc/reload?site=\(version) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        #expect(HTTPProbe.read(events, until: ": mapc serve\n\n").hasPrefix("HTTP/1.1 200 OK\r\n"))
        CLI.write("{{#broken}}\n", to: folder + "/templates/plan.mustache")
        #expect(serve.waitForOutput(limit: 10) { _ in serve.stderr.contains("the site was left as it was") })
        #expect(try HTTPProbe.request(port, "/plans/plan-0.html").body == page.body, "the same site, the same version")
        try FileManager.default.removeItem(atPath: folder + "/templates/plan.mustache")
        // Only now does the open page hear of a new site (the read ends at the first event).
        let event = HTTPProbe.read(events, until: "\n\n")
        #expect(event.hasPrefix("event: reload\ndata: ") && serve.count("rebuilt ") == 1, "\(event)")
    }

    /// A server with no request and no change wakes no thread of its own; SIGTERM ends it
    /// like Ctrl-C (exit 143), with nothing left beside the site.
    @Test func idleCostsNothingAndSIGTERMEndsIt() throws {
        let folder = CLI.temporaryDirectory()
        TestWorkspace.plans(in: folder, count: 2)
        let (serve, port) = try Self.start(folder)
        #expect(try HTTPProbe.request(port, "/").status == 200)
        usleep(300_000)
        let (ticks, switches) = (serve.cpuTicks, serve.mainThreadSwitches)
        sleep(2)
        #expect(ticks >= 0 && serve.cpuTicks - ticks <= 1, "\(serve.cpuTicks - ticks) ticks of CPU in 2 s of idling")
        #expect(switches >= 0 && serve.mainThreadSwitches == switches, "the watching thread woke while idle")
        let before = TestWorkspace.listing(folder)
        let outcome = serve.stop(SIGTERM)
        #expect(outcome.status == 143 && !outcome.signalled)
        #expect(outcome.err.hasSuffix("mapc: terminated; nothing was left half-written\n"), "\(outcome.err)")
        #expect(TestWorkspace.listing(folder) == before)
    }
}
