import Foundation

/// What kernel_info_reply says about this kernel and its language.
enum KernelInfo {
    static let implementationVersion = "0.1.0"

    static let languageInfo: JSONObject = [
        "name": "elixir",
        "version": "1.14",
        "mimetype": "text/x-elixir",
        "file_extension": ".exs",
        "pygments_lexer": "elixir",
        "codemirror_mode": "elixir",
    ]

    static let helpLinks: [JSONObject] = [
        ["text": "Nx", "url": "https://hexdocs.pm/nx/0.7.2/Nx.html"],
        ["text": "Nx.Defn", "url": "https://hexdocs.pm/nx/0.7.2/Nx.Defn.html"],
        ["text": "Elixir", "url": "https://hexdocs.pm/elixir/1.14/Kernel.html"],
    ]

    static let banner = "SwiftNx \(implementationVersion): Elixir 1.14 with Nx 0.7 tensors on a native Swift engine"

    static var content: JSONObject {
        ["status": "ok", "protocol_version": MessageBuilder.protocolVersion, "implementation": "swiftnx",
         "implementation_version": implementationVersion, "language_info": languageInfo,
         "banner": banner, "help_links": helpLinks, "debugger": false]
    }
}

extension KernelServer {
    func kernelInfo() -> JSONObject { KernelInfo.content }
}
