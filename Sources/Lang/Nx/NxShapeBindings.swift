import NxCore

/// Shape functions: reshape, transpose, squeeze, new_axis, flatten, tile, pad, reverse,
/// concatenate, stack, and dot/outer.
enum NxShapeBindings {
    static func install(_ r: Registry) {
        r.nx("reshape", [2, 3], doc: "The same elements in a new shape of equal size; one dimension may be `:auto` and is inferred. `names:` names the new axes.") { c in
            let o = try c.options(2, ["names"])
            return .t(try Nx.reshape(try c.operand(0), try dimensions(c[1]), names: try o.names()))
        }
        r.nx("transpose", [1, 2], doc: "Permutes the axes: reversed by default, or in the order given by `axes:` (indices or names).") { c in
            let o = try c.options(1, ["axes"])
            return .t(try Nx.transpose(try c.operand(0), axes: try o.axes()))
        }
        r.nx("squeeze", [1, 2], doc: "Removes axes of size 1: all of them, or those in `axes:` (which must have size 1).") { c in
            let o = try c.options(1, ["axes"])
            return .t(try Nx.squeeze(try c.operand(0), axes: try o.axes()))
        }
        r.nx("new_axis", [2, 3], doc: "Inserts an axis of size 1 at the given position (negative counts from the end), optionally named.") { c in
            var name: String?
            if c.count > 2, !c[2].isNil {
                guard case .atom(let a) = c[2] else { throw ElixirError.argument("expected the axis name to be an atom, got: \(Inspector.inspect(c[2]))") }
                name = a
            }
            return .t(try Nx.newAxis(try c.operand(0), try c.int(1, what: "axis"), name: name))
        }
        r.nx("flatten", [1, 2], doc: "The elements as a one-dimensional tensor; with `axes:` (consecutive), only those axes are merged into one.") { c in
            let o = try c.options(1, ["axes"])
            let t = try c.tensor(0)
            guard let axes = try o.axes() else { return .t(try Nx.flatten(.tensor(t))) }
            return .t(try flatten(t, axes: axes))
        }
        r.nx("tile", [2], doc: "Repeats the tensor along each axis as many times as the list says; shorter tensors gain leading axes.") { c in
            .t(try Nx.tile(try c.operand(0), try NxShapes.ints(c[1], what: "repetitions")))
        }
        r.nx("pad", [3], doc: "Pads each axis with the scalar value by `{low, high, interior}`: before, after, and between elements. Negative low or high padding crops.") { c in
            guard let items = c[2].listElements else {
                throw ElixirError.argument("expected padding config to be a list of {low, high, interior} tuples, got: \(Inspector.inspect(c[2]))")
            }
            let config: [(Int, Int, Int)] = try items.map { item in
                guard case .tuple(let p) = item, p.count == 3, case .int(let lo) = p[0], case .int(let hi) = p[1], case .int(let mid) = p[2] else {
                    throw ElixirError.argument("expected padding config to be a list of {low, high, interior} tuples, got: \(Inspector.inspect(c[2]))")
                }
                return (lo, hi, mid)
            }
            return .t(try Nx.pad(try c.operand(0), try c.operand(1), config))
        }
        r.nx("reflect", [2], doc: "Pads each axis by mirroring its elements around both edges without repeating the edge element: `padding_config:` is a list of `{before, after}` counts, one per axis.") { c in
            let o = try c.options(1, ["padding_config"])
            let bad = { ElixirError.argument("expected :padding_config to be a list of {before, after} tuples, got: \(Inspector.inspect(o["padding_config"] ?? .atom("nil")))") }
            guard let items = o["padding_config"]?.listElements else { throw bad() }
            let padding: [(Int, Int)] = try items.map { item in
                guard case .tuple(let p) = item, p.count == 2, case .int(let before) = p[0], case .int(let after) = p[1] else { throw bad() }
                return (before, after)
            }
            return .t(try Nx.reflect(try c.operand(0), padding: padding))
        }
        r.nx("split", [2, 3], doc: "Cuts a tensor in two along `axis:` (0), as `{first, rest}`: an integer is the number of elements in the first part, a float in (0, 1) the fraction of the axis (rounded up).") { c in
            let o = try c.options(2, ["axis"])
            let point: Nx.SplitPoint
            switch c[1] {
            case .int(let n): point = .count(n)
            case .float(let f): point = .fraction(f)
            default: throw ElixirError.argument("split must be an integer or a float, got: \(Inspector.inspect(c[1]))")
            }
            let (first, rest) = try Nx.split(try c.operand(0), point, axis: try o.axis() ?? .index(0))
            return .tuple([.tensor(first), .tensor(rest)])
        }
        r.nx("reverse", [1, 2], doc: "Reverses the order of elements along `axes:` (all by default).") { c in
            let o = try c.options(1, ["axes"])
            return .t(try Nx.reverse(try c.operand(0), axes: try o.axes()))
        }
        r.nx("concatenate", [1, 2], doc: "Joins a list of tensors along `axis:` (0 by default); the other axes must match and the types merge.") { c in
            let o = try c.options(1, ["axis"])
            return .t(try Nx.concatenate(try c.operands(0), axis: try o.axis() ?? .index(0)))
        }
        r.nx("stack", [1, 2], doc: "Joins a list of same-shaped tensors along a new axis at `axis:` (0 by default), optionally named with `name:`.") { c in
            let o = try c.options(1, ["axis", "name"])
            var name: String?
            if case .atom(let a)? = o["name"] { name = a }
            return .t(try Nx.stack(try c.operands(0), axis: try o.int("axis", default: 0), name: name))
        }
        r.nx("dot", [2], doc: "The dot product: vectors give a scalar, matrices multiply, and in general the last axis of the first contracts with the first (vectors) or second-to-last axis of the second.") { c in
            .t(try Nx.dot(try c.operand(0), try c.operand(1)))
        }
        r.nx("dot", [4], doc: "The dot product contracting the listed axes of the first tensor with the listed axes of the second.") { c in
            .t(try Nx.dot(try c.operand(0), contract: try NxShapes.axes(c[1]), batch: [],
                          try c.operand(2), contract: try NxShapes.axes(c[3]), batch: []))
        }
        r.nx("dot", [6], doc: "The batched dot product: `dot(a, contract_a, batch_a, b, contract_b, batch_b)`; batch axes pair up and lead the result.") { c in
            .t(try Nx.dot(try c.operand(0), contract: try NxShapes.axes(c[1]), batch: try NxShapes.axes(c[2]),
                          try c.operand(3), contract: try NxShapes.axes(c[4]), batch: try NxShapes.axes(c[5])))
        }
        r.nx("outer", [2], doc: "The outer product: every element of the first (flattened) times every element of the second, as a matrix.") { c in
            .t(try Nx.outer(try c.operand(0), try c.operand(1)))
        }
    }

    /// A reshape target: a tuple of sizes and at most one `:auto`, or a tensor's shape.
    static func dimensions(_ v: Value) throws -> [Nx.Dimension] {
        if case .tuple(let dims) = v {
            return try dims.map { d in
                switch d {
                case .int(let i): return .size(i)
                case .atom("auto"): return .auto
                default: throw NxShapes.invalidShape(v)
                }
            }
        }
        return try NxShapes.shape(v).map { .size($0) }
    }

    /// Merges consecutive axes into one.
    static func flatten(_ t: Tensor, axes: [Axis]) throws -> Tensor {
        let resolved = try Shape.axes(axes, rank: t.rank, names: t.names).sorted()
        guard let first = resolved.first else { return t }
        guard resolved == Array(first..<(first + resolved.count)) else {
            throw ElixirError.argument("flatten axes must be consecutive, got: \(Inspector.inspect(.list(resolved.map(Value.int))))")
        }
        let merged = resolved.reduce(1) { $0 * t.shape[$1] }
        let shape = Array(t.shape[..<first]) + [merged] + Array(t.shape[(first + resolved.count)...])
        return try Nx.reshape(.tensor(t), shape)
    }
}
