/// `MapSet`: sets stored as Elixir 1.14 does, a `%MapSet{map: %{element => []}}` struct,
/// so they compare, print and pattern-match like the real thing.
enum MapSetModule {
    static let structName = "Elixir.MapSet"

    /// A MapSet value holding the given elements.
    static func make<S: Sequence>(_ elements: S) -> Value where S.Element == Value {
        var inner = MapValue()
        for e in elements { inner[e] = .emptyList }
        return wrap(inner)
    }

    static func wrap(_ inner: MapValue) -> Value {
        .map(MapValue([(.atom("__struct__"), .atom(structName)), (.atom("map"), .map(inner))]))
    }

    /// The element map of a MapSet value, or nil for anything else.
    static func elements(of value: Value) -> MapValue? {
        guard case .map(let m) = value, m.structName == structName, case .map(let inner)? = m[.atom("map")] else {
            return nil
        }
        return inner
    }

    static func install(into r: Registry) {
        r.document(module: "MapSet", "Sets of unique elements (compared with ===), kept in term order.")
        r.native("MapSet", "new", 0, 1, 2, doc: "An empty set, or the set of an enumerable's elements (mapped by a function, when given).") { c in
            if c.arity == 0 { return make([]) }
            if c.arity == 1, elements(of: c[0]) != nil { return c[0] }
            var items = try c.elements(0)
            if c.arity == 2 {
                let fn = try c.guardedFunction(1, arity: 1)
                items = try items.map { try c.call(fn, $0) }
            }
            return make(items)
        }
        r.native("MapSet", "put", 2, doc: "The set with the element added.") { c in
            var s = try set(c, 0)
            s[c[1]] = .emptyList
            return wrap(s)
        }
        r.native("MapSet", "delete", 2, doc: "The set without the element.") { c in
            var s = try set(c, 0)
            s[c[1]] = nil
            return wrap(s)
        }
        r.native("MapSet", "member?", 2, doc: "True if the set holds the element.") { c in
            .bool(try set(c, 0)[c[1]] != nil)
        }
        r.native("MapSet", "size", 1, doc: "The number of elements.") { c in .int(try set(c, 0).count) }
        r.native("MapSet", "to_list", 1, doc: "The elements as a list, in term order.") { c in .list(try set(c, 0).keys) }
        r.native("MapSet", "union", 2, doc: "The elements in either set.") { c in
            var a = try set(c, 0)
            for k in try set(c, 1).keys { a[k] = .emptyList }
            return wrap(a)
        }
        r.native("MapSet", "intersection", 2, doc: "The elements in both sets.") { c in
            let a = try set(c, 0), b = try set(c, 1)
            return make(a.keys.filter { b[$0] != nil })
        }
        r.native("MapSet", "difference", 2, doc: "The elements of the first set that are not in the second.") { c in
            let a = try set(c, 0), b = try set(c, 1)
            return make(a.keys.filter { b[$0] == nil })
        }
        r.native("MapSet", "subset?", 2, doc: "True if every element of the first set is in the second.") { c in
            let a = try set(c, 0), b = try set(c, 1)
            return .bool(a.keys.allSatisfy { b[$0] != nil })
        }
        r.native("MapSet", "disjoint?", 2, doc: "True if the sets share no element.") { c in
            let a = try set(c, 0), b = try set(c, 1)
            return .bool(!a.keys.contains { b[$0] != nil })
        }
        r.native("MapSet", "equal?", 2, doc: "True if the sets hold the same elements.") { c in
            .bool(Value.strictlyEqual(.map(try set(c, 0)), .map(try set(c, 1))))
        }
        r.native("MapSet", "filter", 2, doc: "The elements for which the function is truthy.") { c in
            let fn = try c.guardedFunction(1, arity: 1)
            return make(try set(c, 0).keys.filter { try c.call(fn, $0).isTruthy })
        }
        r.native("MapSet", "reject", 2, doc: "The elements for which the function is falsy.") { c in
            let fn = try c.guardedFunction(1, arity: 1)
            return make(try set(c, 0).keys.filter { !(try c.call(fn, $0).isTruthy) })
        }
    }

    private static func set(_ c: NativeCall, _ i: Int) throws -> MapValue {
        guard let s = elements(of: c[i]) else { throw c.noClause() }
        return s
    }
}
