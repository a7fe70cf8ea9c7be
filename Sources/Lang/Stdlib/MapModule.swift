/// `Map`: key-value maps. Every function raises `BadMapError` for a non-map, as Erlang's
/// `maps` functions do, and `KeyError` for a missing key in the `!` forms.
enum MapModule {
    static func install(into r: Registry) {
        r.document(module: "Map", "Functions for maps: key-value stores whose keys are kept in term order.")
        installLookups(r)
        installUpdates(r)
        installWholeMap(r)
    }

    private static func installLookups(_ r: Registry) {
        r.native("Map", "get", 2, 3, clauseArity: 3, doc: "The value under the key, or the default (nil).") { c in
            try c.map(0)[c[1]] ?? (c.arity == 3 ? c[2] : .nil)
        }
        r.native("Map", "get_lazy", 3, doc: "The value under the key, or the result of the zero-arity function.") { c in
            let m = try c.map(0)
            let fn = try c.function(2, arity: 0)
            return try m[c[1]] ?? c.ctx.call(fn, [])
        }
        r.native("Map", "fetch", 2, doc: "{:ok, value} for the key, or :error.") { c in
            try c.map(0)[c[1]].map(Value.ok) ?? .error
        }
        r.native("Map", "fetch!", 2, doc: "The value under the key; raises KeyError when it is missing.") { c in
            guard let v = try c.map(0)[c[1]] else { throw Errors.keyNotFound(c[1], in: c[0]) }
            return v
        }
        r.native("Map", "has_key?", 2, doc: "True if the map holds the key.") { c in
            .bool(try c.map(0)[c[1]] != nil)
        }
        r.native("Map", "keys", 1, doc: "The keys, in order.") { c in .list(try c.map(0).keys) }
        r.native("Map", "values", 1, doc: "The values, in key order.") { c in .list(try c.map(0).values) }
        r.native("Map", "to_list", 1, doc: "The {key, value} pairs, in key order.") { c in
            .list(try c.map(0).pairs.map { Value.tuple([$0.0, $0.1]) })
        }
        r.native("Map", "equal?", 2, doc: "True if the two maps are strictly equal (===).") { c in
            _ = try c.map(0); _ = try c.map(1)
            return .bool(Value.strictlyEqual(c[0], c[1]))
        }
    }

    private static func installUpdates(_ r: Registry) {
        r.native("Map", "put", 3, doc: "The map with the key set to the value.") { c in
            var m = try c.map(0)
            m[c[1]] = c[2]
            return .map(m)
        }
        r.native("Map", "put_new", 3, doc: "The map with the key set to the value, unless the key is already present.") { c in
            var m = try c.map(0)
            if m[c[1]] == nil { m[c[1]] = c[2] }
            return .map(m)
        }
        r.native("Map", "put_new_lazy", 3, doc: "Like put_new/3, computing the value with a zero-arity function only when needed.") { c in
            var m = try c.map(0)
            let fn = try c.function(2, arity: 0)
            if m[c[1]] == nil { m[c[1]] = try c.ctx.call(fn, []) }
            return .map(m)
        }
        r.native("Map", "replace", 3, doc: "The map with the key's value replaced, only if the key is present.") { c in
            var m = try c.map(0)
            if m[c[1]] != nil { m[c[1]] = c[2] }
            return .map(m)
        }
        r.native("Map", "replace!", 3, doc: "The map with the key's value replaced; raises KeyError when it is missing.") { c in
            var m = try c.map(0)
            guard m[c[1]] != nil else { throw Errors.keyNotFound(c[1], in: c[0]) }
            m[c[1]] = c[2]
            return .map(m)
        }
        r.native("Map", "update", 4, doc: "The map with fun applied to the key's value, or the default put under the key when missing.") { c in
            var m = try c.map(0)
            let fn = try c.function(3, arity: 1)
            m[c[1]] = try m[c[1]].map { try c.call(fn, $0) } ?? c[2]
            return .map(m)
        }
        r.native("Map", "update!", 3, doc: "The map with fun applied to the key's value; raises KeyError when it is missing.") { c in
            var m = try c.map(0)
            let fn = try c.function(2, arity: 1)
            guard let v = m[c[1]] else { throw Errors.keyNotFound(c[1], in: c[0]) }
            m[c[1]] = try c.call(fn, v)
            return .map(m)
        }
        r.native("Map", "delete", 2, doc: "The map without the key.") { c in
            var m = try c.map(0)
            m[c[1]] = nil
            return .map(m)
        }
        r.native("Map", "pop", 2, 3, clauseArity: 3, doc: "{value under the key (or the default), the map without the key}.") { c in
            var m = try c.map(0)
            let v = m[c[1]] ?? (c.arity == 3 ? c[2] : .nil)
            m[c[1]] = nil
            return .tuple([v, .map(m)])
        }
        r.native("Map", "pop!", 2, doc: "{value under the key, the map without it}; raises KeyError when it is missing.") { c in
            var m = try c.map(0)
            guard let v = m[c[1]] else { throw Errors.keyNotFound(c[1], in: c[0]) }
            m[c[1]] = nil
            return .tuple([v, .map(m)])
        }
        r.native("Map", "get_and_update", 3, doc: "fun gets the current value (or nil) and returns {get, new value} or :pop; the result is {get, new map}.") { c in
            var m = try c.map(0)
            let fn = try c.function(2, arity: 1)
            let current = m[c[1]]
            let r = try c.call(fn, current ?? .nil)
            if case .atom("pop") = r {
                m[c[1]] = nil
                return .tuple([current ?? .nil, .map(m)])
            }
            guard let (got, new) = r.pair else { throw badUpdate(r) }
            m[c[1]] = new
            return .tuple([got, .map(m)])
        }
        r.native("Map", "get_and_update!", 3, doc: "Like get_and_update/3; raises KeyError when the key is missing.") { c in
            var m = try c.map(0)
            let fn = try c.function(2, arity: 1)
            guard let current = m[c[1]] else { throw Errors.keyNotFound(c[1], in: c[0]) }
            let r = try c.call(fn, current)
            if case .atom("pop") = r {
                m[c[1]] = nil
                return .tuple([current, .map(m)])
            }
            guard let (got, new) = r.pair else { throw badUpdate(r) }
            m[c[1]] = new
            return .tuple([got, .map(m)])
        }
    }

    static func badUpdate(_ r: Value) -> ElixirError {
        Errors.runtime("the given function must return a two-element tuple or :pop, got: \(Inspector.inspect(r))")
    }

    private static func keyList(_ c: NativeCall, _ i: Int) throws -> [Value] {
        guard let keys = c[i].listElements else { throw c.noClause() }
        return keys
    }

    private static func installWholeMap(_ r: Registry) {
        r.native("Map", "new", 0, 1, 2, doc: "An empty map, or one built from {key, value} pairs (optionally produced by a function); later keys win.") { c in
            if c.arity == 0 { return .map(MapValue()) }
            if c.arity == 1, case .map(let m) = c[0], m.structName == nil { return c[0] }
            var m = MapValue()
            let fn = c.arity == 2 ? try c.function(1, arity: 1) : nil
            try c[0].forEachElement(c.ctx) { x in
                let pair = try fn.map { try c.call($0, x) } ?? x
                guard let (k, v) = pair.pair else { throw Errors.badArgument(position: 1, "not a list of {key, value} tuples") }
                m[k] = v
                return true
            }
            return .map(m)
        }
        r.native("Map", "merge", 2, 3, doc: "The second map's entries put into the first; with a function fn key, v1, v2, conflicting values are resolved by it.") { c in
            var a = try c.map(0)
            let b = try c.map(1)
            let fn = c.arity == 3 ? try c.function(2, arity: 3) : nil
            for (k, v) in b.pairs {
                if let f = fn, let old = a[k] { a[k] = try c.ctx.call(f, [k, old, v]) } else { a[k] = v }
            }
            return .map(a)
        }
        r.native("Map", "take", 2, doc: "A map of only the given keys that are present.") { c in
            let m = try c.map(0)
            var out = MapValue()
            for k in try keyList(c, 1) { if let v = m[k] { out[k] = v } }
            return .map(out)
        }
        r.native("Map", "drop", 2, doc: "The map without the given keys.") { c in
            var m = try c.map(0)
            for k in try keyList(c, 1) { m[k] = nil }
            return .map(m)
        }
        r.native("Map", "split", 2, doc: "{map of the given keys, map of the others}.") { c in
            var rest = try c.map(0)
            var taken = MapValue()
            for k in try keyList(c, 1) {
                if let v = rest[k] { taken[k] = v; rest[k] = nil }
            }
            return .tuple([.map(taken), .map(rest)])
        }
        r.native("Map", "filter", 2, doc: "The entries for which fn {key, value} is truthy.") { c in
            try filter(c, keep: true)
        }
        r.native("Map", "reject", 2, doc: "The entries for which fn {key, value} is falsy.") { c in
            try filter(c, keep: false)
        }
        r.native("Map", "from_struct", 1, doc: "The struct as a plain map (without __struct__).") { c in
            guard case .map(var m) = c[0].isStructLike ? .map(c[0].asMap) : c[0], m.structName != nil else {
                throw c.noClause()
            }
            m[.atom("__struct__")] = nil
            return .map(m)
        }
    }

    private static func filter(_ c: NativeCall, keep: Bool) throws -> Value {
        let m = try c.map(0)
        let fn = try c.function(1, arity: 1)
        var out = MapValue()
        for (k, v) in m.pairs where try c.call(fn, .tuple([k, v])).isTruthy == keep { out[k] = v }
        return .map(out)
    }
}

extension Value {
    /// Ranges are `%Range{}` structs stored compactly.
    var isStructLike: Bool {
        switch self {
        case .range, .tensor: return true
        default: return false
        }
    }
}
