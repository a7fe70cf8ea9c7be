import Foundation

/// Answers `IO.gets` from a notebook: sends `input_request` on the stdin channel to the
/// client that sent the running cell and waits for its `input_reply`. Used only from the
/// shell thread, which owns the stdin socket.
final class InputRequester {
    private let socket: ZMQSocket
    private let codec: WireCodec
    private let builder: MessageBuilder
    /// Publishes what the cell printed so far, so the prompt appears after it.
    private let beforePrompt: () -> Void
    private let cancelled = Locked(false)

    /// The execute_request being run when it allows stdin; nil otherwise.
    var request: Message?

    init(socket: ZMQSocket, codec: WireCodec, builder: MessageBuilder, beforePrompt: @escaping () -> Void) {
        self.socket = socket
        self.codec = codec
        self.builder = builder
        self.beforePrompt = beforePrompt
    }

    /// Makes the current (or next) wait give up; called on interrupt and shutdown.
    func cancel() { cancelled.current = true }

    func reset() { cancelled.current = false }

    /// The line the user typed, ending in "\n" as `IO.gets` returns it; nil when stdin
    /// is not allowed, or the wait was interrupted.
    func readLine(prompt: String) -> String? {
        guard let request, !cancelled.current else { return nil }
        beforePrompt()
        do {
            // Replies to an earlier, abandoned prompt must not answer this one.
            while try socket.waitForMessage(milliseconds: 0) { _ = try socket.receive() }
            let ask = builder.message("input_request", content: ["prompt": prompt, "password": false],
                                      parent: request, identities: request.identities)
            try socket.send(codec.frames(for: ask))
            while !cancelled.current {
                guard try socket.waitForMessage(milliseconds: 100) else { continue }
                let reply: Message
                do {
                    reply = try codec.message(from: socket.receive())
                } catch {
                    KernelLog.write("dropped a stdin message: \(error)")
                    continue
                }
                if reply.type == "input_reply" { return (reply.content.string("value") ?? "") + "\n" }
            }
        } catch {
            KernelLog.write("stdin channel failed: \(error)")
        }
        return nil
    }
}
