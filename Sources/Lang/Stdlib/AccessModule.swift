import NxCore

/// `Access`: `container[key]` for maps, keyword lists and nil; the accessor functions
/// (`Access.key/2`, `at/1`, `elem/1`, `all/0`, `filter/1`...); and the nested forms
/// `get_in`, `put_in`, `update_in`, `get_and_update_in`, `pop_in` (Kernel functions).
public enum AccessModule {
    /// `tensor[key]`, supplied by the Nx bindings (Nx implements Access by slicing).
    public static var tensorFetch: ((Tensor, Value) throws -> Value)?
    /// `get_and_update` on a tensor (`put_in(t[0], ...)`), supplied by the Nx bindings.
    public static var tensorGetAndUpdate: ((Tensor, Value, (Value) throws -> Value) throws -> Value)?

    /// `container[key]`: the value under the key, or nil when it is missing.
    public static func get(_ container: Value, _ key: Value) throws -> Value {
        if case .ok(let v) = try fetch(container, key) { return v }
        return .nil
    }

    public enum Fetched { case ok(Value), missing }

    /// `Access.fetch/2`
    public static func fetch(_ container: Value, _ key: Value) throws -> Fetched {
        switch container {
        case .map(let m) where m.structName == nil:
            return m[key].map(Fetched.ok) ?? .missing
        case .map, .range:
            throw notAccessible(container, "fetch", 2)
        case .tensor(let t):
            guard let hook = tensorFetch else {
                throw ElixirError.argument("tensor access (tensor[index]) is not available: the Nx bindings are not installed")
            }
            return .ok(try hook(t, key))
        case .list:
            guard case .atom = key else {
                throw ElixirError.argument("the Access calls for keywords expect the key to be an atom, got: \(Inspector.inspect(key))")
            }
            guard let items = container.listElements else { throw Errors.functionClause("Access", "fetch", [container, key]) }
            for item in items {
                if let (k, v) = item.pair, Value.strictlyEqual(k, key) { return .ok(v) }
            }
            return .missing
        case .atom("nil"):
            return .missing
        default:
            throw Errors.functionClause("Access", "get", [container, key, .nil])
        }
    }

    /// `UndefinedFunctionError` for a struct that does not implement Access.
    static func notAccessible(_ container: Value, _ name: String, _ arity: Int) -> ElixirError {
        let module = container.asMap.structName.map { $0.hasPrefix("Elixir.") ? String($0.dropFirst(7)) : $0 } ?? "?"
        return ElixirError.exception(
            "UndefinedFunctionError",
            "function \(module).\(name)/\(arity) is undefined (\(module) does not implement the Access behaviour)",
            fields: [("module", .module(module)), ("function", .atom(name)), ("arity", .int(arity))])
    }

    /// `Access.get_and_update/3`: `update` receives the current value (or nil) and returns
    /// `{get, new}` or `:pop`; the result is `{get, new container}`.
    static func getAndUpdate(_ container: Value, _ key: Value, _ ctx: Context,
                             _ update: (Value) throws -> Value) throws -> Value {
        switch container {
        case .map(var m) where m.structName == nil:
            let current = m[key]
            let r = try update(current ?? .nil)
            if case .atom("pop") = r {
                m[key] = nil
                return .tuple([current ?? .nil, .map(m)])
            }
            guard let (got, new) = r.pair else { throw MapModule.badUpdate(r) }
            m[key] = new
            return .tuple([got, .map(m)])
        case .map, .range:
            throw notAccessible(container, "get_and_update", 3)
        case .tensor(let t):
            guard let hook = tensorGetAndUpdate else {
                throw ElixirError.argument("updating a tensor through Access is not available: the Nx bindings are not installed")
            }
            return try hook(t, key, update)
        case .list:
            guard case .atom = key, var items = container.listElements else {
                throw Errors.functionClause("Keyword", "get_and_update", [container, key, .nil])
            }
            let i = items.firstIndex { if let (k, _) = $0.pair { return Value.strictlyEqual(k, key) }; return false }
            let current = i.flatMap { items[$0].pair?.1 }
            let r = try update(current ?? .nil)
            if case .atom("pop") = r {
                if let i { items.remove(at: i) }
                return .tuple([current ?? .nil, .list(items)])
            }
            guard let (got, new) = r.pair else { throw MapModule.badUpdate(r) }
            if let i { items[i] = .tuple([key, new]) } else { items.insert(.tuple([key, new]), at: 0) }
            return .tuple([got, .list(items)])
        case .atom("nil"):
            throw ElixirError.argument("could not put/update key \(Inspector.inspect(key)) on a nil value")
        default:
            throw Errors.functionClause("Access", "get_and_update", [container, key, .nil])
        }
    }

    /// `Access.pop/2`
    static func pop(_ container: Value, _ key: Value, _ ctx: Context) throws -> Value {
        switch container {
        case .map(var m) where m.structName == nil:
            let v = m[key] ?? .nil
            m[key] = nil
            return .tuple([v, .map(m)])
        case .map, .range:
            throw notAccessible(container, "pop", 2)
        case .list:
            guard case .atom = key, let items = container.listElements else {
                throw Errors.functionClause("Keyword", "pop", [container, key, .nil])
            }
            let matches: (Value) -> Bool = { if let (k, _) = $0.pair { return Value.strictlyEqual(k, key) }; return false }
            let v = items.first(where: matches)?.pair?.1 ?? .nil
            return .tuple([v, .list(items.filter { !matches($0) })])
        case .atom("nil"):
            throw ElixirError.argument("could not pop key \(Inspector.inspect(key)) on a nil value")
        default:
            throw Errors.functionClause("Access", "pop", [container, key])
        }
    }

    // MARK: - Nested access

    static func getIn(_ data: Value, _ keys: ArraySlice<Value>, _ ctx: Context) throws -> Value {
        guard let key = keys.first else { return data }
        let rest = keys.dropFirst()
        if case .function = key {
            return try ctx.call(key, [.atom("get"), data, native(1) { args, ctx in try getIn(args[0], rest, ctx) }])
        }
        if data.isNil { return rest.isEmpty ? .nil : try getIn(.nil, rest, ctx) }
        return try getIn(try get(data, key), rest, ctx)
    }

    static func getAndUpdateIn(_ data: Value, _ keys: ArraySlice<Value>, _ ctx: Context,
                               _ update: @escaping (Value, Context) throws -> Value) throws -> Value {
        guard let key = keys.first else { throw Errors.functionClause("Kernel", "get_and_update_in", [data, .emptyList, .nil]) }
        let rest = keys.dropFirst()
        let next: (Value, Context) throws -> Value = rest.isEmpty ? update : { v, ctx in
            try getAndUpdateIn(v, rest, ctx, update)
        }
        if case .function = key {
            return try ctx.call(key, [.atom("get_and_update"), data, native(1) { args, ctx in try next(args[0], ctx) }])
        }
        return try getAndUpdate(data, key, ctx) { try next($0, ctx) }
    }

    static func popIn(_ data: Value, _ keys: ArraySlice<Value>, _ ctx: Context) throws -> Value {
        guard let key = keys.first else { throw Errors.functionClause("Kernel", "pop_in", [data, .emptyList]) }
        if data.isNil { return .atom("pop") }
        let rest = keys.dropFirst()
        if case .function = key {
            let next = native(1) { args, ctx in rest.isEmpty ? .atom("pop") : try popIn(args[0], rest, ctx) }
            return try ctx.call(key, [.atom("get_and_update"), data, next])
        }
        if rest.isEmpty { return try pop(data, key, ctx) }
        return try getAndUpdate(data, key, ctx) { try popIn($0, rest, ctx) }
    }

    /// A native function value.
    static func native(_ arity: Int, _ body: @escaping ([Value], Context) throws -> Value) -> Value {
        .function(Function(arity: arity, body: .native(body), inspectText: "#Function<Access>"))
    }

    // MARK: - Registration

    static func install(into r: Registry) {
        r.document(module: "Access", "Key-based access to maps, keyword lists and tensors, and accessors for nested data.")
        r.native("Access", "get", 2, 3, doc: "The value under the key in a map, keyword list or tensor, or the default (nil).") { c in
            if case .ok(let v) = try fetch(c[0], c[1]) { return v }
            return c.arity == 3 ? c[2] : .nil
        }
        r.native("Access", "fetch", 2, doc: "{:ok, value} under the key, or :error.") { c in
            if case .ok(let v) = try fetch(c[0], c[1]) { return .ok(v) }
            return .error
        }
        r.native("Access", "fetch!", 2, doc: "The value under the key; raises KeyError when it is missing.") { c in
            if case .ok(let v) = try fetch(c[0], c[1]) { return v }
            throw Errors.keyNotFound(c[1], in: c[0])
        }
        r.native("Access", "get_and_update", 3, doc: "{get, new container}: fun receives the current value and returns {get, new} or :pop.") { c in
            let fn = try c.function(2, arity: 1)
            return try getAndUpdate(c[0], c[1], c.ctx) { try c.call(fn, $0) }
        }
        r.native("Access", "pop", 2, doc: "{value under the key (or nil), the container without it}.") { c in
            try pop(c[0], c[1], c.ctx)
        }
        installAccessors(r)
        installNested(r, "Kernel")
    }

    private static func keysArgument(_ c: NativeCall) throws -> ArraySlice<Value> {
        guard let keys = c[1].listElements, !keys.isEmpty else { throw c.noClause() }
        return keys[...]
    }

    private static func installNested(_ r: Registry, _ module: String) {
        r.native(module, "get_in", 2, doc: "The value at a path of keys and accessors, nil along a missing path.") { c in
            try getIn(c[0], try keysArgument(c), c.ctx)
        }
        r.native(module, "get_and_update_in", 3, doc: "{get, new data}: fun gets the value at the path and returns {get, new} or :pop.") { c in
            let fn = try c.function(2, arity: 1)
            return try getAndUpdateIn(c[0], try keysArgument(c), c.ctx) { v, ctx in try ctx.call(fn, [v]) }
        }
        r.native(module, "put_in", 3, doc: "The data with the value at the path replaced.") { c in
            let value = c[2]
            let r = try getAndUpdateIn(c[0], try keysArgument(c), c.ctx) { _, _ in .tuple([.nil, value]) }
            return r.pair?.1 ?? r
        }
        r.native(module, "update_in", 3, doc: "The data with fun applied to the value at the path.") { c in
            let fn = try c.function(2, arity: 1)
            let r = try getAndUpdateIn(c[0], try keysArgument(c), c.ctx) { v, ctx in .tuple([.nil, try ctx.call(fn, [v])]) }
            return r.pair?.1 ?? r
        }
        r.native(module, "pop_in", 2, doc: "{value at the path (or nil), the data without it}.") { c in
            guard let keys = c[1].listElements, let first = keys.first else { throw c.noClause() }
            if c[0].isNil { throw ElixirError.argument("could not pop key \(Inspector.inspect(first)) on a nil value") }
            let r = try popIn(c[0], keys[...], c.ctx)
            if case .atom("pop") = r { return .tuple([.nil, c[0]]) }
            return r
        }
    }

    // MARK: - Accessor functions: fn op, data, next (op is :get or :get_and_update)

    private static func installAccessors(_ r: Registry) {
        r.native("Access", "key", 1, 2, doc: "Accessor for a map key (the default, nil, stands in for a missing key).") { c in
            let key = c[0], dflt = c.arity == 2 ? c[1] : .nil
            return accessor { op, data, next, ctx in
                guard case .map(let m) = data.isStructLike ? .map(data.asMap) : data else { throw Errors.badMap(data) }
                return try visit(m, key, m[key] ?? dflt, op, next, ctx)
            }
        }
        r.native("Access", "key!", 1, doc: "Accessor for a map key that must be present (KeyError otherwise).") { c in
            let key = c[0]
            return accessor { op, data, next, ctx in
                guard case .map(let m) = data.isStructLike ? .map(data.asMap) : data else {
                    throw Errors.runtime("Access.key!/1 expected a map/struct, got: \(Inspector.inspect(data))")
                }
                guard let value = m[key] else { throw Errors.keyNotFound(key, in: data) }
                return try visit(m, key, value, op, next, ctx)
            }
        }
        r.native("Access", "elem", 1, doc: "Accessor for the tuple element at a zero-based index.") { c in
            let index = try c.int(0)
            return accessor { op, data, next, ctx in
                guard case .tuple(var items) = data else {
                    throw Errors.runtime("Access.elem/1 expected a tuple, got: \(Inspector.inspect(data))")
                }
                guard index >= 0 && index < items.count else { throw Errors.badArgument(position: 1, "out of range") }
                if op == "get" { return try ctx.call(next, [items[index]]) }
                let r = try ctx.call(next, [items[index]])
                if case .atom("pop") = r { throw Errors.runtime("cannot pop data from a tuple") }
                guard let (got, new) = r.pair else { throw MapModule.badUpdate(r) }
                items[index] = new
                return .tuple([got, .tuple(items)])
            }
        }
        r.native("Access", "at", 1, doc: "Accessor for the list element at a non-negative index (nil when out of range).") { c in
            let index = try c.nonNegative(0)
            return accessor { op, data, next, ctx in
                guard var items = data.listElements else {
                    throw Errors.runtime("Access.at/1 expected a list, got: \(Inspector.inspect(data))")
                }
                if op == "get" { return try ctx.call(next, [index < items.count ? items[index] : .nil]) }
                guard index < items.count else { return .tuple([.nil, data]) }
                let r = try ctx.call(next, [items[index]])
                if case .atom("pop") = r {
                    let v = items.remove(at: index)
                    return .tuple([v, .list(items)])
                }
                guard let (got, new) = r.pair else { throw MapModule.badUpdate(r) }
                items[index] = new
                return .tuple([got, .list(items)])
            }
        }
        r.native("Access", "all", 0, doc: "Accessor for every element of a list.") { _ in
            accessor { op, data, next, ctx in
                try each(data, "Access.all/0", op, next, ctx) { _ in true }
            }
        }
        r.native("Access", "filter", 1, doc: "Accessor for the list elements for which the predicate is truthy.") { c in
            let pred = try c.function(0, arity: 1)
            return accessor { op, data, next, ctx in
                try each(data, "Access.filter/1", op, next, ctx) { try ctx.call(pred, [$0]).isTruthy }
            }
        }
    }

    /// One step of a map-key accessor: `get` passes the value on; `get_and_update` puts
    /// the updated value back (or removes the key on :pop).
    private static func visit(_ map: MapValue, _ key: Value, _ value: Value, _ op: String,
                              _ next: Value, _ ctx: Context) throws -> Value {
        let r = try ctx.call(next, [value])
        if op == "get" { return r }
        var m = map
        if case .atom("pop") = r {
            m[key] = nil
            return .tuple([value, .map(m)])
        }
        guard let (got, new) = r.pair else { throw MapModule.badUpdate(r) }
        m[key] = new
        return .tuple([got, .map(m)])
    }

    private static func accessor(_ body: @escaping (String, Value, Value, Context) throws -> Value) -> Value {
        native(3) { args, ctx in
            guard case .atom(let op) = args[0], op == "get" || op == "get_and_update" else {
                throw Errors.functionClause("Access", "accessor", args)
            }
            return try body(op, args[1], args[2], ctx)
        }
    }

    /// get maps `next` over the selected elements; get_and_update collects {gets, updated list},
    /// dropping elements whose update is :pop.
    private static func each(_ data: Value, _ name: String, _ op: String, _ next: Value, _ ctx: Context,
                             _ selected: (Value) throws -> Bool) throws -> Value {
        guard let items = data.listElements else {
            throw Errors.runtime("\(name) expected a list, got: \(Inspector.inspect(data))")
        }
        if op == "get" { return .list(try items.filter(selected).map { try ctx.call(next, [$0]) }) }
        var gets: [Value] = [], updated: [Value] = []
        for item in items {
            guard try selected(item) else { updated.append(item); continue }
            let r = try ctx.call(next, [item])
            if case .atom("pop") = r { gets.append(item); continue }
            guard let (got, new) = r.pair else { throw MapModule.badUpdate(r) }
            gets.append(got); updated.append(new)
        }
        return .tuple([.list(gets), .list(updated)])
    }
}
