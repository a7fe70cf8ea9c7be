import Lang

extension Session {
    /// Whether `code` is a complete input, needs more lines (an unterminated `do`,
    /// bracket or string), or cannot parse.
    public func isComplete(_ code: String) -> Completeness {
        do {
            _ = try Parser.parse(code)
            return .complete
        } catch let issue as SyntaxIssue {
            return issue.incomplete ? .incomplete(indent: "  ") : .invalid
        } catch {
            return .invalid
        }
    }
}
