import XCTest
import WideKernels
@testable import NxCore
import CPUInfo

/// Gemm.sgemm on both paths (OpenBLAS always; the AVX-512 kernel when the CPU has it), and
/// Nx.dot reading transposed f32 operands through strides.
final class GemmTests: XCTestCase {
    private var paths: [Bool] { CPUFeatures.avx512 ? [false, true] : [false] }

    func testBothPathsAgreeWithADoubleReference() {
        let shapes = [(1, 1, 1), (3, 7, 5), (17, 33, 65), (64, 3, 200), (2, 130, 17), (128, 10, 128), (100, 90, 0)]
        for wide in paths {
            for (m, n, k) in shapes {
                for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                    let a = values(m * k, seed: 1), b = values(k * n, seed: 2)
                    let sa = transA ? (1, m) : (k, 1), sb = transB ? (1, k) : (n, 1)
                    var c = [Float](repeating: .nan, count: m * n)
                    a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            c.withUnsafeMutableBufferPointer { pc in
                                Gemm.sgemm(m: m, n: n, k: k, StridedMatrix(pa.baseAddress!, rowStride: sa.0, columnStride: sa.1),
                                           StridedMatrix(pb.baseAddress!, rowStride: sb.0, columnStride: sb.1),
                                           pc.baseAddress!, ldc: n, wide: wide)
                            }
                        }
                    }
                    for i in 0..<m {
                        for j in 0..<n {
                            var exact = 0.0
                            for p in 0..<k { exact += Double(a[i * sa.0 + p * sa.1]) * Double(b[p * sb.0 + j * sb.1]) }
                            XCTAssertEqual(Double(c[i * n + j]), exact, accuracy: 1e-5 * Double(k + 1),
                                           "wide \(wide) \(m)×\(n)×\(k) (\(i), \(j)) transA \(transA) transB \(transB)")
                        }
                    }
                }
            }
        }
    }

    func testUpdateOnBothPathsEqualsTheSeparateOps() {
        for wide in paths {
            for (m, n, k) in [(3, 7, 5), (128, 10, 128), (64, 33, 300), (4, 5, 0)] {
                for (scale, subtract) in [(Float(0.01), true), (-1.5, false)] {
                    let a = values(m * k, seed: 3), b = values(k * n, seed: 4), w = values(m * n, seed: 5)
                    var plain = [Float](repeating: .nan, count: m * n), fused = plain
                    a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            w.withUnsafeBufferPointer { pw in
                                let x = StridedMatrix(pa.baseAddress ?? pw.baseAddress!, rowStride: k, columnStride: 1)
                                let y = StridedMatrix(pb.baseAddress ?? pw.baseAddress!, rowStride: n, columnStride: 1)
                                plain.withUnsafeMutableBufferPointer { Gemm.sgemm(m: m, n: n, k: k, x, y, $0.baseAddress!, ldc: n, wide: wide) }
                                fused.withUnsafeMutableBufferPointer {
                                    Gemm.sgemm(m: m, n: n, k: k, x, y, $0.baseAddress!, ldc: n,
                                               update: GemmUpdate(addend: pw.baseAddress!, scale: scale, subtract: subtract), wide: wide)
                                }
                            }
                        }
                    }
                    let expected = (0..<(m * n)).map { subtract ? w[$0] - scale * plain[$0] : w[$0] + scale * plain[$0] }
                    XCTAssertEqual(fused.map(\.bitPattern), expected.map(\.bitPattern), "wide \(wide) \(m)×\(n)×\(k)")
                }
            }
        }
    }

    func testDotOfTransposedOperandsMatchesF64() throws {
        // [K, M]·[K, N] (contract axis 0 of both), [M, K]·[N, K], and a batched [B, K, M]·[B, N, K].
        try checkDot([40, 30], contract: [0], [40, 20], contract: [0])
        try checkDot([30, 40], contract: [1], [20, 40], contract: [1])
        try checkDot([3, 40, 30], contract: [1], [3, 20, 40], contract: [2], batch: [0])
        try checkDot([1, 50], contract: [0], [1, 7], contract: [0])
        try checkDot([33, 17], contract: [0], [33, 9], contract: [0], type: .f16)
    }

    private func checkDot(_ sa: [Int], contract ca: [Int], _ sb: [Int], contract cb: [Int], batch: [Int] = [],
                          type: DType = .f32, file: StaticString = #filePath, line: UInt = #line) throws {
        let a = try tensor(values(sa.reduce(1, *), seed: 3), sa, type), b = try tensor(values(sb.reduce(1, *), seed: 4), sb, type)
        let got = try Nx.dot(.tensor(a), contract: ca.map { .index($0) }, batch: batch.map { .index($0) },
                             .tensor(b), contract: cb.map { .index($0) }, batch: batch.map { .index($0) })
        let exact = try Nx.dot(.tensor(try Nx.asType(.tensor(a), .f64)), contract: ca.map { .index($0) }, batch: batch.map { .index($0) },
                               .tensor(try Nx.asType(.tensor(b), .f64)), contract: cb.map { .index($0) }, batch: batch.map { .index($0) })
        XCTAssertEqual(got.type, type, file: file, line: line)
        XCTAssertEqual(got.shape, exact.shape, file: file, line: line)
        let tolerance = type == .f16 ? 2e-2 : 1e-5
        for (x, y) in zip(try flat(try Nx.asType(.tensor(got), .f64)), try flat(exact)) {
            XCTAssertEqual(x.doubleValue, y.doubleValue, accuracy: tolerance * max(1, abs(y.doubleValue)), file: file, line: line)
        }
    }

    private func tensor(_ v: [Float], _ shape: [Int], _ type: DType) throws -> Tensor {
        let bytes = v.withUnsafeBytes { Array($0) }
        let t = try Nx.reshape(.tensor(try Nx.fromBinary(bytes, type: .f32)), shape)
        return type == .f32 ? t : try Nx.asType(.tensor(t), type)
    }

    /// Reproducible values in [-1, 1).
    private func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(state >> 40) - (1 << 23)) / Float(1 << 23)
        }
    }
}
