/// A raise, throw or exit travelling up the interpreter, as a Swift error.
public struct ElixirError: Error {
    public enum Kind: String { case error, `throw`, exit }

    public var kind: Kind
    /// For `.error`, the exception struct (a map with `__struct__` and `message`...).
    public var value: Value
    /// `file:line` frames, innermost first, for the short stacktrace printed on exit.
    public var stacktrace: [String] = []
    /// The line the error left from in the innermost function whose frame is not yet in
    /// `stacktrace` (set by the first block it passes through).
    public var line: Int?

    public init(kind: Kind, value: Value, stacktrace: [String] = []) {
        self.kind = kind
        self.value = value
        self.stacktrace = stacktrace
    }

    /// An exception of module `module` (e.g. "ArgumentError") with a message.
    public static func exception(_ module: String, _ message: String,
                                 fields: [(String, Value)] = []) -> ElixirError {
        var m = MapValue()
        m[.atom("__struct__")] = .module(module)
        m[.atom("__exception__")] = .true
        m[.atom("message")] = .string(message)
        for (k, v) in fields { m[.atom(k)] = v }
        return ElixirError(kind: .error, value: .map(m))
    }

    public static func argument(_ message: String) -> ElixirError { exception("ArgumentError", message) }
    public static func arithmetic(_ message: String = "bad argument in arithmetic expression") -> ElixirError {
        exception("ArithmeticError", message)
    }

    /// Raised when the user interrupts a computation (Ctrl-C, Jupyter interrupt).
    public static var interrupted: ElixirError { exception("SwiftNx.Interrupted", "interrupted") }

    /// The exception module name without the `Elixir.` prefix, e.g. "ArgumentError".
    public var exceptionModule: String? {
        guard kind == .error, case .map(let m) = value, let s = m.structName else { return nil }
        return s.hasPrefix("Elixir.") ? String(s.dropFirst(7)) : s
    }
}
