import MapcLSP

/// The requests the server answers beyond the lifecycle and diagnostics, and the
/// capabilities it declares for them: one table, so a provider is declared exactly when
/// it is answered.
enum Features {
    typealias Handler = (LanguageServer, JSON) -> Result<JSON, ResponseError>

    static func handler(_ method: String) -> Handler? {
        switch method {
        case "textDocument/completion": { $0.completion($1) }
        case "textDocument/hover": { $0.hover($1) }
        case "textDocument/definition": { $0.definition($1) }
        case "textDocument/references": { $0.references($1) }
        case "textDocument/documentHighlight": { $0.documentHighlight($1) }
        case "textDocument/documentSymbol": { $0.documentSymbols($1) }
        case "workspace/symbol": { $0.workspaceSymbols($1) }
        case "textDocument/foldingRange": { $0.foldingRanges($1) }
        case "textDocument/prepareRename": { $0.prepareRename($1) }
        case "textDocument/rename": { $0.rename($1) }
        case "textDocument/codeAction": { $0.codeActions($1) }
        default: nil
        }
    }

    static func capabilities(_ server: LanguageServer) -> JSON {
        [
            "positionEncoding": .string(server.encoding.rawValue),
            "textDocumentSync": ["openClose": true, "change": .int(server.advertisedSync), "save": ["includeText": false]],
            "diagnosticProvider": ["identifier": "mapc", "interFileDependencies": true, "workspaceDiagnostics": false],
            "completionProvider": ["triggerCharacters": ["@", ":", ",", " "], "resolveProvider": false],
            "hoverProvider": true,
            "definitionProvider": true,
            "referencesProvider": true,
            "documentHighlightProvider": true,
            "documentSymbolProvider": true,
            "workspaceSymbolProvider": true,
            "foldingRangeProvider": true,
            "renameProvider": ["prepareProvider": true],
            "codeActionProvider": ["codeActionKinds": ["quickfix", "refactor.rewrite", "source.fixAll.mapc"]],
        ]
    }
}
