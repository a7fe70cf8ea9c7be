import NxCore

/// Rules for the complex-part ops and the `.linalg` primitives, with Nx 0.7.2's formulas.
extension GradRules {
    /// real, imag, conjugate as Nx defines them: the matching part of the cotangent
    /// (conjugate of a real tensor is the identity, so its cotangent is the real part).
    /// Nx has no rule for phase.
    static func complexPart(_ op: UnaryOp, _ x: T, _ g: T) throws -> T {
        switch op {
        case .real: return try un(.real, g)
        case .imag: return try un(.imag, g)
        case .conjugate: return try un(x.type.isComplex ? .conjugate : .real, g)
        default: throw NxError.argument("gradient not yet implemented for Nx.\(op.name)/1.\n\nPlease open up an issue so we can implement the missing gradient\n")
        }
    }

    static func linalg(_ op: LinAlgOp, _ node: ExprNode, _ ans: T, _ g: T) throws -> [T?] {
        let a = node.args
        switch op {
        case .fft(let length, let inverse):
            return [try fftGradient(a[0], length: length, inverse: inverse, g)]
        case .cholesky:
            return [try choleskyGradient(ans, g)]
        case .triangularSolve(let lower, let leftSide, let transposeA):
            return try triangularSolveGradient(a[0], a[1], ans, g, lower: lower, leftSide: leftSide, transposeA: transposeA)
        default:
            let module: String
            if case .fft = op { module = "Nx" } else { module = "Nx.LinAlg" }
            throw NxError.argument("gradient not yet implemented for \(module).\(op.name) in SwiftNx")
        }
    }

    /// fft/ifft: the same transform of the cotangent, cut or zero-padded back to the input's
    /// last-axis size (Nx's rule).
    static func fftGradient(_ x: T, length: Int, inverse: Bool, _ g: T) throws -> T {
        let grad = try Nx.fft(t(g), length: length, inverse: inverse)
        let size = x.shape[x.rank - 1]
        if size > length {
            var config = Array(repeating: (0, 0, 0), count: x.rank)
            config[x.rank - 1] = (0, size - length, 0)
            return try Nx.pad(t(grad), .int(0), config)
        }
        if size < length { return try Nx.slice(t(grad), Array(repeating: 0, count: x.rank), x.shape) }
        return grad
    }

    /// The matrix product over the last two axes, the leading ones a batch.
    static func matmul(_ x: T, _ y: T) throws -> T {
        let batch = (0..<(x.rank - 2)).map { Axis.index($0) }
        return try Nx.dot(t(x), contract: [.index(x.rank - 1)], batch: batch, t(y), contract: [.index(y.rank - 2)], batch: batch)
    }

    /// The last two axes swapped.
    static func swapLast(_ x: T) throws -> T {
        var perm = Array(0..<x.rank)
        perm.swapAt(x.rank - 1, x.rank - 2)
        return try Nx.transpose(t(x), axes: perm.map { .index($0) })
    }

    /// x keeping only its lower (or upper) triangle over the last two axes, the diagonal
    /// included unless `strict`.
    static func triangle(_ x: T, lower: Bool, strict: Bool = false) throws -> T {
        let row = try ExprBackend.shared.iota(TensorTemplate(type: .s64, shape: x.shape), axis: x.rank - 2)
        let col = try ExprBackend.shared.iota(TensorTemplate(type: .s64, shape: x.shape), axis: x.rank - 1)
        let keep = try bin(lower ? (strict ? .greater : .greater_equal) : (strict ? .less : .less_equal), t(row), t(col))
        return try Nx.select(t(keep), t(x), T.zeroLike(x))
    }

    /// a·x = b (left side) gives ā = -a⁻ᴴ·x̄·xᴴ and b̄ = a⁻ᴴ·x̄; x·a = b gives ā = -xᴴ·x̄·a⁻ᴴ and
    /// b̄ = x̄·a⁻ᴴ. ā is taken back through the transform and kept to a's triangle (Nx's rule).
    static func triangularSolveGradient(_ aIn: T, _ b: T, _ x: T, _ g: T, lower: Bool, leftSide: Bool,
                                        transposeA: Bool) throws -> [T?] {
        let a = transposeA ? try swapLast(aIn) : aIn
        let aInvH = try NxLinAlg.invert(t(try NxLinAlg.adjoint(t(a))))
        let xH = try NxLinAlg.adjoint(t(x))
        var da: T, db: T
        if leftSide {
            da = try un(.negate, try matmul(aInvH, try matmul(g, xH)))
            db = try matmul(aInvH, g)
        } else {
            da = try un(.negate, try matmul(try matmul(xH, g), aInvH))
            db = try matmul(g, aInvH)
        }
        if transposeA { da = try swapLast(da) }
        return [try triangle(da, lower: lower), db]
    }

    /// cholesky (Nx's rule): φ = tril((Lᵀ·tril(ḡ)) / (1 + I)), B solves Lᵀ·B = φ, and ā solves
    /// ā·L = B (L conjugated when complex). Like Nx, ā is not symmetrized: only its
    /// symmetric part is meaningful, as a is symmetric.
    static func choleskyGradient(_ l: T, _ g: T) throws -> T {
        let num = try matmul(try swapLast(l), try triangle(g, lower: true))
        let n = l.shape[l.rank - 1]
        let ones = try Nx.add(t(try ExprBackend.shared.eye(TensorTemplate(type: l.type.real, shape: [n, n]))), .int(1))
        let phi = try triangle(try Nx.divide(t(num), t(ones)), lower: true)
        let b = try NxLinAlg.triangularSolve(t(l), t(phi), lower: true, leftSide: true, transposeA: true)
        let lc = l.type.isComplex ? try un(.conjugate, l) : l
        return try NxLinAlg.triangularSolve(t(lc), t(b), lower: true, leftSide: false)
    }

    /// The rules of the multi-output decompositions: `outs` their results, `gs` the results'
    /// cotangents (zeros where unused).
    static func decomposition(_ op: LinAlgOp, _ node: ExprNode, _ outs: [T], _ gs: [T]) throws -> [T?] {
        switch op {
        case .lu:
            return [try luGradient(p: outs[0], l: outs[1], u: outs[2], dl: gs[1], du: gs[2])]
        case .qr where outs[1].shape[outs[1].rank - 2] == outs[1].shape[outs[1].rank - 1]:
            return [try qrGradient(q: outs[0], r: outs[1], dq: gs[0], dr: gs[1])]
        case .qr:
            throw NxError.argument("gradient not yet implemented for Nx.LinAlg.qr with a non-square r (mode: :complete on a tall matrix) in SwiftNx")
        case .svd:
            return [try svdGradient(node.args[0], u: outs[0], s: outs[1], vt: outs[2], du: gs[0], ds: gs[1], dvt: gs[2])]
        case .eigh:
            return [try eighGradient(values: outs[0], vectors: outs[1], dValues: gs[0], dVectors: gs[1])]
        default:
            throw NxError.argument("gradient not yet implemented for Nx.LinAlg.\(op.name) in SwiftNx")
        }
    }

    /// x·diag(s) (`columns`) or diag(s)·x, s a batch of vectors along x's last axis.
    static func scale(_ x: T, by s: T, columns: Bool) throws -> T {
        let k = s.shape[s.rank - 1], batch = Array(s.shape.dropLast())
        return try mul(x, try Nx.reshape(t(s), batch + (columns ? [1, k] : [k, 1])))
    }

    /// F with F[i][j] = 1 / (d[j] - d[i]) off the diagonal and 0 on it.
    static func inverseGaps(_ d: T) throws -> T {
        let k = d.shape[d.rank - 1], batch = Array(d.shape.dropLast())
        let eye = try ExprBackend.shared.eye(TensorTemplate(type: d.type, shape: [k, k]))
        let gaps = try Nx.subtract(t(try Nx.reshape(t(d), batch + [1, k])), t(try Nx.reshape(t(d), batch + [k, 1])))
        let safe = try Nx.add(t(gaps), t(eye))
        return try Nx.select(t(try Nx.asType(t(eye), .u8)), f(0), t(try bin(.divide, f(1), t(safe))))
    }

    /// svd of a square or tall matrix (Nx's rule, after J. Towns' derivation), with
    /// F = inverseGaps(s²) and J = Uᴴ·Ū − Ūᴴ·U:
    /// ā = (U·(F∘J)·S + (I − U·Uᴴ)·Ū·S⁻¹)·Vt + U·diag(s̄)·Vt
    ///   + U·(S·((Vt·V̄tᴴ − V̄t·Vtᴴ)∘F)·Vt + S⁻¹·V̄t·(I − Vtᴴ·Vt)).
    /// A full u keeps only its first k columns (the others are arbitrary).
    static func svdGradient(_ a: T, u uFull: T, s: T, vt: T, du duFull: T, ds: T, dvt: T) throws -> T {
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = s.shape[s.rank - 1]
        guard m >= n else {
            throw NxError.argument("gradient not yet implemented for Nx.LinAlg.svd of a wide matrix (more columns than rows), as in Nx")
        }
        let firstColumns = { (x: T) throws -> T in
            x.shape[x.rank - 1] == k ? x : try Nx.sliceAlongAxis(t(x), 0, k, axis: .index(x.rank - 1))
        }
        let u = try firstColumns(uFull), du = try firstColumns(duFull)
        let adj = { (x: T) in try NxLinAlg.adjoint(t(x)) }
        let gaps = try inverseGaps(try mul(s, s))
        let sInv = try bin(.divide, f(1), t(s))
        let j = try Nx.subtract(t(try matmul(try adj(u), du)), t(try matmul(try adj(du), u)))
        let rotation = try scale(try matmul(u, try mul(gaps, j)), by: s, columns: true)
        let outside = try Nx.subtract(t(du), t(try matmul(u, try matmul(try adj(u), du))))
        let fromU = try matmul(try Nx.add(t(rotation), t(try scale(outside, by: sInv, columns: true))), vt)
        let fromS = try matmul(try scale(u, by: ds, columns: true), vt)
        let k2 = try mul(try Nx.subtract(t(try matmul(vt, try adj(dvt))), t(try matmul(dvt, try adj(vt)))), gaps)
        let rotationV = try matmul(try scale(k2, by: s, columns: false), vt)
        let outsideV = try Nx.subtract(t(dvt), t(try matmul(try matmul(dvt, try adj(vt)), vt)))
        let fromVt = try matmul(u, try Nx.add(t(rotationV), t(try scale(outsideV, by: sInv, columns: false))))
        return try Nx.add(t(try Nx.add(t(fromU), t(fromS))), t(fromVt))
    }

    /// eigh: ā = V·(diag(λ̄) + F∘(Vᵀ·V̄))·Vᵀ with F = inverseGaps(λ). Nx 0.7.2 differentiates
    /// its QR-iteration implementation instead; this is the closed form that iteration
    /// converges to. Only ā's symmetric part is meaningful, as a is symmetric.
    static func eighGradient(values: T, vectors v: T, dValues: T, dVectors: T) throws -> T {
        let n = values.shape[values.rank - 1]
        let eye = try ExprBackend.shared.eye(TensorTemplate(type: values.type, shape: [n, n]))
        let diagonal = try scale(eye, by: dValues, columns: true)
        let inner = try Nx.add(t(diagonal), t(try mul(try inverseGaps(values), try matmul(try swapLast(v), dVectors))))
        return try matmul(try matmul(v, inner), try swapLast(v))
    }

    /// lu (Nx's rule, after S. Axen's derivation): F = tril₋₁(Lᴴ·L̄) + triu(Ū·Uᴴ), then
    /// ā = Pᵀ·L⁻ᴴ·F·U⁻ᴴ.
    static func luGradient(p: T, l: T, u: T, dl: T, du: T) throws -> T {
        let lH = try NxLinAlg.adjoint(t(l)), uH = try NxLinAlg.adjoint(t(u))
        let f = try Nx.add(t(try triangle(try matmul(lH, dl), lower: true, strict: true)),
                           t(try triangle(try matmul(du, uH), lower: false)))
        let pT = try NxLinAlg.adjoint(t(try Nx.asType(t(p), l.type)))
        let left = try matmul(try matmul(pT, try NxLinAlg.invert(t(lH))), f)
        return try matmul(left, try NxLinAlg.invert(t(uH)))
    }

    /// qr with a square r (Nx's rule, eq. 3 of arXiv:2009.10071): M = R·R̄ᴴ − Q̄ᴴ·Q,
    /// copyltu(M) = tril(M) + tril₋₁(M)ᴴ, then ā = (Q̄ + Q·copyltu(M))·R⁻ᴴ.
    static func qrGradient(q: T, r: T, dq: T, dr: T) throws -> T {
        let m = try Nx.subtract(t(try matmul(r, try NxLinAlg.adjoint(t(dr)))), t(try matmul(try NxLinAlg.adjoint(t(dq)), q)))
        let copied = try Nx.add(t(try triangle(m, lower: true)), t(try NxLinAlg.adjoint(t(try triangle(m, lower: true, strict: true)))))
        let rInvH = try NxLinAlg.adjoint(t(try NxLinAlg.invert(t(r))))
        return try matmul(try Nx.add(t(dq), t(try matmul(q, copied))), rInvH)
    }
}
