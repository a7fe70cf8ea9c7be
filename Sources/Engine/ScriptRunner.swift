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
        FileHandle.standardError.write(Data("** (RuntimeError) ScriptRunner.run is not implemented yet\n".utf8))
        return 1
    }
}
