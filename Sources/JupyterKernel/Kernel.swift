import Foundation

/// `swiftnx kernel -f CONN` and `swiftnx install-kernel`.
public enum KernelMain {
    /// Runs the kernel described by a connection file until it is shut down.
    public static func run(connectionFile: String) -> Int32 {
        do {
            let server = try KernelServer(connection: ConnectionInfo(file: connectionFile))
            InterruptSignal.forward { server.interrupt() }
            return server.run()
        } catch let error as KernelStartError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return 1
        } catch {
            FileHandle.standardError.write(Data("** (RuntimeError) could not start the kernel: \(error)\n".utf8))
            return 1
        }
    }

    /// Writes the kernelspec for this binary into the user's or the system's Jupyter data
    /// directory (or PREFIX/share/jupyter), under `name`.
    public static func install(user: Bool, prefix: String? = nil, name: String = "swiftnx") -> Int32 {
        let directory = KernelSpec.directory(name: name, user: user, prefix: prefix)
        do {
            try KernelSpec(executable: KernelSpec.runningExecutable).write(to: directory)
        } catch {
            let hint = user || prefix != nil ? "" : " (use --user to install for the current user)"
            FileHandle.standardError.write(Data(
                "** (File.Error) could not write the kernelspec to \"\(directory.path)\": \(error.localizedDescription)\(hint)\n".utf8))
            return 1
        }
        print("Installed kernelspec \(name) in \(directory.path)")
        return 0
    }
}
