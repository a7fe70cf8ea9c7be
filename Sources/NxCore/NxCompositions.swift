/// Functions Nx defines on top of primitives: tile, linspace, tri/triu/tril, sorting helpers,
/// cumulative scans, median, mode, weighted_mean, custom reduce, to_batched.
extension Nx {
    /// `Nx.tile(t, reps)`: shorter tensors gain leading axes of size 1.
    public static func tile(_ x: Operand, _ reps: [Int]) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        guard reps.allSatisfy({ $0 >= 1 }) else {
            throw NxError.argument("repetitions must be a list of positive integers, got: \(reps)")
        }
        let dims = Array(repeating: 1, count: Swift.max(0, reps.count - t.rank)) + t.shape
        let r = Array(repeating: 1, count: Swift.max(0, dims.count - reps.count)) + reps
        let interleaved = zip(r, dims).flatMap { [1, $1] }
        let target = zip(r, dims).flatMap { [$0, $1] }
        let expanded = try reshape(.tensor(t), interleaved)
        let b = try broadcast(.tensor(expanded), target)
        return try reshape(.tensor(b), zip(r, dims).map { $0 * $1 })
    }

    /// `Nx.linspace(start, stop, n:, endpoint:, type:)`: computed in f64, then cast.
    public static func linspace(_ start: NxNumber, _ stop: NxNumber, n: Int, endpoint: Bool = true, type: DType = .f32,
                                names: [String?]? = nil, backend: Backend? = nil) throws -> Tensor {
        guard n >= 1 else { throw NxError.argument("expected n to be a positive integer, got: \(n)") }
        let divisor = Double(endpoint ? Swift.max(n - 1, 1) : n)
        let step = (stop.doubleValue - start.doubleValue) / divisor
        let i = try iota([n], type: .f64, names: names, backend: backend)
        let values = try add(.number(.float(start.doubleValue)), .tensor(try multiply(.tensor(i), .number(.float(step)))))
        return try asType(.tensor(try asType(.tensor(values), .f64)), type)
    }

    /// `Nx.tri(n, m, k:)`: u8 ones on and below diagonal `k`.
    public static func tri(_ n: Int, _ m: Int, k: Int = 0, backend: Backend? = nil) throws -> Tensor {
        let rows = try iota([n, m], axis: 0, backend: backend)
        let cols = try iota([n, m], axis: 1, backend: backend)
        return try binary(.greater_equal, .tensor(try add(.tensor(rows), .int(Int64(k)))), .tensor(cols))
    }

    /// `Nx.triu` / `Nx.tril`: zero below (triu) or above (tril) diagonal `k` of the last two axes.
    public static func triangle(_ x: Operand, upper: Bool, k: Int = 0) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        guard t.rank >= 2 else {
            throw NxError.argument("\(upper ? "triu" : "tril")/2 expects a tensor with at least 2 dimensions, got: \(t.rank)")
        }
        let n = t.shape[t.rank - 2], m = t.shape[t.rank - 1]
        let mask = upper ? try unary(.logical_not, .tensor(try tri(n, m, k: k - 1, backend: t.backend)))
                         : try tri(n, m, k: k, backend: t.backend)
        return try select(.tensor(mask), .tensor(t), .tensor(try scalar(.int(0), type: t.type, backend: t.backend)))
    }

    public static func sort(_ x: Operand, axis: Axis = 0, descending: Bool = false) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        if t.rank == 0 { return t }
        let a = try Shape.axis(axis, rank: t.rank, names: t.names)
        return try t.backend.sort(t.template, t, axis: a, descending: descending, indices: false)
    }

    public static func argsort(_ x: Operand, axis: Axis = 0, descending: Bool = false) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let a = try Shape.axis(axis, rank: t.rank, names: t.names)
        return try t.backend.sort(TensorTemplate(type: .s64, shape: t.shape, names: t.names), t, axis: a, descending: descending, indices: true)
    }

    /// `Nx.top_k(t, k:)`: the k largest along the last axis and their indices.
    public static func topK(_ x: Operand, k: Int) throws -> (values: Tensor, indices: Tensor) {
        let t = try toTensor(x, backend: backend([x]))
        guard t.rank >= 1 else { throw NxError.argument("top_k input must have at least rank 1") }
        let last = t.rank - 1
        guard k >= 1 && k <= t.shape[last] else {
            throw NxError.argument("top_k input last axis size must be greater than or equal to k, got size=\(t.shape[last]) and k=\(k)")
        }
        let order = try argsort(.tensor(t), axis: .index(last), descending: true)
        let idx = try sliceAlongAxis(.tensor(order), 0, k, axis: .index(last))
        return (try takeAlongAxis(.tensor(t), idx, axis: .index(last)), idx)
    }

    /// cumulative_sum/product/min/max along `axis` (default 0).
    public static func cumulative(_ op: ReduceOp, _ x: Operand, axis: Axis = 0, reverse: Bool = false) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let a = try Shape.axis(axis, rank: t.rank, names: t.names)
        let type = op == .sum || op == .product ? t.type.aggregate : t.type
        return try t.backend.cumulative(op, TensorTemplate(type: type, shape: t.shape, names: t.names), t, axis: a, reverse: reverse)
    }

    /// `Nx.median(t, axis:, keep_axis:)`: the middle of the sorted values; the mean of the two middles for even counts.
    public static func median(_ x: Operand, axis: Axis? = nil, keepAxis: Bool = false) throws -> Tensor {
        var t = try toTensor(x, backend: backend([x]))
        var a = 0
        if let axis = axis { a = try Shape.axis(axis, rank: t.rank, names: t.names) } else { t = try flatten(.tensor(t)) }
        let sorted = try sort(.tensor(t), axis: .index(a))
        let n = t.shape[a]
        var mid = try sliceAlongAxis(.tensor(sorted), (n - 1) / 2, n % 2 == 1 ? 1 : 2, axis: .index(a))
        if n % 2 == 0 { mid = try mean(.tensor(mid), axes: [.index(a)], keepAxes: true) }
        if keepAxis && axis != nil { return mid }
        return try squeeze(.tensor(mid), axes: [.index(a)])
    }

    /// `Nx.mode(t, axis:)`: the most frequent value (the first such in order of appearance).
    public static func mode(_ x: Operand, axis: Axis? = nil, keepAxis: Bool = false) throws -> Tensor {
        var t = try toTensor(x, backend: backend([x]))
        var a = 0
        if let axis = axis { a = try Shape.axis(axis, rank: t.rank, names: t.names) } else { t = try flatten(.tensor(t)) }
        // counts[..., i] = how many elements along the axis equal element i
        let moved = try transpose(.tensor(t), axes: ((0..<t.rank).filter { $0 != a } + [a]).map { .index($0) })
        let rows = try newAxis(.tensor(moved), -1), cols = try newAxis(.tensor(moved), -2)
        let counts = try sum(.tensor(try binary(.equal, .tensor(rows), .tensor(cols))), axes: [-1])
        let best = try argReduce(max: true, .tensor(counts), axis: .index(counts.rank - 1), keepAxis: true)
        var picked = try takeAlongAxis(.tensor(moved), best, axis: .index(moved.rank - 1))
        picked = try squeeze(.tensor(picked), axes: [.index(picked.rank - 1)])
        if keepAxis && axis != nil { return try newAxis(.tensor(picked), a) }
        return picked
    }

    /// `Nx.weighted_mean(t, weights, axes:)`: sum(t * w) / sum(w).
    public static func weightedMean(_ x: Operand, _ weights: Operand, axes: [Axis]? = nil, keepAxes: Bool = false) throws -> Tensor {
        let weighted = try multiply(x, weights)
        let w = try broadcast(weights, weighted.shape)
        return try divide(.tensor(try sum(.tensor(weighted), axes: axes, keepAxes: keepAxes)),
                          .tensor(try sum(.tensor(w), axes: axes, keepAxes: keepAxes)))
    }

    /// `Nx.reduce(t, acc, opts, fun)`: folds `fun(element, acc)` over the axes, with scalar tensors.
    public static func reduce(_ x: Operand, initial: Operand, axes: [Axis]? = nil, keepAxes: Bool = false,
                              _ fun: (Tensor, Tensor) throws -> Tensor) throws -> Tensor {
        let be = backend([x, initial])
        let t = try toTensor(x, backend: be)
        let acc0 = try toTensor(initial, backend: be)
        guard acc0.rank == 0 else { throw NxError.argument("reduce/4 expects the accumulator to be a scalar") }
        let type = binaryType(.tensor(t), initial)
        let (out, resolved) = try reducedTemplate(t, axes: axes, keepAxes: keepAxes, type: type)
        let kept = (0..<t.rank).filter { !resolved.contains($0) }
        let moved = try transpose(.tensor(t), axes: (kept + resolved).map { .index($0) })
        let len = resolved.reduce(1) { $0 * t.shape[$1] }
        if !(be is NativeBackend) {
            return try tracedReduce(moved, acc0, out, len: len, type: type, fun)
        }
        let values = try toFlatList(moved)
        var results: [NxNumber] = []
        for o in 0..<(len == 0 ? 0 : t.size / len) {
            var acc = try asType(.tensor(acc0), type)
            for k in 0..<len {
                let element = try scalar(values[o * len + k], type: t.type, backend: t.backend)
                acc = try fun(element, acc)
            }
            results.append(try toNumber(acc))
        }
        return try t.backend.fromNumbers(out, results)
    }

    /// The most elements `Nx.reduce` unrolls when its tensor is traced.
    public static let tracedReduceLimit = 4096

    /// `Nx.reduce` on a traced tensor: the fold unrolled over scalar elements (the function
    /// sees scalars, as in Nx), so the graph grows with the tensor; hence the limit.
    static func tracedReduce(_ moved: Tensor, _ acc0: Tensor, _ out: TensorTemplate, len: Int, type: DType,
                             _ fun: (Tensor, Tensor) throws -> Tensor) throws -> Tensor {
        guard moved.size <= tracedReduceLimit else {
            throw NxError(module: "RuntimeError", message: "Nx.reduce/4 inside defn is limited to \(tracedReduceLimit) elements in SwiftNx, which unrolls it (got \(moved.size)); use sum, reduce_max, reduce_min, product or while instead")
        }
        let groups = out.shape.reduce(1, *)
        let flat = try reshape(.tensor(moved), [groups, len])
        var results: [Operand] = []
        for o in 0..<groups {
            var acc = try asType(.tensor(acc0), type)
            for k in 0..<len {
                let element = try reshape(.tensor(try slice(.tensor(flat), [o, k], [1, 1])), [] as [Int])
                acc = try asType(.tensor(try fun(element, acc)), type)
            }
            results.append(.tensor(try reshape(.tensor(acc), [1])))
        }
        let joined = results.isEmpty ? try broadcast(.tensor(try asType(.tensor(acc0), type)), [0])
            : results.count == 1 ? try toTensor(results[0]) : try concatenate(results)
        return try rename(try reshape(.tensor(joined), out.shape), out.names)
    }

    /// `Nx.to_batched(t, size, leftover:)`: slices of the first axis; `repeat` wraps to the start.
    public static func toBatched(_ x: Operand, _ size: Int, discardLeftover: Bool = false) throws -> [Tensor] {
        let t = try toTensor(x, backend: backend([x]))
        guard t.rank >= 1 else { throw NxError.argument("cannot batch a scalar tensor") }
        let n = t.shape[0]
        guard size >= 1 && size <= n else {
            throw NxError.argument("expected batch size to be a positive integer less than or equal to the first axis size (\(n)), got: \(size)")
        }
        var batches: [Tensor] = []
        var start = 0
        while start + size <= n {
            batches.append(try sliceAlongAxis(.tensor(t), start, size))
            start += size
        }
        if start < n && !discardLeftover {
            let tail = try sliceAlongAxis(.tensor(t), start, n - start)
            let head = try sliceAlongAxis(.tensor(t), 0, size - (n - start))
            batches.append(try concatenate([.tensor(tail), .tensor(head)]))
        }
        return batches
    }
}
