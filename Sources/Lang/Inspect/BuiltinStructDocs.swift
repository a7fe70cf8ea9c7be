/// How Elixir 1.14 prints the standard library's structs that do not print as `%Name{...}`:
/// each as the expression that builds it.
enum BuiltinStructDocs {
    static let all: [String: (MapValue, InspectOptions) -> Doc] = [
        "MapSet": mapSet,
        "Range": range,
    ]

    /// `MapSet.new([1, 2])`: the members (the keys of its `map` field) as a plain list.
    static func mapSet(_ m: MapValue, _ o: InspectOptions) -> Doc {
        guard case .map(let members)? = m[.atom("map")] else { return ValueDoc.plainMap(m, o) }
        var listOptions = o
        listOptions.charlists = .asLists
        return .concat([.text("MapSet.new("), ValueDoc.list(.list(members.keys), listOptions), .text(")")])
    }

    /// A `%Range{}` held as a map prints like a range value.
    static func range(_ m: MapValue, _ o: InspectOptions) -> Doc {
        guard case .int(let first)? = m[.atom("first")], case .int(let last)? = m[.atom("last")] else {
            return ValueDoc.plainMap(m, o)
        }
        var step = last >= first ? 1 : -1
        if case .int(let s)? = m[.atom("step")] { step = s }
        return ValueDoc.range(first, last, step, o)
    }
}
