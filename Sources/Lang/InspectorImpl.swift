/// A flat (single-line) rendering of values; the pretty printer replaces it.
enum InspectorImpl {
    static func render(_ value: Value, _ options: InspectOptions) -> String {
        switch value {
        case .int(let i): return String(i)
        case .bigint(let b): return b.description
        case .float(let f): return f.description
        case .atom(let a):
            if a.hasPrefix("Elixir.") { return String(a.dropFirst(7)) }
            if a == "nil" || a == "true" || a == "false" { return a }
            return ":" + a
        case .binary(let bytes): return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
        case .list:
            guard let items = value.listElements else { return "[...]" }
            return "[" + items.map { render($0, options) }.joined(separator: ", ") + "]"
        case .tuple(let items): return "{" + items.map { render($0, options) }.joined(separator: ", ") + "}"
        case .map(let m):
            return "%{" + m.pairs.map { render($0.0, options) + " => " + render($0.1, options) }
                .joined(separator: ", ") + "}"
        case let .range(first, last, step):
            return step == 1 ? "\(first)..\(last)" : "\(first)..\(last)//\(step)"
        case .function(let f): return f.inspectText
        case .tensor: return "#Nx.Tensor<>"
        case .ref(let r): return "#Reference<0.0.0.\(r)>"
        case .opaque(let o): return o.inspectText
        }
    }
}
