import Engine
import Foundation

/// The terminal REPL (`swiftnx` with no arguments on a terminal).
public enum InteractiveShell {
    /// Runs until Ctrl-D; returns the exit status.
    public static func run() -> Int32 {
        FileHandle.standardError.write(Data("** (RuntimeError) the REPL is not implemented yet\n".utf8))
        return 1
    }
}
