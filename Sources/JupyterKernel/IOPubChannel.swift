import Foundation

/// The kernel's broadcast socket. Shell, control and stream flushes all publish here, so
/// sends are serialized by a lock (a libzmq socket tolerates several threads taking turns).
final class IOPubChannel {
    private let socket: ZMQSocket
    private let codec: WireCodec
    private let builder: MessageBuilder
    private let lock = NSLock()

    init(socket: ZMQSocket, codec: WireCodec, builder: MessageBuilder) {
        self.socket = socket
        self.codec = codec
        self.builder = builder
    }

    func publish(_ type: String, _ content: JSONObject, parent: Message?, metadata: JSONObject = [:]) {
        // The topic frame lets subscribers filter by kind, as ipykernel's topics do.
        let topic = Data("kernel.\(builder.session).\(type)".utf8)
        let message = builder.message(type, content: content, parent: parent,
                                      identities: [topic], metadata: metadata)
        lock.lock()
        defer { lock.unlock() }
        do {
            try socket.send(codec.frames(for: message))
        } catch {
            KernelLog.write("could not publish \(type): \(error)")
        }
    }

    func status(_ state: String, parent: Message?) {
        publish("status", ["execution_state": state], parent: parent)
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        socket.close()
    }
}

/// Diagnostics for whoever started the kernel (Jupyter shows the kernel's stderr in its log).
enum KernelLog {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data("[swiftnx kernel] \(line)\n".utf8))
    }
}
