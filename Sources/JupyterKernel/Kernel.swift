import Engine
import Foundation

/// `swiftnx kernel -f CONN` and `swiftnx install-kernel`.
public enum KernelMain {
    public static func run(connectionFile: String) -> Int32 {
        FileHandle.standardError.write(Data("** (RuntimeError) the Jupyter kernel is not implemented yet\n".utf8))
        return 1
    }

    public static func install(user: Bool) -> Int32 {
        FileHandle.standardError.write(Data("** (RuntimeError) install-kernel is not implemented yet\n".utf8))
        return 1
    }
}
