/// A function value: an anonymous `fn`, a capture (`&Mod.fun/2`), or a native function.
public final class Function {
    public enum Body {
        /// Implemented in Swift; receives the already-evaluated arguments.
        case native(([Value], Context) throws -> Value)
        /// An interpreted closure; the payload is the interpreter's own representation.
        case closure(AnyObject)
        /// A named capture `&Mod.fun/arity`, called through the module table.
        case capture(module: String, name: String)
    }

    public let arity: Int
    public let body: Body
    /// How `inspect` shows it: `&Enum.sum/1` for captures, `#Function<...>` otherwise.
    public let inspectText: String

    public init(arity: Int, body: Body, inspectText: String) {
        self.arity = arity
        self.body = body
        self.inspectText = inspectText
    }
}

/// What native functions may ask of the running interpreter.
public protocol Context: AnyObject {
    /// Calls any function value with arguments (raises `BadArityError`/`BadFunctionError`).
    func call(_ function: Value, _ args: [Value]) throws -> Value
    /// Calls `Module.name(args)` as Elixir code would (user modules and built-ins).
    func callRemote(module: String, name: String, _ args: [Value]) throws -> Value
    /// Writes to a device (`:stdio` or `:stderr`).
    func write(_ text: String, to device: OutputDevice)
    /// Reads a line for `IO.gets`; nil at end of input.
    func readLine(prompt: String) -> String?
    /// Raises `ElixirError.interrupted` if the user asked to stop the computation.
    func checkInterrupt() throws
    /// The process dictionary and random state of the running program (`Process.put/2`,
    /// `:rand`). A default keeps one per context; an interpreter may hold its own.
    var processState: ProcessState { get }
}

public enum OutputDevice { case stdout, stderr }
