import XCTest
@testable import NxCore

/// Vectorized tensors: axes bookkeeping, inspect, entries and restacking.
final class VectorizeTests: XCTestCase {
    func testVectorizeTakesTheFirstAxisAndPrintsIt() throws {
        let v = try Nx.vectorize(.tensor(try Nx.iota([2, 3])), name: "rows")
        XCTAssertEqual(v.vectorizedAxes, [VectorizedAxis(name: "rows", size: 2)])
        XCTAssertEqual(v.innerTemplate.shape, [3])
        XCTAssertEqual(try inspect(v), "#Nx.Tensor<\n  vectorized[rows: 2]\n  s64[3]\n  [\n    [0, 1, 2],\n    [3, 4, 5]\n  ]\n>")
    }

    func testDevectorizeKeepsOrDropsTheAxisNames() throws {
        let v = try Nx.vectorize(.tensor(try Nx.iota([2, 3])), name: "rows")
        XCTAssertEqual(try Nx.devectorize(.tensor(v)).names, ["rows", nil])
        XCTAssertEqual(try Nx.devectorize(.tensor(v), keepNames: false).names, [nil, nil])
        XCTAssertFalse(try Nx.devectorize(.tensor(v)).isVectorized)
    }

    func testVectorizeWithWrongSizeRaises() throws {
        assertThrows(.argument("expected vectorized axis :x to have size 2, got: 3")) {
            try Nx.vectorize(.tensor(try Nx.iota([2, 3])), axes: [VectorizedAxis(name: "x", size: 3)])
        }
    }

    func testVectorEntryIsTheInnerTensorAtAnIndex() throws {
        let v = try Nx.vectorize(.tensor(try Nx.iota([2, 3])), name: "rows")
        let axes = v.vectorizedAxes
        XCTAssertEqual(try summary(try Nx.vectorEntry(v, axes: axes, index: [1])), "s64[3] [3, 4, 5]")
    }

    func testEntriesOfTwoVectorizedAxesFollowTheMergedOrder() throws {
        let x = try Nx.vectorize(.tensor(try Nx.tensor(ints([1, 2, 3]))), name: "x")
        let y = try Nx.vectorize(.tensor(try Nx.tensor(ints([100, 200]))), name: "y")
        let axes = try Nx.mergedVectorizedAxes([x, y])
        XCTAssertEqual(axes.map(\.name), ["x", "y"])
        let sums = try Nx.vectorIndices(axes).map { index in
            try Nx.add(.tensor(try Nx.vectorEntry(x, axes: axes, index: index)), .tensor(try Nx.vectorEntry(y, axes: axes, index: index)))
        }
        let r = try Nx.stackVectorized(sums, axes: axes)
        XCTAssertEqual(try inspect(r), "#Nx.Tensor<\n  vectorized[x: 3][y: 2]\n  s64\n  [\n    [101, 201],\n    [102, 202],\n    [103, 203]\n  ]\n>")
    }

    func testMergingAxesOfDifferentSizesRaises() throws {
        let a = try Nx.vectorize(.tensor(try Nx.iota([2])), name: "x")
        let b = try Nx.vectorize(.tensor(try Nx.iota([3])), name: "x")
        XCTAssertThrowsError(try Nx.mergedVectorizedAxes([a, b]))
    }

    func testRevectorizeRegroupsTheData() throws {
        let t = try Nx.iota([2, 3])
        let r = try Nx.revectorize(.tensor(t), axes: [VectorizedAxis(name: "a", size: 3)], targetShape: [2])
        XCTAssertEqual(r.vectorizedAxes.map(\.size), [3])
        XCTAssertEqual(try summary(try Nx.vectorEntry(r, axes: r.vectorizedAxes, index: [2])), "s64[2] [4, 5]")
    }
}
