import NxCore

/// The gradient rule of every primitive, keyed by op: given a node, its value `ans` and the
/// cotangent `g` of its output, the cotangent of each argument (nil: no gradient flows).
/// Arguments' cotangents may still carry broadcast axes; the walk sums them away.
enum GradRules {
    typealias T = Tensor

    static func t(_ x: T) -> Operand { .tensor(x) }
    static func f(_ d: Double) -> Operand { .float(d) }
    static func mul(_ a: T, _ b: T) throws -> T { try Nx.multiply(t(a), t(b)) }
    static func div(_ a: T, _ b: T) throws -> T { try Nx.divide(t(a), t(b)) }
    static func un(_ op: UnaryOp, _ a: T) throws -> T { try Nx.unary(op, t(a)) }
    static func bin(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> T { try Nx.binary(op, a, b) }

    static func notDifferentiable(_ name: String, _ hint: String = "") -> NxError {
        .argument("cannot compute gradient for Nx.\(name).\(hint.isEmpty ? "" : "\n\n" + hint)")
    }

    /// The rule of an op that is a fused form of primitives (conv, windows): rebuild it from
    /// primitives over the same arguments and differentiate that.
    static func viaComposition(_ node: ExprNode, _ g: T, _ compose: () throws -> T) throws -> [T?] {
        try Grad.vjp(outputs: [try compose()], cotangents: [g], wrt: node.args)
    }

    static func backward(_ node: ExprNode, _ ans: T, _ g: T) throws -> [T?] {
        let a = node.args
        switch node.op {
        case .parameter, .constant, .tensor, .iota, .eye, .argReduce, .token:
            return a.map { _ in nil }
        case .metadata, .asType, .bitcast:
            return [g]
        case .attachToken:
            return [nil, g]
        case .unary(let op):
            return [try unary(op, a[0], ans, g)]
        case .binary(let op):
            return try binary(op, a[0], a[1], ans, g)
        case .select:
            let zero = T.zeroLike(g)
            return [nil, try Nx.select(t(a[0]), t(g), zero), try Nx.select(t(a[0]), zero, t(g))]
        case .reshape:
            return [try Nx.reshape(t(g), a[0].shape)]
        case .broadcast(let axes):
            return [try unbroadcastAxes(g, from: a[0].shape, axes: axes)]
        case .transpose(let axes):
            return [try Nx.transpose(t(g), axes: argsort(axes).map { .index($0) })]
        case .reverse(let axes):
            return [try Nx.reverse(t(g), axes: axes.map { .index($0) })]
        case .slice(let starts, let strides):
            let x = a[0]
            let config = (0..<x.rank).map { i -> (Int, Int, Int) in
                let hi = x.shape[i] - (starts[i] + 1 + strides[i] * (g.shape[i] - 1))
                return (starts[i], hi, strides[i] - 1)
            }
            return [try Nx.pad(t(g), f(0), config)]
        case .pad(let config):
            let inverse = config.map { (-$0.0, -$0.1, 0) }
            let unpadded = try Nx.pad(t(g), f(0), inverse)
            let strides = config.map { $0.2 + 1 }
            let operand = try Nx.slice(t(unpadded), Array(repeating: 0, count: unpadded.rank), unpadded.shape, strides: strides)
            let value = try Nx.subtract(t(try Nx.sum(t(g))), t(try Nx.sum(t(operand))))
            return [operand, value]
        case .concatenate(let axis):
            var start = 0
            return try a.map { x in
                defer { start += x.shape[axis] }
                return try Nx.sliceAlongAxis(t(g), start, x.shape[axis], axis: .index(axis))
            }
        case .putSlice(let starts):
            let slice = a[1]
            let cleared = try Nx.putSlice(t(g), starts, t(try Grad.zeros(TensorTemplate(type: g.type, shape: slice.shape))))
            return [cleared, try Nx.slice(t(g), starts, slice.shape)]
        case .reduce(let op, let axes, _, let keep):
            return [try reduce(op, a[0], axes: axes, keep: keep, ans, g)]
        case .cumulative(.sum, let axis, let reverse):
            return [try Nx.cumulative(.sum, t(g), axis: .index(axis), reverse: !reverse)]
        case .cumulative(let op, let axis, let reverse):
            return [try cumulativeGradient(op, a[0], ans, axis: axis, reverse: reverse, g)]
        case .conv(let plan):
            return try viaComposition(node, g) { try Nx.expandedConv(ans.template, a[0], a[1], plan) }
        case .window(let op, let geometry):
            return try viaComposition(node, g) { try Nx.composedWindow(op, a[0], geometry) }
        case .linalg(let op, _):
            return try linalg(op, node, ans, g)
        case .dot(let ca, let ba, let cb, let bb):
            return try dot(a[0], ca, ba, a[1], cb, bb, ans, g)
        case .gather:
            let zeros = try Grad.zeros(TensorTemplate(type: g.type, shape: a[0].shape))
            return [try Nx.indexedUpdate(t(zeros), a[1], t(g), add: true), nil]
        case .indexedUpdate(let add):
            let x = add ? g : try Nx.indexedUpdate(t(g), a[1], t(try Grad.zeros(TensorTemplate(type: g.type, shape: a[2].shape))), add: false)
            return [x, nil, try Nx.gather(t(g), a[1])]
        case .take(let axis):
            return [try takeGradient(a[0], a[1], axis: axis, g), nil]
        case .takeAlongAxis(let axis):
            return [try takeAlongAxisGradient(a[0], a[1], axis: axis, g), nil]
        case .sort(let axis, let descending, let indices):
            if indices { return [nil] }
            let order = try ExprBackend.shared.sort(TensorTemplate(type: .s64, shape: a[0].shape), a[0], axis: axis,
                                                     descending: descending, indices: true)
            return [try takeAlongAxisGradient(a[0], order, axis: axis, g)]
        case .elem, .cond, .whileLoop, .customGrad:
            throw NxError(module: "RuntimeError", message: "grad: syntax node reached the primitive rules")
        }
    }

    // MARK: - Elementwise

    static func unary(_ op: UnaryOp, _ x: T, _ ans: T, _ g: T) throws -> T? {
        let square = { (u: T) in try mul(u, u) }
        switch op {
        case .negate: return try un(.negate, g)
        case .abs: return try Nx.select(t(try bin(.greater_equal, t(x), f(0))), t(g), t(try un(.negate, g)))
        case .exp: return try mul(g, ans)
        case .expm1: return try mul(g, try Nx.add(t(ans), .int(1)))
        case .log: return try div(g, x)
        case .log1p: return try div(g, try Nx.add(t(x), .int(1)))
        case .sqrt: return try div(try bin(.multiply, t(g), f(0.5)), ans)
        case .rsqrt: return try mul(try bin(.multiply, t(g), f(-0.5)), try bin(.pow, t(x), f(-1.5)))
        case .cbrt: return try div(g, try mul(try bin(.multiply, .int(3), t(ans)), ans))
        case .sigmoid: return try mul(g, try mul(try mul(try un(.exp, try un(.negate, x)), ans), ans))
        case .sin: return try mul(g, try un(.cos, x))
        case .cos: return try mul(g, try un(.negate, try un(.sin, x)))
        case .tan:
            let c = try un(.cos, x)
            return try div(try div(g, c), c)
        case .sinh: return try mul(g, try un(.cosh, x))
        case .cosh: return try mul(g, try un(.sinh, x))
        case .tanh: return try mul(g, try bin(.subtract, f(1), t(try square(ans))))
        case .asin: return try mul(g, try un(.rsqrt, try bin(.subtract, f(1), t(try square(x)))))
        case .acos: return try mul(g, try un(.negate, try un(.rsqrt, try bin(.subtract, f(1), t(try square(x))))))
        case .atan: return try div(g, try Nx.add(f(1), t(try square(x))))
        case .asinh: return try mul(g, try un(.rsqrt, try Nx.add(t(try square(x)), f(1))))
        case .acosh: return try mul(g, try un(.rsqrt, try bin(.subtract, t(try square(x)), f(1))))
        case .atanh: return try div(g, try bin(.subtract, f(1), t(try square(x))))
        case .erf, .erfc:
            let e = try un(.exp, try un(.negate, try square(x)))
            let scale = 2 / Double.pi.squareRoot()
            return try mul(g, try bin(.multiply, t(e), f(op == .erf ? scale : -scale)))
        case .erf_inv:
            return try mul(g, try bin(.multiply, f(Double.pi.squareRoot() / 2), t(try un(.exp, try square(ans)))))
        case .floor, .ceil, .round, .sign, .is_nan, .is_infinity, .logical_not, .bitwise_not,
             .population_count, .count_leading_zeros:
            return nil
        case .real, .imag, .conjugate, .phase:
            return try complexPart(op, x, g)
        }
    }

    static func binary(_ op: BinaryOp, _ x: T, _ y: T, _ ans: T, _ g: T) throws -> [T?] {
        let same = x.expr != nil && x.expr?.id == y.expr?.id
        switch op {
        case .add:
            return same ? [try bin(.multiply, t(g), f(2)), nil] : [g, g]
        case .subtract: return [g, try un(.negate, g)]
        case .multiply:
            return same ? [try mul(g, try bin(.multiply, f(2), t(x))), nil] : [try mul(g, y), try mul(g, x)]
        case .divide: return [try div(g, y), try mul(g, try un(.negate, try div(ans, y)))]
        case .pow:
            if let c = y.expr?.constantValue {
                // A constant exponent: no gradient for it, x^(y-1) folded.
                let e = c.doubleValue
                let gx = try mul(y, try bin(.pow, t(x), f(e == 0 ? 1 : e - 1)))
                return [try mul(g, gx), nil]
            }
            let exponent = try Nx.select(t(try bin(.equal, t(y), f(0))), f(1), t(try bin(.subtract, t(y), f(1))))
            let base = try Nx.select(t(try bin(.equal, t(x), f(0))), f(1), t(x))
            return [try mul(g, try mul(y, try bin(.pow, t(x), t(exponent)))),
                    try mul(g, try mul(try un(.log, base), ans))]
        case .atan2:
            let den = try Nx.add(t(try mul(x, x)), t(try mul(y, y)))
            return [try mul(g, try div(y, den)), try mul(g, try un(.negate, try div(x, den)))]
        case .min, .max:
            let xHit = try bin(.equal, t(x), t(ans)), yHit = try bin(.equal, t(y), t(ans))
            let lhs = try div(try Nx.select(t(xHit), f(1), f(0)), try Nx.select(t(yHit), f(2), f(1)))
            let rhs = try div(try Nx.select(t(yHit), f(1), f(0)), try Nx.select(t(xHit), f(2), f(1)))
            return [try mul(g, lhs), try mul(g, rhs)]
        case .remainder:
            return [g, try mul(g, try un(.negate, try un(.floor, try div(x, y))))]
        case .quotient:
            throw notDifferentiable("quotient/2", "If a floating point computation is acceptable, consider using an implementation of floor division. See the documentation of `Nx.quotient` for more details.")
        case .bitwise_and, .bitwise_or, .bitwise_xor, .left_shift, .right_shift,
             .equal, .not_equal, .greater, .less, .greater_equal, .less_equal,
             .logical_and, .logical_or, .logical_xor:
            return [nil, nil]
        }
    }

    // MARK: - Reductions

    /// `g` (the reduced shape) broadcast back over the input's shape.
    static func expand(_ g: T, to x: T, axes: [Int], keep: Bool) throws -> T {
        if keep { return try Nx.broadcast(t(g), x.shape) }
        let kept = (0..<x.rank).filter { !axes.contains($0) }
        return try Nx.broadcast(t(g), x.shape, axes: kept.map { .index($0) })
    }

    static func reduce(_ op: ReduceOp, _ x: T, axes: [Int], keep: Bool, _ ans: T, _ g: T) throws -> T? {
        switch op {
        case .sum:
            return try expand(g, to: x, axes: axes, keep: keep)
        case .reduce_max, .reduce_min:
            // Ties share the gradient equally, as in Nx.
            let locs = try bin(.equal, t(x), t(try expand(ans, to: x, axes: axes, keep: keep)))
            let num = try mul(try expand(g, to: x, axes: axes, keep: keep), locs)
            let den = try Nx.sum(t(locs), axes: axes.map { .index($0) }, keepAxes: true)
            return try div(num, den)
        case .product:
            return try productGradient(x, axes: axes, keep: keep, g)
        case .all, .any:
            return nil
        }
    }

    /// d prod / d x_i = the product of the other elements: exclusive prefix times exclusive
    /// suffix products along the (flattened) reduced axes, correct with zeros.
    static func productGradient(_ x: T, axes: [Int], keep: Bool, _ g: T) throws -> T {
        let kept = (0..<x.rank).filter { !axes.contains($0) }
        let perm = kept + axes
        let keptShape = kept.map { x.shape[$0] }
        let n = axes.reduce(1) { $0 * x.shape[$1] }
        let flat = try Nx.reshape(t(try Nx.transpose(t(x), axes: perm.map { .index($0) })), keptShape + [n])
        let last = keptShape.count
        var pads = Array(repeating: (0, 0, 0), count: last + 1)
        pads[last] = (1, -1, 0)
        let before = try Nx.pad(t(try Nx.cumulative(.product, t(flat), axis: .index(last))), f(1), pads)
        pads[last] = (-1, 1, 0)
        let after = try Nx.pad(t(try Nx.cumulative(.product, t(flat), axis: .index(last), reverse: true)), f(1), pads)
        let others = try mul(before, after)
        let gFlat = try Nx.reshape(t(g), keptShape + [1])
        let grad = try mul(others, gFlat)
        let unflat = try Nx.reshape(t(grad), perm.map { x.shape[$0] })
        return try Nx.transpose(t(unflat), axes: argsort(perm).map { .index($0) })
    }

    // MARK: - Cumulative ops

    /// cumulative_product/max/min along `axis`: built over an n×n (input i, output j) grid.
    /// Product: dx_i = Σ_{j≥i} g_j Π_{k≤j, k≠i} x_k (x_i replaced by 1, so zeros are right).
    /// Max/min: g_j goes to the inputs equal to out_j at or before j, split among ties.
    static func cumulativeGradient(_ op: ReduceOp, _ x: T, _ ans: T, axis: Int, reverse: Bool, _ g: T) throws -> T {
        guard op == .product || op == .reduce_max || op == .reduce_min else {
            throw NxError.argument("gradient not yet implemented for Nx.cumulative_\(op.rawValue) in SwiftNx")
        }
        if reverse {
            let ax: [Axis] = [.index(axis)]
            let flip = { (u: T) in try Nx.reverse(t(u), axes: ax) }
            return try flip(try cumulativeGradient(op, try flip(x), try flip(ans), axis: axis, reverse: false, try flip(g)))
        }
        let others = (0..<x.rank).filter { $0 != axis }
        let perm = others + [axis]
        let toLast = { (u: T) in try Nx.transpose(t(u), axes: perm.map { .index($0) }) }
        let xt = try toLast(x), gt = try toLast(g), outT = try toLast(ans)
        let n = x.shape[axis], batch = others.map { x.shape[$0] }, b = batch.count
        let grid = batch + [n, n]
        let iota = { (d: Int) in try ExprBackend.shared.iota(TensorTemplate(type: .s64, shape: grid), axis: d) }
        let rowI = try iota(b), colJ = try iota(b + 1)
        let later = try bin(.greater_equal, t(colJ), t(rowI))
        // Along j (the last axis) and along i (the one before it).
        let alongJ = { (u: T) in try Nx.broadcast(t(u), grid, axes: (Array(0..<b) + [b + 1]).map { .index($0) }) }
        let alongI = { (u: T) in try Nx.broadcast(t(u), grid, axes: (Array(0..<b) + [b]).map { .index($0) }) }
        let gJ = try alongJ(gt)
        var contribution: T
        if op == .product {
            let others = try Nx.select(t(try bin(.equal, t(rowI), t(colJ))), f(1), t(try alongJ(xt)))
            let partial = try Nx.cumulative(.product, t(others), axis: .index(b + 1))
            contribution = try Nx.select(t(later), t(try mul(partial, gJ)), T.zeroLike(partial))
        } else {
            let hit = try bin(.logical_and, t(later), t(try bin(.equal, t(try alongI(xt)), t(try alongJ(outT)))))
            let hits = try Nx.asType(t(hit), g.type)
            let count = try Nx.sum(t(hits), axes: [.index(b)], keepAxes: true)
            contribution = try div(try mul(hits, gJ), count)
        }
        let dxt = try Nx.sum(t(contribution), axes: [.index(b + 1)])
        return try Nx.transpose(t(dxt), axes: argsort(perm).map { .index($0) })
    }

    // MARK: - Indexing

    /// take: the axis moved to the front, each taken slice's cotangent added back at its index.
    static func takeGradient(_ x: T, _ indices: T, axis: Int, _ g: T) throws -> T {
        let r = indices.rank
        let others = (0..<x.rank).filter { $0 != axis }
        let gPerm = Array(axis..<(axis + r)) + Array(0..<axis) + Array((axis + r)..<g.rank)
        let gt = try Nx.transpose(t(g), axes: gPerm.map { .index($0) })
        let front = TensorTemplate(type: g.type, shape: [x.shape[axis]] + others.map { x.shape[$0] })
        let rows = try Nx.reshape(t(indices), indices.shape + [1])
        let dxt = try Nx.indexedUpdate(t(try Grad.zeros(front)), rows, t(gt), add: true)
        return try Nx.transpose(t(dxt), axes: argsort([axis] + others).map { .index($0) })
    }

    /// take_along_axis: every element's full coordinates (iotas, the indices along `axis`),
    /// its cotangent added back there.
    static func takeAlongAxisGradient(_ x: T, _ indices: T, axis: Int, _ g: T) throws -> T {
        let shape = g.shape
        let coords = try (0..<shape.count).map { d -> Operand in
            if d == axis { return t(try Nx.asType(t(indices), .s64)) }
            return t(try ExprBackend.shared.iota(TensorTemplate(type: .s64, shape: shape), axis: d))
        }
        let full = try Nx.stack(coords, axis: shape.count)
        let zeros = try Grad.zeros(TensorTemplate(type: g.type, shape: x.shape))
        return try Nx.indexedUpdate(t(zeros), full, t(g), add: true)
    }

    // MARK: - Linear algebra

    static func dot(_ x: T, _ ca: [Int], _ ba: [Int], _ y: T, _ cb: [Int], _ bb: [Int], _ ans: T, _ g: T) throws -> [T?] {
        // ans axes: batch, x's free axes, y's free axes.
        let xFree = (0..<x.rank).filter { !ca.contains($0) && !ba.contains($0) }
        let yFree = (0..<y.rank).filter { !cb.contains($0) && !bb.contains($0) }
        let nb = ba.count
        let gBatch = Array(0..<nb)
        let gX = Array(nb..<(nb + xFree.count))
        let gY = Array((nb + xFree.count)..<g.rank)
        // dx: contract g's y-free axes with y's free axes -> [batch, xFree, y contracted (in cb order)]
        let dxRaw = try Nx.dot(t(g), contract: gY.map { .index($0) }, batch: gBatch.map { .index($0) },
                               t(y), contract: yFree.map { .index($0) }, batch: bb.map { .index($0) })
        // dxRaw axes: batch, x's free axes, then y's contracted axes in increasing order (each
        // standing for its paired x axis in ca).
        let pairedX = cb.sorted().map { ca[cb.firstIndex(of: $0)!] }
        let dx = try Nx.transpose(t(dxRaw), axes: argsort(ba + xFree + pairedX).map { .index($0) })
        // dy as xᵀ·g rather than gᵀ·x: for the usual y [K, N] the product comes out in y's layout,
        // so no transpose of the result is needed (the dot reads xᵀ through strides).
        let dyRaw = try Nx.dot(t(x), contract: xFree.map { .index($0) }, batch: ba.map { .index($0) },
                               t(g), contract: gX.map { .index($0) }, batch: gBatch.map { .index($0) })
        // dyRaw axes: batch, x's contracted axes in increasing order (each = its paired y axis in cb), yFree.
        let pairedY = ca.sorted().map { cb[ca.firstIndex(of: $0)!] }
        let dy = try Nx.transpose(t(dyRaw), axes: argsort(bb + pairedY + yFree).map { .index($0) })
        return [dx, dy]
    }

    // MARK: - Broadcasting

    /// The cotangent of a broadcast's operand: sums the added axes and the axes expanded from 1.
    static func unbroadcastAxes(_ g: T, from shape: [Int], axes: [Int]) throws -> T {
        var sumAxes = (0..<g.rank).filter { !axes.contains($0) }
        for (i, a) in axes.enumerated() where shape[i] == 1 && g.shape[a] != 1 { sumAxes.append(a) }
        let summed = sumAxes.isEmpty ? g : try Nx.sum(t(g), axes: sumAxes.sorted().map { .index($0) })
        return summed.shape == shape ? summed : try Nx.reshape(t(summed), shape)
    }

    /// The cotangent of an implicitly broadcast argument (right-aligned, as Nx broadcasts).
    static func unbroadcast(_ g: T, _ shape: [Int]) throws -> T {
        if g.shape == shape { return g }
        let offset = g.rank - shape.count
        guard offset >= 0 else { return try Nx.broadcast(t(g), shape) }
        return try unbroadcastAxes(g, from: shape, axes: Array(offset..<g.rank))
    }

    static func argsort(_ xs: [Int]) -> [Int] {
        xs.enumerated().sorted { $0.element < $1.element }.map { $0.offset }
    }
}

extension Tensor {
    /// A scalar zero of `x`'s type, as an operand.
    static func zeroLike(_ x: Tensor) -> Operand {
        .tensor(ExprBackend.constant(TensorTemplate(type: x.type, shape: []), .float(0)))
    }
}
