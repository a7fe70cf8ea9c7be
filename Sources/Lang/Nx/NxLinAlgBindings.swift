import NxCore

/// `Nx.LinAlg` (decompositions, solvers, norms) and the Fourier transforms `Nx.fft`/`Nx.ifft`.
enum NxLinAlgBindings {
    static let module = "Nx.LinAlg"

    static func install(_ r: Registry) {
        r.document(module: module, "Linear algebra on matrices and batches of matrices (the last two axes): decompositions (cholesky, qr, lu), solvers, inverse, determinant, norms and matrix powers. Results are floats.")
        r.nx("cholesky", [1], module: module, doc: "The lower-triangular L with a = L·Lᵀ, for a symmetric positive-definite matrix (or batch).") { c in
            .t(try NxLinAlg.cholesky(try c.operand(0)))
        }
        r.nx("qr", [1, 2], module: module, doc: "`{q, r}` with a = q·r, q orthonormal and r upper triangular, by Householder reflections. `mode: :reduced` (default) gives q of shape {m, k} with k = min(m, n); `mode: :complete` gives a square q. `eps:` (1.0e-10) is the magnitude under which entries become zero.") { c in
            let o = try c.options(1, ["mode", "eps"])
            let mode = o["mode"] ?? .atom("reduced")
            guard case .atom(let m) = mode, m == "reduced" || m == "complete" else {
                throw ElixirError.argument("invalid :mode received. Expected one of [:reduced, :complete], received: \(Inspector.inspect(mode))")
            }
            let (q, rr) = try NxLinAlg.qr(try c.operand(0), complete: m == "complete", eps: try o.float("eps", default: 1e-10))
            return .tuple([.tensor(q), .tensor(rr)])
        }
        r.nx("lu", [1, 2], module: module, doc: "`{p, l, u}` with a = p·l·u: p a permutation matrix, l unit lower triangular, u upper triangular. Rows are pivoted so each column's largest magnitude lands on the diagonal; entries under `eps:` (1.0e-10) become zero.") { c in
            let o = try c.options(1, ["eps"])
            let (p, l, u) = try NxLinAlg.lu(try c.operand(0), eps: try o.float("eps", default: 1e-10))
            return .tuple([.tensor(p), .tensor(l), .tensor(u)])
        }
        r.nx("triangular_solve", [2, 3], module: module, doc: "Solves a·x = b for x with a triangular, by substitution. `lower:` (true) says which triangle of a is used, `left_side: false` solves x·a = b instead, and `transform_a: :transpose` uses aᵀ in place of a.") { c in
            let o = try c.options(2, ["lower", "left_side", "transform_a"])
            let transform = try o.choice("transform_a", ["none", "transpose"], default: "none")
            return .t(try NxLinAlg.triangularSolve(try c.operand(0), try c.operand(1), lower: try o.bool("lower", default: true),
                                                   leftSide: try o.bool("left_side", default: true), transposeA: transform == "transpose"))
        }
        r.nx("solve", [2], module: module, doc: "Solves a·x = b for a square matrix a (or batch) and a vector or matrix b, through the QR decomposition of a.") { c in
            .t(try NxLinAlg.solve(try c.operand(0), try c.operand(1)))
        }
        r.nx("invert", [1], module: module, doc: "The inverse of a square matrix (or batch): the solution of a·x = I.") { c in
            .t(try NxLinAlg.invert(try c.operand(0)))
        }
        r.nx("determinant", [1], module: module, doc: "The determinant of a square matrix (or batch): closed forms for 2×2 and 3×3, the LU decomposition otherwise.") { c in
            .t(try NxLinAlg.determinant(try c.operand(0)))
        }
        r.nx("norm", [1, 2], module: module, doc: "The norm of a vector or matrix chosen by `ord:` — nil (2-norm of a vector, Frobenius of a matrix), :frobenius, :nuclear (sum of singular values), :inf, :neg_inf, 0 (count of non-zeros), 1, -1, 2, -2 (smallest singular value), or any integer p for vectors — over `axes:`, with `keep_axes:`.") { c in
            let o = try c.options(1, ["ord", "axes", "keep_axes"])
            return .t(try NxLinAlg.norm(try c.operand(0), ord: try ord(o["ord"]), axes: try o.axes(), keepAxes: try o.bool("keep_axes", default: false)))
        }
        r.nx("matrix_power", [2], module: module, doc: "A square matrix (or batch) raised to an integer power by repeated squaring; negative powers use the inverse, and power 0 gives the identity.") { c in
            .t(try NxLinAlg.matrixPower(try c.operand(0), try c.int(1, what: "power")))
        }
        r.nx("adjoint", [1], module: module, doc: "The last two axes transposed, and conjugated for complex tensors.") { c in
            .t(try NxLinAlg.adjoint(try c.operand(0)))
        }
        r.nx("svd", [1, 2], module: module, doc: "`{u, s, vt}` with a = u·diag(s)·vt and s from largest to smallest (LAPACK's divide and conquer; the signs of paired singular vectors may differ from Nx's). `full_matrices?: false` gives u of shape {m, k} and vt of {k, n}; `max_iter:` is accepted and unused.") { c in
            let o = try c.options(1, ["max_iter", "full_matrices?"])
            let (u, s, vt) = try NxLinAlg.svd(try c.operand(0), fullMatrices: try o.bool("full_matrices?", default: true))
            return .tuple([.tensor(u), .tensor(s), .tensor(vt)])
        }
        r.nx("eigh", [1, 2], module: module, doc: "`{eigenvalues, eigenvectors}` of a symmetric matrix (or batch), eigenvectors as columns, from LAPACK (eigenvalues ascending; Nx's own order and vector signs may differ). `max_iter:` and `eps:` are accepted and unused.") { c in
            _ = try c.options(1, ["max_iter", "eps"])
            let (values, vectors) = try NxLinAlg.eigh(try c.operand(0))
            return .tuple([.tensor(values), .tensor(vectors)])
        }
        r.nx("pinv", [1, 2], module: module, doc: "The Moore-Penrose pseudo-inverse: 1/x for scalars, the conjugate over the squared norm for vectors, and through the SVD for matrices, treating singular values under `eps:` (1.0e-10) as zero.") { c in
            let o = try c.options(1, ["eps"])
            return .t(try NxLinAlg.pinv(try c.operand(0), eps: try o.float("eps", default: 1e-10)))
        }
        r.nx("matrix_rank", [1, 2], module: module, doc: "The number of singular values of a matrix above `eps:` (1.0e-7) × max(rows, columns) × the largest singular value.") { c in
            let o = try c.options(1, ["eps"])
            return .t(try NxLinAlg.matrixRank(try c.operand(0), eps: try o.float("eps", default: 1e-7)))
        }
        r.nx("least_squares", [2, 3], module: module, doc: "The x minimizing ‖a·x - b‖ for a matrix a and vector b: pinv(a)·b, with `eps:` (1.0e-15) passed to pinv.") { c in
            let o = try c.options(2, ["eps"])
            return .t(try NxLinAlg.leastSquares(try c.operand(0), try c.operand(1), eps: try o.float("eps", default: 1e-15)))
        }
        for (name, inverse) in [("fft", false), ("ifft", true)] {
            let what = inverse ? "inverse discrete Fourier transform (scaled by 1/n)" : "discrete Fourier transform"
            r.nx(name, [1, 2], doc: "The \(what) along the last axis, as a complex tensor. `length:` (the axis size by default, or :power_of_two) zero-pads or truncates the axis first.") { c in
                let o = try c.options(1, ["length"])
                let t = try c.tensor(0)
                return .t(try Nx.fft(.tensor(t), length: try fftLength(o["length"], t), inverse: inverse))
            }
        }
        for (name, inverse) in [("fft2", false), ("ifft2", true)] {
            let what = inverse ? "inverse 2-D discrete Fourier transform (scaled by 1/(rows·columns))" : "2-D discrete Fourier transform"
            r.nx(name, [1, 2], doc: "The \(what) over the last two axes, as a complex tensor (one 1-D transform per axis). `lengths: [rows, columns]` (the axis sizes by default; each may be :power_of_two) zero-pads or truncates those axes first.") { c in
                let o = try c.options(1, ["lengths"])
                let t = try c.tensor(0)
                return .t(try Nx.fft2(.tensor(t), lengths: try fft2Lengths(o["lengths"], t), inverse: inverse))
            }
        }
    }

    static func ord(_ v: Value?) throws -> NxLinAlg.Ord? {
        guard let v = v else { return nil }
        switch v {
        case .int(let i): return .integer(i)
        case .atom("inf"): return .inf
        case .atom("neg_inf"): return .negInf
        case .atom("frobenius"): return .frobenius
        case .atom("nuclear"): return .nuclear
        default: throw ElixirError.argument("unknown ord \(Inspector.inspect(v))")
        }
    }

    /// The `lengths:` of fft2: two positive integers or :power_of_two, for the last two axes.
    static func fft2Lengths(_ v: Value?, _ t: Tensor) throws -> (Int, Int)? {
        guard let v = v else { return nil }
        guard let items = v.listElements, items.count == 2, t.rank >= 2 else {
            throw ElixirError.argument("expected :lengths to be a list of two positive integers or :power_of_two, got: \(Inspector.inspect(v))")
        }
        func length(_ item: Value, _ size: Int) throws -> Int {
            switch item {
            case .int(let n) where n > 0: return n
            case .atom("power_of_two"):
                var p = 1
                while p < size { p <<= 1 }
                return p
            default: throw ElixirError.argument("expected :lengths to be a list of two positive integers or :power_of_two, got: \(Inspector.inspect(v))")
            }
        }
        return (try length(items[0], t.shape[t.rank - 2]), try length(items[1], t.shape[t.rank - 1]))
    }

    static func fftLength(_ v: Value?, _ t: Tensor) throws -> Int? {
        guard let v = v else { return nil }
        switch v {
        case .int(let n) where n > 0: return n
        case .atom("power_of_two"):
            let n = t.shape.last ?? 1
            var p = 1
            while p < n { p <<= 1 }
            return p
        default: throw ElixirError.argument("expected an integer or :power_of_two as length, got: \(Inspector.inspect(v))")
        }
    }
}
