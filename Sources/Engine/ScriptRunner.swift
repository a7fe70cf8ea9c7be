import Foundation
import Lang

/// Runs a whole script (`swiftnx run FILE`, `-e CODE`, piped stdin) and returns the exit
/// status: 0, or 1 after printing an uncaught exception as Elixir does.
public enum ScriptRunner {
    public static func run(file: String) -> Int32 {
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("** (File.Error) could not read file \"\(file)\": no such file or directory\n".utf8))
            return 1
        }
        return run(code: String(decoding: data, as: UTF8.self), file: file)
    }

    public static func run(code: String, file: String) -> Int32 {
        let out = BufferedOutput()
        let session = Session(
            stdout: { out.write($0) },
            stderr: { text in
                out.flush()
                FileHandle.standardError.write(Data(text.utf8))
            },
            stdin: { _ in Swift.readLine(strippingNewline: false) })
        let shownFile = (file as NSString).lastPathComponent == file ? file : file
        let evaluation = session.evaluate(code, file: shownFile)
        out.flush()
        guard let error = evaluation.error else { return 0 }
        FileHandle.standardError.write(Data((error.traceback.joined(separator: "\n") + "\n").utf8))
        return 1
    }
}

/// Collects standard output and writes it in large chunks.
final class BufferedOutput {
    private var buffer: [UInt8] = []

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
