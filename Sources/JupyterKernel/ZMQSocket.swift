import CZMQ
import Foundation

/// A libzmq failure, with libzmq's own description of `errno`.
struct ZMQError: Error, CustomStringConvertible {
    let operation: String
    let code: Int32

    init(_ operation: String, code: Int32 = zmq_errno()) {
        self.operation = operation
        self.code = code
    }

    /// The context was shut down while the call was blocked (the kernel is stopping).
    var isTermination: Bool { code == ETERM }

    var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }
}

/// One libzmq context; every socket of the kernel lives in it.
final class ZMQContext {
    let handle: UnsafeMutableRawPointer

    init() throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
        self.handle = handle
    }

    /// Waits until every socket is closed and its pending messages are sent (or their
    /// linger period expired).
    func terminate() {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}

/// A libzmq socket sending and receiving multipart messages as arrays of frames.
/// Like libzmq sockets, it must be used by one thread at a time.
final class ZMQSocket {
    private var handle: UnsafeMutableRawPointer?

    init(_ context: ZMQContext, type: Int32) throws {
        guard let handle = zmq_socket(context.handle, type) else { throw ZMQError("zmq_socket") }
        self.handle = handle
        // Pending messages get at most a second to leave when the kernel shuts down.
        var linger: Int32 = 1000
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    deinit { close() }

    func bind(_ endpoint: String) throws {
        guard zmq_bind(try open(), endpoint) == 0 else { throw ZMQError("bind \(endpoint)") }
    }

    /// Sends all frames as one multipart message.
    func send(_ frames: [Data]) throws {
        let socket = try open()
        for (index, frame) in frames.enumerated() {
            let flags = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            let sent: Int32 = frame.withUnsafeBytes { bytes in
                var result: Int32
                repeat {
                    result = zmq_send(socket, bytes.baseAddress, bytes.count, flags)
                } while result < 0 && zmq_errno() == EINTR
                return result
            }
            guard sent >= 0 else { throw ZMQError("send") }
        }
    }

    /// Blocks until a whole multipart message has arrived.
    func receive() throws -> [Data] {
        let socket = try open()
        var frames: [Data] = []
        var more = true
        while more {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            var received: Int32
            repeat {
                received = zmq_msg_recv(&message, socket, 0)
            } while received < 0 && zmq_errno() == EINTR
            guard received >= 0 else { throw ZMQError("receive") }
            let size = zmq_msg_size(&message)
            if size > 0, let bytes = zmq_msg_data(&message) {
                frames.append(Data(bytes: bytes, count: size))
            } else {
                frames.append(Data())
            }
            more = zmq_msg_more(&message) != 0
        }
        return frames
    }

    /// Whether a message can be received within `milliseconds` (0: just look).
    func waitForMessage(milliseconds: Int) throws -> Bool {
        var item = zmq_pollitem_t(socket: try open(), fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let ready = zmq_poll(&item, 1, milliseconds)
        if ready < 0 {
            if zmq_errno() == EINTR { return false }
            throw ZMQError("poll")
        }
        return ready > 0
    }

    func close() {
        if let handle { zmq_close(handle) }
        handle = nil
    }

    private func open() throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError("socket", code: ENOTSOCK) }
        return handle
    }
}
