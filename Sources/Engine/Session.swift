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
}
