/// The matrix decompositions and transforms a backend provides as primitives (Nx's optional
/// backend callbacks: cholesky, qr, lu, triangular_solve, fft/ifft). Each works on the last
/// one or two axes, the leading axes being a batch; the front end has checked the shapes.
public enum LinAlgOp: Equatable {
    /// Lower-triangular L with a = L·Lᴴ.
    case cholesky
    /// {q, r} by Householder reflections that make each reflected diagonal entry of r positive
    /// (Golub & Van Loan); `complete` gives a square q; entries within `eps` of zero become zero.
    case qr(complete: Bool, eps: Double)
    /// {p, l, u} with a = p·l·u (see `DenseLinAlg.lu` for Nx's pivoting); entries under `eps` become zero.
    case lu(eps: Double)
    /// x with op(a)·x = b (`leftSide`) or x·op(a) = b, a triangular.
    case triangularSolve(lower: Bool, leftSide: Bool, transposeA: Bool)
    /// {u, s, vt} with s descending (LAPACK dgesdd); `full` gives square u and vt.
    case svd(full: Bool)
    /// {eigenvalues, eigenvectors as columns} of a symmetric matrix (LAPACK dsyevd, ascending).
    case eigh
    /// The discrete Fourier transform of the last axis, zero-padded or cut to `length`.
    case fft(length: Int, inverse: Bool)

    /// The name debug_expr prints for the op.
    public var name: String {
        switch self {
        case .cholesky: return "cholesky"
        case .qr: return "qr"
        case .lu: return "lu"
        case .triangularSolve: return "triangular_solve"
        case .svd: return "svd"
        case .eigh: return "eigh"
        case .fft(_, let inverse): return inverse ? "ifft" : "fft"
        }
    }
}

extension Backend {
    /// Backends without linear algebra (e.g. templates) refuse it, naming the op.
    public func linalg(_ op: LinAlgOp, _ outs: [TensorTemplate], _ inputs: [Tensor]) throws -> [Tensor] {
        throw NxError.notImplemented("\(op.name) on \(name)")
    }
}
