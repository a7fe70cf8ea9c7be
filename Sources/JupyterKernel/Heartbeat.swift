import Foundation

/// The heartbeat channel: echoes every message straight back so the client can tell the
/// kernel process is alive, even while a cell is computing.
enum Heartbeat {
    static func serve(_ socket: ZMQSocket, until stopping: Locked<Bool>) {
        defer { socket.close() }
        do {
            while !stopping.current {
                guard try socket.waitForMessage(milliseconds: 100) else { continue }
                try socket.send(socket.receive())
            }
        } catch {
            KernelLog.write("heartbeat stopped: \(error)")
        }
    }
}
