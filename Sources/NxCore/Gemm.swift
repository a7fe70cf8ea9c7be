import COpenBLAS
import WideKernels
import CPUInfo

/// The single-precision matrix product of the native backend (dot and conv): the AVX-512
/// kernel of WideKernels when the CPU has it, OpenBLAS otherwise (docs/jit.md, "Matrix products").
enum Gemm {
    /// C (m × n, rows `ldc` apart) = A·B; A (m × k) and B (k × n) are read through their strides,
    /// one of which must be 1 (a row-major matrix or the transpose of one). `wide` picks the
    /// AVX-512 kernel (tests pass false to check the OpenBLAS path on any CPU). With an `update`,
    /// C = addend ∓ fl(scale · A·B) (GemmUpdate): folded into the last depth step of the AVX-512
    /// kernel; on OpenBLAS, a pass after the product (its alpha/beta would round differently).
    static func sgemm(m: Int, n: Int, k: Int, _ a: StridedMatrix, _ b: StridedMatrix,
                      _ c: UnsafeMutablePointer<Float>, ldc: Int, update: GemmUpdate? = nil,
                      wide: Bool = CPUFeatures.avx512) {
        if m == 0 || n == 0 { return }
        if wide {
            WideGemm.sgemm(m: m, n: n, k: k, a, b, c, ldc: ldc, update: update)
            return
        }
        if k == 0 {
            for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
        } else {
            let (ta, lda) = blasLayout(a, rows: m, columns: k)
            let (tb, ldb) = blasLayout(b, rows: k, columns: n)
            cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, a.base, lda, b.base, ldb, 0, c, Int32(ldc))
        }
        guard let update else { return }
        for i in 0..<m {
            let row = c + i * ldc, w = update.addend + i * ldc
            for j in 0..<n {
                let step = update.scale * row[j]
                row[j] = update.subtract ? w[j] - step : w[j] + step
            }
        }
    }

    /// Row-major BLAS's description of `x`: untransposed with unit column stride, or transposed.
    private static func blasLayout(_ x: StridedMatrix, rows: Int, columns: Int) -> (CBLAS_TRANSPOSE, Int32) {
        if x.columnStride == 1 && (rows == 1 || x.rowStride >= columns) {
            return (CblasNoTrans, Int32(max(rows == 1 ? columns : x.rowStride, 1)))
        }
        precondition(x.rowStride == 1 && (columns == 1 || x.columnStride >= rows), "sgemm: an operand needs a unit stride")
        return (CblasTrans, Int32(max(columns == 1 ? rows : x.columnStride, 1)))
    }
}
