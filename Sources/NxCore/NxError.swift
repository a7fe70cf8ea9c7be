/// An error raised by an Nx function, named by its Elixir exception module.
/// The language layer turns it into the Elixir exception it names.
public struct NxError: Error, Equatable, CustomStringConvertible {
    public var module: String
    public var message: String

    public init(module: String, message: String) {
        self.module = module
        self.message = message
    }

    public static func argument(_ message: String) -> NxError { NxError(module: "ArgumentError", message: message) }
    public static func arithmetic() -> NxError {
        NxError(module: "ArithmeticError", message: "bad argument in arithmetic expression")
    }
    /// A tensor's buffer the system cannot provide: the BEAM would stop the whole VM here; a
    /// session keeps running instead.
    public static func outOfMemory(bytes: Int) -> NxError {
        NxError(module: "SystemLimitError", message: "a system limit has been reached: cannot allocate \(bytes) bytes for a tensor")
    }
    /// For a function or option that NxCore does not provide yet: says so instead of answering wrongly.
    public static func notImplemented(_ what: String) -> NxError {
        NxError(module: "RuntimeError", message: "\(what) is not implemented in SwiftNx yet")
    }

    public var description: String { "** (\(module)) \(message)" }
}
