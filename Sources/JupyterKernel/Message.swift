import Foundation

/// A JSON object as Foundation's JSONSerialization reads and writes it.
typealias JSONObject = [String: Any]

/// One Jupyter message: the routing identities, the four JSON dictionaries and any
/// binary buffers (kept as they came, for handlers that want them).
struct Message {
    var identities: [Data]
    var header: JSONObject
    var parentHeader: JSONObject
    var metadata: JSONObject
    var content: JSONObject
    var buffers: [Data] = []

    var type: String { header["msg_type"] as? String ?? "" }
    var id: String { header["msg_id"] as? String ?? "" }
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String? { self[key] as? String }

    func int(_ key: String) -> Int? {
        if let value = self[key] as? Int { return value }
        if let value = self[key] as? Double, value.isFinite, abs(value) < 1e15 { return Int(value) }
        return nil
    }

    func bool(_ key: String, default fallback: Bool) -> Bool {
        self[key] as? Bool ?? fallback
    }
}

/// Builds the messages this kernel sends: fresh headers in this kernel's Jupyter session,
/// parented to the request they answer.
struct MessageBuilder {
    /// Protocol version written in every header.
    static let protocolVersion = "5.3"

    let session = UUID().uuidString.lowercased()
    let username = ProcessInfo.processInfo.environment["USER"] ?? "swiftnx"

    func message(_ type: String, content: JSONObject, parent: Message?,
                 identities: [Data], metadata: JSONObject = [:]) -> Message {
        let header: JSONObject = [
            "msg_id": UUID().uuidString.lowercased(),
            "session": session,
            "username": username,
            "date": Self.timestamp(),
            "msg_type": type,
            "version": Self.protocolVersion,
        ]
        return Message(identities: identities, header: header, parentHeader: parent?.header ?? [:],
                       metadata: metadata, content: content)
    }

    /// The reply to `request` (`X_request` → `X_reply`), routed back to its sender.
    func reply(to request: Message, content: JSONObject) -> Message {
        let base = request.type.hasSuffix("_request") ? String(request.type.dropLast(8)) : request.type
        return message(base + "_reply", content: content, parent: request, identities: request.identities)
    }

    /// ISO 8601 in UTC with microseconds, as Jupyter writes dates.
    static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        let micros = Int((date.timeIntervalSince1970 - Double(seconds)) * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                      Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), min(micros, 999_999))
    }
}
