import XCTest
import Foundation
import COpenBLAS
@testable import NxCore

/// Conv speed against the gemm it reduces to (with the eager benchmarks: SWIFTNX_BENCH=1, release).
extension NativeBenchmarkTests {
    /// A 32x3x64x64 input with a 16x3x3x3 kernel is one [16 x 27] x [27 x 32*62*62] sgemm.
    func testConv32x3x64x64WithinTwiceItsGemm() throws {
        let input = try Nx.divide(.tensor(try Nx.iota([32, 3, 64, 64], type: .f32)), .float(1e5))
        let kernel = try Nx.divide(.tensor(try Nx.iota([16, 3, 3, 3], type: .f32)), .float(100))
        let convTime = try median { _ = try Nx.conv(.tensor(input), .tensor(kernel)) }

        let (m, k, n) = (16, 27, 32 * 62 * 62)
        var a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        let gemmTime = median {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                        &a, Int32(k), &b, Int32(n), 0, &c, Int32(n))
        }
        print(String(format: "BENCH conv_32x3x64x64_k16x3x3x3 %10.1f us, its sgemm %10.1f us, ratio %.2f",
                     convTime * 1e6, gemmTime * 1e6, convTime / gemmTime))

        // The result is right, not only fast: one output element against a direct sum.
        let out = try Nx.conv(.tensor(input), .tensor(kernel))
        XCTAssertEqual(out.shape, [32, 16, 62, 62])
        let x = try flat(input).map(\.doubleValue), w = try flat(kernel).map(\.doubleValue)
        var expected = 0.0
        for ch in 0..<3 { for i in 0..<3 { for j in 0..<3 {
            expected += x[((1 * 3 + ch) * 64 + 5 + i) * 64 + 7 + j] * w[((2 * 3 + ch) * 3 + i) * 3 + j]
        } } }
        let got = try flat(out)[((1 * 16 + 2) * 62 + 5) * 62 + 7].doubleValue
        XCTAssertEqual(got, expected, accuracy: 1e-3 * abs(expected))
    }
}
