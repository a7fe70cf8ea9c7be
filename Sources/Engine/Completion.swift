extension Session {
    /// Completions for the name before `cursor` (modules, functions, variables, map keys).
    public func complete(_ code: String, cursor: Int) -> Completion {
        Completion(matches: [], cursorStart: cursor, cursorEnd: cursor)
    }
}
