import CReadline
import Foundation

/// GNU readline in its callback mode: the main thread polls the terminal and the wake-up
/// pipe together, so a Ctrl-C at the prompt is seen between keystrokes and clears the input.
/// History persists in a file, appended line by line and capped in size.
final class LineEditor {
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C at the prompt: the input typed so far is abandoned.
        case interrupt
        /// Ctrl-D on an empty line, or the terminal went away.
        case endOfInput
    }

    static let historyLimit: Int32 = 1000

    private let wakeups: Wakeups
    private let historyFile: String?

    init(wakeups: Wakeups, historyFile: String?) {
        self.wakeups = wakeups
        self.historyFile = historyFile
        rl_readline_name = UnsafePointer(strdup("swiftnx"))
        // Our own SIGINT handler does the work; readline must not install one over it.
        rl_catch_signals = 0
        stifle_history(Self.historyLimit)
        if let file = historyFile {
            if !FileManager.default.fileExists(atPath: file) {
                _ = write_history(file)  // append_history needs the file to exist
            }
            _ = read_history(file)
            _ = history_truncate_file(file, Self.historyLimit)
        }
    }

    /// Reads one line after showing `prompt`.
    func read(prompt: String) -> Input {
        PendingLine.input = nil
        using_history()
        rl_callback_handler_install(prompt, PendingLine.handler)
        while PendingLine.input == nil {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeups.readFD, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                PendingLine.input = .endOfInput
                break
            }
            if fds[1].revents != 0, wakeups.drain().contains(.interrupt) {
                abandonLine()
                PendingLine.input = .interrupt
                break
            }
            if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                rl_callback_read_char()
            }
        }
        rl_callback_handler_remove()
        return PendingLine.input ?? .endOfInput
    }

    /// Adds a line to the history (in memory and in the file), skipping blank lines and
    /// repeats of the previous line.
    func remember(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        if history_length > 0, let last = history_get(history_base + history_length - 1),
           let text = last.pointee.line, String(cString: text) == line {
            return
        }
        add_history(line)
        if let file = historyFile { _ = append_history(1, file) }
    }

    func close() {
        if let file = historyFile { _ = history_truncate_file(file, Self.historyLimit) }
    }

    private func abandonLine() {
        rl_callback_sigcleanup()
        rl_replace_line("", 1)
        rl_point = 0
        rl_end = 0
        rl_callback_handler_remove()
        FileHandle.standardOutput.write(Data("^C\n".utf8))
    }
}

/// What readline's line handler (a C function, so it cannot capture) hands back.
private enum PendingLine {
    static var input: LineEditor.Input?

    static let handler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { line in
        // Removing the handler here stops readline from showing the prompt again.
        rl_callback_handler_remove()
        guard let line else {
            input = .endOfInput
            return
        }
        input = .line(String(cString: line))
        free(line)
    }
}
