/// Indexing functions: pad, slice_along_axis, put_slice, gather, take, take_along_axis,
/// indexed_add/put, and the diagonal helpers built on them.
extension Nx {
    /// `Nx.pad(t, value, [{low, high, interior}])`; negative low/high crop.
    public static func pad(_ x: Operand, _ value: Operand, _ config: [(Int, Int, Int)]) throws -> Tensor {
        let be = backend([x, value])
        let t = try toTensor(x, backend: be), v = try toTensor(value, backend: be)
        guard v.rank == 0 else { throw NxError.argument("padding value must be a scalar") }
        guard config.count == t.rank else {
            throw NxError.argument("invalid padding configuration, rank of padding configuration and shape must match")
        }
        var shape: [Int] = []
        for (i, (lo, hi, interior)) in config.enumerated() {
            guard interior >= 0 else { throw NxError.argument("invalid padding configuration, interior padding must be non-negative") }
            let d = t.shape[i] + lo + hi + (t.shape[i] - 1) * interior
            guard d > 0 else {
                throw NxError.argument("invalid padding configuration, it would result in a dimension of size \(d)")
            }
            shape.append(d)
        }
        let out = TensorTemplate(type: binaryType(x, value), shape: shape, names: t.names)
        let cast = try asType(.tensor(t), out.type)
        return try be.pad(out, cast, value: v, config: config)
    }

    /// `Nx.slice_along_axis(t, start, length, axis:, strides:)`.
    public static func sliceAlongAxis(_ x: Operand, _ start: Int, _ length: Int, axis: Axis = 0, strides: Int = 1) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let a = try Shape.axis(axis, rank: t.rank, names: t.names)
        var starts = [Int](repeating: 0, count: t.rank), lengths = t.shape, steps = [Int](repeating: 1, count: t.rank)
        starts[a] = start
        lengths[a] = length
        steps[a] = strides
        return try slice(.tensor(t), starts, lengths, strides: steps)
    }

    /// `Nx.put_slice(t, starts, slice)`: starts are clamped so the slice fits.
    public static func putSlice(_ x: Operand, _ starts: [Int], _ slice: Operand) throws -> Tensor {
        let be = backend([x, slice])
        let t = try toTensor(x, backend: be), s = try toTensor(slice, backend: be)
        guard starts.count == t.rank, s.rank == t.rank else {
            throw NxError.argument("invalid start indices or slice rank for tensor of rank \(t.rank)")
        }
        var clamped: [Int] = []
        for i in 0..<t.rank {
            guard s.shape[i] <= t.shape[i] else {
                throw NxError.argument("slice shape \(Shape.string(s.shape)) must be less than or equal to tensor shape \(Shape.string(t.shape))")
            }
            clamped.append(Swift.min(Swift.max(starts[i], 0), t.shape[i] - s.shape[i]))
        }
        let out = TensorTemplate(type: DType.merge(t.type, s.type), shape: t.shape, names: t.names)
        return try be.putSlice(out, t, starts: clamped, slice: s)
    }

    static func checkIndices(_ indices: Tensor, rank: Int, function: String) throws {
        guard indices.type.isInteger else {
            throw NxError.argument("indices must be an integer tensor, got \(Shape.typeTuple(indices.type))")
        }
        guard indices.rank >= 1, let last = indices.shape.last, last <= rank else {
            throw NxError.argument("expected the last indices dimension size (\(indices.shape.last ?? 0)) to be less than or equal to the tensor rank (\(rank))")
        }
    }

    /// `Nx.gather(t, indices)`: each index row addresses the leading axes of `t`.
    public static func gather(_ x: Operand, _ indices: Tensor) throws -> Tensor {
        // Dispatched on both tensors (Nx's impl!(tensor, indices)): traced indices make a traced gather.
        let be = backend([x, .tensor(indices)])
        let t = try toTensor(x, backend: be)
        try checkIndices(indices, rank: t.rank, function: "gather")
        let depth = indices.shape.last!
        let shape = Array(indices.shape.dropLast()) + Array(t.shape[depth...])
        let names = Array(repeating: nil, count: indices.rank - 1) + Array(t.names[depth...])
        return try be.gather(TensorTemplate(type: t.type, shape: shape, names: names), t, indices: indices)
    }

    /// indexed_add / indexed_put: `updates` has one slice per index row.
    public static func indexedUpdate(_ x: Operand, _ indices: Tensor, _ updates: Operand, add: Bool) throws -> Tensor {
        let be = backend([x, .tensor(indices), updates])
        let t = try toTensor(x, backend: be), u = try toTensor(updates, backend: be)
        try checkIndices(indices, rank: t.rank, function: add ? "indexed_add" : "indexed_put")
        let depth = indices.shape.last!
        let expected = Array(indices.shape.dropLast()) + Array(t.shape[depth...])
        guard u.shape == expected else {
            throw NxError.argument("expected updates tensor to match the shape of the indices, got \(Shape.string(u.shape)) and \(Shape.string(expected))")
        }
        let out = TensorTemplate(type: DType.merge(t.type, u.type), shape: t.shape, names: t.names)
        return try be.indexedUpdate(out, t, indices: indices, updates: u, add: add)
    }

    /// `Nx.take(t, indices, axis:)`: the indices' shape replaces `axis`.
    public static func take(_ x: Operand, _ indices: Tensor, axis: Axis = 0) throws -> Tensor {
        let be = backend([x, .tensor(indices)])
        let t = try toTensor(x, backend: be)
        guard indices.type.isInteger else {
            throw NxError.argument("indices must be an integer tensor, got \(Shape.typeTuple(indices.type))")
        }
        let a = try Shape.axis(axis, rank: t.rank, names: t.names)
        let shape = Array(t.shape[..<a]) + indices.shape + Array(t.shape[(a + 1)...])
        let names = Array(t.names[..<a]) + indices.names + Array(t.names[(a + 1)...])
        return try be.take(TensorTemplate(type: t.type, shape: shape, names: names), t, indices: indices, axis: a)
    }

    /// `Nx.take_along_axis(t, indices, axis:)`: indices broadcast to `t` except along `axis`.
    public static func takeAlongAxis(_ x: Operand, _ indices: Tensor, axis: Axis = 0) throws -> Tensor {
        let be = backend([x, .tensor(indices)])
        let t = try toTensor(x, backend: be)
        let a = try Shape.axis(axis, rank: t.rank, names: t.names)
        guard indices.rank == t.rank else {
            throw NxError.argument("expected tensor and indices with the same rank, got: \(t.rank) and \(indices.rank)")
        }
        var shape = t.shape
        shape[a] = indices.shape[a]
        let idx = indices.shape == shape ? indices : try broadcast(.tensor(indices), shape)
        return try be.takeAlongAxis(TensorTemplate(type: t.type, shape: shape, names: t.names), t, indices: idx, axis: a)
    }

    /// Index rows (batch..., i, i + offset) of the diagonal of the last two axes.
    static func diagonalIndices(_ shape: [Int], offset: Int, backend: Backend) throws -> (Tensor, length: Int) {
        let rows = shape[shape.count - 2], cols = shape[shape.count - 1]
        let start = offset >= 0 ? (0, offset) : (-offset, 0)
        let length = Swift.max(0, Swift.min(rows - start.0, cols - start.1))
        guard length > 0 else {
            throw NxError.argument("offset must be less than length of axis \(offset >= 0 ? shape.count - 1 : shape.count - 2) when positive or length of axis \(shape.count - 2) when negative, got: \(offset)")
        }
        let batch = Array(shape.dropLast(2))
        var rowsOut: [NxNumber] = []
        let batchCount = Shape.size(batch)
        for b in 0..<batchCount {
            var coords = [Int](repeating: 0, count: batch.count)
            Shape.unravel(b, batch, into: &coords)
            for i in 0..<length {
                rowsOut += coords.map { .int(Int64($0)) } + [.int(Int64(start.0 + i)), .int(Int64(start.1 + i))]
            }
        }
        let t = try backend.fromNumbers(TensorTemplate(type: .s64, shape: batch + [length, shape.count]), rowsOut)
        return (t, length)
    }

    public static func takeDiagonal(_ x: Operand, offset: Int = 0) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        guard t.rank >= 2 else {
            throw NxError.argument("take_diagonal/2 expects tensor of rank 2 or higher, got tensor of rank: \(t.rank)")
        }
        let (idx, _) = try diagonalIndices(t.shape, offset: offset, backend: t.backend)
        return try gather(.tensor(t), idx)
    }

    public static func putDiagonal(_ x: Operand, _ diagonal: Operand, offset: Int = 0) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x, diagonal]))
        guard t.rank == 2 else {
            throw NxError.argument("put_diagonal/3 expects tensor of rank 2, got tensor of rank: \(t.rank)")
        }
        let (idx, length) = try diagonalIndices(t.shape, offset: offset, backend: t.backend)
        let d = try toTensor(diagonal, backend: t.backend)
        guard d.shape == [length] else {
            throw NxError.argument("expected diagonal tensor of shape {\(length)}, got diagonal tensor of shape \(Shape.string(d.shape))")
        }
        return try indexedUpdate(.tensor(t), idx, .tensor(d), add: false)
    }

    /// `Nx.make_diagonal(v, offset:)`: a square matrix with `v` on the chosen diagonal.
    public static func makeDiagonal(_ x: Operand, offset: Int = 0) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        guard t.rank == 1 else {
            throw NxError.notImplemented("Nx.make_diagonal/2 on tensors of rank \(t.rank) (batched diagonals)")
        }
        let n = t.size + Swift.abs(offset)
        let zeros = try broadcast(.tensor(try scalar(.int(0), type: t.type, backend: t.backend)), [n, n])
        return try putDiagonal(.tensor(zeros), .tensor(t), offset: offset)
    }
}
