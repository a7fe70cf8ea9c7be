import XCTest
@testable import WideKernels
import CPUInfo

final class Block16Tests: XCTestCase {
    func testTransposeSwapsRowsAndColumnsAndZeroFillsMissingRows() throws {
        try XCTSkipUnless(CPUFeatures.avx512Hardware, "needs AVX-512")
        let source = (0..<(16 * 20)).map { Float($0) }   // 16 rows of 20, read 16 wide
        var out = [Float](repeating: -1, count: 16 * 18)
        source.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var block = Block16(src.baseAddress!, stride: 20, rows: 11)
                block.transpose()
                block.store(dst.baseAddress!, stride: 18)
            }
        }
        for r in 0..<16 {
            for c in 0..<16 { XCTAssertEqual(out[r * 18 + c], c < 11 ? Float(c * 20 + r) : 0, "(\(r), \(c))") }
            for c in 16..<18 { XCTAssertEqual(out[r * 18 + c], -1) }
        }
    }
}
