import Lang

/// One evaluation session: the seam shared by the REPL and the Jupyter kernel.
/// Bindings, modules and compiled defn caches live here and persist across evaluations.
public final class Session {
    /// A result as MIME bundles: always "text/plain" (the inspect text the REPL prints),
    /// plus "text/html" where a richer view exists (tensors, expression graphs).
    public typealias MimeBundle = [String: String]

    public struct ErrorReport {
        /// The exception module, e.g. "ArgumentError" (Jupyter's `ename`).
        public var name: String
        /// The message (Jupyter's `evalue`).
        public var message: String
        /// The lines Elixir prints: `** (ArgumentError) message`, then stacktrace lines.
        public var traceback: [String]
    }

    public struct Evaluation {
        /// The value of the last expression; nil when the code failed.
        public var result: MimeBundle?
        public var error: ErrorReport?
        /// The value behind `result` (what `v/1` gives back later).
        public var value: Value? = nil
    }

    public enum Completeness: Equatable {
        case complete
        case incomplete(indent: String)
        case invalid
    }

    public struct Completion {
        public var matches: [String]
        /// The replaced span, in Unicode scalars from the start of the code.
        public var cursorStart: Int
        public var cursorEnd: Int
    }

    /// Where printed output goes as the code runs (IO.puts, IO.inspect...).
    public let stdout: (String) -> Void
    public let stderr: (String) -> Void
    /// Answers `IO.gets`; nil means no input is available.
    public let stdin: ((String) -> String?)?

    /// Built-in modules and their docs (completion and `h` read them too).
    public let registry = Registry()
    /// Names bound at the top level, for completion; kept current by `evaluate`.
    public internal(set) var variableNames: [String] = []
    /// Modules defined in this session: module → function name → arities.
    public internal(set) var userModules: [String: [String: Set<Int>]] = [:]

    /// The results `v/0` and `v/1` read; set by the interactive front ends.
    var resultHistory: ResultHistory?

    /// The interpreter that holds this session's bindings and modules.
    public private(set) lazy var interpreter: Interpreter = {
        let out = stdout, err = stderr
        return Interpreter(registry: registry, output: { text, device in
            device == .stderr ? err(text) : out(text)
        }, input: stdin)
    }()

    public init(stdout: @escaping (String) -> Void, stderr: @escaping (String) -> Void,
                stdin: ((String) -> String?)? = nil) {
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
        _ = interpreter
    }

    /// The stack size for threads that hold a session's values: a deeply nested value is
    /// released recursively, so any thread that may drop the last reference needs it.
    public static let deepStackSize = DeepStack.size

    /// Evaluates code (a REPL line or a notebook cell) in this session.
    public func evaluate(_ code: String, file: String = "iex") -> Evaluation {
        let interp = interpreter
        let outcome: Result<Value, Error> = DeepStack.run {
            Result { try interp.evaluate(code, file: file) }
        }
        variableNames = interp.bindings.map { $0.0 }
        userModules = interp.userModules
        switch outcome {
        case .success(let value):
            var options = InspectOptions()
            options.pretty = true
            return Evaluation(result: ["text/plain": Inspector.inspect(value, options)], error: nil, value: value)
        case .failure(let error):
            return Evaluation(result: nil, error: Session.report(error, file: file, line: interp.currentLine))
        }
    }

    /// The report Elixir would print for an uncaught error.
    static func report(_ error: Error, file: String, line: Int) -> ErrorReport {
        guard let e = error as? ElixirError else {
            let message = "\(error)"
            return ErrorReport(name: "RuntimeError", message: message, traceback: ["** (RuntimeError) \(message)"])
        }
        let (name, message) = ErrorFormatter.nameAndMessage(e)
        var traceback = ErrorFormatter.banner(e).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        traceback += e.stacktrace.map { "    " + $0 }
        if line > 0 { traceback.append("    \(file):\(line): (file)") }
        return ErrorReport(name: name, message: message, traceback: traceback)
    }

    /// Asks a running evaluation to stop; safe to call from any thread or a signal handler.
    public func interrupt() { interpreter.interrupt() }
}
