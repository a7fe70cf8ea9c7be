import NxCore

/// Indexing: slices (static or tensor start indices), put_slice, gather, take,
/// take_along_axis, indexed_add/put, sort, argsort, top_k.
enum NxIndexingBindings {
    static func install(_ r: Registry) {
        r.nx("slice", [3, 4], doc: "A block of the tensor: per axis a start index (an integer or scalar tensor, clamped so the block fits) and a length; `strides:` skips elements.") { c in
            let o = try c.options(3, ["strides"])
            let strides: [Int]?
            switch o["strides"] {
            case nil: strides = nil
            case .int(let s)?: strides = Array(repeating: s, count: try c.tensor(0).rank)
            case let v?: strides = try NxShapes.ints(v, what: "strides")
            }
            return .t(try Nx.slice(try c.operand(0), try startIndices(c[1]), try NxShapes.ints(c[2], what: "lengths"), strides: strides))
        }
        r.nx("slice_along_axis", [3, 4], doc: "A slice of `length` elements from `start` along `axis:` (0 by default), with `strides:`; other axes are kept whole.") { c in
            let o = try c.options(3, ["axis", "strides"])
            return .t(try Nx.sliceAlongAxis(try c.operand(0), try c.int(1, what: "start index"), try c.int(2, what: "length"),
                                            axis: try o.axis() ?? .index(0), strides: try o.int("strides", default: 1)))
        }
        r.nx("put_slice", [3], doc: "A copy of the tensor with the slice written at the start indices (clamped so it fits); types merge.") { c in
            .t(try Nx.putSlice(try c.operand(0), try startIndices(c[1]), try c.operand(2)))
        }
        r.nx("gather", [2, 3], doc: "The elements (or sub-tensors) addressed by each row of indices; the last axis of the indices holds the coordinates.") { c in
            let o = try c.options(2, ["axes"])
            if o["axes"] != nil { throw NxError.notImplemented("Nx.gather/3 with :axes") }
            return .t(try Nx.gather(try c.operand(0), try c.tensor(1)))
        }
        for (name, add) in [("indexed_add", true), ("indexed_put", false)] {
            r.nx(name, [3, 4], doc: "A copy of the tensor with the updates \(add ? "added at" : "written to") the positions given by each row of indices\(add ? " (repeated positions accumulate)" : "").") { c in
                let o = try c.options(3, ["axes"])
                if o["axes"] != nil { throw NxError.notImplemented("Nx.\(name)/4 with :axes") }
                return .t(try Nx.indexedUpdate(try c.operand(0), try c.tensor(1), try c.operand(2), add: add))
            }
        }
        r.nx("take", [2, 3], doc: "The entries along `axis:` (0 by default) at the given integer indices; the indices' shape replaces that axis.") { c in
            let o = try c.options(2, ["axis"])
            return .t(try Nx.take(try c.operand(0), try c.tensor(1), axis: try o.axis() ?? .index(0)))
        }
        r.nx("take_along_axis", [2, 3], doc: "Picks along `axis:` (0 by default) with indices of the same rank, as returned by argsort.") { c in
            let o = try c.options(2, ["axis"])
            return .t(try Nx.takeAlongAxis(try c.operand(0), try c.tensor(1), axis: try o.axis() ?? .index(0)))
        }
        r.nx("sort", [1, 2], doc: "The elements sorted along `axis:` (0 by default) in `direction:` :asc (default) or :desc.") { c in
            let o = try c.options(1, ["axis", "direction"])
            return .t(try Nx.sort(try c.operand(0), axis: try o.axis() ?? .index(0), descending: try descending(o)))
        }
        r.nx("argsort", [1, 2], doc: "The s64 indices that would sort the tensor along `axis:` (0 by default) in `direction:` :asc or :desc; equal elements keep their order.") { c in
            let o = try c.options(1, ["axis", "direction", "stable"])
            return .t(try Nx.argsort(try c.operand(0), axis: try o.axis() ?? .index(0), descending: try descending(o)))
        }
        r.nx("top_k", [1, 2], doc: "The `k:` (1 by default) largest elements along the last axis, and their indices, as a tuple {values, indices}.") { c in
            let o = try c.options(1, ["k"])
            let (values, indices) = try Nx.topK(try c.operand(0), k: try o.int("k", default: 1))
            return .tuple([.t(values), .t(indices)])
        }
    }

    static func descending(_ o: NxOptions) throws -> Bool {
        try o.choice("direction", ["asc", "desc"], default: "asc") == "desc"
    }

    /// Start indices: integers or scalar integer tensors.
    static func startIndices(_ v: Value) throws -> [Int] {
        guard let items = v.listElements else {
            throw ElixirError.argument("expected start indices to be a list, got: \(Inspector.inspect(v))")
        }
        return try items.map { item in
            switch item {
            case .int(let i): return i
            case .tensor(let t) where t.rank == 0 && t.type.isInteger:
                if case .int(let i) = try NxBridge.run({ try Nx.toNumber(t) }) { return Int(i) }
            default: break
            }
            throw ElixirError.argument("expected start indices to be integers or scalar integer tensors, got: \(Inspector.inspect(item))")
        }
    }
}
