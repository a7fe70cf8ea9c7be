import XCTest
@testable import NxCore

final class ElementwiseTests: XCTestCase {
    let a = try! Nx.tensor(ints([1, 2, 3]))

    func testIntegerPowStaysInteger() throws {
        XCTAssertEqual(try summary(try Nx.binary(.pow, .tensor(a), .int(2))), "s64[3] [1, 4, 9]")
        XCTAssertEqual(try summary(try Nx.binary(.pow, .tensor(try Nx.tensor(floats([1, 2]))), .float(0.5))), "f32[2] [1.0, 1.4142135381698608]")
    }

    func testShiftsAndBitwise() throws {
        let u = try Nx.tensor(ints([255, 128, 7]), type: .u8)
        XCTAssertEqual(try summary(try Nx.binary(.right_shift, .tensor(u), .int(3))), "u8[3] [31, 16, 0]")
        let s = try Nx.binary(.right_shift, .tensor(try Nx.tensor(ints([-1, -8, 1024]))), .tensor(a))
        XCTAssertEqual(try summary(s), "s64[3] [-1, -2, 128]")
        XCTAssertEqual(try summary(try Nx.binary(.left_shift, .tensor(try Nx.tensor(ints([1, 2, 12]))), .int(2))), "s64[3] [4, 8, 48]")
        XCTAssertEqual(try summary(try Nx.unary(.bitwise_not, .tensor(try Nx.tensor(ints([1, 2, 12]))))), "s64[3] [-2, -3, -13]")
        XCTAssertEqual(try summary(try Nx.binary(.bitwise_xor, .tensor(try Nx.tensor(ints([5, 12]))), .int(6))), "s64[2] [3, 10]")
    }

    func testBitwiseOnFloatsRaises() {
        assertThrows(.argument("bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: {:f, 32}")) {
            try Nx.unary(.bitwise_not, .tensor(try Nx.tensor(floats([1]))))
        }
    }

    func testQuotientRemainderTruncate() throws {
        let t = try Nx.tensor(ints([7, -7]))
        XCTAssertEqual(try summary(try Nx.binary(.quotient, .tensor(t), .int(2))), "s64[2] [3, -3]")
        XCTAssertEqual(try summary(try Nx.binary(.remainder, .tensor(t), .int(2))), "s64[2] [1, -1]")
        assertThrows(.arithmetic()) { try Nx.binary(.quotient, .tensor(t), .int(0)) }
    }

    func testRoundingHalfAwayFromZero() throws {
        let t = try Nx.tensor(floats([-1.5, -0.5, 0.5, 1.5, 2.7]))
        XCTAssertEqual(try summary(try Nx.unary(.round, .tensor(t))), "f32[5] [-2.0, -1.0, 1.0, 2.0, 3.0]")
        XCTAssertEqual(try summary(try Nx.unary(.floor, .tensor(t))), "f32[5] [-2.0, -1.0, 0.0, 1.0, 2.0]")
        XCTAssertEqual(try summary(try Nx.unary(.ceil, .tensor(t))), "f32[5] [-1.0, -0.0, 1.0, 2.0, 3.0]")
    }

    func testComparisonsAndLogicalGiveU8() throws {
        let b = try Nx.tensor(ints([3, 2, 1]))
        XCTAssertEqual(try summary(try Nx.binary(.less, .tensor(a), .tensor(b))), "u8[3] [1, 0, 0]")
        XCTAssertEqual(try summary(try Nx.binary(.greater_equal, .tensor(a), .tensor(b))), "u8[3] [0, 1, 1]")
        let z = try Nx.tensor(ints([0, 1, 2]))
        XCTAssertEqual(try summary(try Nx.unary(.logical_not, .tensor(z))), "u8[3] [1, 0, 0]")
        XCTAssertEqual(try summary(try Nx.binary(.logical_xor, .tensor(z), .tensor(try Nx.tensor(ints([1, 0, 2]))))), "u8[3] [1, 1, 0]")
    }

    func testUnaryMathOnF32MatchesNx() throws {
        let t = try Nx.tensor(floats([0.5, 1.0, 2.0]))
        XCTAssertEqual(try summary(try Nx.unary(.exp, .tensor(t))), "f32[3] [1.6487212181091309, 2.7182817459106445, 7.389056205749512]")
        XCTAssertEqual(try summary(try Nx.unary(.sigmoid, .tensor(t))), "f32[3] [0.622459352016449, 0.7310585975646973, 0.8807970881462097]")
        XCTAssertEqual(try summary(try Nx.unary(.erf, .tensor(t))), "f32[3] [0.5204998850822449, 0.8427007794380188, 0.9953222870826721]")
        XCTAssertEqual(try summary(try Nx.unary(.exp, .tensor(a))), "f32[3] [2.7182817459106445, 7.389056205749512, 20.08553695678711]")
    }

    func testErfInvIsGilesApproximationAsInNx() throws {
        // Nx 0.7.2 prints these (nx_erf_family): the approximation's digits, not the exact inverse.
        let x = try Nx.tensor(floats([-0.9, -0.5, 0.0, 0.5, 0.9]), type: .f64)
        XCTAssertEqual(try summary(try Nx.unary(.erf_inv, .tensor(x))),
                       "f64[5] [-1.1630871013750377, -0.47693629334671295, 0.0, 0.47693629334671295, 1.1630871013750377]")
        let roundTrip = try Nx.unary(.erf, .tensor(try Nx.unary(.erf_inv, .tensor(x))))
        for (v, w) in zip(try flat(roundTrip), try flat(x)) { XCTAssertEqual(v.doubleValue, w.doubleValue, accuracy: 1e-6) }
    }

    func testComplexPartsAndAbs() throws {
        let t = try Nx.tensor(.list([.number(.complex(3, 4)), .number(.complex(-1, -1)), .number(.complex(0, 2))]))
        XCTAssertEqual(try summary(try Nx.unary(.conjugate, .tensor(t))), "c64[3] [3.0-4.0i, -1.0+1.0i, 0.0-2.0i]")
        XCTAssertEqual(try summary(try Nx.unary(.abs, .tensor(t))), "f32[3] [5.0, 1.4142135381698608, 2.0]")
        XCTAssertEqual(try summary(try Nx.unary(.phase, .tensor(t))), "f32[3] [0.9272952079772949, -2.356194496154785, 1.5707963705062866]")
        let r = try Nx.tensor(floats([1, -2]))
        XCTAssertEqual(try summary(try Nx.unary(.conjugate, .tensor(r))), "c64[2] [1.0-0.0i, -2.0-0.0i]")
        XCTAssertEqual(try summary(try Nx.multiply(.tensor(r), .number(.complex(0, 1)))), "c64[2] [0.0+1.0i, -0.0-2.0i]")
    }

    func testFloatDivisionByZeroIsIEEE() throws {
        let t = try Nx.divide(.tensor(try Nx.tensor(floats([1, -1, 0]))), .int(0))
        XCTAssertEqual(try summary(t), "f32[3] [Inf, -Inf, NaN]")
    }

    func testBroadcastingWithNames() throws {
        let x = try Nx.tensor(matrix([[1, 2]]), names: ["x", "y"])
        let y = try Nx.tensor(matrix([[10], [20]]), names: ["x", nil])
        XCTAssertEqual(try summary(try Nx.add(.tensor(x), .tensor(y))), "s64[x: 2][y: 2] [11, 12, 21, 22]")
        assertThrows(.argument("cannot broadcast tensor of dimensions {2, 3} to {3, 2}")) {
            try Nx.add(.tensor(try Nx.iota([2, 3])), .tensor(try Nx.iota([3, 2])))
        }
    }

    func testSelectAndClip() throws {
        let s = try Nx.select(.tensor(try Nx.tensor(ints([1, 0, 1]))), .tensor(a), .tensor(try Nx.tensor(ints([4, 5, 6]))))
        XCTAssertEqual(try summary(s), "s64[3] [1, 5, 3]")
        XCTAssertEqual(try summary(try Nx.clip(.tensor(try Nx.tensor(ints([-2, 5, 10]))), .int(0), .int(6))), "s64[3] [0, 5, 6]")
    }

    func testSelectReadsScalarsAndFullOperandsInPlaceAndBroadcastsRows() throws {
        let pred = try Nx.tensor(matrix([[1, 0, 2], [0, 0, 1]]))
        let full = try Nx.iota([2, 3], type: .f32)
        XCTAssertEqual(try summary(try Nx.select(.tensor(pred), .tensor(full), .float(-1))), "f32[2][3] [0.0, -1.0, 2.0, -1.0, -1.0, 5.0]")
        XCTAssertEqual(try summary(try Nx.select(.tensor(pred), .int(7), .tensor(full))), "f32[2][3] [7.0, 1.0, 7.0, 3.0, 4.0, 7.0]")
        XCTAssertEqual(try summary(try Nx.select(.tensor(pred), .int(1), .int(0))), "s64[2][3] [1, 0, 1, 0, 0, 1]")
        let row = try Nx.tensor(ints([10, 20, 30]))
        XCTAssertEqual(try summary(try Nx.select(.tensor(pred), .tensor(row), .tensor(try Nx.iota([2, 1])))), "s64[2][3] [10, 0, 30, 1, 1, 30]")
        // A scalar predicate picks one whole operand.
        XCTAssertEqual(try summary(try Nx.select(.int(0), .tensor(row), .int(5))), "s64[3] [5, 5, 5]")
        XCTAssertEqual(try summary(try Nx.select(.int(1), .tensor(row), .int(5))), "s64[3] [10, 20, 30]")
        let wide = try Nx.select(.tensor(try Nx.iota([3], type: .u8)), .tensor(try Nx.tensor(ints([1, 2, 3]), type: .c128)), .int(0))
        XCTAssertEqual(try flat(wide).map { $0.doubleValue }, [0, 2, 3])
    }

    func testBroadcastAddOfRowMatchesScalarLoop() throws {
        let m = try Nx.iota([300, 257], type: .f32)
        let row = try Nx.iota([257], type: .f32)
        let r = try flat(try Nx.add(.tensor(m), .tensor(row)))
        for i in stride(from: 0, to: 300 * 257, by: 97) {
            XCTAssertEqual(r[i].doubleValue, Double(i) + Double(i % 257))
        }
    }
}
