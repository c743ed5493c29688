#if canImport(Glibc)
import Glibc
#endif
import MapcBuild
import MapcCheck
import MapcLSP
import MapcModel
import MapcSource

/// How `mapc lsp` was started (docs/editors.md).
public struct ServerOptions: Sendable {
    /// `--today` or `MAPC_TODAY`; else mapc.yml's `today:`, else the system date.
    public var today: Day?
    /// `--config`; else `mapc.yml` found from the workspace root upwards.
    public var configPath: String?
    /// How long the document must be still before diagnostics are pushed, in seconds.
    public var debounce: Double
    /// The folder to use when the client names none.
    public var fallbackRoot: String

    public init(today: Day?, configPath: String?, debounce: Double = 0.075, fallbackRoot: String = ".") {
        self.today = today
        self.configPath = configPath
        self.debounce = debounce
        self.fallbackRoot = fallbackRoot
    }
}

/// The language server: a reader thread takes messages off standard input into the inbox;
/// this worker answers them in order, applies edits at once and checks documents when
/// they have been still for `debounce` (docs/editors.md#how-it-behaves).
public final class LanguageServer: @unchecked Sendable {
    let options: ServerOptions
    let writer: FrameWriter
    let inbox = Inbox()

    // Everything below is touched by the worker thread only.
    var state = Lifecycle.uninitialized
    var encoding = PositionEncoding.utf16
    var client = ClientFeatures()
    var root = "."
    var configuration = Configuration()
    var configurationPath: String?
    var configurationProblems: [(line: Int, column: Int, message: String)] = []
    /// Bumped whenever mapc.yml changes: every analysis made before is stale.
    var generation = 0
    var documents: [String: OpenDocument] = [:]
    var workspace = WorkspaceIndex()
    var nextOutgoingID = 1
    var advertisedSync = 2
    var debounce: Double

    enum Lifecycle { case uninitialized, running, shuttingDown }

    /// What the client said it can do, as far as the server cares.
    struct ClientFeatures {
        var pullsDiagnostics = false
        var refreshesDiagnostics = false
        var watchesFilesDynamically = false
        var snippets = false
        var hierarchicalSymbols = true
        var markdownHover = true
    }

    /// A document the editor has open.
    struct OpenDocument {
        var document: TextDocument
        /// The path shown in messages: relative to the workspace root when inside it.
        var path: String
        var analysis: Analysis?
        var analyzed: (version: Int, generation: Int)?
        /// When a change arrived that is not yet in the pushed diagnostics.
        var pendingSince: Double?
        /// When to push diagnostics, once the document has been still.
        var deadline: Double?
        var lastPlanID: String?
    }

    public init(options: ServerOptions, output: Int32) {
        self.options = options
        writer = FrameWriter(descriptor: output)
        debounce = options.debounce
    }

    /// Serves until `exit` or the end of input; returns the process exit code
    /// (0 after `shutdown`, 1 otherwise, as LSP asks).
    public func run(input: Int32) -> Int32 {
        let inbox = inbox
        startThread {
            var reader = FrameReader(descriptor: input)
            while let frame = reader.next() {
                switch frame {
                case let .malformed(reason):
                    inbox.post(.malformed(nil, ResponseError(code: ResponseError.parseError, message: reason)))
                case let .message(body):
                    switch Message.decode(body) {
                    case let .success(.notification(method, params)) where method == "$/cancelRequest":
                        if let id = RequestID(params["id"]) { inbox.cancel(id) }
                    case let .success(message):
                        inbox.post(.message(message))
                    case let .failure(failure):
                        inbox.post(.malformed(failure.id, failure.error))
                    }
                }
            }
            inbox.post(.endOfInput)
        }
        return serve()
    }

    /// The worker loop.
    func serve() -> Int32 {
        while true {
            let deadline = documents.values.compactMap(\.deadline).min()
            for item in inbox.take(until: deadline) {
                if let code = handle(item) { return code }
            }
            if writer.isBroken { return 1 }
            publishDue()
        }
    }

    /// Handles one item; an exit code ends the server.
    func handle(_ item: InboxItem) -> Int32? {
        switch item {
        case .endOfInput:
            return state == .shuttingDown ? 0 : 1
        case let .malformed(id, error):
            send(.response(id: id, result: .failure(error)))
        case let .indexed(index):
            // The plans on disk are known now: a finding across files may appear.
            let before = documents.mapValues { workspaceSays($0) }
            workspace = index
            let changed = documents.keys.filter { before[$0] != workspaceSays(documents[$0]!) }
            if !changed.isEmpty { refresh(changed) }
        case let .message(.notification(method, params)):
            if method == "exit" { return state == .shuttingDown ? 0 : 1 }
            guard state == .running else { return nil }
            notification(method, params)
        case let .message(.request(id, method, params)):
            if inbox.claimCancellation(id) {
                send(.response(id: id, result: .failure(ResponseError(code: ResponseError.requestCancelled,
                                                                       message: "the request was cancelled"))))
                return nil
            }
            send(.response(id: id, result: request(method, params)))
        case .message(.response):
            break  // answers to registerCapability and refresh: nothing to do
        }
        return nil
    }

    // MARK: - Requests

    func request(_ method: String, _ params: JSON) -> Result<JSON, ResponseError> {
        switch state {
        case .uninitialized where method != "initialize":
            return .failure(ResponseError(code: ResponseError.serverNotInitialized,
                                          message: "the server is not initialized: send `initialize` first"))
        case .running where method == "initialize", .shuttingDown where method == "initialize":
            return .failure(ResponseError(code: ResponseError.invalidRequest, message: "the server is already initialized"))
        case .shuttingDown where method != "shutdown":
            return .failure(ResponseError(code: ResponseError.invalidRequest, message: "the server is shutting down"))
        default: break
        }
        switch method {
        case "initialize": return .success(initialize(params))
        case "shutdown":
            state = .shuttingDown
            return .success(.null)
        case "textDocument/diagnostic": return pullDiagnostics(params)
        case "mapc/documentText": return documentText(params)
        default:
            if let feature = Features.handler(method) { return feature(self, params) }
            return .failure(ResponseError(code: ResponseError.methodNotFound, message: "mapc lsp does not answer `\(method)`"))
        }
    }

    /// Not part of LSP, and not declared: the text and version the server holds for an open
    /// document, so a test can check that incremental sync ends where the client's text is.
    func documentText(_ params: JSON) -> Result<JSON, ResponseError> {
        guard let uri = params["textDocument"]?["uri"]?.string, let open = documents[uri] else {
            return .failure(ResponseError(code: ResponseError.invalidParams, message: "no such open document"))
        }
        return .success(["version": .int(open.document.version), "text": .string(open.document.text)])
    }

    func initialize(_ params: JSON) -> JSON {
        let capabilities = params["capabilities"] ?? .null
        let offered = capabilities["general"]?["positionEncodings"]?.array?.compactMap(\.string)
        encoding = PositionEncoding.negotiate(offered: offered)
        client.pullsDiagnostics = capabilities["textDocument"]?["diagnostic"] != nil
        client.refreshesDiagnostics = capabilities["workspace"]?["diagnostics"]?["refreshSupport"]?.bool ?? false
        client.watchesFilesDynamically =
            capabilities["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"]?.bool ?? false
        client.snippets = capabilities["textDocument"]?["completion"]?["completionItem"]?["snippetSupport"]?.bool ?? false
        client.hierarchicalSymbols =
            capabilities["textDocument"]?["documentSymbol"]?["hierarchicalDocumentSymbolSupport"]?.bool ?? false
        let hoverFormats = capabilities["textDocument"]?["hover"]?["contentFormat"]?.array?.compactMap(\.string)
        client.markdownHover = hoverFormats.map { $0.contains("markdown") } ?? true
        let initialization = params["initializationOptions"] ?? .null
        if let milliseconds = initialization["debounceMs"]?.int, milliseconds >= 0 { debounce = Double(milliseconds) / 1000 }
        if initialization["sync"]?.string == "full" { advertisedSync = 1 }

        if let uri = params["workspaceFolders"]?.array?.first?["uri"]?.string ?? params["rootUri"]?.string,
           let path = Paths.path(fromURI: uri)
        {
            root = path
        } else if let path = params["rootPath"]?.string {
            root = path
        } else {
            root = options.fallbackRoot
        }
        if let real = FileSystem.realPath(root) { root = real }
        loadConfiguration()
        state = .running
        return [
            "capabilities": Features.capabilities(self),
            "serverInfo": ["name": "mapc", "version": .string(MapcVersion.current)],
        ]
    }

    // MARK: - Notifications

    func notification(_ method: String, _ params: JSON) {
        switch method {
        case "initialized":
            if client.watchesFilesDynamically {
                sendRequest("client/registerCapability", ["registrations": [[
                    "id": "mapc-watched-files", "method": "workspace/didChangeWatchedFiles",
                    "registerOptions": ["watchers": [["globPattern": "**/mapc.yml"], ["globPattern": "**/*.md"]]],
                ]]])
            }
            startIndexing()
        case "textDocument/didOpen":
            guard let item = params["textDocument"], let uri = item["uri"]?.string,
                  let text = item["text"]?.string else { return }
            let document = TextDocument(uri: uri, version: item["version"]?.int ?? 0, text: text)
            documents[uri] = OpenDocument(document: document, path: path(of: uri))
            checkSoon(uri, immediately: true)
        case "textDocument/didChange":
            guard let uri = params["textDocument"]?["uri"]?.string, var open = documents[uri] else { return }
            let changes = (params["contentChanges"]?.array ?? []).compactMap(TextDocument.Change.init)
            open.document.apply(changes, version: params["textDocument"]?["version"]?.int ?? open.document.version + 1,
                                encoding: encoding)
            documents[uri] = open
            checkSoon(uri, immediately: false)
        case "textDocument/didSave":
            guard let uri = params["textDocument"]?["uri"]?.string, documents[uri] != nil else { return }
            checkSoon(uri, immediately: true)
        case "textDocument/didClose":
            guard let uri = params["textDocument"]?["uri"]?.string else { return }
            documents[uri] = nil
            if !client.pullsDiagnostics {
                sendNotification("textDocument/publishDiagnostics", ["uri": .string(uri), "diagnostics": []])
            }
        case "workspace/didChangeWatchedFiles":
            watchedFilesChanged(params["changes"]?.array ?? [])
        default:
            break  // $/setTrace, workspace/didChangeConfiguration…: nothing to do
        }
    }

    /// The document's path as messages show it.
    func path(of uri: String) -> String {
        guard let path = Paths.path(fromURI: uri) else { return uri }
        return Paths.relative(path, to: root)
    }

    /// Marks a document for checking: now (open, save) or when it has been still (change).
    func checkSoon(_ uri: String, immediately: Bool) {
        guard var open = documents[uri] else { return }
        let now = Clock.now
        if open.pendingSince == nil { open.pendingSince = now }
        open.deadline = immediately ? now : now + debounce
        documents[uri] = open
    }

    /// Pushes the diagnostics of every document that has been still long enough. While
    /// changes keep coming they wait, but never more than half a second.
    func publishDue() {
        let now = Clock.now
        let busy = !inbox.isEmpty
        for (uri, open) in documents {
            guard let deadline = open.deadline, deadline <= now else { continue }
            if busy, let since = open.pendingSince, now - since < 0.5 { continue }
            documents[uri]?.deadline = nil
            documents[uri]?.pendingSince = nil
            publish(uri)
        }
    }

    /// Sends a document's diagnostics (push), or tells a pulling client to ask again.
    func publish(_ uri: String) {
        guard !client.pullsDiagnostics else { return }
        guard let open = documents[uri] else { return }
        let items = diagnostics(uri)
        sendNotification("textDocument/publishDiagnostics",
                         ["uri": .string(uri), "version": .int(open.document.version), "diagnostics": .array(items)])
    }

    /// After mapc.yml or another plan changed: every open document again.
    func refreshAll() { refresh(Array(documents.keys)) }

    /// Checks documents again now (push), or asks a pulling client to ask again.
    func refresh(_ uris: [String]) {
        if client.pullsDiagnostics {
            if client.refreshesDiagnostics { sendRequest("workspace/diagnostic/refresh", .null) }
            return
        }
        for uri in uris { checkSoon(uri, immediately: true) }
    }

    /// What the workspace rules say of the document, if it has been analysed: compared
    /// before and after the plans on disk are read.
    func workspaceSays(_ open: OpenDocument) -> [String] {
        guard let analysis = open.analysis else { return [] }
        return workspaceFindings(open, analysis, workspacePlans(open, analysis)).map { "\($0.rule) \($0.range) \($0.message)" }
    }

    // MARK: - Analysis

    /// The document's analysis for its current text and configuration.
    func analysis(_ uri: String) -> Analysis? {
        guard var open = documents[uri] else { return nil }
        if let analysis = open.analysis, let key = open.analyzed,
           key.version == open.document.version, key.generation == generation
        {
            return analysis
        }
        let analysis = Analysis(path: open.path, bytes: open.document.bytes, configuration: configuration, today: today)
        open.analysis = analysis
        open.analyzed = (open.document.version, generation)
        let id = analysis.plan?.id.value
        let idChanged = open.lastPlanID != id
        open.lastPlanID = id
        documents[uri] = open
        if idChanged {
            // Another open plan may gain or lose a cross-file duplicate-id.
            for other in documents.keys where other != uri && documents[other]?.deadline == nil {
                checkSoon(other, immediately: true)
            }
        }
        return analysis
    }

    /// The analysis as it was last made, even if the text moved on since (completion
    /// only needs the plan's names, and those rarely change with a keystroke).
    func recentAnalysis(_ uri: String) -> Analysis? {
        documents[uri]?.analysis ?? analysis(uri)
    }

    /// "Today": `--today`/`MAPC_TODAY`, else mapc.yml, else the system date.
    var today: Day {
        options.today ?? configuration.today ?? Day.systemToday
    }

    // MARK: - Configuration and watched files

    func loadConfiguration() {
        configurationProblems = []
        configuration = Configuration()
        configurationPath = options.configPath ?? Workspace.findConfiguration(from: root)
        generation += 1
        guard let path = configurationPath else { return }
        guard case let .success(bytes) = FileSystem.read(path, FileSystem.ReadPolicy(limit: 1 << 20)) else {
            configurationProblems = [(1, 1, "cannot read the configuration")]
            return
        }
        do {
            configuration = try Configuration.parse(String(decoding: bytes, as: UTF8.self), path: path)
        } catch {
            configurationProblems = error.items.map { ($0.line, $0.column, $0.message) }
        }
    }

    /// Shows mapc.yml's problems on mapc.yml itself (or clears them).
    func publishConfigurationProblems() {
        guard let path = configurationPath else { return }
        let absolute = path.hasPrefix("/") ? path : FileSystem.join(root, path)
        let items: [JSON] = configurationProblems.map { problem in
            let position = Position(line: max(0, problem.line - 1), character: max(0, problem.column - 1))
            return ["range": MapcLSP.Range(start: position, end: position).json, "severity": 1, "source": "mapc",
                    "message": .string(problem.message)]
        }
        sendNotification("textDocument/publishDiagnostics", ["uri": .string(Paths.uri(fromPath: absolute)),
                                                             "diagnostics": .array(items)])
    }

    func watchedFilesChanged(_ changes: [JSON]) {
        var configurationChanged = false
        var plansChanged = false
        for change in changes {
            guard let uri = change["uri"]?.string, let path = Paths.path(fromURI: uri) else { continue }
            if path.hasSuffix("/mapc.yml") || path == "mapc.yml" {
                configurationChanged = true
            } else if PlanFiles.isMarkdown(path) {
                let relative = Paths.relative(path, to: root)
                let read = FileSystem.read(path, FileSystem.ReadPolicy(limit: configuration.limits.fileSize,
                                                                       followLinks: false, regularOnly: true))
                if case let .success(bytes) = read {
                    let analysis = Analysis(path: relative, bytes: bytes, configuration: configuration, today: today)
                    workspace.plans[relative] = analysis.plan.map {
                        IndexedPlan(plan: $0, bytes: bytes, analysis: analysis, encoding: encoding)
                    }
                } else {
                    workspace.plans[relative] = nil
                }
                plansChanged = true
            }
        }
        if configurationChanged {
            loadConfiguration()
            publishConfigurationProblems()
        }
        if configurationChanged || plansChanged { refreshAll() }
    }

    /// Reads the workspace's plans on another thread; the worker goes on answering.
    func startIndexing() {
        let root = root, configuration = configuration, today = today, encoding = encoding, inbox = inbox
        if !configurationProblems.isEmpty { publishConfigurationProblems() }
        startThread {
            let index = WorkspaceIndex.build(root: root, configuration: configuration, today: today, encoding: encoding)
            inbox.post(.indexed(index))
        }
    }

    // MARK: - Sending

    func send(_ message: Message) {
        writer.send(message.encoded())
    }

    func sendNotification(_ method: String, _ params: JSON) {
        send(.notification(method: method, params: params))
    }

    func sendRequest(_ method: String, _ params: JSON) {
        let id = RequestID.string("mapc-\(nextOutgoingID)")
        nextOutgoingID += 1
        send(.request(id: id, method: method, params: params))
    }
}
