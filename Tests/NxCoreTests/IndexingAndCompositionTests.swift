import XCTest
@testable import NxCore

final class IndexingAndCompositionTests: XCTestCase {
    func testPadWithInteriorAndNegative() throws {
        XCTAssertEqual(try summary(try Nx.pad(.tensor(try Nx.tensor(ints([1, 2, 3]))), .int(0), [(1, 2, 1)])), "s64[8] [0, 1, 0, 2, 0, 3, 0, 0]")
        XCTAssertEqual(try summary(try Nx.pad(.tensor(try Nx.tensor(ints([1, 2, 3]))), .int(9), [(-1, 1, 0)])), "s64[3] [2, 3, 9]")
    }

    func testTileAndFlatten() throws {
        XCTAssertEqual(try summary(try Nx.tile(.tensor(try Nx.tensor(ints([1, 2]))), [2, 2])), "s64[2][4] [1, 2, 1, 2, 1, 2, 1, 2]")
        XCTAssertEqual(try Nx.tile(.tensor(try Nx.tensor(matrix([[1, 2]]))), [2, 1, 2]).shape, [2, 1, 4])
        XCTAssertEqual(try summary(try Nx.flatten(.tensor(try Nx.iota([2, 2])))), "s64[4] [0, 1, 2, 3]")
    }

    func testTakeGatherAndAlongAxis() throws {
        let t = try Nx.tensor(matrix([[1, 2, 3], [4, 5, 6]]))
        XCTAssertEqual(try summary(try Nx.take(.tensor(t), try Nx.tensor(ints([1, 0, 1])))), "s64[3][3] [4, 5, 6, 1, 2, 3, 4, 5, 6]")
        XCTAssertEqual(try summary(try Nx.take(.tensor(t), try Nx.tensor(ints([2, 0])), axis: 1)), "s64[2][2] [3, 1, 6, 4]")
        let g = try Nx.tensor(matrix([[10, 20, 30], [40, 50, 60]]))
        XCTAssertEqual(try summary(try Nx.gather(.tensor(g), try Nx.tensor(matrix([[0, 1], [1, 2], [0, 0]])))), "s64[3] [20, 60, 10]")
        XCTAssertEqual(try summary(try Nx.gather(.tensor(g), try Nx.tensor(matrix([[1], [0]])))), "s64[2][3] [40, 50, 60, 10, 20, 30]")
        assertThrows(.argument("expected the last indices dimension size (3) to be less than or equal to the tensor rank (2)")) {
            try Nx.gather(.tensor(g), try Nx.tensor(matrix([[0, 0, 0]])))
        }
        let s = try Nx.tensor(matrix([[3, 1, 2], [9, 8, 7]]))
        XCTAssertEqual(try summary(try Nx.takeAlongAxis(.tensor(s), try Nx.argsort(.tensor(s), axis: 1), axis: 1)), "s64[2][3] [1, 2, 3, 7, 8, 9]")
        XCTAssertEqual(try summary(try Nx.takeAlongAxis(.tensor(s), try Nx.tensor(matrix([[1, 0, 1]])), axis: 0)), "s64[1][3] [9, 1, 7]")
    }

    func testIndexedAddAccumulatesDuplicates() throws {
        let idx = try Nx.tensor(matrix([[0, 0], [1, 2], [0, 0]]))
        let r = try Nx.indexedUpdate(.tensor(try Nx.broadcast(.int(0), [2, 3])), idx, .tensor(try Nx.tensor(ints([1, 5, 10]))), add: true)
        XCTAssertEqual(try summary(r), "s64[2][3] [11, 0, 0, 0, 0, 5]")
        let p = try Nx.indexedUpdate(.tensor(try Nx.tensor(ints([0, 0, 0, 0]))), try Nx.tensor(matrix([[3], [1]])), .tensor(try Nx.tensor(ints([8, 9]))), add: false)
        XCTAssertEqual(try summary(p), "s64[4] [0, 9, 0, 8]")
    }

    func testPutSliceClampsStart() throws {
        let r = try Nx.putSlice(.tensor(try Nx.iota([3, 3])), [1, 5], .tensor(try Nx.tensor(matrix([[10, 20], [30, 40]]))))
        XCTAssertEqual(try summary(r), "s64[3][3] [0, 1, 2, 3, 10, 20, 6, 30, 40]")
    }

    func testSortArgsortTopK() throws {
        let t = try Nx.tensor(matrix([[3, 1, 2], [0, 9, -4]]))
        XCTAssertEqual(try summary(try Nx.sort(.tensor(t))), "s64[2][3] [0, 1, -4, 3, 9, 2]")
        XCTAssertEqual(try summary(try Nx.sort(.tensor(t), descending: true)), "s64[2][3] [3, 9, 2, 0, 1, -4]")
        let v = try Nx.tensor(ints([3, 1, 2, 1, 3]))
        XCTAssertEqual(try summary(try Nx.argsort(.tensor(v))), "s64[5] [1, 3, 2, 0, 4]")
        XCTAssertEqual(try summary(try Nx.argsort(.tensor(v), descending: true)), "s64[5] [0, 4, 2, 1, 3]")
        let (values, indices) = try Nx.topK(.tensor(try Nx.tensor(ints([4, 9, 1, 7, 3]))), k: 2)
        XCTAssertEqual(try summary(values), "s64[2] [9, 7]")
        XCTAssertEqual(try summary(indices), "s64[2] [1, 3]")
    }

    func testCumulativeOps() throws {
        let t = try Nx.tensor(matrix([[1, 3, 2], [4, 0, 5]]))
        XCTAssertEqual(try summary(try Nx.cumulative(.sum, .tensor(t))), "s64[2][3] [1, 3, 2, 5, 3, 7]")
        XCTAssertEqual(try summary(try Nx.cumulative(.product, .tensor(t), axis: 1)), "s64[2][3] [1, 3, 6, 4, 0, 0]")
        XCTAssertEqual(try summary(try Nx.cumulative(.reduce_max, .tensor(t), axis: 1, reverse: true)), "s64[2][3] [3, 3, 2, 5, 5, 5]")
        assertThrows(.argument("given axis (2) invalid for shape with rank 2")) { try Nx.cumulative(.sum, .tensor(t), axis: 2) }
    }

    func testLinspaceAndTriangles() throws {
        XCTAssertEqual(try summary(try Nx.linspace(.int(0), .int(10), n: 5)), "f32[5] [0.0, 2.5, 5.0, 7.5, 10.0]")
        XCTAssertEqual(try summary(try Nx.linspace(.int(0), .int(1), n: 4, endpoint: false)), "f32[4] [0.0, 0.25, 0.5, 0.75]")
        XCTAssertEqual(try summary(try Nx.linspace(.int(0), .int(10), n: 6, type: .s64)), "s64[6] [0, 2, 4, 6, 8, 10]")
        XCTAssertEqual(try summary(try Nx.tri(3, 3, k: -1)), "u8[3][3] [0, 0, 0, 1, 0, 0, 1, 1, 0]")
        let t = try Nx.iota([3, 3])
        XCTAssertEqual(try summary(try Nx.triangle(.tensor(t), upper: true, k: 1)), "s64[3][3] [0, 1, 2, 0, 0, 5, 0, 0, 0]")
        XCTAssertEqual(try summary(try Nx.triangle(.tensor(t), upper: false, k: -1)), "s64[3][3] [0, 0, 0, 3, 0, 0, 6, 7, 0]")
    }

    func testDiagonals() throws {
        let t = try Nx.iota([3, 4])
        XCTAssertEqual(try summary(try Nx.takeDiagonal(.tensor(t))), "s64[3] [0, 5, 10]")
        XCTAssertEqual(try summary(try Nx.takeDiagonal(.tensor(t), offset: -1)), "s64[2] [4, 9]")
        XCTAssertEqual(try summary(try Nx.makeDiagonal(.tensor(try Nx.tensor(ints([7, 8]))), offset: -2)), "s64[4][4] [0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 8, 0, 0]")
        XCTAssertEqual(try summary(try Nx.putDiagonal(.tensor(try Nx.iota([3, 3])), .tensor(try Nx.tensor(ints([-1, -2, -3]))))), "s64[3][3] [-1, 1, 2, 3, -2, 5, 6, 7, -3]")
        assertThrows(.argument("take_diagonal/2 expects tensor of rank 2 or higher, got tensor of rank: 1")) {
            try Nx.takeDiagonal(.tensor(try Nx.iota([3])))
        }
    }

    func testMedianModeWeightedMean() throws {
        XCTAssertEqual(try summary(try Nx.median(.tensor(try Nx.tensor(ints([3, 1, 4, 1, 5]))))), "s64 [3]")
        XCTAssertEqual(try summary(try Nx.median(.tensor(try Nx.tensor(floats([3, 1, 4, 2]))))), "f32 [2.5]")
        let t = try Nx.tensor(matrix([[1, 9, 2], [8, 3, 7]]))
        XCTAssertEqual(try summary(try Nx.median(.tensor(t), axis: 1)), "s64[2] [2, 7]")
        XCTAssertEqual(try summary(try Nx.median(.tensor(t), axis: 0, keepAxis: true)), "f32[1][3] [4.5, 6.0, 4.5]")
        XCTAssertEqual(try summary(try Nx.mode(.tensor(try Nx.tensor(ints([2, 7, 7, 2, 7, 1]))))), "s64 [7]")
        XCTAssertEqual(try summary(try Nx.mode(.tensor(try Nx.tensor(matrix([[1, 1, 2], [3, 4, 4]]))), axis: 1)), "s64[2] [1, 4]")
        let w = try Nx.weightedMean(.tensor(try Nx.tensor(ints([1, 2, 3]))), .tensor(try Nx.tensor(ints([3, 2, 1]))))
        XCTAssertEqual(try summary(w), "f32 [1.6666666269302368]")
    }

    func testCustomReduce() throws {
        let t = try Nx.tensor(matrix([[1, 2, 3], [4, 5, 6]]))
        XCTAssertEqual(try summary(try Nx.reduce(.tensor(t), initial: .int(0)) { try Nx.add(.tensor($0), .tensor($1)) }), "s64 [21]")
        XCTAssertEqual(try summary(try Nx.reduce(.tensor(t), initial: .int(1), axes: [1]) { try Nx.multiply(.tensor($0), .tensor($1)) }), "s64[2] [6, 120]")
    }

    func testTemplateAndConstants() throws {
        XCTAssertEqual(try inspect(try Nx.template([2, 3], .f32)), "#Nx.Tensor<\n  f32[2][3]\n  Nx.TemplateBackend\n>")
        XCTAssertEqual(try summary(try NxConstants.pi()), "f32 [3.1415927410125732]")
        XCTAssertEqual(try summary(try NxConstants.minFinite(.f16)), "f16 [-65504.0]")
        XCTAssertEqual(try summary(try NxConstants.epsilon(.f32)), "f32 [1.1920928955078125e-7]")
        XCTAssertEqual(try summary(try NxConstants.smallestPositiveNormal(.bf16)), "bf16 [1.1754943508222875e-38]")
        XCTAssertEqual(try summary(try NxConstants.maxFinite(.s8)), "s8 [127]")
    }

    func testToBatchedRepeatsLeftover() throws {
        let batches = try Nx.toBatched(.tensor(try Nx.iota([5, 2])), 2)
        XCTAssertEqual(try batches.map(summary), ["s64[2][2] [0, 1, 2, 3]", "s64[2][2] [4, 5, 6, 7]", "s64[2][2] [8, 9, 0, 1]"])
        XCTAssertEqual(try Nx.toBatched(.tensor(try Nx.iota([5])), 2, discardLeftover: true).count, 2)
    }
}

final class AccessTests: XCTestCase {
    func testAccessIndexRangeAndNames() throws {
        let t = try Nx.iota([3, 4])
        XCTAssertEqual(try summary(try Nx.access(t, .index(1))), "s64[4] [4, 5, 6, 7]")
        XCTAssertEqual(try summary(try Nx.access(try Nx.access(t, .index(1)), .index(2))), "s64 [6]")
        XCTAssertEqual(try summary(try Nx.access(t, [(axis: 0, index: .all), (axis: 1, index: .range(first: 1, last: 2, step: 1))])), "s64[3][2] [1, 2, 5, 6, 9, 10]")
        XCTAssertEqual(try summary(try Nx.access(t, .index(-1))), "s64[4] [8, 9, 10, 11]")
        let n = try Nx.iota([2, 3], names: ["x", "y"])
        XCTAssertEqual(try summary(try Nx.access(n, [(axis: .name("y"), index: .index(1))])), "s64[x: 2] [1, 4]")
        XCTAssertEqual(try summary(try Nx.access(n, [(axis: .name("x"), index: .range(first: 0, last: 0, step: 1))])), "s64[x: 1][y: 3] [0, 1, 2]")
    }
}
