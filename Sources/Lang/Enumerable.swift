/// Iteration over Elixir's enumerables: lists, ranges and maps (as `{key, value}` tuples).
/// Streams and other lazy enumerables plug in through `LazyEnumerable`.
public protocol LazyEnumerable: OpaqueValue {
    /// Feeds elements to `body` until it returns false.
    func forEach(_ context: Context, _ body: (Value) throws -> Bool) throws
}

extension Value {
    /// Visits each element in order, stopping early when `body` returns false.
    /// Raises `Protocol.UndefinedError` for values that are not enumerable.
    public func forEachElement(_ context: Context, _ body: (Value) throws -> Bool) throws {
        switch self {
        case .list(var cell):
            while let c = cell {
                guard try body(c.head) else { return }
                guard case .list(let next) = c.tail else {
                    throw ElixirError.exception("FunctionClauseError",
                                                "no function clause matching in Enumerable.List.reduce/3")
                }
                cell = next
            }
        case let .range(first, last, step):
            if step > 0 ? first > last : first < last { return }
            var i = first
            while true {
                guard try body(.int(i)) else { return }
                if (step > 0 && i > last - step) || (step < 0 && i < last - step) { return }
                i += step
            }
        case .map(let m) where m.structName == nil:
            for (k, v) in m.pairs { guard try body(.tuple([k, v])) else { return } }
        case .map(let m) where m.structName == "Elixir.MapSet":
            guard case .map(let elements)? = m[.atom("map")] else { throw notEnumerable }
            for k in elements.keys { guard try body(k) else { return } }
        case .opaque(let o as LazyEnumerable):
            try o.forEach(context, body)
        default:
            throw notEnumerable
        }
    }

    private var notEnumerable: ElixirError {
        ElixirError.exception(
            "Protocol.UndefinedError",
            "protocol Enumerable not implemented for \(Inspector.inspect(self)) of type \(typeName)",
            fields: [("protocol", .module("Enumerable")), ("value", self)])
    }

    /// All elements, in order.
    public func elements(_ context: Context) throws -> [Value] {
        if case .list = self, let items = listElements { return items }
        var out: [Value] = []
        try forEachElement(context) { out.append($0); return true }
        return out
    }

    /// The type name Elixir's protocol errors use (`Integer`, `Atom`, `Tuple`...).
    public var typeName: String {
        switch self {
        case .int, .bigint: return "Integer"
        case .float: return "Float"
        case .atom: return "Atom"
        case .binary: return "BitString"
        case .list: return "List"
        case .tuple: return "Tuple"
        case .map(let m):
            if let s = m.structName { return (s.hasPrefix("Elixir.") ? String(s.dropFirst(7)) : s) + " (a struct)" }
            return "Map"
        case .range: return "Range (a struct)"
        case .tensor: return "Nx.Tensor (a struct)"
        case .function: return "Function"
        case .ref: return "Reference"
        case .opaque: return "Any"
        }
    }
}
