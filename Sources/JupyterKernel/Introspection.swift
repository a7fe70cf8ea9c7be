import Engine
import Foundation

/// complete_request, inspect_request and is_complete_request: the engine answers, the
/// kernel only translates. Cursor positions are in Unicode code points.
extension KernelServer {
    func complete(_ request: Message) -> JSONObject {
        let code = request.content.string("code") ?? ""
        let completion = session.complete(code, cursor: Self.cursor(in: code, request.content))
        return ["status": "ok", "matches": completion.matches, "cursor_start": completion.cursorStart,
                "cursor_end": completion.cursorEnd, "metadata": JSONObject()]
    }

    func inspect(_ request: Message) -> JSONObject {
        let code = request.content.string("code") ?? ""
        guard let docs = session.help(code, cursor: Self.cursor(in: code, request.content)) else {
            return ["status": "ok", "found": false, "data": JSONObject(), "metadata": JSONObject()]
        }
        return ["status": "ok", "found": true, "data": ["text/plain": docs], "metadata": JSONObject()]
    }

    func isComplete(_ request: Message) -> JSONObject {
        switch session.isComplete(request.content.string("code") ?? "") {
        case .complete: return ["status": "complete"]
        case .incomplete(let indent): return ["status": "incomplete", "indent": indent]
        case .invalid: return ["status": "invalid"]
        }
    }

    /// The request's cursor_pos, within the code (its end when absent).
    static func cursor(in code: String, _ content: JSONObject) -> Int {
        let length = code.unicodeScalars.count
        return min(max(content.int("cursor_pos") ?? length, 0), length)
    }
}
