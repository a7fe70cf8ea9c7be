import COpenBLAS
import ComplexModule

/// The complex-matrix decompositions, on row-major c128 buffers.
enum ComplexLinAlg {
    /// Lower L with a = L·Lᴴ (Cholesky–Banachiewicz; a matrix that is not positive definite yields NaNs).
    static func cholesky(_ a: [Complex<Double>], n: Int) -> [Complex<Double>] {
        var l = [Complex<Double>](repeating: .zero, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k].conjugate }
                l[i * n + j] = i == j ? Complex(s.real.squareRoot(), 0) : s / l[j * n + j]
            }
        }
        return l
    }

    /// op(a)·x = b or x·op(a) = b by BLAS ztrsm, reading only the `lower` (or upper) triangle of a.
    static func triangularSolve(_ a: [Complex<Double>], n: Int, _ b: [Complex<Double>], rows: Int, cols: Int,
                                lower: Bool, leftSide: Bool, transposeA: Bool) -> [Complex<Double>] {
        var x = b
        var one = Complex<Double>(1, 0)
        a.withUnsafeBufferPointer { ap in
            x.withUnsafeMutableBufferPointer { xp in
                cblas_ztrsm(CblasRowMajor, leftSide ? CblasLeft : CblasRight, lower ? CblasLower : CblasUpper,
                            transposeA ? CblasTrans : CblasNoTrans, CblasNonUnit, Int32(rows), Int32(cols), &one,
                            ap.baseAddress, Int32(n), xp.baseAddress, Int32(cols))
            }
        }
        return x
    }
}
