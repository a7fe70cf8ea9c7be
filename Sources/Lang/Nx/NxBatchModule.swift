import NxCore

/// `Nx.Batch`: entries (tensors or tuples/maps of them) gathered along a leading batch axis.
/// Unlike Nx, which defers the work to the moment a batch is consumed, entries are stored as
/// they come (stacked entries get their new axis at once); `materialize` concatenates them and
/// adds the padding, which is what consuming a batch (`Nx.Defn.jit_apply`) does.
///
/// The struct: `%Nx.Batch{stack: [{entry, size}], size: n, template: t, pad: p, key: :default}`,
/// printed as Nx's derived Inspect does: `#Nx.Batch<size: 3, pad: 0, ...>`.
enum NxBatchModule {
    static let moduleName = "Nx.Batch"

    static func install(_ r: Registry) {
        r.document(module: moduleName, "Batches of tensors (or containers of tensors) gathered along a first axis, concatenated and padded when a numerical definition consumes them.")
        r.define(moduleName, "new", arity: 0, doc: "An empty batch.") { _, _ in make() }
        for (name, stacked) in [("concatenate", false), ("stack", true)] {
            let what = stacked ? "Adds each entry as one element (a new first axis)." : "Adds each entry along its first axis: an entry whose first axis has n entries adds n to the size (every tensor of a container must agree)."
            r.define(moduleName, name, arities: [1, 2], doc: "\(what) With one argument a new batch is started.") { args, _ in
                try NxBridge.run {
                    args.count == 1 ? try add(make(), args[0], stacked: stacked) : try add(args[0], args[1], stacked: stacked)
                }
            }
        }
        r.define(moduleName, "merge", arities: [1, 2], doc: "Joins batches (a list, or two) in order: sizes and paddings add up; templates must agree.") { args, _ in
            let list = args.count == 2 ? [args[0], args[1]] : (args[0].listElements ?? [])
            return try NxBridge.run { try merge(try list.map(batch)) }
        }
        r.define(moduleName, "split", arity: 2, doc: "Splits a batch into `{first n elements, rest}`; padding goes with the part that ends the batch.") { args, _ in
            guard case .int(let n) = args[1], n > 0 else {
                throw ElixirError.exception("FunctionClauseError", "no function clause matching in Nx.Batch.split/2")
            }
            return try NxBridge.run { try split(try batch(args[0]), n) }
        }
        r.define(moduleName, "pad", arity: 2, doc: "Sets how many zero entries are added at the end when the batch is consumed.") { args, _ in
            guard case .int(let p) = args[1], p >= 0 else {
                throw ElixirError.exception("FunctionClauseError", "no function clause matching in Nx.Batch.pad/2")
            }
            var b = try batch(args[0])
            b.pad = p
            return b.value
        }
        r.define(moduleName, "key", arity: 2, doc: "Tags the batch with a key (used by Nx.Serving to group batches).") { args, _ in
            var b = try batch(args[0])
            b.key = args[1]
            return b.value
        }
        Inspector.structInspectors[moduleName] = { m, _ in
            let size = m[.atom("size")].map { Inspector.inspect($0) } ?? "0"
            let pad = m[.atom("pad")].map { Inspector.inspect($0) } ?? "0"
            return .text("#Nx.Batch<size: \(size), pad: \(pad), ...>")
        }
    }

    struct Batch {
        var stack: [(entry: Value, size: Int)] = []
        var size = 0
        var template: Value = .nil
        var pad = 0
        var key: Value = .atom("default")

        var value: Value {
            .map(MapValue([(.atom("__struct__"), .module(moduleName)),
                           (.atom("key"), key), (.atom("pad"), .int(pad)), (.atom("size"), .int(size)),
                           (.atom("stack"), .list(stack.map { Value.tuple([$0.entry, .int($0.size)]) })),
                           (.atom("template"), template)]))
        }
    }

    static func make() -> Value { Batch().value }

    static func batch(_ v: Value) throws -> Batch {
        guard case .map(let m) = v, Value.strictlyEqual(m[.atom("__struct__")] ?? .nil, .module(moduleName)),
              case .int(let size)? = m[.atom("size")], case .int(let pad)? = m[.atom("pad")],
              let stack = m[.atom("stack")]?.listElements else {
            throw ElixirError.argument("expected a %Nx.Batch{}, got: \(Inspector.inspect(v))")
        }
        var b = Batch(size: size, template: m[.atom("template")] ?? .nil, pad: pad, key: m[.atom("key")] ?? .atom("default"))
        for item in stack {
            guard case .tuple(let pair) = item, pair.count == 2, case .int(let n) = pair[1] else {
                throw ElixirError.argument("expected a %Nx.Batch{}, got: \(Inspector.inspect(v))")
            }
            b.stack.append((pair[0], n))
        }
        return b
    }

    static func add(_ start: Value, _ entries: Value, stacked: Bool) throws -> Value {
        var b = try batch(start)
        for entry in entries.listElements ?? [] {
            let (prepared, size, template) = try prepare(entry, stacked: stacked)
            if b.template.isNil {
                b.template = template
            } else if !compatible(b.template, template) {
                throw ElixirError.argument("cannot add to batch due to incompatible tensors/containers.\n\nThe batch has shape:\n\n\(Inspector.inspect(b.template))\n\nBut then the head of the list has template:\n\n\(Inspector.inspect(template))\n\nFrom entry:\n\n\(Inspector.inspect(entry))\n")
            }
            b.stack.append((prepared, size))
            b.size += size
        }
        return b.value
    }

    /// The entry with its batch axis in place, how many elements it adds, and its template
    /// (the container with each tensor's template minus the batch axis).
    static func prepare(_ entry: Value, stacked: Bool) throws -> (Value, Int, Value) {
        var size: Int? = stacked ? 1 : nil
        let prepared = try mapTensors(entry) { t in
            if stacked { return try Nx.newAxis(.tensor(t), 0) }
            guard t.rank > 0 else { throw ElixirError.argument("cannot concatenate scalar tensor in \(Inspector.inspect(entry))") }
            if let s = size, s != t.shape[0] {
                throw ElixirError.argument("concatenate expects all tensors in the same container to have the same value for first axis, got \(t.shape[0]) and \(s) in \(Inspector.inspect(entry))")
            }
            size = t.shape[0]
            return t
        }
        guard let n = size else { throw ElixirError.argument("cannot have an empty container in concatenate: \(Inspector.inspect(entry))") }
        let template = try mapTensors(prepared) { t in
            TemplateBackend.tensor(TensorTemplate(type: t.type, shape: Array(t.shape.dropFirst()), names: Array(t.names.dropFirst())))
        }
        return (prepared, n, template)
    }

    /// `v` with every tensor (numbers become tensors) replaced by `f` of it, through tuples and maps.
    static func mapTensors(_ v: Value, _ f: (Tensor) throws -> Tensor) throws -> Value {
        switch v {
        case .tuple(let items): return .tuple(try items.map { try mapTensors($0, f) })
        case .map(let m) where m[.atom("__struct__")] == nil:
            return .map(MapValue(try m.pairs.map { ($0, try mapTensors($1, f)) }))
        default: return .tensor(try f(try NxValues.tensor(v)))
        }
    }

    /// The tensors of a container in traversal order.
    static func tensors(_ v: Value) -> [Tensor] {
        switch v {
        case .tensor(let t): return [t]
        case .tuple(let items): return items.flatMap(tensors)
        case .map(let m): return m.pairs.flatMap { tensors($0.1) }
        default: return []
        }
    }

    /// Same container layout, and tensors of the same shape and type.
    static func compatible(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.tensor(let x), .tensor(let y)): return x.shape == y.shape && x.type == y.type
        case (.tuple(let xs), .tuple(let ys)): return xs.count == ys.count && zip(xs, ys).allSatisfy { compatible($0, $1) }
        case (.map(let x), .map(let y)):
            return x.count == y.count && zip(x.pairs, y.pairs).allSatisfy { Value.strictlyEqual($0.0, $1.0) && compatible($0.1, $1.1) }
        default: return false
        }
    }

    static func merge(_ batches: [Batch]) throws -> Value {
        var out = Batch()
        for b in batches {
            if !out.template.isNil && !b.template.isNil && !compatible(out.template, b.template) {
                throw ElixirError.argument("cannot merge batches due to incompatible templates:\n\n    \(Inspector.inspect(b.template))\n\nand:\n\n    \(Inspector.inspect(out.template))\n")
            }
            if out.template.isNil { out.template = b.template }
            out.stack += b.stack
            out.pad += b.pad
            out.size += b.size
        }
        return out.value
    }

    static func split(_ b: Batch, _ n: Int) throws -> Value {
        guard n < b.size else {
            let rightPad = max(b.size + b.pad - n, 0)
            var left = b
            left.pad = b.pad - rightPad
            return .tuple([left.value, Batch(template: b.template, pad: rightPad).value])
        }
        var left = Batch(template: b.template, key: b.key), right = Batch(template: b.template, pad: b.pad)
        var remaining = n
        for (entry, size) in b.stack {
            if remaining >= size {
                left.stack.append((entry, size))
                remaining -= size
            } else if remaining > 0 {
                left.stack.append((try mapTensors(entry) { try Nx.sliceAlongAxis(.tensor($0), 0, remaining) }, remaining))
                right.stack.append((try mapTensors(entry) { try Nx.sliceAlongAxis(.tensor($0), remaining, size - remaining) }, size - remaining))
                remaining = 0
            } else {
                right.stack.append((entry, size))
            }
        }
        left.size = n
        right.size = b.size - n
        return .tuple([left.value, right.value])
    }

    /// What consuming the batch gives: each tensor position concatenated along the batch
    /// axis, then `pad` zero entries at the end.
    static func materialize(_ v: Value) throws -> Value {
        let b = try batch(v)
        guard let first = b.stack.first else { throw ElixirError.argument("cannot traverse/jit/compile Nx.Batch without entries") }
        let columns = b.stack.map { tensors($0.entry) }
        var position = 0
        return try mapTensors(first.entry) { _ in
            defer { position += 1 }
            let parts = columns.map { Operand.tensor($0[position]) }
            let joined = parts.count == 1 ? try Nx.toTensor(parts[0]) : try Nx.concatenate(parts)
            guard b.pad > 0 else { return joined }
            let config = [(0, b.pad, 0)] + Array(repeating: (0, 0, 0), count: joined.rank - 1)
            return try Nx.pad(.tensor(joined), .tensor(try Nx.scalar(.int(0), type: joined.type)), config)
        }
    }
}
