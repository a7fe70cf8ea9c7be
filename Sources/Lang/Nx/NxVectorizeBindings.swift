import NxCore

/// `Nx.vectorize` and friends, and the rule that makes every other Nx function honour
/// vectorized axes: a call with vectorized tensors among its arguments runs once per entry of
/// the (merged) vectorized axes on the entries' inner tensors, and the results are stacked
/// back under those axes, which is what vectorization means.
enum NxVectorizeBindings {
    /// Functions that look at the vectorized axes themselves.
    static let aware: Set<String> = ["vectorize", "devectorize", "revectorize", "reshape_vectors", "broadcast_vectors",
                                     "__field__", "serialize", "is_tensor", "to_heatmap"]

    static func install(_ r: Registry) {
        r.nx("vectorize", [2], doc: "Marks leading axes as vectorized: functions then act on each entry along them separately. Given a name, the first axis becomes that vectorized axis; given a keyword list `[name: size]`, the leading axes (whose sizes must match) do.") { c in
            return .t(try vectorize(try c.tensor(0), c[1]))
        }
        r.nx("devectorize", [1, 2], doc: "Turns the vectorized axes back into ordinary leading axes, named after them unless `keep_names: false`.") { c in
            let o = try c.options(1, ["keep_names"])
            return .t(try Nx.devectorize(try c.operand(0), keepNames: try o.bool("keep_names", default: true)))
        }
        r.nx("revectorize", [3], doc: "Regroups a tensor's data (vectorized or not) into the given vectorized axes `[name: size]` over the inner `target_shape:` (with optional `target_names:`).") { c in
            let o = try c.options(2, ["target_shape", "target_names"])
            guard let target = o["target_shape"] else { throw ElixirError.argument("expected :target_shape option") }
            return .t(try Nx.revectorize(try c.operand(0), axes: try axes(c[1]), targetShape: try NxShapes.shape(target),
                                         targetNames: try o["target_names"].map(NxShapes.names)))
        }
        r.nx("broadcast_vectors", [1, 2], doc: "Broadcasts a list of tensors to the same vectorized axes (all the axes found, in order of appearance). `align_ranks: true` also gives them the same inner rank by adding leading axes.") { c in
            let o = try c.options(1, ["align_ranks"])
            return .list(try broadcastVectors(try c.operands(0).map { try Nx.toTensor($0) }, full: true,
                                              alignRanks: try o.bool("align_ranks", default: false)).map(Value.tensor))
        }
        r.nx("reshape_vectors", [1, 2], doc: "Gives a list of tensors the same vectorized axes, in the same order, adding size-1 axes where a tensor lacks one. `align_ranks: true` also aligns the inner ranks.") { c in
            let o = try c.options(1, ["align_ranks"])
            return .list(try broadcastVectors(try c.operands(0).map { try Nx.toTensor($0) }, full: false,
                                              alignRanks: try o.bool("align_ranks", default: false)).map(Value.tensor))
        }
    }

    static func vectorize(_ t: Tensor, _ spec: Value) throws -> Tensor {
        if case .atom(let name) = spec, !spec.isNil { return try Nx.vectorize(.tensor(t), name: name) }
        return try Nx.vectorize(.tensor(t), axes: try axes(spec))
    }

    /// `[name: size, ...]`.
    static func axes(_ v: Value) throws -> [VectorizedAxis] {
        guard let items = v.listElements else {
            throw ElixirError.argument("expected vectorized axes as a keyword list of sizes, got: \(Inspector.inspect(v))")
        }
        return try items.map { item in
            guard case .tuple(let kv) = item, kv.count == 2, case .atom(let name) = kv[0], case .int(let size) = kv[1] else {
                throw ElixirError.argument("expected vectorized axes as a keyword list of sizes, got: \(Inspector.inspect(v))")
            }
            return VectorizedAxis(name: name, size: size)
        }
    }

    static func axesValue(_ axes: [VectorizedAxis]) -> Value {
        .list(axes.map { Value.tuple([.atom($0.name), .int($0.size)]) })
    }

    /// Every tensor laid out over the merged vectorized axes: broadcast to their sizes
    /// (`full`) or given size-1 axes where it lacks one.
    static func broadcastVectors(_ ts: [Tensor], full: Bool, alignRanks: Bool) throws -> [Tensor] {
        let merged = try Nx.mergedVectorizedAxes(ts)
        let innerRank = ts.map { $0.innerTemplate.rank }.max() ?? 0
        return try ts.map { t in
            var inner = t.innerTemplate
            if alignRanks && inner.rank < innerRank {
                let extra = innerRank - inner.rank
                inner = TensorTemplate(type: inner.type, shape: Array(repeating: 1, count: extra) + inner.shape,
                                       names: Array(repeating: nil, count: extra) + inner.names)
            }
            // Reorder the tensor's own axes into the merged order, then insert the missing ones.
            let own = t.vectorizedAxes
            let order = merged.compactMap { m in own.firstIndex(of: m) }
            var d = try Nx.devectorize(.tensor(t), keepNames: false)
            if order != Array(0..<own.count) {
                d = try Nx.transpose(.tensor(d), axes: (order + Array(own.count..<d.rank)).map { .index($0) })
            }
            let sizes = merged.map { m in own.contains(m) ? m.size : 1 }
            d = try Nx.reshape(.tensor(d), sizes + inner.shape)
            if full { d = try Nx.broadcast(.tensor(d), merged.map(\.size) + inner.shape) }
            let names: [String?] = merged.map { Optional($0.name) } + inner.names
            let shaped = try Nx.rename(d, names)
            let axes = zip(merged, d.shape).map { VectorizedAxis(name: $0.name, size: $1) }
            return Tensor(shaped.template, data: shaped.data, vectorizedAxes: axes)
        }
    }

    /// Wraps every function of Nx (and Nx.LinAlg) not in `aware` so vectorized arguments
    /// are mapped over. Install after all other Nx bindings.
    static func wrapModule(_ r: Registry) {
        for module in ["Nx", "Nx.LinAlg"] {
            for (name, byArity) in r.modules[module] ?? [:] where !aware.contains(name) {
                for (arity, entry) in byArity { wrap(r, module, name, arity, entry) }
            }
        }
    }

    /// Elementwise functions need no per-entry loop: with the vectorized axes aligned (size 1
    /// where a tensor lacks one) and inner ranks matched, broadcasting does the mapping.
    static let elementwiseNames = Set(UnaryOp.allCases.map(\.rawValue) + BinaryOp.allCases.map(\.rawValue))

    static func alignedElementwise(_ args: [Value], _ call: ([Value]) throws -> Value) throws -> Value {
        let positions = args.indices.filter { if case .tensor = args[$0] { return true } else { return false } }
        let tensors = positions.compactMap { i -> Tensor? in if case .tensor(let t) = args[i] { return t } else { return nil } }
        let aligned = try broadcastVectors(tensors, full: false, alignRanks: true)
        let axes = try Nx.mergedVectorizedAxes(tensors)
        var plain = args
        for (i, t) in zip(positions, aligned) { plain[i] = .tensor(try Nx.devectorize(.tensor(t), keepNames: false)) }
        guard case .tensor(let result) = try call(plain) else { return try mapVectorized(args, call) }
        let inner = Array(result.names.dropFirst(axes.count))
        let named = try Nx.rename(result, axes.map { Optional($0.name) } + inner)
        return .tensor(Tensor(named.template, data: named.data, vectorizedAxes: axes))
    }

    static func wrap(_ r: Registry, _ module: String, _ name: String, _ arity: Int, _ entry: Registry.Entry) {
        let inner = entry.call
        let elementwise = module == "Nx" && elementwiseNames.contains(name)
        let metadata = module == "Nx" && metadataNames.contains(name)
        r.define(module, name, arity: arity, doc: entry.doc) { args, ctx in
            guard args.contains(where: isVectorized) else { return try inner(args, ctx) }
            if metadata { return try inner(args.map(innerView), ctx) }
            return try NxBridge.run {
                elementwise ? try alignedElementwise(args) { try inner($0, ctx) }
                    : try mapVectorized(args) { try inner($0, ctx) }
            }
        }
    }

    /// Functions that read only the template: they see the inner one, with no per-entry work.
    static let metadataNames: Set<String> = ["shape", "rank", "type", "size", "axis_size", "axis_index", "axes", "names"]

    static func innerView(_ v: Value) -> Value {
        guard case .tensor(let t) = v, t.isVectorized else { return v }
        return .tensor(TemplateBackend.tensor(t.innerTemplate))
    }

    static func isVectorized(_ v: Value) -> Bool {
        switch v {
        case .tensor(let t): return t.isVectorized
        case .list, .tuple: return (v.listElements ?? tupleItems(v)).contains(where: isVectorized)
        default: return false
        }
    }

    static func tupleItems(_ v: Value) -> [Value] {
        if case .tuple(let items) = v { return items }
        return []
    }

    /// Runs `call` once per entry of the merged vectorized axes and stacks the results.
    static func mapVectorized(_ args: [Value], _ call: ([Value]) throws -> Value) throws -> Value {
        var tensors: [Tensor] = []
        collect(args, into: &tensors)
        let axes = try Nx.mergedVectorizedAxes(tensors)
        var results: [Value] = []
        for index in Nx.vectorIndices(axes) {
            results.append(try call(try args.map { try entry($0, axes, index) }))
        }
        return try stack(results, axes)
    }

    static func collect(_ v: [Value], into tensors: inout [Tensor]) {
        for item in v {
            switch item {
            case .tensor(let t) where t.isVectorized: tensors.append(t)
            case .list: collect(item.listElements ?? [], into: &tensors)
            case .tuple(let items): collect(items, into: &tensors)
            default: break
            }
        }
    }

    static func entry(_ v: Value, _ axes: [VectorizedAxis], _ index: [Int]) throws -> Value {
        switch v {
        case .tensor(let t) where t.isVectorized: return .tensor(try Nx.vectorEntry(t, axes: axes, index: index))
        case .list where isVectorized(v): return .list(try (v.listElements ?? []).map { try entry($0, axes, index) })
        case .tuple(let items) where isVectorized(v): return .tuple(try items.map { try entry($0, axes, index) })
        default: return v
        }
    }

    /// Tensors stack under the vectorized axes; tuples stack position by position; any other
    /// result must be the same for every entry (shape, type, rank ...).
    static func stack(_ results: [Value], _ axes: [VectorizedAxis]) throws -> Value {
        guard let first = results.first else { return .nil }
        switch first {
        case .tensor:
            let ts = try results.map { r -> Tensor in
                guard case .tensor(let t) = r else { throw NxError.notImplemented("vectorized call returning mixed results") }
                return t
            }
            return .tensor(try Nx.stackVectorized(ts, axes: axes))
        case .tuple(let items):
            let columns = try (0..<items.count).map { i in
                try results.map { r -> Value in
                    guard case .tuple(let row) = r, row.count == items.count else { throw NxError.notImplemented("vectorized call returning mixed results") }
                    return row[i]
                }
            }
            return .tuple(try columns.map { try stack($0, axes) })
        default:
            guard results.allSatisfy({ Value.strictlyEqual($0, first) }) else {
                throw NxError.notImplemented("this function on vectorized tensors")
            }
            return first
        }
    }
}
