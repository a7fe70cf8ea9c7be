import Engine
import Foundation

/// The terminal REPL (`swiftnx` with no arguments on a terminal), after IEx: numbered
/// prompts, multi-line input, history across sessions, tab completion, the `h`/`v`/`clear`
/// helpers, colors when stdout is a terminal, Ctrl-C to stop a computation, Ctrl-D to exit.
public enum InteractiveShell {
    /// Runs until Ctrl-D; returns the exit status.
    public static func run() -> Int32 {
        useUTF8Locale()
        let ansi = isatty(STDOUT_FILENO) != 0
        let session = Session(stdout: Terminal.write, stderr: Terminal.writeError,
                              stdin: Terminal.readLine)
        let history = ResultHistory()
        let wakeups = Wakeups()
        let editor = LineEditor(wakeups: wakeups, historyFile: historyFile)
        let evaluation = BackgroundEvaluation(session: session, history: history, wakeups: wakeups, ansi: ansi)
        TabCompletion.install(session)

        Terminal.write("Interactive SwiftNx - press Ctrl+D to exit (type h() ENTER for help)\n")
        var pending: [String] = []
        while true {
            TabCompletion.pendingLines = pending
            let number = history.nextNumber
            switch editor.read(prompt: pending.isEmpty ? "iex(\(number))> " : "...(\(number))> ") {
            case .endOfInput:
                Terminal.write("\n")
                editor.close()
                return 0
            case .interrupt:
                pending = []
            case .line(let line):
                editor.remember(line)
                if pending.isEmpty, line.allSatisfy(\.isWhitespace) { continue }
                pending.append(line)
                let code = pending.joined(separator: "\n")
                // An invalid input is evaluated too, so that its SyntaxError is shown.
                if case .incomplete = session.isComplete(code) { continue }
                pending = []
                show(evaluation.evaluate(code), ansi: ansi)
            }
        }
    }

    private static func show(_ evaluation: Session.Evaluation, ansi: Bool) {
        if let error = evaluation.error {
            let text = error.traceback.joined(separator: "\n")
            Terminal.write((ansi ? ResultColors.error(text) : text) + "\n")
        } else if let text = evaluation.result?["text/plain"] {
            Terminal.write((ansi ? ResultColors.result(text) : text) + "\n")
        }
    }

    private static var historyFile: String? {
        guard let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.swiftnx_history"
    }

    /// readline needs a UTF-8 locale to edit non-ASCII input as characters.
    private static func useUTF8Locale() {
        if let locale = setlocale(LC_CTYPE, ""), String(cString: locale).uppercased().contains("UTF") { return }
        setlocale(LC_CTYPE, "C.UTF-8")
    }
}
