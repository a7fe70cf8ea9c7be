import XCTest
@testable import NxCore

/// The native window kernel against `Nx.composedWindow` (one strided slice per offset, folded):
/// the same fold order, so results agree bit for bit (f16/bf16 within rounding).
final class NativeWindowTests: XCTestCase {
    let ops: [ReduceOp] = [.sum, .product, .reduce_max, .reduce_min]

    /// Deterministic bytes: small integers for every type (floats get specials mixed in).
    func tensor(_ type: DType, _ shape: [Int], seed: UInt64 = 1, specials: Bool = false) throws -> Tensor {
        var state = seed &* 0x9E3779B97F4A7C15 | 1
        func next() -> Int64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int64(state % 7) - 3
        }
        let count = Shape.size(shape)
        var values: [NxNumber] = (0..<count).map { _ in type.isFloat ? .float(Double(next()) * 0.75) : .int(next()) }
        if specials && count > 3 {
            values[count / 3] = .float(.nan)
            values[count / 2] = .float(.infinity)
            values[count - 1] = .float(-.infinity)
            values[1] = .float(-0.0)
        }
        return try NativeBackend.shared.fromNumbers(TensorTemplate(type: type, shape: shape), values)
    }

    func check(_ t: Tensor, window: [Int], strides: [Int]? = nil, padding: Nx.Padding = .valid, dilations: [Int]? = nil,
               ops: [ReduceOp]? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let g = try Nx.WindowGeometry(shape: t.shape, window: window, strides: strides ?? t.shape.map { _ in 1 },
                                      padding: padding, dilations: dilations ?? t.shape.map { _ in 1 })
        for op in ops ?? self.ops {
            let out = TensorTemplate(type: t.type, shape: g.outputShape)
            let native = try NativeBackend.shared.window(op, out, t, g)
            let composed = try Nx.composedWindow(op, t, g)
            XCTAssertEqual(native.shape, composed.shape, file: file, line: line)
            if t.type == .f16 || t.type == .bf16 {
                for (a, b) in zip(try flat(native), try flat(composed)) {
                    XCTAssertEqual(a.doubleValue, b.doubleValue, accuracy: 1e-2 * Swift.max(1, Swift.abs(b.doubleValue)), "\(op) \(t.type)", file: file, line: line)
                }
            } else {
                XCTAssertEqual(try NativeBackend.shared.toBinary(native, limit: nil), try NativeBackend.shared.toBinary(composed, limit: nil),
                               "\(op) \(t.type) window \(window) strides \(g.strides) padding \(g.padding) dilations \(g.dilations)",
                               file: file, line: line)
            }
        }
    }

    func testEveryTypeMatchesTheComposedWindows() throws {
        for type in [DType.u8, .u16, .u32, .u64, .s8, .s16, .s32, .s64, .f16, .bf16, .f32, .f64] {
            try check(try tensor(type, [5, 7]), window: [2, 3], padding: .same)
            try check(try tensor(type, [5, 7]), window: [3, 2], strides: [2, 3])
        }
    }

    func testComplexSumsAndProducts() throws {
        let t = try NativeBackend.shared.fromNumbers(TensorTemplate(type: .c64, shape: [6]),
                                                    (0..<6).map { .complex(Double($0) - 2, 0.5 * Double($0)) })
        try check(t, window: [3], strides: [2], padding: .explicit([(1, 2)]), ops: [.sum, .product])
    }

    func testRanksOneToFour() throws {
        try check(try tensor(.f32, [9]), window: [4], padding: .same)
        try check(try tensor(.s32, [4, 5, 6]), window: [2, 3, 2], strides: [1, 2, 1], padding: .same)
        try check(try tensor(.f64, [3, 4, 5, 6]), window: [1, 2, 3, 2], strides: [1, 1, 2, 3])
    }

    func testExplicitPaddingPairsIncludingNegativeOnes() throws {
        let t = try tensor(.f32, [6, 9])
        try check(t, window: [2, 3], padding: .explicit([(2, 0), (1, 4)]))
        try check(t, window: [2, 2], strides: [2, 3], padding: .explicit([(0, 3), (3, 3)]))
        try check(t, window: [2, 2], padding: .explicit([(-1, 1), (2, -3)]))
    }

    func testDilationsWithPaddingAndStrides() throws {
        let t = try tensor(.s64, [7, 11])
        try check(t, window: [2, 3], strides: [2, 2], padding: .same, dilations: [3, 2])
        try check(try tensor(.f32, [7, 11]), window: [3, 3], padding: .explicit([(1, 1), (0, 5)]), dilations: [1, 4])
    }

    func testWindowsLargerThanTheInputReadOnlyPadding() throws {
        try check(try tensor(.f32, [3, 2]), window: [4, 5], padding: .explicit([(3, 3), (4, 4)]))
        // Rows of the output that lie entirely in the padding.
        try check(try tensor(.s16, [2, 4]), window: [1, 2], padding: .explicit([(3, 2), (0, 0)]))
    }

    func testNaNInfinityAndSignedZeroFollowTheBinaryOps() throws {
        let t = try tensor(.f32, [6, 6], seed: 5, specials: true)
        try check(t, window: [2, 2], padding: .same)
        try check(t, window: [3, 1], strides: [1, 2])
        let max = try Nx.windowReduce(.reduce_max, .tensor(t), window: [6, 6])
        XCTAssertTrue(try flat(max)[0].doubleValue.isNaN)
    }

    func testWideRowsFoldSignedZerosAndNaNInRegistersLikeTheScalarOps() throws {
        // Rows wide enough for the 8-lane interior path; values cycle through the awkward ones.
        let pattern: [Double] = [-0.0, 0.0, 1, -0.0, .nan, -2, .infinity, 0.0, -.infinity, 3, -0.0]
        for type in [DType.f32, .f64] {
            let t = try NativeBackend.shared.fromNumbers(TensorTemplate(type: type, shape: [5, 41]),
                                                        (0..<205).map { .float(pattern[($0 * 7 + $0 / 41) % pattern.count]) })
            try check(t, window: [2, 3])
            try check(t, window: [1, 9], padding: .same)
            try check(t, window: [3, 2], strides: [1, 1], padding: .explicit([(1, 0), (0, 2)]), dilations: [1, 3])
        }
        for type in [DType.s8, .u32, .s64] {
            try check(try tensor(type, [4, 37], seed: 9), window: [2, 4], padding: .same)
        }
    }

    func testIntegerSumsAndProductsWrapLikeTheBinaryOps() throws {
        let t = try NativeBackend.shared.fromNumbers(TensorTemplate(type: .s8, shape: [4]), [.int(100), .int(100), .int(-128), .int(127)])
        try check(t, window: [2])
        XCTAssertEqual(try summary(try Nx.windowReduce(.sum, .tensor(t), window: [2])), "s8[3] [-56, -28, -1]")
    }

    func testLargeInputsSplitAcrossCoresGiveTheSameResult() throws {
        let t = try tensor(.f32, [300, 260])
        try check(t, window: [3, 3], ops: [.sum, .reduce_max])
        try check(t, window: [2, 5], strides: [2, 1], padding: .same, ops: [.sum])
    }

    func testScalarAndWindowMean() throws {
        let s = try NativeBackend.shared.fromNumbers(TensorTemplate(type: .f32, shape: []), [.float(2.5)])
        XCTAssertEqual(try summary(try Nx.windowReduce(.sum, .tensor(s), window: [])), "f32 [2.5]")
        let mean = try Nx.windowMean(.tensor(try Nx.iota([2, 4])), window: [2, 2], strides: [1, 2])
        XCTAssertEqual(try summary(mean), "f32[1][2] [2.5, 4.5]")
    }
}
