import Foundation

/// The process's terminal, written with plain `write(2)` so output from the evaluation
/// thread and readline's prompt never interleave inside a buffer.
enum Terminal {
    static func write(_ text: String) { writeAll(STDOUT_FILENO, text) }
    static func writeError(_ text: String) { writeAll(STDERR_FILENO, text) }

    /// `IO.gets`: the terminal is in its normal line mode while code runs. Reads byte by
    /// byte, so nothing typed after the line is buffered away from readline.
    static func readLine(prompt: String) -> String? {
        write(prompt)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
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
