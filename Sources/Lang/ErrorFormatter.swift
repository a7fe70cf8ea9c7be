/// How an uncaught raise, throw or exit prints: `** (Module) message` as Elixir does.
public enum ErrorFormatter {
    /// The exception module and its message (FunctionClauseError with its arguments).
    public static func nameAndMessage(_ error: ElixirError) -> (String, String) {
        switch error.kind {
        case .throw: return ("throw", Inspector.inspect(error.value))
        case .exit: return ("exit", Inspector.inspect(error.value))
        case .error: break
        }
        guard case .map(let m) = error.value else { return ("ErlangError", Inspector.inspect(error.value)) }
        let name = error.exceptionModule ?? "ErlangError"
        let message = m[.atom("message")]?.stringValue ?? ""
        if name == "FunctionClauseError", case .binary? = m[.atom("blame")],
           let blame = m[.atom("blame")]?.stringValue, let args = m[.atom("args")]?.listElements {
            return (name, Exceptions.functionClauseBanner(message, name: blame, args: args))
        }
        if name == "ArithmeticError", let suffix = m[.atom("blame")]?.stringValue {
            return (name, message + suffix)
        }
        return (name, message)
    }

    /// `** (RuntimeError) oops`, or `** (throw) value` / `** (exit) reason`.
    public static func banner(_ error: ElixirError) -> String {
        let (name, message) = nameAndMessage(error)
        return "** (\(name)) \(message)"
    }
}
