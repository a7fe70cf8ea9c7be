import Foundation

/// The kernelspec Jupyter reads to start this kernel: kernel.json naming this very
/// binary, plus a logo.
struct KernelSpec {
    var executable: String
    var displayName = "SwiftNx (Elixir Nx)"

    var json: JSONObject {
        ["argv": [executable, "kernel", "-f", "{connection_file}"],
         "display_name": displayName,
         "language": "elixir",
         "interrupt_mode": "signal",
         "metadata": ["debugger": false]]
    }

    /// Where `install-kernel` puts a kernelspec: `PREFIX/share/jupyter/kernels/NAME`,
    /// the user's Jupyter data dir (JUPYTER_DATA_DIR, else XDG_DATA_HOME/jupyter, else
    /// ~/.local/share/jupyter), or /usr/local/share/jupyter system-wide.
    static func directory(name: String, user: Bool, prefix: String?,
                          environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let dataDir: URL
        if let prefix {
            dataDir = URL(fileURLWithPath: prefix).appendingPathComponent("share/jupyter")
        } else if user {
            if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty {
                dataDir = URL(fileURLWithPath: dir)
            } else if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
                dataDir = URL(fileURLWithPath: xdg).appendingPathComponent("jupyter")
            } else {
                let home = environment["HOME"] ?? NSHomeDirectory()
                dataDir = URL(fileURLWithPath: home).appendingPathComponent(".local/share/jupyter")
            }
        } else {
            dataDir = URL(fileURLWithPath: "/usr/local/share/jupyter")
        }
        return dataDir.appendingPathComponent("kernels").appendingPathComponent(name)
    }

    /// Writes kernel.json and the logo into `directory`, creating it.
    func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let data = try JSONSerialization.data(withJSONObject: json,
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try data.write(to: directory.appendingPathComponent("kernel.json"))
        try Data(Self.logo.utf8).write(to: directory.appendingPathComponent("logo-svg.svg"))
        for (size, png) in Self.pngLogos {
            try png.write(to: directory.appendingPathComponent("logo-\(size)x\(size).png"))
        }
    }

    /// The absolute path of the running binary, symlinks resolved.
    static var runningExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return path
        }
        let argument = CommandLine.arguments.first ?? "swiftnx"
        return URL(fileURLWithPath: argument).resolvingSymlinksInPath().path
    }

    /// The same mark as PNGs, for front ends that do not read the SVG.
    static let pngLogos: [(Int, Data)] = [
        (32, Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAaElEQVR42mPw0+pjwIH/0wBj2EMPS/E6ZqAshztiIC0H41EH4LQcGyBWfsfKixh41AGjDiDZAQOeC0YdQCgN4ItnQnpHHTDqgNFsSJQDCBWn+IKZKlEw6oBRB4w2y0ecAwa8bzhgvWMAGw1yRzdmpO4AAAAASUVORK5CYII=") ?? Data()),
        (64, Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAAAtUlEQVR42u3bywmAMBAFQOuxGEuzDzuwDStS8CCIgokf1OwIewzy5pBE8FVN3VaZM/5gkvOUEvg0SOnBDyEihd9FiBZ+gxAx/AohavgFAUDg8PMAAAAgb0Hqc/favhuSBgAAAAAAAAAAAMBTAOGvwgAAAPA5/MZOfuW9AAAAAAAAAAAAAFyFAQAAAOAiwFs7+WdOAQAAAAAAAAAAgLAA/hQFAABAiQAqMwC0xvQGNUd1hwO2xyeDIsQtbAALJwAAAABJRU5ErkJggg==") ?? Data()),
    ]

    /// A tensor-grid mark in Elixir's purple.
    static let logo = """
    <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
      <rect width="64" height="64" rx="12" fill="#4e2a8e"/>
      <g fill="#ffffff">
        <rect x="12" y="12" width="10" height="10" rx="2"/><rect x="27" y="12" width="10" height="10" rx="2"/>
        <rect x="42" y="12" width="10" height="10" rx="2" opacity="0.6"/>
        <rect x="12" y="27" width="10" height="10" rx="2"/><rect x="27" y="27" width="10" height="10" rx="2" opacity="0.6"/>
        <rect x="42" y="27" width="10" height="10" rx="2"/>
        <rect x="12" y="42" width="10" height="10" rx="2" opacity="0.6"/><rect x="27" y="42" width="10" height="10" rx="2"/>
        <rect x="42" y="42" width="10" height="10" rx="2"/>
      </g>
    </svg>

    """
}
