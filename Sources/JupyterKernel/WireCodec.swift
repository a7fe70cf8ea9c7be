import Foundation

/// Why an incoming multipart message was refused.
enum WireError: Error, CustomStringConvertible, Equatable {
    case missingDelimiter
    case missingFrames
    case badSignature
    case invalidJSON(String)

    var description: String {
        switch self {
        case .missingDelimiter: return "no <IDS|MSG> delimiter"
        case .missingFrames: return "fewer than the five frames after <IDS|MSG>"
        case .badSignature: return "invalid signature"
        case .invalidJSON(let part): return "the \(part) frame is not a JSON object"
        }
    }
}

/// The Jupyter wire format:
/// `identities… <IDS|MSG> signature header parent_header metadata content buffers…`.
struct WireCodec {
    static let delimiter = Data("<IDS|MSG>".utf8)

    let signer: MessageSigner

    func frames(for message: Message) throws -> [Data] {
        let parts = try [message.header, message.parentHeader, message.metadata, message.content].map {
            try JSONSerialization.data(withJSONObject: $0, options: [.withoutEscapingSlashes])
        }
        let signature = Data(signer.signature(of: parts).utf8)
        return message.identities + [Self.delimiter, signature] + parts + message.buffers
    }

    /// Splits and verifies a received message; a bad signature is refused before any
    /// JSON is parsed.
    func message(from frames: [Data]) throws -> Message {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw WireError.missingDelimiter }
        let body = frames[(split + 1)...]
        guard body.count >= 5 else { throw WireError.missingFrames }
        let signature = body[body.startIndex]
        let parts = Array(body.dropFirst().prefix(4))
        guard signer.isValid(signature, for: parts) else { throw WireError.badSignature }
        let names = ["header", "parent_header", "metadata", "content"]
        let objects = try zip(parts, names).map { part, name -> JSONObject in
            guard let object = try? JSONSerialization.jsonObject(with: part) as? JSONObject else {
                throw WireError.invalidJSON(name)
            }
            return object
        }
        return Message(identities: Array(frames[..<split]), header: objects[0], parentHeader: objects[1],
                       metadata: objects[2], content: objects[3], buffers: Array(body.dropFirst(5)))
    }
}
