import Foundation

/// The process's terminal, written with plain `write(2)` so output from the evaluation
/// thread and readline's prompt never interleave inside a buffer.
enum Terminal {
    static func write(_ text: String) { writeAll(STDOUT_FILENO, text) }
    static func writeError(_ text: String) { writeAll(STDERR_FILENO, text) }

    /// Set by Ctrl-C while code runs, so a pending `IO.gets` gives up instead of waiting
    /// for a line while the interrupt waits for it.
    static let inputCancelled = Flag()

    /// `IO.gets`: the terminal is in its normal line mode while code runs. Reads byte by
    /// byte, so nothing typed after the line is buffered away from readline; nil at end
    /// of input or after Ctrl-C.
    static func readLine(prompt: String) -> String? {
        write(prompt)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            if inputCancelled.value { return nil }
            if poll(&input, 1, 100) == 0 { continue }
            let n = Foundation.read(STDIN_FILENO, &byte, 1)
            if n < 0, errno == EINTR { continue }
            guard n == 1 else { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            line.append(byte)
            if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
        }
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }
}

/// A Boolean shared between the main thread and the evaluation thread.
final class Flag {
    private let lock = NSLock()
    private var state = false

    var value: Bool {
        get { lock.lock(); defer { lock.unlock() }; return state }
        set { lock.lock(); state = newValue; lock.unlock() }
    }
}
