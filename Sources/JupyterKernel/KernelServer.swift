import CZMQ
import Engine
import Foundation

/// A running kernel. Each socket has one owner thread: shell requests (and cell
/// evaluation) run on the shell thread, control requests on the control thread so
/// interrupt and shutdown answer while a cell computes, and the heartbeat echoes on its
/// own. IOPub is shared through `IOPubChannel`'s lock.
final class KernelServer {
    /// A request handler returns the reply's content, or nil when the message has no reply.
    typealias Handler = (Message) -> JSONObject?

    let codec: WireCodec
    let builder = MessageBuilder()
    let iopub: IOPubChannel
    private let context: ZMQContext
    let shellSocket: ZMQSocket
    private let controlSocket: ZMQSocket
    private let stdinSocket: ZMQSocket
    private let heartbeatSocket: ZMQSocket

    /// The request whose cell is running: the parent of its stream output.
    private let runningRequest = Locked<Message?>(nil)
    private let stopping = Locked(false)
    private let stopped = DispatchSemaphore(value: 0)
    private let threads = DispatchGroup()

    // Shell-thread state.
    var executionCount = 0
    var history = CellHistory()
    /// The results `v(n)` reads, numbered as IEx numbers them.
    let results = ResultHistory()
    /// Set after a failed cell with stop_on_error; the execute requests held back then
    /// are answered "aborted".
    var aborting = false
    /// Requests that arrived while a failed cell was being answered, handled next.
    var heldRequests: [[Data]] = []

    private(set) lazy var streams = StreamBatcher { [unowned self] name, text in
        self.iopub.publish("stream", ["name": name, "text": text], parent: self.runningRequest.current)
    }
    private(set) lazy var input = InputRequester(socket: stdinSocket, codec: codec, builder: builder) {
        [unowned self] in self.streams.flush()
    }
    private(set) lazy var session = Session(
        stdout: { [unowned self] in self.print($0) },
        stderr: { [unowned self] in self.streams.write($0, to: "stderr") },
        stdin: { [unowned self] in self.input.readLine(prompt: $0) })

    private lazy var shellHandlers: [String: Handler] = [
        "kernel_info_request": { [unowned self] _ in self.kernelInfo() },
        "execute_request": { [unowned self] in self.execute($0) },
        "complete_request": { [unowned self] in self.complete($0) },
        "inspect_request": { [unowned self] in self.inspect($0) },
        "is_complete_request": { [unowned self] in self.isComplete($0) },
        "history_request": { [unowned self] in self.history.reply(to: $0.content) },
        "comm_info_request": { [unowned self] in self.commInfo($0) },
        "comm_open": { [unowned self] in self.commOpen($0) },
        "comm_msg": { [unowned self] in self.commMessage($0) },
        "comm_close": { [unowned self] in self.commMessage($0) },
        "shutdown_request": { [unowned self] in self.shutdown($0) },
        "debug_request": { [unowned self] in self.debug($0) },
    ]
    private lazy var controlHandlers: [String: Handler] = [
        "kernel_info_request": { [unowned self] _ in self.kernelInfo() },
        "shutdown_request": { [unowned self] in self.shutdown($0) },
        "interrupt_request": { [unowned self] _ in self.interrupt(); return ["status": "ok"] },
        "debug_request": { [unowned self] in self.debug($0) },
    ]

    /// Binds every socket of the connection file.
    init(connection: ConnectionInfo) throws {
        codec = WireCodec(signer: try MessageSigner(scheme: connection.signatureScheme, key: connection.key))
        context = try ZMQContext()
        shellSocket = try ZMQSocket(context, type: ZMQ_ROUTER)
        controlSocket = try ZMQSocket(context, type: ZMQ_ROUTER)
        stdinSocket = try ZMQSocket(context, type: ZMQ_ROUTER)
        heartbeatSocket = try ZMQSocket(context, type: ZMQ_REP)
        let iopubSocket = try ZMQSocket(context, type: ZMQ_PUB)
        iopub = IOPubChannel(socket: iopubSocket, codec: codec, builder: builder)
        try shellSocket.bind(connection.endpoint(port: connection.shellPort))
        try controlSocket.bind(connection.endpoint(port: connection.controlPort))
        try stdinSocket.bind(connection.endpoint(port: connection.stdinPort))
        try iopubSocket.bind(connection.endpoint(port: connection.iopubPort))
        try heartbeatSocket.bind(connection.endpoint(port: connection.heartbeatPort))
        _ = session  // created here, before any thread can race to create it
    }

    /// Serves until a shutdown_request, then returns the exit status.
    func run() -> Int32 {
        iopub.status("starting", parent: nil)
        // Session.evaluate runs user code on its own deep stack, so default stacks do here.
        // The shell thread holds results and history, which may nest deeper than a default stack can release.
        start("shell", stackSize: Session.deepStackSize) { [unowned self] in self.serve(self.shellSocket, self.shellHandlers, isShell: true) }
        start("control") { [unowned self] in self.serve(self.controlSocket, self.controlHandlers, isShell: false) }
        start("heartbeat") { [unowned self] in Heartbeat.serve(self.heartbeatSocket, until: self.stopping) }
        stopped.wait()
        // A cell that ignores the interrupt must not keep the process alive.
        if threads.wait(timeout: .now() + 2) == .success {
            iopub.close()
            context.terminate()
        } else {
            KernelLog.write("a cell was still running at shutdown; exiting anyway")
        }
        return 0
    }

    /// A terminal's clear-screen sequence (what IEx's `clear` prints) clears the cell's
    /// output; any other text is streamed.
    private func print(_ text: String) {
        guard text == "\u{1B}[H\u{1B}[2J" else { return streams.write(text, to: "stdout") }
        streams.flush()
        iopub.publish("clear_output", ["wait": false], parent: runningRequest.current)
    }

    /// Stops the running cell (and any `IO.gets` wait); nothing happens between cells.
    func interrupt() {
        guard runningRequest.current != nil else { return }
        input.cancel()
        session.interrupt()
    }

    /// Ends every loop; `run` returns once they have closed their sockets.
    func stop() {
        guard !stopping.exchange(true) else { return }
        input.cancel()
        session.interrupt()
        stopped.signal()
    }

    /// Runs the cell of `request` with its output parented to it.
    func whileRunning<T>(_ request: Message, allowStdin: Bool, _ body: () -> T) -> T {
        input.reset()
        input.request = allowStdin ? request : nil
        runningRequest.current = request
        let result = body()
        streams.flush()
        runningRequest.current = nil
        input.request = nil
        return result
    }

    private func start(_ name: String, stackSize: Int? = nil, _ body: @escaping () -> Void) {
        threads.enter()
        let thread = Thread { [threads] in
            body()
            threads.leave()
        }
        thread.name = "swiftnx.kernel.\(name)"
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }

    private func serve(_ socket: ZMQSocket, _ handlers: [String: Handler], isShell: Bool) {
        defer {
            socket.close()
            if isShell { stdinSocket.close() }
        }
        do {
            while !stopping.current {
                if isShell && !heldRequests.isEmpty {
                    handle(heldRequests.removeFirst(), replyingOn: socket, with: handlers)
                    continue
                }
                if isShell { aborting = false }
                guard try socket.waitForMessage(milliseconds: 100) else { continue }
                handle(try socket.receive(), replyingOn: socket, with: handlers)
            }
        } catch {
            KernelLog.write("stopped serving: \(error)")
            stop()
        }
    }

    /// Verifies one request, runs its handler between busy and idle, and sends the reply.
    private func handle(_ frames: [Data], replyingOn socket: ZMQSocket, with handlers: [String: Handler]) {
        let request: Message
        do {
            request = try codec.message(from: frames)
        } catch {
            KernelLog.write("dropped a message: \(error)")
            return
        }
        iopub.status("busy", parent: request)
        defer { iopub.status("idle", parent: request) }
        guard let handler = handlers[request.type] else {
            KernelLog.write("ignored a message of unknown type \"\(request.type)\"")
            return
        }
        guard let content = handler(request) else { return }
        do {
            try socket.send(codec.frames(for: builder.reply(to: request, content: content)))
        } catch {
            KernelLog.write("could not reply to \(request.type): \(error)")
        }
    }
}
