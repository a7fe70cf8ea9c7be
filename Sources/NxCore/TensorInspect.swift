/// `inspect` of a tensor, as Nx 0.7.2 prints it:
///
///     #Nx.Tensor<
///       s64[rows: 2][3]
///       [
///         [0, 1, 2],
///         [3, 4, 5]
///       ]
///     >
///
/// At most `limit` elements are shown (nil = all); the rest become `...`.
public enum TensorInspect {
    public static let defaultLimit = 50

    public static func inspect(_ t: Tensor, limit: Int? = defaultLimit) throws -> String {
        try lines(t, limit: limit).joined(separator: "\n")
    }

    /// The `vectorized[...]` line (for vectorized tensors) and the type and shape line.
    public static func headerLines(_ t: Tensor) -> [String] {
        let vectorized = t.isVectorized ? ["  vectorized" + t.vectorizedAxes.map { "[\($0.name): \($0.size)]" }.joined()] : []
        return vectorized + ["  " + header(t.innerTemplate)]
    }

    /// The printed lines, for callers that nest a tensor inside a container's layout.
    public static func lines(_ t: Tensor, limit: Int? = defaultLimit) throws -> [String] {
        var out = ["#Nx.Tensor<"] + headerLines(t)
        if t.data is TemplateBackend.Data {
            return out + ["  Nx.TemplateBackend", ">"]
        }
        let values = try t.backend.toNumbers(t, limit: limit)
        var next = 0
        var budget = limit ?? Int.max
        if t.rank == 0 {
            out.append("  " + (values.first.map(format) ?? "..."))
        } else {
            out += body(t.shape[...], indent: "  ", values: values, next: &next, budget: &budget)
        }
        out.append(">")
        return out
    }

    /// `f32[rows: 2][3]`.
    public static func header(_ t: TensorTemplate) -> String {
        var s = t.type.description
        for (d, n) in zip(t.shape, t.names) {
            s += n.map { "[\($0): \(d)]" } ?? "[\(d)]"
        }
        return s
    }

    /// One number as Nx prints it for its type.
    public static func format(_ n: NxNumber) -> String {
        switch n {
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .float(let d): return FloatFormat.elixir(d)
        case .complex(let re, let im):
            let sign = (im.sign == .minus && !im.isNaN) ? "-" : "+"
            return FloatFormat.elixir(re) + sign + FloatFormat.elixir(im.isNaN ? im : Swift.abs(im)) + "i"
        }
    }

    /// Lines of one nested list level; the innermost level is a single line.
    private static func body(_ dims: ArraySlice<Int>, indent: String, values: [NxNumber],
                             next: inout Int, budget: inout Int) -> [String] {
        let count = dims.first!
        if dims.count == 1 {
            let shown = Swift.min(count, budget)
            var items = (0..<shown).map { format(values[next + $0]) }
            next += shown
            budget -= shown
            if shown < count { items.append("...") }
            return [indent + "[" + items.joined(separator: ", ") + "]"]
        }
        var children: [[String]] = []
        let inner = indent + "  "
        for _ in 0..<count {
            if budget == 0 { children.append([inner + "..."]); break }
            children.append(body(dims.dropFirst(), indent: inner, values: values, next: &next, budget: &budget))
        }
        var out = [indent + "["]
        for (i, child) in children.enumerated() {
            var c = child
            if i < children.count - 1 { c[c.count - 1] += "," }
            out += c
        }
        out.append(indent + "]")
        return out
    }
}
