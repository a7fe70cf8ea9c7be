import Engine
import Foundation

/// Runs each input on its own thread while the main thread waits and turns Ctrl-C into
/// `Session.interrupt()`. The session's bindings are untouched by an interrupt: the language
/// stops at its next check and returns an error. (Deep recursion gets its large stack from
/// the session's own evaluation thread.)
struct BackgroundEvaluation {
    let session: Session
    let history: ResultHistory
    let wakeups: Wakeups
    let ansi: Bool

    /// Results and history entries are released on this thread, so it gets the evaluation's deep stack.
    static let stackSize = Session.deepStackSize
    /// Ctrl-C presses the computation may ignore before the shell gives up on it and exits.
    static let interruptsBeforeExit = 3

    func evaluate(_ code: String) -> Session.Evaluation {
        let outcome = Outcome()
        Terminal.inputCancelled.value = false
        let thread = Thread { [session, history, wakeups, ansi] in
            outcome.set(session.evaluateInteractively(code, history: history, ansi: ansi))
            wakeups.post(.evaluationDone)
        }
        thread.stackSize = Self.stackSize
        thread.start()

        var interrupts = 0
        while true {
            let events = wakeups.wait()
            if events.contains(.evaluationDone), let evaluation = outcome.get() { return evaluation }
            if events.contains(.interrupt) {
                interrupts += 1
                session.interrupt()
                Terminal.inputCancelled.value = true
                Terminal.write("\n")  // after the terminal's own "^C" echo
                if interrupts >= Self.interruptsBeforeExit {
                    FileHandle.standardError.write(Data(
                        "\n** (SwiftNx) the computation did not stop after \(interrupts) interrupts; exiting\n".utf8))
                    exit(130)
                }
            }
        }
    }
}

/// The evaluation handed from its thread to the waiting one.
private final class Outcome {
    private let lock = NSLock()
    private var evaluation: Session.Evaluation?

    func set(_ value: Session.Evaluation) {
        lock.lock()
        evaluation = value
        lock.unlock()
    }

    func get() -> Session.Evaluation? {
        lock.lock()
        defer { lock.unlock() }
        return evaluation
    }
}
