import XCTest
@testable import WideKernels
import CPUInfo
import Workers

/// WideGemm with a GemmUpdate equals the separate ops bit for bit: the plain product, then
/// w ∓ fl(scale · product) element by element.
final class GemmUpdateTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(CPUFeatures.avx512Hardware, "needs AVX-512")
    }

    func testUpdateEqualsTheSeparateOpsBitForBit() {
        // One and several depth steps, edge tiles, narrow C (computed transposed), one row panel.
        let shapes = [(1, 1, 1), (7, 11, 13), (17, 33, 65), (15, 33, 257), (128, 10, 128), (10, 128, 784),
                      (784, 128, 128), (200, 150, 600), (3, 5000, 7), (5, 6, 0)]
        for (m, n, k) in shapes {
            for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                for (scale, subtract) in [(Float(0.01), true), (-0.37, false), (0, true), (-0.0, false), (3, false)] {
                    check(m, n, k, transA: transA, transB: transB, scale: scale, subtract: subtract)
                }
            }
        }
    }

    func testOneThreadAndManyThreadsAgree() {
        for threads in [1, 2, 5] {
            check(160, 170, 300, transA: false, transB: true, scale: 0.5, subtract: true, threads: threads)
            check(256, 256, 256, transA: true, transB: false, scale: -2, subtract: false, threads: threads)
        }
    }

    func testNaNAndInfinityPropagateAsInTheSeparateOps() {
        check(30, 40, 50, transA: false, transB: false, scale: 0.01, subtract: true, special: true)
        check(30, 40, 50, transA: true, transB: false, scale: .infinity, subtract: true, special: true)
        check(29, 20, 300, transA: false, transB: true, scale: .nan, subtract: false, special: true)
        check(40, 9, 20, transA: false, transB: false, scale: 0, subtract: true, special: true)
    }

    private func check(_ m: Int, _ n: Int, _ k: Int, transA: Bool, transB: Bool, scale: Float, subtract: Bool,
                       special: Bool = false, threads: Int = WorkerTeam.shared.size,
                       file: StaticString = #filePath, line: UInt = #line) {
        var state = UInt64(m * 1_000_003 + n * 1009 + k)
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(state >> 40) - (1 << 23)) / Float(1 << 23)
        }
        var a = (0..<max(1, m * k)).map { _ in next() }, b = (0..<max(1, k * n)).map { _ in next() }
        var w = (0..<(m * n)).map { _ in next() }
        if special {
            let values: [Float] = [.nan, .infinity, -.infinity, 1e30, -0.0]
            for (i, v) in values.enumerated() {
                a[(i * 37) % a.count] = v
                b[(i * 53 + 1) % b.count] = v
                w[(i * 71 + 2) % w.count] = v
            }
        }
        let sa = transA ? (1, m) : (k, 1), sb = transB ? (1, k) : (n, 1)
        var plain = [Float](repeating: .nan, count: m * n), fused = [Float](repeating: .nan, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                w.withUnsafeBufferPointer { pw in
                    let x = StridedMatrix(pa.baseAddress!, rowStride: sa.0, columnStride: sa.1)
                    let y = StridedMatrix(pb.baseAddress!, rowStride: sb.0, columnStride: sb.1)
                    plain.withUnsafeMutableBufferPointer {
                        WideGemm.sgemm(m: m, n: n, k: k, x, y, $0.baseAddress!, ldc: n, threads: threads)
                    }
                    fused.withUnsafeMutableBufferPointer {
                        WideGemm.sgemm(m: m, n: n, k: k, x, y, $0.baseAddress!, ldc: n,
                                       update: GemmUpdate(addend: pw.baseAddress!, scale: scale, subtract: subtract),
                                       threads: threads)
                    }
                }
            }
        }
        for i in 0..<(m * n) {
            let step = scale * plain[i]
            let expected = subtract ? w[i] - step : w[i] + step
            let same = expected.bitPattern == fused[i].bitPattern || (expected.isNaN && fused[i].isNaN)
            XCTAssertTrue(same, "\(m)×\(n)×\(k) [\(i)]: \(expected) vs \(fused[i])", file: file, line: line)
            if !same { return }
        }
    }
}
