/// A JSON-RPC 2.0 request id: a number or a string.
public enum RequestID: Hashable, Sendable, CustomStringConvertible {
    case number(Int)
    case string(String)

    public init?(_ json: JSON?) {
        switch json {
        case let .string(value)?: self = .string(value)
        case let value? where value.int != nil: self = .number(value.int!)
        default: return nil
        }
    }

    public var json: JSON {
        switch self {
        case let .number(value): .int(value)
        case let .string(value): .string(value)
        }
    }

    public var description: String {
        switch self {
        case let .number(value): String(value)
        case let .string(value): value
        }
    }
}

/// A JSON-RPC error (LSP 3.17 "ResponseError").
public struct ResponseError: Error, Hashable, Sendable {
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let serverNotInitialized = -32002
    public static let requestFailed = -32803
    public static let requestCancelled = -32800
    public static let contentModified = -32801

    public static func invalidParams(_ message: String) -> ResponseError { ResponseError(code: invalidParams, message: message) }

    public var json: JSON { ["code": .int(code), "message": .string(message)] }
}

/// One JSON-RPC message, as read from a client or written to it.
public enum Message: Hashable, Sendable {
    case request(id: RequestID, method: String, params: JSON)
    case notification(method: String, params: JSON)
    case response(id: RequestID?, result: Result<JSON, ResponseError>)

    /// Reads a message body. A body that is JSON but not a message is an `invalidRequest`
    /// error, with the id when one could be read so the answer can name it.
    public static func decode(_ body: [UInt8]) -> Result<Message, DecodeFailure> {
        let json: JSON
        do {
            json = try JSON.parse(body)
        } catch {
            return .failure(DecodeFailure(id: nil, error: ResponseError(code: ResponseError.parseError,
                                                                         message: "not JSON: \(error)")))
        }
        guard case .object = json else {
            return .failure(DecodeFailure(id: nil, error: ResponseError(code: ResponseError.invalidRequest,
                                                                         message: "a message must be a JSON object")))
        }
        let id = RequestID(json["id"])
        if let method = json["method"] {
            guard let name = method.string else {
                return .failure(DecodeFailure(id: id, error: ResponseError(code: ResponseError.invalidRequest,
                                                                            message: "`method` must be a string")))
            }
            let params = json["params"] ?? .null
            if let id { return .success(.request(id: id, method: name, params: params)) }
            if let raw = json["id"], !raw.isNull {
                return .failure(DecodeFailure(id: nil, error: ResponseError(code: ResponseError.invalidRequest,
                                                                             message: "`id` must be a number or a string")))
            }
            return .success(.notification(method: name, params: params))
        }
        if let error = json["error"] {
            let failure = ResponseError(code: error["code"]?.int ?? ResponseError.internalError,
                                        message: error["message"]?.string ?? "")
            return .success(.response(id: id, result: .failure(failure)))
        }
        if let result = json["result"] { return .success(.response(id: id, result: .success(result))) }
        return .failure(DecodeFailure(id: id, error: ResponseError(code: ResponseError.invalidRequest,
                                                                    message: "neither a request, a notification nor a response")))
    }

    /// Why a body was not a message, and the id to answer, when one was readable.
    public struct DecodeFailure: Error, Hashable, Sendable {
        public var id: RequestID?
        public var error: ResponseError
    }

    /// The message as JSON-RPC 2.0.
    public var json: JSON {
        switch self {
        case let .request(id, method, params):
            var object: [String: JSON] = ["jsonrpc": "2.0", "id": id.json, "method": .string(method)]
            if !params.isNull { object["params"] = params }
            return .object(object)
        case let .notification(method, params):
            var object: [String: JSON] = ["jsonrpc": "2.0", "method": .string(method)]
            if !params.isNull { object["params"] = params }
            return .object(object)
        case let .response(id, result):
            var object: [String: JSON] = ["jsonrpc": "2.0", "id": id?.json ?? .null]
            switch result {
            case let .success(value): object["result"] = value
            case let .failure(error): object["error"] = error.json
            }
            return .object(object)
        }
    }

    /// The message body to frame.
    public func encoded() -> [UInt8] { json.encoded() }
}
