/// Shape functions: reshape, transpose, squeeze, new_axis, flatten, reverse, slice, concatenate, stack.
extension Nx {
    /// A reshape target dimension: a size or `:auto` (inferred from the others).
    public enum Dimension: Equatable { case size(Int), auto }

    public static func reshape(_ x: Operand, _ dims: [Dimension], names: [String?]? = nil) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let autos = dims.filter { $0 == .auto }.count
        if autos > 1 {
            throw NxError.argument("\":auto\" dimension can only be used once in shape")
        }
        let known = dims.reduce(1) { acc, d in if case .size(let n) = d { return acc * n } else { return acc } }
        var shape: [Int] = []
        for d in dims {
            switch d {
            case .size(let n): shape.append(n)
            case .auto:
                guard known > 0, t.size % known == 0 else {
                    throw NxError.argument("cannot reshape, current shape \(Shape.string(t.shape)) is not compatible with new shape \(Shape.string(dims.compactMap { if case .size(let n) = $0 { return n } else { return nil } }))")
                }
                shape.append(t.size / known)
            }
        }
        try Shape.validate(shape)
        guard Shape.size(shape) == t.size else {
            throw NxError.argument("cannot reshape, current shape \(Shape.string(t.shape)) is not compatible with new shape \(Shape.string(shape))")
        }
        return try t.backend.reshape(TensorTemplate(type: t.type, shape: shape, names: try Shape.names(names, rank: shape.count)), t)
    }

    public static func reshape(_ x: Operand, _ shape: [Int], names: [String?]? = nil) throws -> Tensor {
        try reshape(x, shape.map { .size($0) }, names: names)
    }

    public static func flatten(_ x: Operand) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        return try reshape(.tensor(t), [t.size])
    }

    /// `Nx.transpose(t, axes:)`; the default reverses the axes.
    public static func transpose(_ x: Operand, axes: [Axis]? = nil) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let perm = try axes.map { try Shape.axes($0, rank: t.rank, names: t.names) } ?? Array((0..<t.rank).reversed())
        guard perm.count == t.rank else {
            throw NxError.argument("expected length of permutation (\(perm.count)) to match rank of shape (\(t.rank))")
        }
        let out = TensorTemplate(type: t.type, shape: perm.map { t.shape[$0] }, names: perm.map { t.names[$0] })
        if perm == Array(0..<t.rank) { return t }
        return try t.backend.transpose(out, t, axes: perm)
    }

    /// `Nx.squeeze`: drops size-1 axes (all of them, or the given ones, which must be size 1).
    public static func squeeze(_ x: Operand, axes: [Axis]? = nil) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let resolved = try axes.map { try Shape.axes($0, rank: t.rank, names: t.names) } ?? (0..<t.rank).filter { t.shape[$0] == 1 }
        for a in resolved where t.shape[a] != 1 {
            throw NxError.argument("cannot squeeze dimensions whose sizes are not 1, got \(t.shape[a]) for dimension \(a)")
        }
        let keep = (0..<t.rank).filter { !resolved.contains($0) }
        return try t.backend.reshape(TensorTemplate(type: t.type, shape: keep.map { t.shape[$0] }, names: keep.map { t.names[$0] }), t)
    }

    /// `Nx.new_axis(t, axis, name)`.
    public static func newAxis(_ x: Operand, _ axis: Int, name: String? = nil) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let rank = t.rank + 1
        let a = axis < 0 ? rank + axis : axis
        guard a >= 0 && a < rank else {
            throw NxError.argument("given axis (\(axis)) invalid for shape with rank \(rank)")
        }
        var shape = t.shape, names = t.names
        shape.insert(1, at: a)
        names.insert(name, at: a)
        return try t.backend.reshape(TensorTemplate(type: t.type, shape: shape, names: names), t)
    }

    public static func reverse(_ x: Operand, axes: [Axis]? = nil) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let resolved = try axes.map { try Shape.axes($0, rank: t.rank, names: t.names) } ?? Array(0..<t.rank)
        if resolved.isEmpty { return t }
        return try t.backend.reverse(t.template, t, axes: resolved.sorted())
    }

    /// `Nx.slice(t, starts, lengths, strides:)`: starts are clamped so the slice fits, as in Nx.
    public static func slice(_ x: Operand, _ starts: [Int], _ lengths: [Int], strides: [Int]? = nil) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let strides = strides ?? Array(repeating: 1, count: t.rank)
        guard starts.count == t.rank else {
            throw NxError.argument("invalid start indices for rank \(t.rank), got: \(starts)")
        }
        guard lengths.count == t.rank, strides.count == t.rank else {
            throw NxError.argument("invalid lengths or strides for rank \(t.rank)")
        }
        var clamped: [Int] = [], shape: [Int] = []
        for i in 0..<t.rank {
            let len = lengths[i], dim = t.shape[i]
            guard len >= 1 && len <= dim else {
                throw NxError.argument("length at axis \(i) must be less than axis size of \(dim), got: \(len)")
            }
            guard strides[i] >= 1 else {
                throw NxError.argument("stride at axis \(i) must be greater than or equal to 1, got: \(strides[i])")
            }
            clamped.append(Swift.min(Swift.max(starts[i], 0), dim - len))
            shape.append((len + strides[i] - 1) / strides[i])
        }
        return try t.backend.slice(TensorTemplate(type: t.type, shape: shape, names: t.names), t, starts: clamped, strides: strides)
    }

    /// `Nx.concatenate(tensors, axis:)`: types merge; all other axes must agree.
    public static func concatenate(_ xs: [Operand], axis: Axis = 0) throws -> Tensor {
        guard !xs.isEmpty else { throw NxError.argument("no tensors were given to concatenate") }
        let be = backend(xs)
        var ts = try xs.map { try toTensor($0, backend: be) }
        let first = ts[0]
        guard first.rank > 0 else { throw NxError.argument("cannot concatenate scalars") }
        let a = try Shape.axis(axis, rank: first.rank, names: first.names)
        let type = ts.dropFirst().reduce(first.type) { DType.merge($0, $1.type) }
        var shape = first.shape
        shape[a] = 0
        for t in ts {
            guard t.rank == first.rank else {
                throw NxError.argument("non-concat dims must be equal got \(Shape.string(t.shape)) and \(Shape.string(first.shape)) while concatenating on axis \(a)")
            }
            for i in 0..<t.rank where i != a && t.shape[i] != first.shape[i] {
                throw NxError.argument("non-concat dims must be equal got \(Shape.string(first.shape)) and \(Shape.string(t.shape)) while concatenating on axis \(a)")
            }
            shape[a] += t.shape[a]
        }
        ts = try ts.map { try asType(.tensor($0), type) }
        return try be.concatenate(TensorTemplate(type: type, shape: shape, names: first.names), ts, axis: a)
    }

    /// `Nx.stack(tensors, axis:)`: a new axis, then concatenate along it.
    public static func stack(_ xs: [Operand], axis: Int = 0, name: String? = nil) throws -> Tensor {
        let expanded = try xs.map { Operand.tensor(try newAxis($0, axis, name: name)) }
        return try concatenate(expanded, axis: .index(axis))
    }
}
