import Foundation

/// The connection file Jupyter writes before starting a kernel: where each socket binds
/// and how messages are signed.
public struct ConnectionInfo: Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var controlPort: Int
    public var stdinPort: Int
    public var iopubPort: Int
    public var heartbeatPort: Int
    public var key: String
    public var signatureScheme: String

    /// Reads and checks a connection file.
    public init(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KernelStartError.unreadableFile(path)
        }
        try self.init(json: data, source: path)
    }

    public init(json data: Data, source: String = "connection file") throws {
        guard let object = try? JSONSerialization.jsonObject(with: data),
              let fields = object as? [String: Any] else {
            throw KernelStartError.invalidConnection(source, "it is not a JSON object")
        }
        func port(_ name: String) throws -> Int {
            guard let value = fields[name] as? Int, (0...65535).contains(value) else {
                throw KernelStartError.invalidConnection(source, "\"\(name)\" must be a port number")
            }
            return value
        }
        transport = fields["transport"] as? String ?? "tcp"
        ip = fields["ip"] as? String ?? "127.0.0.1"
        shellPort = try port("shell_port")
        controlPort = try port("control_port")
        stdinPort = try port("stdin_port")
        iopubPort = try port("iopub_port")
        heartbeatPort = try port("hb_port")
        key = fields["key"] as? String ?? ""
        signatureScheme = fields["signature_scheme"] as? String ?? "hmac-sha256"
        guard transport == "tcp" || transport == "ipc" else {
            throw KernelStartError.invalidConnection(source, "unknown transport \"\(transport)\"")
        }
    }

    /// The libzmq endpoint of one port: `tcp://IP:PORT`, or `ipc://PATH-PORT` as
    /// jupyter_client names IPC sockets.
    public func endpoint(port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}

/// Why the kernel could not start; printed on stderr before exiting with status 1.
enum KernelStartError: Error, CustomStringConvertible {
    case unreadableFile(String)
    case invalidConnection(String, String)
    case unsupportedSignatureScheme(String)

    var description: String {
        switch self {
        case .unreadableFile(let path):
            return "** (File.Error) could not read file \"\(path)\": no such file or directory"
        case .invalidConnection(let source, let reason):
            return "** (ArgumentError) invalid connection file \(source): \(reason)"
        case .unsupportedSignatureScheme(let scheme):
            return "** (ArgumentError) unsupported signature_scheme \"\(scheme)\" (expected hmac-sha256, hmac-sha384 or hmac-sha512)"
        }
    }
}
