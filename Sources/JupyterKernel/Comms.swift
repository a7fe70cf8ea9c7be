import Foundation

/// Comms: no comm targets exist yet (no widgets), so every comm_open is refused with a
/// comm_close, and comm_info lists nothing.
extension KernelServer {
    func commInfo(_ request: Message) -> JSONObject {
        ["status": "ok", "comms": JSONObject()]
    }

    func commOpen(_ request: Message) -> JSONObject? {
        let id = request.content.string("comm_id") ?? ""
        let target = request.content.string("target_name") ?? ""
        KernelLog.write("no comm target \"\(target)\"; closing comm \(id)")
        iopub.publish("comm_close", ["comm_id": id, "data": JSONObject()], parent: request)
        return nil
    }

    /// comm_msg and comm_close can only name comms this kernel never opened.
    func commMessage(_ request: Message) -> JSONObject? {
        KernelLog.write("\(request.type) for unknown comm \(request.content.string("comm_id") ?? "")")
        return nil
    }
}
