import Foundation

/// shutdown_request and debug_request (interrupt_request simply calls `interrupt()`).
extension KernelServer {
    /// Replies, tells IOPub listeners too (as ipykernel does), and stops the kernel.
    func shutdown(_ request: Message) -> JSONObject {
        let content: JSONObject = ["status": "ok", "restart": request.content.bool("restart", default: false)]
        iopub.publish("shutdown_reply", content, parent: request)
        stop()
        return content
    }

    /// There is no debugger: an error reply that is also a failed DAP response.
    func debug(_ request: Message) -> JSONObject {
        ["status": "error", "ename": "UnsupportedRequest", "evalue": "unsupported: swiftnx has no debugger",
         "traceback": [String](), "type": "response", "request_seq": request.content.int("seq") ?? 0,
         "success": false, "command": request.content.string("command") ?? "", "message": "unsupported"]
    }
}
