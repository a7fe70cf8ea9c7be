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

extension Inspector {
    /// `to_string/1` (the String.Chars protocol); raises `Protocol.UndefinedError` for
    /// values without an implementation (tuples, maps, functions...).
    public static func toString(_ value: Value) throws -> String {
        switch value {
        case .binary(let b): return String(decoding: b, as: UTF8.self)
        case .atom(let a): return a == "nil" ? "" : (a.hasPrefix("Elixir.") ? String(a.dropFirst(7)) : a)
        case .int, .bigint, .float: return inspect(value)
        default:
            throw ElixirError.exception(
                "Protocol.UndefinedError",
                "protocol String.Chars not implemented for \(inspect(value)) of type \(value.typeName)")
        }
    }
}
