extension Session {
    /// Whether `code` is a complete input, needs more lines, or cannot parse.
    public func isComplete(_ code: String) -> Completeness { .complete }
}
