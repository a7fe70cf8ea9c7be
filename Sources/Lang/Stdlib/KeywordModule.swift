/// `Keyword`: lists of `{atom, value}` pairs. Keys may repeat; lookups see the first entry,
/// `put`/`delete` remove every entry with the key.
enum KeywordModule {
    /// Lookups, like Erlang's `lists:keyfind`, accept any `{key, value}` pairs; the keys
    /// asked for must be atoms.
    typealias Entry = (key: Value, value: Value)

    static func install(into r: Registry) {
        r.document(module: "Keyword", "Functions for keyword lists: lists of {atom, value} tuples, used for options.")
        installLookups(r)
        installUpdates(r)
        installWhole(r)
        installValidate(r)
    }

    // MARK: - Reading arguments

    /// The `{key, value}` pairs of a list argument (FunctionClauseError if it is not one).
    private static func entries(_ c: NativeCall, _ i: Int = 0) throws -> [Entry] {
        guard let items = c[i].listElements else { throw c.noClause() }
        return try items.map { item in
            guard let (k, v) = item.pair else { throw c.noClause() }
            return (k, v)
        }
    }

    /// The entries of a proper keyword list (atom keys), or nil.
    private static func keywordEntries(_ v: Value) -> [Entry]? {
        guard let items = v.listElements else { return nil }
        var out: [Entry] = []
        for item in items {
            guard let (k, value) = item.pair, k.isAtom else { return nil }
            out.append((k, value))
        }
        return out
    }

    /// The key argument, which Keyword's guards require to be an atom.
    private static func key(_ c: NativeCall, _ i: Int = 1) throws -> Value {
        guard c[i].isAtom else { throw c.noClause() }
        return c[i]
    }

    private static func atomList(_ c: NativeCall, _ i: Int) throws -> [Value] {
        guard let items = c[i].listElements, items.allSatisfy(\.isAtom) else { throw c.noClause() }
        return items
    }

    private static func same(_ a: Value, _ b: Value) -> Bool { Value.strictlyEqual(a, b) }

    private static func contains(_ keys: [Value], _ k: Value) -> Bool { keys.contains { same($0, k) } }

    static func value(_ entries: [Entry]) -> Value {
        .list(entries.map { Value.tuple([$0.key, $0.value]) })
    }

    // MARK: - Lookups

    private static func installLookups(_ r: Registry) {
        r.native("Keyword", "get", 2, 3, clauseArity: 3, doc: "The first value under the key, or the default (nil).") { c in
            let k = try key(c)
            return try entries(c).first { same($0.key, k) }?.value ?? (c.arity == 3 ? c[2] : .nil)
        }
        r.native("Keyword", "get_lazy", 3, doc: "The first value under the key, or the zero-arity function's result.") { c in
            let k = try key(c)
            let fn = try c.function(2, arity: 0)
            if let v = try entries(c).first(where: { same($0.key, k) })?.value { return v }
            return try c.ctx.call(fn, [])
        }
        r.native("Keyword", "get_values", 2, doc: "All values under the key, in order.") { c in
            let k = try key(c)
            return .list(try entries(c).filter { same($0.key, k) }.map(\.value))
        }
        r.native("Keyword", "fetch", 2, doc: "{:ok, value} for the first entry with the key, or :error.") { c in
            let k = try key(c)
            return try entries(c).first { same($0.key, k) }.map { Value.ok($0.value) } ?? .error
        }
        r.native("Keyword", "fetch!", 2, doc: "The first value under the key; raises KeyError when it is missing.") { c in
            let k = try key(c)
            guard let v = try entries(c).first(where: { same($0.key, k) })?.value else { throw Errors.keyNotFound(c[1], in: c[0]) }
            return v
        }
        r.native("Keyword", "has_key?", 2, doc: "True if some entry has the key.") { c in
            let k = try key(c)
            return .bool(try entries(c).contains { same($0.key, k) })
        }
        r.native("Keyword", "keys", 1, doc: "All keys, in order (repeated keys repeat).") { c in
            .list(try entries(c).map(\.key))
        }
        r.native("Keyword", "values", 1, doc: "All values, in order.") { c in
            .list(try entries(c).map(\.value))
        }
        r.native("Keyword", "keyword?", 1, doc: "True if the term is a list of {atom, value} tuples.") { c in
            guard let items = c[0].listElements else { return .false }
            return .bool(items.allSatisfy { if let (k, _) = $0.pair { return k.isAtom }; return false })
        }
    }

    // MARK: - Updates

    private static func installUpdates(_ r: Registry) {
        r.native("Keyword", "put", 3, doc: "Puts the key first, removing every other entry with that key.") { c in
            let k = try key(c)
            return value([(k, c[2])] + (try entries(c).filter { !same($0.key, k) }))
        }
        r.native("Keyword", "put_new", 3, doc: "Puts the key first unless it is already present.") { c in
            let k = try key(c)
            let es = try entries(c)
            return es.contains { same($0.key, k) } ? c[0] : value([(k, c[2])] + es)
        }
        r.native("Keyword", "delete", 2, doc: "Removes every entry with the key.") { c in
            let k = try key(c)
            return value(try entries(c).filter { !same($0.key, k) })
        }
        r.native("Keyword", "delete_first", 2, doc: "Removes the first entry with the key.") { c in
            let k = try key(c)
            var es = try entries(c)
            if let i = es.firstIndex(where: { same($0.key, k) }) { es.remove(at: i) }
            return value(es)
        }
        r.native("Keyword", "update", 4, doc: "Applies fun to the first value under the key (dropping later duplicates), or appends the default when missing.") { c in
            let k = try key(c)
            let fn = try c.function(3, arity: 1)
            let es = try entries(c)
            guard let i = es.firstIndex(where: { same($0.key, k) }) else { return value(es + [(k, c[2])]) }
            return value(try updated(es, at: i, with: c.call(fn, es[i].value)))
        }
        r.native("Keyword", "update!", 3, doc: "Applies fun to the first value under the key (dropping later duplicates); raises KeyError when missing.") { c in
            let k = try key(c)
            let fn = try c.function(2, arity: 1)
            let es = try entries(c)
            guard let i = es.firstIndex(where: { same($0.key, k) }) else { throw Errors.keyNotFound(c[1], in: c[0]) }
            return value(try updated(es, at: i, with: c.call(fn, es[i].value)))
        }
        r.native("Keyword", "replace!", 3, doc: "Replaces the first value under the key (dropping later duplicates); raises KeyError when missing.") { c in
            let k = try key(c)
            let es = try entries(c)
            guard let i = es.firstIndex(where: { same($0.key, k) }) else { throw Errors.keyNotFound(c[1], in: c[0]) }
            return value(updated(es, at: i, with: c[2]))
        }
        r.native("Keyword", "pop", 2, 3, clauseArity: 3, doc: "{first value under the key (or the default), the list without the key}.") { c in
            let k = try key(c)
            let es = try entries(c)
            let v = es.first { same($0.key, k) }?.value ?? (c.arity == 3 ? c[2] : .nil)
            return .tuple([v, value(es.filter { !same($0.key, k) })])
        }
        r.native("Keyword", "pop!", 2, doc: "{first value under the key, the list without the key}; raises KeyError when missing.") { c in
            let k = try key(c)
            let es = try entries(c)
            guard let v = es.first(where: { same($0.key, k) })?.value else { throw Errors.keyNotFound(c[1], in: c[0]) }
            return .tuple([v, value(es.filter { !same($0.key, k) })])
        }
        r.native("Keyword", "get_and_update", 3, doc: "fun gets the first value (or nil) and returns {get, new} or :pop; the result is {get, new list}.") { c in
            let k = try key(c)
            let fn = try c.function(2, arity: 1)
            var es = try entries(c)
            let i = es.firstIndex { same($0.key, k) }
            let current = i.map { es[$0].value }
            let r = try c.call(fn, current ?? .nil)
            if case .atom("pop") = r {
                if let i { es.remove(at: i) }
                return .tuple([current ?? .nil, value(es)])
            }
            guard let (got, new) = r.pair else { throw MapModule.badUpdate(r) }
            if let i { es[i].value = new } else { es.insert((k, new), at: 0) }
            return .tuple([got, value(es)])
        }
    }

    /// The entries with the one at `i` given a new value and later entries of its key removed.
    private static func updated(_ es: [Entry], at i: Int, with v: Value) -> [Entry] {
        var out = Array(es[..<i])
        out.append((es[i].key, v))
        out += es[(i + 1)...].filter { !same($0.key, es[i].key) }
        return out
    }

    // MARK: - Whole lists

    private static func installWhole(_ r: Registry) {
        r.native("Keyword", "new", 0, 1, 2, doc: "A keyword list from {key, value} pairs (optionally produced by a function); for repeated keys the last wins.") { c in
            if c.arity == 0 { return .emptyList }
            let fn = c.arity == 2 ? try c.function(1, arity: 1) : nil
            var out: [Entry] = []
            for x in try c.elements(0).reversed() {
                let pair = try fn.map { try c.call($0, x) } ?? x
                guard let (k, v) = pair.pair else {
                    throw ElixirError.exception("MatchError", "no match of right hand side value: \(Inspector.inspect(pair))",
                                                fields: [("term", pair)])
                }
                guard k.isAtom else { throw Errors.functionClause("Keyword", "put_new", [value(out), k, v]) }
                if !out.contains(where: { same($0.key, k) }) { out.insert((k, v), at: 0) }
            }
            return value(out)
        }
        r.native("Keyword", "merge", 2, 3, doc: "The first list without keys the second has, followed by the second; with fn key, v1, v2 conflicts are resolved by it.") { c in
            let a = try entries(c, 0)
            guard let b = keywordEntries(c[1]) else {
                throw ElixirError.argument("expected a keyword list as the second argument, got: \(Inspector.inspect(c[1]))")
            }
            guard c.arity == 3 else {
                let bKeys = b.map(\.key)
                return value(a.filter { !contains(bKeys, $0.key) } + b)
            }
            let fn = try c.function(2, arity: 3)
            var rest = a, original = a
            var merged: [Entry] = []
            for (k, v2) in b {
                if let i = original.firstIndex(where: { same($0.key, k) }) {
                    merged.append((k, try c.ctx.call(fn, [k, original[i].value, v2])))
                    original.remove(at: i)
                    rest.removeAll { same($0.key, k) }
                } else {
                    merged.append((k, v2))
                }
            }
            return value(rest + merged)
        }
        r.native("Keyword", "take", 2, doc: "The entries whose keys are in the given list.") { c in
            let keys = try atomList(c, 1)
            return value(try entries(c).filter { contains(keys, $0.key) })
        }
        r.native("Keyword", "drop", 2, doc: "The entries whose keys are not in the given list.") { c in
            let keys = try atomList(c, 1)
            return value(try entries(c).filter { !contains(keys, $0.key) })
        }
        r.native("Keyword", "split", 2, doc: "{entries with the given keys, the others}.") { c in
            let keys = try atomList(c, 1)
            let es = try entries(c)
            return .tuple([value(es.filter { contains(keys, $0.key) }), value(es.filter { !contains(keys, $0.key) })])
        }
        r.native("Keyword", "to_list", 1, doc: "The keyword list itself.") { c in
            _ = try entries(c)
            return c[0]
        }
        r.native("Keyword", "equal?", 2, doc: "True if both hold the same pairs (compared with ==), in any order.") { c in
            let a = try entries(c, 0), b = try entries(c, 1)
            func sorted(_ es: [Entry]) throws -> Value {
                .list(try Sorting.sort(es.map { Value.tuple([$0.key, $0.value]) }, Sorting.ascending))
            }
            return .bool(Value.looselyEqual(try sorted(a), try sorted(b)))
        }
    }

    // MARK: - validate / validate!

    private static func installValidate(_ r: Registry) {
        r.native("Keyword", "validate", 2, doc: "{:ok, keyword with defaults} if only allowed keys (atoms or {atom, default}) appear once each, else {:error, bad keys}.") { c in
            switch try validate(c) {
            case .success(let kw): return .ok(kw)
            case .failure(let bad): return .tuple([.error, .list(bad.keys.map(Value.atom))])
            }
        }
        r.native("Keyword", "validate!", 2, doc: "The keyword with defaults applied; raises ArgumentError for unknown or repeated keys.") { c in
            switch try validate(c) {
            case .success(let kw): return kw
            case .failure(let failure):
                let bad = failure.keys
                let allowed = try allowedKeys(c)
                let unknown = bad.filter { !allowed.contains($0) }
                let list = { (keys: [String]) in Inspector.inspect(.list(keys.map(Value.atom))) }
                if !unknown.isEmpty {
                    throw ElixirError.argument("unknown keys \(list(unknown)) in \(Inspector.inspect(c[0])), "
                                               + "the allowed keys are: \(list(allowed))")
                }
                throw ElixirError.argument("duplicate keys \(list(bad)) in \(Inspector.inspect(c[0]))")
            }
        }
    }

    private struct BadKeys: Error { let keys: [String] }

    private static func allowedKeys(_ c: NativeCall) throws -> [String] {
        guard let specs = c[1].listElements else { throw c.noClause() }
        return specs.compactMap { spec in
            if case .atom(let a) = spec { return a }
            if let (k, _) = spec.pair, case .atom(let a) = k { return a }
            return nil
        }
    }

    /// Each allowed key may be used once; keys not given take their defaults. The walk
    /// follows Elixir's (two lists of pending specs that swap roles), so the resulting
    /// order is the same: defaults first, then the given pairs, most recent first.
    private static func validate(_ c: NativeCall) throws -> Result<Value, BadKeys> {
        guard let given = c[0].listElements, let specs = c[1].listElements else { throw c.noClause() }
        func matches(_ spec: Value, _ key: String) -> Bool {
            if case .atom(let a) = spec { return a == key }
            if let (k, _) = spec.pair, case .atom(let a) = k { return a == key }
            return false
        }
        /// The list after the matching spec, and `acc` with the specs skipped on the way.
        func findKey(_ key: String, _ list: [Value], _ acc: [Value]) -> ([Value], [Value])? {
            var acc = acc
            for (i, spec) in list.enumerated() {
                if matches(spec, key) { return (Array(list[(i + 1)...]), acc) }
                acc.insert(spec, at: 0)
            }
            return nil
        }
        func movePairs(_ list: [Value], _ acc: [Value]) throws -> [Value] {
            var acc = acc
            for spec in list {
                if case .atom = spec { continue }
                guard let (k, _) = spec.pair, k.isAtom else {
                    throw ElixirError.argument(
                        "expected the second argument to be a list of atoms or tuples, got: \(Inspector.inspect(spec))")
                }
                acc.insert(spec, at: 0)
            }
            return acc
        }
        var values1 = specs, values2: [Value] = []
        var accepted: [Value] = []
        var bad: [String] = []
        for item in given {
            guard let (k, _) = item.pair, case .atom(let key) = k else {
                if bad.isEmpty {
                    throw ElixirError.argument(
                        "expected a keyword list as first argument, got invalid entry: \(Inspector.inspect(item))")
                }
                throw c.noClause()
            }
            if let (rest, acc) = findKey(key, values1, values2) {
                (values1, values2) = (rest, acc)
                accepted.insert(item, at: 0)
            } else if let (rest, acc) = findKey(key, values2, values1) {
                (values1, values2) = (rest, acc)
                accepted.insert(item, at: 0)
            } else {
                bad.insert(key, at: 0)
            }
        }
        guard bad.isEmpty else { return .failure(BadKeys(keys: bad)) }
        return .success(.list(try movePairs(values1, try movePairs(values2, accepted))))
    }
}
