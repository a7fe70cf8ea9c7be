import XCTest
@testable import NxCore

final class ReductionTests: XCTestCase {
    let t = try! Nx.tensor(matrix([[1, 2, 3], [4, 5, 6]]))

    func testSumAxesAndKeepAxes() throws {
        XCTAssertEqual(try summary(try Nx.sum(.tensor(t))), "s64 [21]")
        XCTAssertEqual(try summary(try Nx.sum(.tensor(t), axes: [0])), "s64[3] [5, 7, 9]")
        XCTAssertEqual(try summary(try Nx.sum(.tensor(t), axes: [1], keepAxes: true)), "s64[2][1] [6, 15]")
        XCTAssertEqual(try summary(try Nx.sum(.tensor(t), axes: [-1])), "s64[2] [6, 15]")
    }

    func testSumOfSmallIntegersWidensTo64Bits() throws {
        XCTAssertEqual(try summary(try Nx.sum(.tensor(try Nx.tensor(ints([1, 2]), type: .u8)))), "u64 [3]")
        XCTAssertEqual(try summary(try Nx.sum(.tensor(try Nx.tensor(ints([1, 2]), type: .s8)))), "s64 [3]")
        XCTAssertEqual(try summary(try Nx.sum(.tensor(try Nx.tensor(floats([1, 2]), type: .f16)))), "f16 [3.0]")
    }

    func testSumByName() throws {
        let n = try Nx.tensor(matrix([[1, 2], [3, 4]]), names: ["x", "y"])
        XCTAssertEqual(try summary(try Nx.sum(.tensor(n), axes: [.name("y")])), "s64[x: 2] [3, 7]")
    }

    func testInvalidAxisMessage() {
        assertThrows(.argument("given axis (3) invalid for shape with rank 1")) {
            try Nx.sum(.tensor(try Nx.iota([2])), axes: [3])
        }
    }

    func testArgmaxArgminTieBreak() throws {
        let m = try Nx.tensor(matrix([[1, 9, 9], [7, 2, 8]]))
        XCTAssertEqual(try summary(try Nx.argReduce(max: true, .tensor(m))), "s64 [1]")
        XCTAssertEqual(try summary(try Nx.argReduce(max: true, .tensor(m), axis: 1)), "s64[2] [1, 2]")
        XCTAssertEqual(try summary(try Nx.argReduce(max: false, .tensor(m), axis: 0, tieBreakHigh: true)), "s64[3] [0, 1, 1]")
        let u = try Nx.tensor(matrix([[2, 1, 1], [0, 0, 5]]))
        XCTAssertEqual(try summary(try Nx.argReduce(max: false, .tensor(u), tieBreakHigh: true)), "s64 [4]")
        XCTAssertEqual(try summary(try Nx.argReduce(max: true, .tensor(u), axis: 0, keepAxis: true)), "s64[1][3] [0, 0, 1]")
    }

    func testProductMeanVariance() throws {
        let m = try Nx.tensor(matrix([[1, 2], [3, 4]]))
        XCTAssertEqual(try summary(try Nx.reduce(.product, .tensor(m))), "s64 [24]")
        XCTAssertEqual(try summary(try Nx.mean(.tensor(m), axes: [1])), "f32[2] [1.5, 3.5]")
        let f = try Nx.tensor(.list([floats([1, 2, 3]), floats([4, 6, 8])]))
        XCTAssertEqual(try summary(try Nx.variance(.tensor(f))), "f32 [5.666666507720947]")
        XCTAssertEqual(try summary(try Nx.variance(.tensor(f), axes: [1], ddof: 1)), "f32[2] [1.0, 4.0]")
        XCTAssertEqual(try summary(try Nx.standardDeviation(.tensor(f), axes: [0], keepAxes: true)), "f32[1][3] [1.5, 2.0, 2.5]")
    }

    func testLogsumexpIsStable() throws {
        let f = try Nx.tensor(.list([floats([1, 2, 3]), floats([-1, 0, 1000])]))
        XCTAssertEqual(try summary(try Nx.logsumexp(.tensor(f), axes: [1])), "f32[2] [3.4076058864593506, 1.0e3]")
        let scaled = try Nx.logsumexp(.tensor(try Nx.tensor(floats([0, 0]))), expScalingFactor: .tensor(try Nx.tensor(floats([1, 3]))))
        XCTAssertEqual(try summary(scaled), "f32 [1.3862943649291992]")
    }

    func testAllCloseAndAllAny() throws {
        let x = try Nx.tensor(floats([1, 2, 3]))
        XCTAssertEqual(try summary(try Nx.allClose(.tensor(x), .tensor(try Nx.add(.tensor(x), .float(1e-9))))), "u8 [1]")
        XCTAssertEqual(try summary(try Nx.allClose(.tensor(x), .tensor(try Nx.add(.tensor(x), .float(0.01))))), "u8 [0]")
        let b = try Nx.tensor(matrix([[0, 1], [1, 1]]))
        XCTAssertEqual(try summary(try Nx.reduce(.all, .tensor(b))), "u8 [0]")
        XCTAssertEqual(try summary(try Nx.reduce(.any, .tensor(b), axes: [0])), "u8[2] [1, 1]")
    }

    /// Property: summing over all axes equals summing axis by axis, on random shapes.
    func testSumOverAllAxesEqualsSumOfSums() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let shape = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int.random(in: 1...6, using: &rng) }
            let t = try Nx.iota(shape)
            var partial = t
            while partial.rank > 0 { partial = try Nx.sum(.tensor(partial), axes: [.index(partial.rank - 1)]) }
            XCTAssertEqual(try flat(partial), try flat(try Nx.sum(.tensor(t))))
        }
    }

    func testLargeF32SumMatchesDouble() throws {
        let t = try Nx.iota([1000, 300], type: .f32)
        let rows = try flat(try Nx.sum(.tensor(t), axes: [1]))
        for r in [0, 499, 999] {
            let expected = (0..<300).reduce(0.0) { $0 + Double(r * 300 + $1) }
            XCTAssertEqual(rows[r].doubleValue, expected, accuracy: expected * 1e-6)
        }
        let cols = try flat(try Nx.sum(.tensor(t), axes: [0]))
        let col7 = (0..<1000).reduce(0.0) { $0 + Double($1 * 300 + 7) }
        XCTAssertEqual(cols[7].doubleValue, col7, accuracy: col7 * 1e-6)
    }
}

final class ArgmaxRowTests: XCTestCase {
    /// Rows longer than one SIMD block take the vectorized path; NaN wins as in the scalar path.
    func testLongRowArgmaxWithTiesAndNaN() throws {
        var values = (0..<40).map { Double($0 % 7) }
        let plain = try Nx.tensor(floats(values))
        XCTAssertEqual(try summary(try Nx.argReduce(max: true, .tensor(plain))), "s64 [6]")
        XCTAssertEqual(try summary(try Nx.argReduce(max: true, .tensor(plain), tieBreakHigh: true)), "s64 [34]")
        XCTAssertEqual(try summary(try Nx.argReduce(max: false, .tensor(plain), tieBreakHigh: true)), "s64 [35]")
        values[20] = .nan
        XCTAssertEqual(try summary(try Nx.argReduce(max: false, .tensor(try Nx.tensor(floats(values))))), "s64 [20]")
        XCTAssertEqual(try summary(try Nx.argReduce(max: true, .tensor(try Nx.tensor(floats(values))), tieBreakHigh: true)), "s64 [20]")
    }

    /// Many rows mixing ties, infinities and signed zeros across SIMD blocks and tails, checked
    /// against a plain scan for every (max/min, first/last) combination.
    func testManyRowsMatchPlainScan() throws {
        let pool: [Float] = [-.infinity, -1, -0.0, 0, 2, .infinity]
        var state: UInt32 = 12345
        let rows = 6, cols = 97
        var data = (0..<(rows * cols)).map { _ -> Float in
            state = state &* 1_103_515_245 &+ 12345
            return pool[Int(state >> 16) % pool.count]
        }
        for k in 0..<cols { data[k] = -.infinity }            // row 0: all -inf
        for k in 0..<cols { data[cols + k] = .infinity }      // row 1: all +inf
        data[2 * cols + 40] = .nan                            // row 2: NaN inside a SIMD block
        data[3 * cols + 40] = .nan; data[3 * cols + 60] = .nan // row 3: two NaNs
        data[4 * cols + 96] = .nan                            // row 4: NaN in the tail
        let t = try Nx.reshape(.tensor(try Nx.tensor(floats(data.map(Double.init)), type: .f32)), [rows, cols])
        for max in [true, false] {
            for high in [false, true] {
                let got = try flat(try Nx.argReduce(max: max, .tensor(t), axis: 1, tieBreakHigh: high)).map(\.doubleValue)
                for r in 0..<rows {
                    let row = Array(data[(r * cols)..<((r + 1) * cols)])
                    var expected = 0
                    if let firstNaN = row.firstIndex(where: \.isNaN) {
                        expected = high ? row.lastIndex(where: \.isNaN)! : firstNaN
                    } else {
                        for (k, v) in row.enumerated() {
                            let better = max ? v > row[expected] : v < row[expected]
                            if better || (high && v == row[expected]) { expected = k }
                        }
                    }
                    XCTAssertEqual(got[r], Double(expected), "row \(r) max: \(max) high: \(high)")
                }
            }
        }
    }

    func testLongRowArgmaxOfNegativesAndSignedZeros() throws {
        var values = (0..<20).map { -Double($0) - 1 }
        values[3] = -0.0
        values[9] = 0.0
        let t = try Nx.tensor(floats(values))
        XCTAssertEqual(try summary(try Nx.argReduce(max: true, .tensor(t))), "s64 [3]")
        XCTAssertEqual(try summary(try Nx.argReduce(max: true, .tensor(t), tieBreakHigh: true)), "s64 [9]")
        XCTAssertEqual(try summary(try Nx.argReduce(max: false, .tensor(t))), "s64 [19]")
        let f64 = try Nx.asType(.tensor(t), .f64)
        XCTAssertEqual(try summary(try Nx.argReduce(max: true, .tensor(f64))), "s64 [3]")
    }
}

/// Zero-size dims reach the native reductions only from Swift (the language refuses them):
/// empty results and identity values, no division by zero; an arg-reduction of an empty axis
/// has no answer and says so.
final class EmptyReductionTests: XCTestCase {
    let native = NativeBackend.shared

    func empty(_ shape: [Int]) throws -> Tensor { try native.fromBinary(TensorTemplate(type: .f32, shape: shape), []) }

    func testReducingAroundAZeroDimGivesEmptyOrIdentityResults() throws {
        let t = try empty([0, 3])
        XCTAssertEqual(try summary(try native.reduce(.sum, TensorTemplate(type: .f32, shape: [0]), t, axes: [1])), "f32[0] []")
        XCTAssertEqual(try summary(try native.reduce(.sum, TensorTemplate(type: .f32, shape: [3]), t, axes: [0])), "f32[3] [0.0, 0.0, 0.0]")
        XCTAssertEqual(try summary(try native.reduce(.reduce_max, TensorTemplate(type: .f32, shape: [3]), t, axes: [0])),
                       "f32[3] [-Inf, -Inf, -Inf]")
        let scattered = try empty([2, 0, 3])
        XCTAssertEqual(try summary(try native.reduce(.product, TensorTemplate(type: .f32, shape: [0]), scattered, axes: [0, 2])), "f32[0] []")
    }

    func testArgmaxOfAnEmptyAxisRaises() throws {
        assertThrows(.argument("cannot take the argmax of an empty axis")) {
            try self.native.argReduce(max: true, TensorTemplate(type: .s64, shape: [3]), try self.empty([0, 3]), axis: 0, tieBreakHigh: false)
        }
        XCTAssertEqual(try summary(try native.argReduce(max: false, TensorTemplate(type: .s64, shape: [0]), try empty([0, 3]), axis: 1,
                                                         tieBreakHigh: false)), "s64[0] []")
    }
}

/// reduce_max and reduce_min fold like Nx's `max(acc, x)`: on a tie between -0.0 and 0.0 the
/// earlier element's sign is kept.
final class SignedZeroReductionTests: XCTestCase {
    func reduced(_ op: ReduceOp, _ xs: [Float], axes: [Axis]? = nil) throws -> [UInt32] {
        let t = try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: [1, xs.count]), xs.withUnsafeBytes { Array($0) })
        return try flat(try Nx.reduce(op, .tensor(t), axes: axes)).map { Float($0.doubleValue).bitPattern }
    }

    func testTiesBetweenZerosKeepTheFirst() throws {
        for axes in [nil, [1]] as [[Axis]?] {
            XCTAssertEqual(try reduced(.reduce_max, [0.0, -0.0], axes: axes), [Float(0.0).bitPattern])
            XCTAssertEqual(try reduced(.reduce_max, [-0.0, 0.0], axes: axes), [Float(-0.0).bitPattern])
            XCTAssertEqual(try reduced(.reduce_max, [-1, -0.0, 0.0, -2], axes: axes), [Float(-0.0).bitPattern])
            XCTAssertEqual(try reduced(.reduce_min, [0.0, -0.0], axes: axes), [Float(0.0).bitPattern])
            XCTAssertEqual(try reduced(.reduce_min, [-0.0, 0.0], axes: axes), [Float(-0.0).bitPattern])
        }
    }
}
