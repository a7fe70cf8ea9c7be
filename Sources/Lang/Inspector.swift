/// `inspect/2` and `to_string/1` for host values, as Elixir 1.14 prints them.
public struct InspectOptions {
    /// Maximum number of list/tuple/map entries shown; nil is `:infinity`.
    public var limit: Int? = 50
    public var printableLimit: Int? = 4096
    public var width: Int = 80
    public var pretty: Bool = false
    public var charlistsAsLists: Bool = false
    public var binariesAsBinaries: Bool = false
    public init() {}
}

public enum Inspector {
    /// The text `inspect(value, opts)` returns.
    public static func inspect(_ value: Value, _ options: InspectOptions = InspectOptions()) -> String {
        InspectorImpl.render(value, options)
    }
}
