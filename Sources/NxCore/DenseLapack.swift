import COpenBLAS

/// The decompositions LAPACK computes directly, on one row-major f64 matrix.
extension DenseLinAlg {
    /// Singular values (descending) with u and vt, by divide and conquer (dgesdd).
    static func svd(_ a: Matrix, full: Bool) throws -> (Matrix, Matrix, Matrix) {
        let m = a.rows, n = a.cols, k = Swift.min(m, n)
        var work = a.values
        var s = [Double](repeating: 0, count: k)
        let uCols = full ? m : k, vtRows = full ? n : k
        var u = [Double](repeating: 0, count: m * uCols), vt = [Double](repeating: 0, count: vtRows * n)
        let info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: full ? "A" : "S")), Int32(m), Int32(n), &work, Int32(n),
                                  &s, &u, Int32(uCols), &vt, Int32(n))
        guard info == 0 else { throw NxError(module: "RuntimeError", message: "svd did not converge (LAPACK dgesdd info \(info))") }
        return (Matrix(rows: m, cols: uCols, values: u), Matrix(rows: 1, cols: k, values: s), Matrix(rows: vtRows, cols: n, values: vt))
    }

    /// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix,
    /// read from its lower triangle (dsyevd).
    static func eigh(_ a: Matrix) throws -> (Matrix, Matrix) {
        let n = a.rows
        var vectors = a.values
        var values = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")), Int32(n), &vectors, Int32(n), &values)
        guard info == 0 else { throw NxError(module: "RuntimeError", message: "eigh did not converge (LAPACK dsyevd info \(info))") }
        return (Matrix(rows: 1, cols: n, values: values), Matrix(rows: n, cols: n, values: vectors))
    }

    /// Lower Cholesky factor by LAPACK dpotrf; a matrix that is not positive definite falls back to
    /// the plain loop, which yields NaNs where the square root fails (as Nx's computation does).
    static func choleskyLapack(_ a: Matrix) -> Matrix {
        let n = a.rows
        var l = a.values
        let info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), &l, Int32(n))
        guard info == 0 else { return cholesky(a) }
        for i in 0..<n { for j in (i + 1)..<Swift.max(n, i + 1) { l[i * n + j] = 0 } }
        return Matrix(rows: n, cols: n, values: l)
    }

    /// op(a)·x = b or x·op(a) = b by BLAS dtrsm, reading only the `lower` (or upper) triangle of a.
    static func triangularSolve(_ a: Matrix, _ b: Matrix, lower: Bool, leftSide: Bool, transposeA: Bool) -> Matrix {
        var x = b.values
        cblas_dtrsm(CblasRowMajor, leftSide ? CblasLeft : CblasRight, lower ? CblasLower : CblasUpper,
                    transposeA ? CblasTrans : CblasNoTrans, CblasNonUnit, Int32(b.rows), Int32(b.cols), 1,
                    a.values, Int32(a.cols), &x, Int32(b.cols))
        return Matrix(rows: b.rows, cols: b.cols, values: x)
    }
}
