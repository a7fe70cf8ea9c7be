import Foundation

/// Turns SIGINT (how Jupyter interrupts a kernel whose interrupt_mode is "signal") into a
/// call on an ordinary thread. The handler only writes a byte to a pipe, which is safe
/// in a signal handler whichever thread the signal lands on.
enum InterruptSignal {
    static func forward(to action: @escaping () -> Void) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            KernelLog.write("could not create the interrupt pipe; SIGINT keeps its default action")
            return
        }
        interruptPipe = ends[1]
        let readEnd = ends[0]
        let reader = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 { action() } else if count < 0 && errno == EINTR { continue } else { return }
            }
        }
        reader.name = "swiftnx.kernel.sigint"
        reader.start()
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipe, &byte, 1)
        }
    }
}

/// The write end of the interrupt pipe, set before the handler is installed.
private var interruptPipe: Int32 = -1
