extension Session {
    /// The docs of the name under `cursor`, as `h` shows them; nil when nothing is known.
    public func help(_ code: String, cursor: Int) -> String? { nil }
}
