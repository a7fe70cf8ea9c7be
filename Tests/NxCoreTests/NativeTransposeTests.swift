import XCTest
@testable import NxCore
import WideKernels
import CPUInfo

/// Tiled transposes against the plain strided element loop, for every element width, ranks
/// 1–5 and random permutations, on both the AVX-512 (16x16) and the 8x8 paths.
final class NativeTransposeTests: XCTestCase {
    let backend = NativeBackend.shared

    func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E3779B97F4A7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    func check(_ type: DType, _ shape: [Int], _ axes: [Int], file: StaticString = #filePath, line: UInt = #line) throws {
        let t = try backend.fromBinary(TensorTemplate(type: type, shape: shape), bytes(Shape.size(shape) * type.byteSize, seed: UInt64(shape.reduce(7, *))))
        let out = TensorTemplate(type: type, shape: axes.map { shape[$0] })
        let inStrides = Shape.strides(shape)
        let expected = try backend.toBinary(try backend.stridedCopy(out, t, offset: 0, strides: axes.map { inStrides[$0] }), limit: nil)
        for wide in [false, true] where !wide || CPUFeatures.avx512 {
            let tiled = try backend.tiledTranspose(out, t, axes: axes, wide: wide) ?? backend.transpose(out, t, axes: axes)
            XCTAssertEqual(try backend.toBinary(tiled, limit: nil), expected, "\(type) \(shape) \(axes) wide: \(wide)", file: file, line: line)
        }
        XCTAssertEqual(try backend.toBinary(try backend.transpose(out, t, axes: axes), limit: nil), expected, file: file, line: line)
    }

    func testMatricesOfEveryWidthWithRemainders() throws {
        for type in [DType.u8, .s16, .f32, .f64, .c128] {
            for shape in [[8, 8], [16, 16], [37, 21], [130, 67], [64, 200], [3, 50], [50, 3]] {
                try check(type, shape, [1, 0])
            }
        }
    }

    func testRanksOneToFiveWithRandomPermutations() throws {
        var generator = SystemRandomNumberGenerator()
        let shapes = [[11], [9, 20], [4, 18, 33], [3, 17, 2, 24], [2, 3, 16, 5, 19]]
        for shape in shapes {
            for _ in 0..<6 {
                let axes = Array(0..<shape.count).shuffled(using: &generator)
                for type in [DType.u8, .bf16, .s32, .s64, .c128] { try check(type, shape, axes) }
            }
        }
    }

    func testEveryPermutationOfARank3Tensor() throws {
        for axes in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            try check(.f32, [18, 33, 40], axes)
        }
    }

    func testLargeMatricesSplitAcrossCores() throws {
        try check(.f32, [520, 300], [1, 0])
        try check(.u16, [300, 520], [1, 0])
    }

    func testEmptyAndThinTensorsFallBackToTheStridedLoop() throws {
        try check(.f32, [0, 12], [1, 0])
        try check(.f32, [12, 0, 9], [2, 1, 0])
        try check(.f32, [1, 40], [1, 0])
    }
}
