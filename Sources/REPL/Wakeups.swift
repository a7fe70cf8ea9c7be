import Foundation

/// The events the main thread waits for, as bytes on a pipe: Ctrl-C (written by the SIGINT
/// handler, where only async-signal-safe calls are allowed) and "evaluation finished"
/// (written by the evaluation thread). `poll` on the pipe wakes for either.
final class Wakeups {
    enum Event: UInt8 {
        case interrupt = 0x69  // "i"
        case evaluationDone = 0x64  // "d"
    }

    let readFD: Int32
    private let writeFD: Int32

    /// Creates the pipe and routes SIGINT into it. Only one instance may exist: the signal
    /// handler writes to the latest one.
    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        readFD = fds[0]
        writeFD = fds[1]
        for fd in fds where fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        interruptPipeFD = writeFD
        signal(SIGINT, onInterrupt)
    }

    func post(_ event: Event) {
        var byte = event.rawValue
        _ = write(writeFD, &byte, 1)
    }

    /// The events waiting in the pipe, without blocking.
    func drain() -> [Event] {
        var events: [Event] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(readFD, &buffer, buffer.count)
            guard n > 0 else { return events }
            events += buffer[..<n].compactMap(Event.init(rawValue:))
        }
    }

    /// Blocks until at least one event arrives.
    func wait() -> [Event] {
        while true {
            var fd = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
            if poll(&fd, 1, -1) < 0, errno != EINTR { return [] }
            let events = drain()
            if !events.isEmpty { return events }
        }
    }
}

/// Where the SIGINT handler writes; a plain global because the handler may not touch objects.
private var interruptPipeFD: Int32 = -1

private let onInterrupt: @convention(c) (Int32) -> Void = { _ in
    var byte = Wakeups.Event.interrupt.rawValue
    _ = write(interruptPipeFD, &byte, 1)
}
