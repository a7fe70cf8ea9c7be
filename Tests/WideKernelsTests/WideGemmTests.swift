import Foundation
import XCTest
@testable import WideKernels
import CPUInfo
import Workers

/// WideGemm against a naive product accumulated in Double. These tests run the AVX-512 code,
/// so they are skipped on CPUs without it.
final class WideGemmTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(CPUFeatures.avx512Hardware, "needs AVX-512")
    }

    func testShapesAgreeWithADoubleReference() {
        let shapes = [(1, 1, 1), (2, 3, 5), (7, 11, 13), (17, 33, 65), (14, 32, 256), (15, 33, 257),
                      (13, 31, 1), (1, 300, 40), (300, 1, 40), (128, 10, 128), (10, 128, 784),
                      (3, 5000, 7), (200, 150, 600), (29, 4100, 3)]
        for (m, n, k) in shapes {
            for transA in [false, true] {
                for transB in [false, true] {
                    check(m, n, k, transA: transA, transB: transB)
                }
            }
        }
    }

    func testBlockEdgesInEveryDimension() {
        check(400, 64, 530, transA: false, transB: false)   // several row and depth blocks
        check(20, 4150, 40, transA: true, transB: false)    // more than one column block
    }

    func testOneThreadAndManyThreadsAgree() {
        check(160, 170, 300, transA: false, transB: true, threads: 1)
        check(160, 170, 300, transA: false, transB: true, threads: 5)
    }

    func testSharedPackedBlocksOfBAreReusedCorrectly() {
        // Three depth steps, then two column blocks × two depth steps: the two shared B
        // buffers are each packed more than once while the other member may still read one.
        check(200, 100, 530, transA: false, transB: false)
        check(30, 4150, 300, transA: true, transB: true)
        check(29, 300, 300, transA: false, transB: false)   // 3 row panels over 2 members
        check(10, 2000, 100, transA: false, transB: true)    // one row panel: column shares
        check(256, 256, 256, transA: false, transB: false)   // 19 row panels: the last one cut by columns
        check(260, 70, 600, transA: true, transB: false)     // the same over several depth steps
        check(128, 128, 784, transA: false, transB: false)   // 9 panels + 2 rows: the last two by columns
    }

    func testPiecesCoverEveryTileOnce() {
        for members in 1...4 {
            for mPanels in members...40 {
                for nPanels in [1, 2, 3, 8, 128] {
                    for shortLast in [false, true] where mPanels > 1 || !shortLast {
                        var count = [Int](repeating: 0, count: mPanels * nPanels)
                        for piece in GemmSchedule.pieces(mPanels: mPanels, nPanels: nPanels, members: members, shortLast: shortLast) {
                            for i in piece.rows { for j in piece.panels { count[i * nPanels + j] += 1 } }
                        }
                        XCTAssertEqual(count, [Int](repeating: 1, count: mPanels * nPanels),
                                       "\(mPanels) × \(nPanels), \(members), short last \(shortLast)")
                    }
                }
            }
        }
    }

    func testProductsFromSeveralThreadsAtOnceAgree() {
        // Only one caller gets the worker team; the others run alone. All must be right.
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            check(120 + i, 130, 200, transA: i % 2 == 1, transB: false)
        }
        for i in 0..<20 { check(110, 64 + i, 160, transA: false, transB: true) }   // back to back
    }

    func testZeroDepthGivesZerosOrKeepsC() {
        var c = [Float](repeating: .nan, count: 6)
        product(2, 3, 0, [], (0, 1), [], (3, 1), &c, ldc: 3)
        XCTAssertEqual(c, [0, 0, 0, 0, 0, 0])
        c = [1, 2, 3, 4, 5, 6]
        product(2, 3, 0, [], (0, 1), [], (3, 1), &c, ldc: 3, accumulate: true)
        XCTAssertEqual(c, [1, 2, 3, 4, 5, 6])
        product(0, 3, 4, [], (4, 1), [Float](repeating: 1, count: 12), (3, 1), &c, ldc: 3)
        XCTAssertEqual(c, [1, 2, 3, 4, 5, 6])
    }

    func testAccumulateAddsToC() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c: [Float] = [1, 1, 1, 1]
        product(2, 2, 2, a, (2, 1), b, (2, 1), &c, ldc: 2, accumulate: true)
        XCTAssertEqual(c, [20, 23, 44, 51])
        // A 3-row edge tile of full width stores straight into C (rows 40 apart).
        let x = (0..<15).map { Float($0 % 7) - 3 }, y = (0..<160).map { Float($0 % 5) - 2 }
        var d = [Float](repeating: 1, count: 3 * 40)
        product(3, 32, 5, x, (5, 1), y, (32, 1), &d, ldc: 40, accumulate: true)
        for i in 0..<3 {
            for j in 0..<40 {
                let expected = j < 32 ? 1 + (0..<5).reduce(Float(0)) { $0 + x[i * 5 + $1] * y[$1 * 32 + j] } : 1
                XCTAssertEqual(d[i * 40 + j], expected, "(\(i), \(j))")
            }
        }
    }

    func testOutputRowStrideLeavesOtherColumnsAlone() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: -1, count: 6)
        product(2, 2, 2, a, (2, 1), b, (2, 1), &c, ldc: 3)
        XCTAssertEqual(c, [19, 22, -1, 43, 50, -1])
    }

    func testNaNAndInfinityPropagateOnlyWhereTheyBelong() {
        // 20 × 40 · 40 × 40: a NaN in A's row 3 and +Inf in B's column 35 (row 0);
        // the padding around the edge tiles must not leak them into other entries.
        let (m, n, k) = (20, 40, 40)
        var a = [Float](repeating: 1, count: m * k), b = [Float](repeating: 1, count: k * n)
        a[3 * k + 5] = .nan
        b[0 * n + 35] = .infinity
        var c = [Float](repeating: 0, count: m * n)
        product(m, n, k, a, (k, 1), b, (n, 1), &c, ldc: n)
        for i in 0..<m {
            for j in 0..<n {
                let v = c[i * n + j]
                if i == 3 { XCTAssertTrue(v.isNaN, "(\(i), \(j))") }
                else if j == 35 { XCTAssertEqual(v, .infinity, "(\(i), \(j))") }
                else { XCTAssertEqual(v, Float(k), "(\(i), \(j))") }
            }
        }
    }

    /// A (m × k) and B (k × n) filled with reproducible values, stored transposed when asked.
    private func check(_ m: Int, _ n: Int, _ k: Int, transA: Bool, transB: Bool, threads: Int = WorkerTeam.shared.size,
                       file: StaticString = #filePath, line: UInt = #line) {
        var state: UInt64 = UInt64(m * 1_000_003 + n * 1009 + k)
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(state >> 40) - (1 << 23)) / Float(1 << 23)
        }
        let a = (0..<(m * k)).map { _ in next() }, b = (0..<(k * n)).map { _ in next() }
        let sa = transA ? (1, m) : (k, 1), sb = transB ? (1, k) : (n, 1)
        var c = [Float](repeating: .nan, count: m * n)
        product(m, n, k, a, sa, b, sb, &c, ldc: n, threads: threads)
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var exact = 0.0, scale = 0.0
                for p in 0..<k {
                    let x = Double(a[i * sa.0 + p * sa.1]) * Double(b[p * sb.0 + j * sb.1])
                    exact += x
                    scale += abs(x)
                }
                worst = max(worst, abs(Double(c[i * n + j]) - exact) / max(scale, 1e-30))
            }
        }
        // f32 accumulation in k order: error grows like k · ε relative to Σ|a·b|.
        XCTAssertLessThan(worst, Double(k + 1) * 1.2e-7, "\(m)×\(n)×\(k) transA \(transA) transB \(transB)", file: file, line: line)
    }

    /// WideGemm.sgemm on arrays; strides are (row, column).
    private func product(_ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ sa: (Int, Int), _ b: [Float], _ sb: (Int, Int),
                         _ c: inout [Float], ldc: Int, accumulate: Bool = false, threads: Int = WorkerTeam.shared.size) {
        let a = a.isEmpty ? [0] : a, b = b.isEmpty ? [0] : b
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    WideGemm.sgemm(m: m, n: n, k: k, StridedMatrix(pa.baseAddress!, rowStride: sa.0, columnStride: sa.1),
                                   StridedMatrix(pb.baseAddress!, rowStride: sb.0, columnStride: sb.1),
                                   pc.baseAddress!, ldc: ldc, accumulate: accumulate, threads: threads)
                }
            }
        }
    }
}
