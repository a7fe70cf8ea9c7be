/// Sorting as Elixir does it: a stable merge sort driven by a "may come first" predicate
/// (`<=`-like), so equal elements keep their order for both `:asc` and `:desc`.
enum Sorting {
    typealias Before = (Value, Value) throws -> Bool

    static func sort(_ items: [Value], _ before: Before) throws -> [Value] {
        if items.count < 2 { return items }
        var src = items
        var dst = items
        var width = 1
        while width < src.count {
            var lo = 0
            while lo < src.count {
                let mid = min(lo + width, src.count), hi = min(lo + 2 * width, src.count)
                var i = lo, j = mid, k = lo
                while i < mid && j < hi {
                    if try before(src[i], src[j]) { dst[k] = src[i]; i += 1 } else { dst[k] = src[j]; j += 1 }
                    k += 1
                }
                while i < mid { dst[k] = src[i]; i += 1; k += 1 }
                while j < hi { dst[k] = src[j]; j += 1; k += 1 }
                lo = hi
            }
            swap(&src, &dst)
            width *= 2
        }
        return src
    }

    static let ascending: Before = { Value.compare($0, $1) <= 0 }
    static let descending: Before = { Value.compare($0, $1) >= 0 }

    /// The predicate a sorter argument stands for: `:asc`, `:desc`, a 2-arity function,
    /// a module with `compare/2` (like `Date`), or `{:asc | :desc, module}`.
    static func predicate(_ sorter: Value, _ c: NativeCall) throws -> Before {
        switch sorter {
        case .atom("asc"): return ascending
        case .atom("desc"): return descending
        case .function(let f) where f.arity == 2:
            return { try c.ctx.call(sorter, [$0, $1]).isTruthy }
        case .atom(let m) where m.hasPrefix("Elixir."):
            return moduleCompare(m, notBeing: "gt", c)
        case .tuple(let t) where t.count == 2:
            guard case .atom(let m) = t[1] else { break }
            if case .atom("asc") = t[0] { return moduleCompare(m, notBeing: "gt", c) }
            if case .atom("desc") = t[0] { return moduleCompare(m, notBeing: "lt", c) }
        default: break
        }
        throw c.noClause()
    }

    /// `module.compare(a, b) != :excluded`
    static func moduleCompare(_ module: String, notBeing excluded: String, _ c: NativeCall) -> Before {
        let name = String(module.dropFirst("Elixir.".count))
        return { a, b in
            let r = try c.ctx.callRemote(module: name, name: "compare", [a, b])
            if case .atom(let o) = r { return o != excluded }
            return true
        }
    }
}
