/// Window (pooling) reductions: window_sum/product/max/min/mean and window_reduce.
///
/// Each is a composition: pad the input, then fold one strided slice per window offset into
/// the accumulator. A window of k elements costs k slices and k-1 elementwise ops over the
/// output, the same work as a direct loop, and the Expr backend sees only pad/slice/binary.
extension Nx {
    /// How the input is padded before windows (or convolution kernels) slide over it.
    public enum Padding {
        case valid
        case same
        /// (low, high) per axis.
        case explicit([(Int, Int)])
    }

    /// The window geometry shared by every window function, resolved against one input shape.
    public struct WindowGeometry {
        public let window: [Int]
        public let strides: [Int]
        public let dilations: [Int]
        public let padding: [(Int, Int)]
        public let outputShape: [Int]

        public init(shape: [Int], window: [Int], strides: [Int], padding: Padding, dilations: [Int]) throws {
            let rank = shape.count
            guard window.count == rank else {
                throw NxError.argument("invalid window dimensions, rank of shape (\(rank)) does not match rank of window (\(window.count))")
            }
            guard strides.count == rank else {
                throw NxError.argument("invalid stride dimensions, rank of shape (\(rank)) does not match rank of stride (\(strides.count))")
            }
            guard dilations.count == rank else {
                throw NxError.argument("invalid dilation dimensions, rank of shape (\(rank)) does not match rank of dilations (\(dilations.count))")
            }
            for s in strides where s < 1 {
                throw NxError.argument("strides must be positive integers, got: \(strides)")
            }
            for d in dilations where d < 1 {
                throw NxError.argument("dilations must be positive integers, got: \(dilations)")
            }
            let effective = zip(window, dilations).map { ($0 - 1) * $1 + 1 }
            self.padding = try Nx.paddingConfig(padding, shape: shape, kernel: effective)
            var out: [Int] = []
            for i in 0..<rank {
                let padded = shape[i] + self.padding[i].0 + self.padding[i].1
                guard window[i] >= 1, effective[i] <= padded else {
                    throw NxError.argument("window dimensions would result in empty tensor which is not currently supported in Nx, please open an issue if you'd like this behavior to change")
                }
                out.append((padded - effective[i]) / strides[i] + 1)
            }
            self.window = window
            self.strides = strides
            self.dilations = dilations
            self.outputShape = out
        }

        /// Every window offset, in row-major order.
        var offsets: [[Int]] { Nx.indices(window) }
    }

    /// (low, high) padding per axis for `padding` with kernels of (dilated) size `kernel`.
    /// `:same` pads kernel - 1 per axis (the odd element last), whatever the strides, as Nx does.
    public static func paddingConfig(_ padding: Padding, shape: [Int], kernel: [Int]) throws -> [(Int, Int)] {
        switch padding {
        case .valid:
            return shape.map { _ in (0, 0) }
        case .same:
            return kernel.map { k in
                let total = Swift.max(k - 1, 0)
                return (total / 2, total - total / 2)
            }
        case .explicit(let config):
            guard config.count == shape.count else {
                throw NxError.argument("invalid padding configuration, rank of padding configuration and shape must match")
            }
            return config
        }
    }

    /// The padded input and the strided slice of it seen at one window offset.
    static func windowSlices(_ t: Tensor, _ g: WindowGeometry, fill: Operand) throws -> [Tensor] {
        let padded = g.padding.allSatisfy({ $0 == (0, 0) }) ? t
            : try pad(.tensor(t), fill, g.padding.map { ($0.0, $0.1, 0) })
        return try g.offsets.map { offset in
            let starts = zip(offset, g.dilations).map { $0 * $1 }
            let lengths = zip(g.outputShape, g.strides).map { ($0 - 1) * $1 + 1 }
            return try slice(.tensor(padded), starts, lengths, strides: g.strides)
        }
    }

    /// `Nx.window_sum/product/max/min`: `op` folds the window's elements; the type is kept.
    public static func windowReduce(_ op: ReduceOp, _ x: Operand, window: [Int], strides: [Int]? = nil,
                                    padding: Padding = .valid, dilations: [Int]? = nil) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let g = try WindowGeometry(shape: t.shape, window: window, strides: strides ?? t.shape.map { _ in 1 },
                                   padding: padding, dilations: dilations ?? t.shape.map { _ in 1 })
        if op == .all || op == .any { throw NxError.notImplemented("window_\(op.rawValue)") }
        return try t.backend.window(op, TensorTemplate(type: t.type, shape: g.outputShape, names: t.names), t, g)
    }

    /// A checked window_sum/product/max/min in primitives: one strided slice per window offset, folded.
    public static func composedWindow(_ op: ReduceOp, _ t: Tensor, _ g: WindowGeometry) throws -> Tensor {
        let (combine, fill): (BinaryOp, Operand)
        switch op {
        case .sum: (combine, fill) = (.add, .number(.int(0)))
        case .product: (combine, fill) = (.multiply, .number(.int(1)))
        case .reduce_max: (combine, fill) = (.max, .tensor(try lowest(t.type)))
        case .reduce_min: (combine, fill) = (.min, .tensor(try highest(t.type)))
        case .all, .any: throw NxError.notImplemented("window_\(op.rawValue)")
        }
        let slices = try windowSlices(t, g, fill: fill)
        var acc = slices[0]
        for s in slices.dropFirst() { acc = try binary(combine, .tensor(acc), .tensor(s)) }
        return try asType(.tensor(acc), t.type)
    }

    /// `Nx.window_mean`: the window sum over the window's element count, as a float.
    public static func windowMean(_ x: Operand, window: [Int], strides: [Int]? = nil,
                                  padding: Padding = .valid, dilations: [Int]? = nil) throws -> Tensor {
        let sum = try windowReduce(.sum, x, window: window, strides: strides, padding: padding, dilations: dilations)
        return try divide(.tensor(sum), .number(.int(Int64(window.reduce(1, *)))))
    }

    /// `Nx.window_reduce(t, acc, window, opts, fun)`: `fun(element, acc)` folds each window,
    /// starting from `acc`, which also fills the padding. `fun` works on whole tensors.
    public static func windowReduce(_ x: Operand, initial: Operand, window: [Int], strides: [Int]? = nil,
                                    padding: Padding = .valid, dilations: [Int]? = nil,
                                    _ fun: (Tensor, Tensor) throws -> Tensor) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let start = try toTensor(initial, backend: t.backend)
        guard start.rank == 0 else { throw NxError.argument("the accumulator of window_reduce must be a scalar") }
        let g = try WindowGeometry(shape: t.shape, window: window, strides: strides ?? t.shape.map { _ in 1 },
                                   padding: padding, dilations: dilations ?? t.shape.map { _ in 1 })
        var acc = try broadcast(.tensor(try asType(.tensor(start), t.type)), g.outputShape)
        for s in try windowSlices(t, g, fill: .tensor(start)) { acc = try fun(s, acc) }
        return try asType(.tensor(acc), t.type)
    }

    /// `Nx.window_scatter_max/min`: each `source` element is added at the position of its
    /// window's largest (`max`) or smallest element (the first one on ties), on top of `initial`.
    public static func windowScatter(max isMax: Bool, _ x: Operand, _ source: Operand, _ initial: Operand, window: [Int],
                                     strides: [Int]? = nil, padding: Padding = .valid) throws -> Tensor {
        let be = backend([x, source, initial])
        let t = try toTensor(x, backend: be), src = try toTensor(source, backend: be)
        let g = try WindowGeometry(shape: t.shape, window: window, strides: strides ?? t.shape.map { _ in 1 },
                                   padding: padding, dilations: t.shape.map { _ in 1 })
        guard src.shape == g.outputShape else {
            throw NxError.argument("source shape must match the shape of the windowed tensor, got: \(Shape.string(src.shape)) and \(Shape.string(g.outputShape))")
        }
        let type = DType.merge(t.type, src.type)
        let slices = try windowSlices(t, g, fill: .tensor(try isMax ? lowest(t.type) : highest(t.type)))
        // The offset index of each window's chosen element: strictly better wins, so ties keep the first.
        var best = slices[0]
        var chosen = try broadcast(.number(.int(0)), g.outputShape)
        for (k, s) in slices.enumerated().dropFirst() {
            let better = try binary(isMax ? .greater : .less, .tensor(s), .tensor(best))
            best = try select(.tensor(better), .tensor(s), .tensor(best))
            chosen = try select(.tensor(better), .number(.int(Int64(k))), .tensor(chosen))
        }
        let zero = Operand.tensor(try scalar(.int(0), type: type))
        let castSource = try asType(.tensor(src), type)
        let paddedShape = zip(t.shape, g.padding).map { $0 + $1.0 + $1.1 }
        var total = try broadcast(zero, paddedShape)
        for (k, offset) in g.offsets.enumerated() {
            let picked = try select(.tensor(try binary(.equal, .tensor(chosen), .number(.int(Int64(k))))), .tensor(castSource), zero)
            // Spread the window outputs back over the padded input: interior padding undoes the stride.
            let config = (0..<t.rank).map { i -> (Int, Int, Int) in
                let span = (g.outputShape[i] - 1) * g.strides[i] + 1
                return (offset[i], paddedShape[i] - offset[i] - span, g.strides[i] - 1)
            }
            total = try add(.tensor(total), .tensor(try pad(.tensor(picked), zero, config)))
        }
        let crop = g.padding.map { (-$0.0, -$0.1, 0) }
        let scattered = g.padding.allSatisfy({ $0 == (0, 0) }) ? total : try pad(.tensor(total), zero, crop)
        return try asType(.tensor(try add(.tensor(scattered), initial)), type)
    }

    /// Every index of a shape, in row-major order.
    public static func indices(_ dims: [Int]) -> [[Int]] {
        var result: [[Int]] = [[]]
        for d in dims { result = result.flatMap { prefix in (0..<d).map { prefix + [$0] } } }
        return result
    }

    /// The smallest value of a type (negative infinity for floats): the identity of max.
    static func lowest(_ type: DType) throws -> Tensor {
        type.isInteger ? try NxConstants.minFinite(type) : try NxConstants.negInfinity(type)
    }

    /// The largest value of a type (infinity for floats): the identity of min.
    static func highest(_ type: DType) throws -> Tensor {
        type.isInteger ? try NxConstants.maxFinite(type) : try NxConstants.infinity(type)
    }
}

extension Backend {
    public func window(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, _ geometry: Nx.WindowGeometry) throws -> Tensor {
        try Nx.composedWindow(op, t, geometry)
    }
}
