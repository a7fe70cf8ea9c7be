import Foundation

/// Reductions: axes (names or integers, negative from the end), keep_axes, and the
/// compositions Nx builds on them (mean, variance, logsumexp, ...).
extension Nx {
    /// The template of reducing `t` over `axes` (all when nil).
    static func reducedTemplate(_ t: Tensor, axes: [Axis]?, keepAxes: Bool, type: DType) throws -> (TensorTemplate, [Int]) {
        let resolved = try axes.map { try Shape.axes($0, rank: t.rank, names: t.names) } ?? Array(0..<t.rank)
        var shape: [Int] = [], names: [String?] = []
        for i in 0..<t.rank {
            if resolved.contains(i) {
                if keepAxes { shape.append(1); names.append(t.names[i]) }
            } else {
                shape.append(t.shape[i]); names.append(t.names[i])
            }
        }
        return (TensorTemplate(type: type, shape: shape, names: names), resolved.sorted())
    }

    public static func reduce(_ op: ReduceOp, _ x: Operand, axes: [Axis]? = nil, keepAxes: Bool = false) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let (out, resolved) = try reducedTemplate(t, axes: axes, keepAxes: keepAxes, type: op.outputType(t.type))
        return try t.backend.reduce(op, out, t, axes: resolved)
    }

    public static func sum(_ x: Operand, axes: [Axis]? = nil, keepAxes: Bool = false) throws -> Tensor {
        try reduce(.sum, x, axes: axes, keepAxes: keepAxes)
    }

    /// argmax/argmin over one axis (or the flattened tensor); `tieBreakHigh` picks the last best.
    public static func argReduce(max: Bool, _ x: Operand, axis: Axis? = nil, tieBreakHigh: Bool = false,
                                 keepAxis: Bool = false) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let (out, resolved) = try reducedTemplate(t, axes: axis.map { [$0] }, keepAxes: keepAxis && axis != nil, type: .s64)
        return try t.backend.argReduce(max: max, out, t, axis: axis == nil ? nil : resolved.first, tieBreakHigh: tieBreakHigh)
    }

    /// `Nx.mean`: sum divided by the number of reduced elements.
    public static func mean(_ x: Operand, axes: [Axis]? = nil, keepAxes: Bool = false) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let resolved = try axes.map { try Shape.axes($0, rank: t.rank, names: t.names) } ?? Array(0..<t.rank)
        let count = resolved.reduce(1) { $0 * t.shape[$1] }
        let s = try sum(.tensor(t), axes: axes, keepAxes: keepAxes)
        return try divide(.tensor(s), .number(.int(Int64(count))))
    }

    /// `Nx.variance` with `ddof`.
    public static func variance(_ x: Operand, axes: [Axis]? = nil, ddof: Int = 0, keepAxes: Bool = false) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let resolved = try axes.map { try Shape.axes($0, rank: t.rank, names: t.names) } ?? Array(0..<t.rank)
        let count = resolved.reduce(1) { $0 * t.shape[$1] }
        let m = try mean(.tensor(t), axes: axes, keepAxes: true)
        let centered = try subtract(.tensor(t), .tensor(m))
        let squares = try multiply(.tensor(centered), .tensor(centered))
        let total = try sum(.tensor(squares), axes: axes, keepAxes: keepAxes)
        return try divide(.tensor(total), .number(.int(Int64(count - ddof))))
    }

    public static func standardDeviation(_ x: Operand, axes: [Axis]? = nil, ddof: Int = 0, keepAxes: Bool = false) throws -> Tensor {
        try unary(.sqrt, .tensor(try variance(x, axes: axes, ddof: ddof, keepAxes: keepAxes)))
    }

    /// `Nx.logsumexp`: max + log(sum(b * exp(x - max))), stable for large inputs; `b` is the
    /// optional `exp_scaling_factor`.
    public static func logsumexp(_ x: Operand, axes: [Axis]? = nil, keepAxes: Bool = false,
                                 expScalingFactor: Operand? = nil) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let m = try reduce(.reduce_max, .tensor(t), axes: axes, keepAxes: true)
        let finiteMax = try select(.tensor(try unary(.is_infinity, .tensor(m))), .number(.int(0)), .tensor(m))
        var e = try unary(.exp, .tensor(try subtract(.tensor(t), .tensor(finiteMax))))
        if let b = expScalingFactor { e = try multiply(b, .tensor(e)) }
        let s = try unary(.log, .tensor(try sum(.tensor(e), axes: axes, keepAxes: true)))
        let r = try add(.tensor(s), .tensor(finiteMax))
        if keepAxes { return r }
        let (out, _) = try reducedTemplate(t, axes: axes, keepAxes: false, type: r.type)
        return try r.backend.reshape(out, r)
    }

    /// `Nx.all_close(a, b, rtol:, atol:)`: u8 scalar, 1 when |a - b| <= atol + rtol * |b| everywhere.
    public static func allClose(_ a: Operand, _ b: Operand, rtol: Double = 1e-5, atol: Double = 1e-8, equalNaN: Bool = false) throws -> Tensor {
        let diff = try unary(.abs, .tensor(try subtract(a, b)))
        let bound = try add(.number(.float(atol)), .tensor(try multiply(.number(.float(rtol)), .tensor(try unary(.abs, b)))))
        var close = try binary(.less_equal, .tensor(diff), .tensor(bound))
        if equalNaN {
            let bothNaN = try binary(.logical_and, .tensor(try unary(.is_nan, a)), .tensor(try unary(.is_nan, b)))
            close = try binary(.logical_or, .tensor(close), .tensor(bothNaN))
        }
        return try reduce(.all, .tensor(close))
    }
}
