import Foundation

/// `Nx.LinAlg`: the decompositions go to the backend's `linalg` primitive; everything else
/// (solve, invert, determinant, norm, matrix_power, adjoint) is composed from front-end functions.
public enum NxLinAlg {
    // MARK: primitives

    public static func cholesky(_ x: Operand) throws -> Tensor {
        let t = try Nx.toTensor(x)
        try checkSquare(t.shape, "tensor must be a square matrix or a batch of square matrices, got shape: \(Shape.string(t.shape))")
        return try t.backend.linalg(.cholesky, [TensorTemplate(type: t.type.floating, shape: t.shape, names: t.names)], [t])[0]
    }

    /// `Nx.LinAlg.qr(t, mode:, eps:)` → (q, r).
    public static func qr(_ x: Operand, complete: Bool = false, eps: Double = 1e-10) throws -> (Tensor, Tensor) {
        let t = try Nx.toTensor(x)
        try checkRank2(t.shape)
        let m = t.shape[t.rank - 2], n = t.shape[t.rank - 1], k = Swift.min(m, n)
        let batch = Array(t.shape.dropLast(2)), type = t.type.floating
        let qShape = batch + (complete ? [m, m] : [m, k]), rShape = batch + (complete ? [m, n] : [k, n])
        let outs = [TensorTemplate(type: type, shape: qShape), TensorTemplate(type: type, shape: rShape)]
        let r = try t.backend.linalg(.qr(complete: complete, eps: eps), outs, [t])
        return (r[0], r[1])
    }

    /// `Nx.LinAlg.lu(t)` → (p, l, u) with a = p·l·u; p keeps the input type.
    public static func lu(_ x: Operand, eps: Double = 1e-10) throws -> (Tensor, Tensor, Tensor) {
        let t = try Nx.toTensor(x)
        try checkSquare(t.shape, "tensor must be a square matrix or a batch of square matrices, got shape: \(Shape.string(t.shape))")
        let type = t.type.floating
        let r = try t.backend.linalg(.lu(eps: eps), [TensorTemplate(type: t.type, shape: t.shape), TensorTemplate(type: type, shape: t.shape),
                                           TensorTemplate(type: type, shape: t.shape)], [t])
        return (r[0], r[1], r[2])
    }

    /// `Nx.LinAlg.triangular_solve(a, b, lower:, left_side:, transform_a:)`.
    public static func triangularSolve(_ a: Operand, _ b: Operand, lower: Bool = true, leftSide: Bool = true,
                                       transposeA: Bool = false) throws -> Tensor {
        let x = try Nx.toTensor(a), y = try Nx.toTensor(b)
        try checkTriangularSolve(x.shape, y.shape, leftSide: leftSide)
        let n = x.shape[x.rank - 1]
        let vector = y.rank == x.rank - 1
        let batch = Array(x.shape.dropLast(2))
        let rhs = vector ? try Nx.reshape(.tensor(y), batch + (leftSide ? [n, 1] : [1, n])) : y
        let type = DType.merge(x.type, y.type).floating
        let out = TensorTemplate(type: type, shape: rhs.shape)
        let solved = try x.backend.linalg(.triangularSolve(lower: lower, leftSide: leftSide, transposeA: transposeA), [out], [x, rhs])[0]
        return vector ? try Nx.reshape(.tensor(solved), y.shape) : solved
    }

    // MARK: compositions

    /// `Nx.LinAlg.solve(a, b)`: a = q·r, then r·x = qᵀ·b by back substitution.
    public static func solve(_ a: Operand, _ b: Operand) throws -> Tensor {
        let x = try Nx.toTensor(a), y = try Nx.toTensor(b)
        try checkSolve(x.shape, y.shape)
        let (q, r) = try qr(.tensor(x))
        let batch = (0..<(x.rank - 2)).map { Axis.index($0) }
        let qtb = try Nx.dot(.tensor(q), contract: [.index(x.rank - 2)], batch: batch,
                             .tensor(try Nx.asType(.tensor(y), q.type)), contract: [.index(batch.count)], batch: batch)
        return try triangularSolve(.tensor(r), .tensor(qtb), lower: false)
    }

    /// `Nx.LinAlg.invert(a)`: solves a·x = I.
    public static func invert(_ a: Operand) throws -> Tensor {
        let t = try Nx.toTensor(a)
        try checkSquare(t.shape, "invert/1 expects a square matrix or a batch of square matrices, got tensor with shape: \(Shape.string(t.shape))")
        let eye = try Nx.broadcast(.tensor(try Nx.eye([t.shape[t.rank - 1], t.shape[t.rank - 1]], type: t.type.floating, backend: t.backend)), t.shape)
        return try solve(.tensor(t), .tensor(eye))
    }

    /// `Nx.LinAlg.determinant(a)`: closed forms for 2×2 and 3×3, else the product of LU's diagonal
    /// signed by the permutation's parity.
    public static func determinant(_ a: Operand) throws -> Tensor {
        let t0 = try Nx.toTensor(a)
        let matrixDims = Array(t0.shape.suffix(2))
        guard matrixDims.count == 2, matrixDims[0] == matrixDims[1] else {
            throw NxError.argument("determinant/1 expects a square tensor, got tensor with shape: [\(matrixDims.map(String.init).joined(separator: ", "))]")
        }
        let t = try Nx.asType(.tensor(t0), t0.type.floating)
        let n = t.shape[t.rank - 1]
        func e(_ i: Int, _ j: Int) throws -> Operand {
            .tensor(try Nx.access(t, [(axis: .index(t.rank - 2), index: .index(i)), (axis: .index(t.rank - 1), index: .index(j))]))
        }
        func mul(_ x: Operand, _ y: Operand) throws -> Operand { .tensor(try Nx.multiply(x, y)) }
        func sub(_ x: Operand, _ y: Operand) throws -> Operand { .tensor(try Nx.subtract(x, y)) }
        func add(_ x: Operand, _ y: Operand) throws -> Operand { .tensor(try Nx.add(x, y)) }
        func minor(_ r: Int, _ c1: Int, _ c2: Int) throws -> Operand {
            try sub(try mul(try e(r, c1), try e(r + 1, c2)), try mul(try e(r, c2), try e(r + 1, c1)))
        }
        switch n {
        case 2:
            return try Nx.toTensor(try minor(0, 0, 1))
        case 3:
            let d = try add(try sub(try mul(try e(0, 0), try minor(1, 1, 2)), try mul(try e(0, 1), try minor(1, 0, 2))),
                            try mul(try e(0, 2), try minor(1, 0, 1)))
            return try Nx.toTensor(d)
        default:
            let (p, _, u) = try lu(.tensor(t))
            let diagonalProduct = try Nx.reduce(.product, .tensor(try diagonal(u)), axes: [.index(u.rank - 2)])
            return try Nx.multiply(.tensor(diagonalProduct), .tensor(try permutationSign(p)))
        }
    }

    /// `Nx.LinAlg.norm(t, ord:, axes:, keep_axes:)`.
    public enum Ord: Equatable { case integer(Int), inf, negInf, frobenius, nuclear }

    public static func norm(_ x: Operand, ord: Ord? = nil, axes: [Axis]? = nil, keepAxes: Bool = false) throws -> Tensor {
        let t = try Nx.toTensor(x)
        guard t.rank == 1 || t.rank == 2 else {
            throw NxError.argument("expected 1-D or 2-D tensor, got tensor with shape \(Shape.string(t.shape))")
        }
        let real = t.type.real
        let absT = try Nx.unary(.abs, .tensor(t))
        switch ord {
        case nil: return try pNorm(absT, 2, real, axes: axes, keepAxes: keepAxes)
        case .frobenius?:
            guard t.rank == 2 else { throw NxError.argument("expected a 2-D tensor for ord: :frobenius, got a 1-D tensor") }
            return try pNorm(absT, 2, real, axes: axes, keepAxes: keepAxes)
        case .nuclear?:
            guard t.rank == 2 else { throw NxError.argument("nuclear norm not supported for rank != 2") }
            return try Nx.sum(.tensor(try svd(.tensor(t)).1))
        case .inf?, .negInf?:
            let rows = t.rank == 2 ? try Nx.sum(.tensor(absT), axes: [1]) : absT
            let op: ReduceOp = ord == .inf ? .reduce_max : .reduce_min
            return try Nx.asType(.tensor(try Nx.reduce(op, .tensor(rows), axes: axes, keepAxes: keepAxes)), real)
        case .integer(let p)?:
            if t.rank == 1 && p == 0 {
                let nonZero = try Nx.binary(.not_equal, .tensor(t), .int(0))
                return try Nx.asType(.tensor(try Nx.sum(.tensor(nonZero), axes: axes, keepAxes: keepAxes)), real)
            }
            if t.rank == 2 {
                if p == 1 || p == -1 {
                    let columns = try Nx.sum(.tensor(absT), axes: [0])
                    return try Nx.asType(.tensor(try Nx.reduce(p == 1 ? .reduce_max : .reduce_min, .tensor(columns), axes: axes, keepAxes: keepAxes)), real)
                }
                guard p == 2 || p == -2 else { throw NxError.argument("invalid :ord for 2-D tensor, got: \(p)") }
                if p == -2 { return try Nx.reduce(.reduce_min, .tensor(try svd(.tensor(t)).1), axes: axes, keepAxes: keepAxes) }
            }
            return try pNorm(absT, p, real, axes: axes, keepAxes: keepAxes)
        }
    }

    /// (Σ (|x|/c)^p)^(1/p) · c with c = max |x| (1 when all zero), for numerical stability.
    /// As in Nx 0.7.2, c is reduced without keeping axes, so with `axes:` it broadcasts against
    /// the trailing axes of x (this is what Nx prints, e.g. norm([[1, -2], [3, 4]], axes: [1])).
    static func pNorm(_ absT: Tensor, _ p: Int, _ real: DType, axes: [Axis]?, keepAxes: Bool) throws -> Tensor {
        let maxAbs = try Nx.reduce(.reduce_max, .tensor(absT), axes: axes, keepAxes: keepAxes)
        let c = try Nx.select(.tensor(try Nx.binary(.greater, .tensor(maxAbs), .int(0))), .tensor(maxAbs), .int(1))
        let powered = try Nx.binary(.pow, .tensor(try Nx.divide(.tensor(absT), .tensor(c))), .int(Int64(p)))
        let summed = try Nx.sum(.tensor(powered), axes: axes, keepAxes: keepAxes)
        let root = try Nx.binary(.pow, .tensor(summed), .tensor(try Nx.scalar(.float(1 / Double(p)), type: real)))
        return try Nx.multiply(.tensor(root), .tensor(c))
    }

    /// `Nx.LinAlg.matrix_power(a, n)`: by repeated squaring; negative powers invert first.
    public static func matrixPower(_ a: Operand, _ power: Int) throws -> Tensor {
        let t = try Nx.toTensor(a)
        try checkSquare(t.shape, "matrix_power/2 expects a square matrix or a batch of square matrices, got tensor with shape: \(Shape.string(t.shape))",
                        rankMessage: "matrix_power/2 expects a square matrix or a batch of square matrices, got tensor with shape: \(Shape.string(t.shape))")
        // Power 0 is Nx.eye of the shape, which is s64 whatever the input type.
        if power == 0 { return try Nx.eye(t.shape, backend: t.backend) }
        var base = power < 0 ? try invert(.tensor(t)) : t
        let n = t.shape[t.rank - 1]
        var result = try Nx.broadcast(.tensor(try Nx.eye([n, n], type: base.type, backend: t.backend)), t.shape)
        var e = power.magnitude
        let batch = (0..<(t.rank - 2)).map { Axis.index($0) }
        func matmul(_ x: Tensor, _ y: Tensor) throws -> Tensor {
            try Nx.dot(.tensor(x), contract: [.index(x.rank - 1)], batch: batch, .tensor(y), contract: [.index(y.rank - 2)], batch: batch)
        }
        while e > 0 {
            if e & 1 == 1 { result = try matmul(result, base) }
            e >>= 1
            if e > 0 { base = try matmul(base, base) }
        }
        return result
    }

    /// `Nx.LinAlg.svd(t, full_matrices?:)` → (u, s, vt), s from largest to smallest.
    public static func svd(_ x: Operand, fullMatrices: Bool = true) throws -> (Tensor, Tensor, Tensor) {
        let t = try Nx.toTensor(x)
        try checkRank2(t.shape)
        if t.type.isComplex { throw NxError.notImplemented("Nx.LinAlg.svd of complex tensors") }
        let m = t.shape[t.rank - 2], n = t.shape[t.rank - 1], k = Swift.min(m, n)
        let batch = Array(t.shape.dropLast(2)), type = t.type.floating
        let outs = [TensorTemplate(type: type, shape: batch + [m, fullMatrices ? m : k]), TensorTemplate(type: type, shape: batch + [k]),
                    TensorTemplate(type: type, shape: batch + [fullMatrices ? n : k, n])]
        let r = try t.backend.linalg(.svd(full: fullMatrices), outs, [t])
        return (r[0], r[1], r[2])
    }

    /// `Nx.LinAlg.eigh(t)` → (eigenvalues, eigenvectors as columns) of symmetric matrices.
    public static func eigh(_ x: Operand) throws -> (Tensor, Tensor) {
        let t = try Nx.toTensor(x)
        try checkSquare(t.shape, "tensor must be a square matrix or a batch of square matrices, got shape: \(Shape.string(t.shape))")
        if t.type.isComplex { throw NxError.notImplemented("Nx.LinAlg.eigh of complex tensors") }
        let type = t.type.floating
        let r = try t.backend.linalg(.eigh, [TensorTemplate(type: type, shape: Array(t.shape.dropLast())),
                                             TensorTemplate(type: type, shape: t.shape)], [t])
        return (r[0], r[1])
    }

    /// `Nx.LinAlg.pinv(t, eps:)`: 1/x for scalars, xᴴ/‖x‖² for vectors, v·diag(1/s)·uᴴ for matrices
    /// (singular values under `eps` count as zero); zero when every entry is within `eps` of zero.
    public static func pinv(_ x: Operand, eps: Double = 1e-10) throws -> Tensor {
        let t = try Nx.toTensor(x)
        let inverse: Tensor
        switch t.rank {
        case 0: inverse = try Nx.divide(.int(1), .tensor(t))
        case 1: inverse = try Nx.divide(.tensor(try adjoint(.tensor(t))), .tensor(try Nx.binary(.pow, .tensor(try norm(.tensor(t))), .int(2))))
        default:
            let (u, s, vt) = try svd(.tensor(t), fullMatrices: false)
            let small = try Nx.binary(.less, .tensor(try Nx.unary(.abs, .tensor(s))), .float(eps))
            let safe = try Nx.select(.tensor(small), .int(1), .tensor(s))
            let reciprocal = try Nx.select(.tensor(small), .int(0), .tensor(try Nx.divide(.int(1), .tensor(safe))))
            let scaledUt = try Nx.multiply(.tensor(try Nx.newAxis(.tensor(reciprocal), reciprocal.rank)), .tensor(try adjoint(.tensor(u))))
            inverse = try Nx.dot(.tensor(try adjoint(.tensor(vt))), .tensor(scaledUt))
        }
        // A tensor that is zero within eps has a zero pseudo-inverse (chosen by select, so it also traces).
        let allSmall = try Nx.reduce(.all, .tensor(try Nx.binary(.less_equal, .tensor(try Nx.unary(.abs, .tensor(t))), .float(eps))))
        return try Nx.select(.tensor(allSmall), .tensor(try Nx.scalar(.int(0), type: inverse.type, backend: t.backend)), .tensor(inverse))
    }

    /// `Nx.LinAlg.matrix_rank(t, eps:)`: singular values above eps · max(m, n) · max(s).
    public static func matrixRank(_ x: Operand, eps: Double = 1e-7) throws -> Tensor {
        let t = try Nx.toTensor(x)
        if t.type.isComplex { throw NxError.argument("Nx.LinAlg.matrix_rank/2 is not yet implemented for complex inputs") }
        guard t.rank == 2 else {
            throw NxError.argument("tensor must have rank 2, got rank \(t.rank) with shape \(Shape.string(t.shape))")
        }
        let s = try svd(.tensor(t)).1
        let tolerance = try Nx.multiply(.float(eps * Double(Swift.max(t.shape[0], t.shape[1]))), .tensor(try Nx.reduce(.reduce_max, .tensor(s))))
        return try Nx.sum(.tensor(try Nx.binary(.greater, .tensor(s), .tensor(tolerance))))
    }

    /// `Nx.LinAlg.least_squares(a, b, eps:)`: pinv(a)·b for a matrix a and a vector b.
    public static func leastSquares(_ a: Operand, _ b: Operand, eps: Double = 1e-15) throws -> Tensor {
        let x = try Nx.toTensor(a), y = try Nx.toTensor(b)
        if x.type.isComplex || y.type.isComplex {
            throw NxError.argument("Nx.LinAlg.least_squares/2 is not yet implemented for complex inputs")
        }
        guard x.rank == 2 else {
            throw NxError.argument("tensor of 1st argument must have rank 2, got rank \(x.rank) with shape \(Shape.string(x.shape))")
        }
        guard y.rank == 1 else {
            throw NxError.argument("tensor of 2nd argument must have rank 1, got rank \(y.rank) with shape \(Shape.string(y.shape))")
        }
        guard x.shape[0] == y.shape[0] else {
            throw NxError.argument("the number of rows of the matrix as the 1st argument and the number of columns of the vector as the 2nd argument must be the same, got 1st argument shape \(Shape.string(x.shape)) and 2nd argument shape \(Shape.string(y.shape))")
        }
        return try Nx.dot(.tensor(try pinv(.tensor(x), eps: eps)), .tensor(y))
    }

    /// `Nx.LinAlg.adjoint(t)`: the last two axes transposed (and conjugated when complex).
    public static func adjoint(_ x: Operand) throws -> Tensor {
        let t = try Nx.toTensor(x)
        var perm = Array(0..<t.rank)
        if t.rank >= 2 { perm.swapAt(t.rank - 1, t.rank - 2) } else { perm.reverse() }
        let transposed = try Nx.transpose(.tensor(t), axes: perm.map { .index($0) })
        return t.type.isComplex ? try Nx.unary(.conjugate, .tensor(transposed)) : transposed
    }

    // MARK: helpers

    /// The diagonal of the last two axes: shape [..., n].
    static func diagonal(_ m: Tensor) throws -> Tensor {
        let n = m.shape[m.rank - 1]
        let mask = try Nx.eye([n, n], type: m.type, backend: m.backend)
        return try Nx.sum(.tensor(try Nx.multiply(.tensor(m), .tensor(mask))), axes: [.index(m.rank - 1)])
    }

    /// +1 or -1: the parity of permutation matrix `p`, by counting inversions of its column order.
    static func permutationSign(_ p: Tensor) throws -> Tensor {
        let n = p.shape[p.rank - 1]
        // order[i] = the row holding the 1 of column i
        let rowIndex = try Nx.iota(p.shape, axis: .index(p.rank - 2), type: .s64, backend: p.backend)
        let realP = p.type.isComplex ? try Nx.unary(.real, .tensor(p)) : p
        let order = try Nx.sum(.tensor(try Nx.multiply(.tensor(rowIndex), .tensor(try Nx.asType(.tensor(realP), .s64)))), axes: [.index(p.rank - 2)])
        let later = try Nx.newAxis(.tensor(order), order.rank - 1), earlier = try Nx.newAxis(.tensor(order), order.rank)
        let inverted = try Nx.binary(.logical_and, .tensor(try Nx.binary(.greater, .tensor(later), .tensor(earlier))),
                                     .tensor(try Nx.tri(n, n, k: -1, backend: p.backend)))
        let count = try Nx.asType(.tensor(try Nx.sum(.tensor(inverted), axes: [.index(inverted.rank - 2), .index(inverted.rank - 1)])), .s64)
        let odd = try Nx.binary(.remainder, .tensor(count), .int(2))
        return try Nx.asType(.tensor(try Nx.subtract(.int(1), .tensor(try Nx.multiply(.int(2), .tensor(odd))))), realP.type.floating)
    }

    static func checkRank2(_ shape: [Int]) throws {
        guard shape.count >= 2 else {
            throw NxError.argument("tensor must have at least rank 2, got rank \(shape.count) with shape \(Shape.string(shape))")
        }
    }

    static func checkSquare(_ shape: [Int], _ message: String, rankMessage: String? = nil) throws {
        guard shape.count >= 2 else {
            throw NxError.argument(rankMessage ?? "tensor must have at least rank 2, got rank \(shape.count) with shape \(Shape.string(shape))")
        }
        guard shape[shape.count - 1] == shape[shape.count - 2] else { throw NxError.argument(message) }
    }

    static func checkTriangularSolve(_ a: [Int], _ b: [Int], leftSide: Bool) throws {
        guard a.count >= 2, b.count >= 1 else {
            throw NxError.argument("incompatible dimensions for a and b on triangular solve")
        }
        let m = a[a.count - 2], n = a[a.count - 1]
        guard m == n else {
            throw NxError.argument("triangular_solve/3 expected a square matrix or a batch of square matrices, got tensor with shape: \(Shape.string(a))")
        }
        let batch = Array(a.dropLast(2))
        let vectorOK = Array(b.dropLast(1)) == batch && b.last == n
        let matrixOK = b.count >= 2 && Array(b.dropLast(2)) == batch && (leftSide ? b[b.count - 2] == n : b[b.count - 1] == n)
        guard vectorOK || matrixOK else { throw NxError.argument("incompatible dimensions for a and b on triangular solve") }
    }

    static func checkSolve(_ a: [Int], _ b: [Int]) throws {
        guard a.count >= 2, a[a.count - 1] == a[a.count - 2] else {
            throw NxError.argument("`a` tensor has incompatible dimensions, expected a square matrix or a batch of square matrices, got: \(Shape.string(a))")
        }
        let n = a[a.count - 1], batch = Array(a.dropLast(2))
        let vectorOK = Array(b.dropLast(1)) == batch && b.last == n
        let matrixOK = b.count >= 2 && Array(b.dropLast(2)) == batch && b[b.count - 2] == n
        guard vectorOK || matrixOK else {
            // Nx names the columns "m" for batches, and writes {n, n} for a single matrix.
            let expected2 = batch.isEmpty ? Shape.string([n, n])
                : "{" + (batch.map(String.init) + [String(n), "\"m\""]).joined(separator: ", ") + "}"
            throw NxError.argument("`b` tensor has incompatible dimensions, expected \(expected2) or \(Shape.string(batch + [n])), got: \(Shape.string(b))")
        }
    }
}

extension Nx {
    /// `Nx.fft(t, length:)` / `Nx.ifft`: the (inverse) DFT of the last axis, as a complex tensor.
    public static func fft(_ x: Operand, length: Int? = nil, inverse: Bool = false) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        guard t.rank > 0 else { throw NxError.argument("expected a tensor with rank > 0, got tensor with rank 0") }
        let n = length ?? t.shape[t.rank - 1]
        let out = TensorTemplate(type: t.type.complex, shape: Array(t.shape.dropLast()) + [n], names: t.names)
        return try t.backend.linalg(.fft(length: n, inverse: inverse), [out], [t])[0]
    }
}
