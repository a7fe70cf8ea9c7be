import XCTest
@testable import NxCore

final class ShapeAndDotTests: XCTestCase {
    func testReshapeAndAuto() throws {
        XCTAssertEqual(try summary(try Nx.reshape(.tensor(try Nx.iota([6])), [3, 2], names: ["a", "b"])), "s64[a: 3][b: 2] [0, 1, 2, 3, 4, 5]")
        XCTAssertEqual(try Nx.reshape(.tensor(try Nx.iota([6])), [.auto, .size(3)]).shape, [2, 3])
        assertThrows(.argument("cannot reshape, current shape {6} is not compatible with new shape {4}")) {
            try Nx.reshape(.tensor(try Nx.iota([6])), [4])
        }
    }

    func testZeroDimensionRejected() {
        assertThrows(.argument("invalid dimension in axis 1 found in shape. Each dimension must be a positive integer, got 0 in shape {2, 0}")) {
            try Nx.broadcast(.float(1), [2, 0])
        }
    }

    func testHugeAndEmptyShapesRaiseInsteadOfTrapping() {
        assertThrows(.argument("shape {4294967296, 4294967296} has more elements than can be addressed")) {
            try Nx.iota([1 << 32, 1 << 32])
        }
        assertThrows(.argument("invalid dimension in axis 0 found in shape. Each dimension must be a positive integer, got 0 in shape {0}")) {
            try Nx.fromBinary([], type: .u8)
        }
        // Few enough elements for an Int, too many bytes for one.
        assertThrows(.argument("shape {1000000000000000000, 9} has more elements than can be addressed")) {
            try Nx.broadcast(.int(1), [1_000_000_000_000_000_000, 9])
        }
    }

    func testABufferTheSystemCannotProvideRaisesSystemLimitError() {
        assertThrows(.outOfMemory(bytes: 800_000_000_000_000_000)) {
            try Nx.broadcast(.int(1), [100_000_000_000, 1_000_000])
        }
    }

    func testTransposeDefaultAndAxes() throws {
        XCTAssertEqual(try summary(try Nx.transpose(.tensor(try Nx.iota([2, 3])))), "s64[3][2] [0, 3, 1, 4, 2, 5]")
        XCTAssertEqual(try Nx.transpose(.tensor(try Nx.iota([2, 3, 4])), axes: [2, 0, 1]).shape, [4, 2, 3])
    }

    /// Property: transposing by a permutation and then by its inverse is the identity.
    func testTransposeTwiceIsIdentity() throws {
        for _ in 0..<20 {
            let rank = Int.random(in: 1...4)
            let shape = (0..<rank).map { _ in Int.random(in: 1...5) }
            let perm = Array(0..<rank).shuffled()
            var inverse = [Int](repeating: 0, count: rank)
            for (i, p) in perm.enumerated() { inverse[p] = i }
            let t = try Nx.iota(shape)
            let back = try Nx.transpose(.tensor(try Nx.transpose(.tensor(t), axes: perm.map { .index($0) })), axes: inverse.map { .index($0) })
            XCTAssertEqual(back.shape, shape)
            XCTAssertEqual(try flat(back), try flat(t))
        }
    }

    /// Matrix transposes move 8x8 blocks with scalar edges: every element lands where the
    /// index formula says, for widths from u8 to c128, odd sizes and batches.
    func testBlockedTransposeMatchesIndexFormula() throws {
        for type in [DType.u8, .s16, .f32, .f64, .c128] {
            for (batches, rows, cols) in [(1, 70, 75), (2, 9, 130), (3, 8, 8), (1, 1, 17)] {
                let t = try Nx.asType(.tensor(try Nx.iota([batches, rows, cols])), type)
                let got = try flat(try Nx.transpose(.tensor(t), axes: [0, 2, 1])).map(\.doubleValue)
                let source = try flat(t).map(\.doubleValue)
                var expected = [Double](repeating: 0, count: source.count)
                for b in 0..<batches {
                    for r in 0..<rows {
                        for c in 0..<cols { expected[(b * cols + c) * rows + r] = source[(b * rows + r) * cols + c] }
                    }
                }
                XCTAssertEqual(got, expected, "\(type) \(batches)x\(rows)x\(cols)")
            }
        }
    }

    /// Property: reshape to any factorization and back preserves the elements.
    func testReshapeRoundTrip() throws {
        let t = try Nx.iota([4, 6])
        for shape in [[24], [2, 12], [3, 2, 4], [1, 24, 1]] {
            let back = try Nx.reshape(.tensor(try Nx.reshape(.tensor(t), shape)), [4, 6])
            XCTAssertEqual(try flat(back), try flat(t))
        }
    }

    func testDotForms() throws {
        XCTAssertEqual(try summary(try Nx.dot(.tensor(try Nx.tensor(ints([1, 2, 3]))), .tensor(try Nx.tensor(ints([4, 5, 6]))))), "s64 [32]")
        XCTAssertEqual(try summary(try Nx.dot(.tensor(try Nx.iota([2, 3])), .tensor(try Nx.iota([3, 2])))), "s64[2][2] [10, 13, 28, 40]")
        let f = try Nx.dot(.tensor(try Nx.tensor(.list([floats([1, 2])]))), .tensor(try Nx.tensor(.list([floats([3]), floats([4])]))))
        XCTAssertEqual(try summary(f), "f32[1][1] [11.0]")
        let batched = try Nx.dot(.tensor(try Nx.iota([2, 2, 3])), contract: [2], batch: [0], .tensor(try Nx.iota([2, 3, 2])), contract: [1], batch: [0])
        XCTAssertEqual(try summary(batched), "s64[2][2][2] [10, 13, 28, 40, 172, 193, 244, 274]")
        let fb = try Nx.dot(.tensor(try Nx.iota([2, 2, 3], type: .f64)), contract: [2], batch: [0], .tensor(try Nx.iota([2, 3, 2], type: .f64)), contract: [1], batch: [0])
        XCTAssertEqual(try summary(fb), "f64[2][2][2] [10.0, 13.0, 28.0, 40.0, 172.0, 193.0, 244.0, 274.0]")
    }

    func testDotShapeMismatchMessage() {
        assertThrows(.argument("dot/zip expects shapes to be compatible, dimension 1 of left-side (3) does not equal dimension 0 of right-side (2)")) {
            try Nx.dot(.tensor(try Nx.iota([2, 3])), .tensor(try Nx.iota([2, 3])))
        }
    }

    func testOuter() throws {
        XCTAssertEqual(try summary(try Nx.outer(.tensor(try Nx.tensor(ints([1, 2]))), .tensor(try Nx.tensor(ints([3, 4, 5]))))), "s64[2][3] [3, 4, 5, 6, 8, 10]")
    }

    func testConcatenateStackReverseSlice() throws {
        let a = try Nx.iota([2, 2])
        XCTAssertEqual(try summary(try Nx.concatenate([.tensor(a), .tensor(a)], axis: 1)), "s64[2][4] [0, 1, 0, 1, 2, 3, 2, 3]")
        XCTAssertEqual(try summary(try Nx.stack([.tensor(try Nx.tensor(ints([1, 2]))), .tensor(try Nx.tensor(ints([3, 4])))], axis: 1)), "s64[2][2] [1, 3, 2, 4]")
        XCTAssertEqual(try summary(try Nx.reverse(.tensor(try Nx.iota([2, 3])), axes: [1])), "s64[2][3] [2, 1, 0, 5, 4, 3]")
        XCTAssertEqual(try summary(try Nx.slice(.tensor(try Nx.iota([4, 4])), [1, 5], [2, 2])), "s64[2][2] [6, 7, 10, 11]")
        XCTAssertEqual(try summary(try Nx.slice(.tensor(try Nx.iota([6])), [0], [6], strides: [2])), "s64[3] [0, 2, 4]")
    }

    func testEyeAndIota() throws {
        XCTAssertEqual(try summary(try Nx.eye([2, 3])), "s64[2][3] [1, 0, 0, 0, 1, 0]")
        XCTAssertEqual(try summary(try Nx.iota([2, 3], axis: 1)), "s64[2][3] [0, 1, 2, 0, 1, 2]")
        XCTAssertEqual(try summary(try Nx.iota([3], type: .f32)), "f32[3] [0.0, 1.0, 2.0]")
    }

    func testBinaryRoundTripAndBitcast() throws {
        let t = try Nx.tensor(floats([1.5, -2]))
        let bytes = try Nx.toBinary(t)
        XCTAssertEqual(bytes.count, 8)
        XCTAssertEqual(try summary(try Nx.fromBinary(bytes, type: .f32)), "f32[2] [1.5, -2.0]")
        XCTAssertEqual(try summary(try Nx.bitcast(.tensor(try Nx.tensor(floats([1]))), .s32)), "s32[1] [1065353216]")
    }
}
