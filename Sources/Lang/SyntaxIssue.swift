/// A lexing or parsing failure. `incomplete` marks input that could still become valid
/// with more text (an unterminated `do`, bracket or string), which the REPL continues.
public struct SyntaxIssue: Error {
    public var message: String
    public var line: Int
    public var column: Int
    public var incomplete: Bool

    /// The Elixir exception: `TokenMissingError` for unterminated input, else `SyntaxError`.
    public func exception(file: String) -> ElixirError {
        let module = incomplete ? "TokenMissingError" : "SyntaxError"
        return ElixirError.exception(module, "\(file):\(line):\(column): \(message)",
                                     fields: [("file", .string(file)), ("line", .int(line)),
                                              ("column", .int(column))])
    }
}
