import MapcLSP

/// The requests the server answers beyond the lifecycle, and the capabilities it declares
/// for them: one table, so a provider is declared exactly when it is answered.
enum Features {
    typealias Handler = (LanguageServer, JSON) -> Result<JSON, ResponseError>

    static func handler(_ method: String) -> Handler? {
        switch method {
        default: nil
        }
    }

    static func capabilities(_ server: LanguageServer) -> JSON {
        var capabilities: [String: JSON] = [
            "positionEncoding": .string(server.encoding.rawValue),
            "textDocumentSync": ["openClose": true, "change": .int(server.advertisedSync), "save": ["includeText": false]],
            "diagnosticProvider": ["identifier": "mapc", "interFileDependencies": true, "workspaceDiagnostics": false],
        ]
        _ = capabilities.removeValue(forKey: "")
        return .object(capabilities)
    }
}
