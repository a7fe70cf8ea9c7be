import XCTest
@testable import Lang

/// Vectorized tensors through the Nx bindings: every function maps over the vectorized axes.
final class NxVectorizeBindingTests: XCTestCase {
    func testSumOfVectorizedTensorSumsEachEntry() throws {
        let r = try evaluate("Nx.sum(Nx.vectorize(Nx.tensor([[1, 2], [3, 4], [5, 6]]), :x))").result
        XCTAssertEqual(r, "#Nx.Tensor<\n  vectorized[x: 3]\n  s64\n  [3, 7, 11]\n>")
    }

    func testAddBroadcastsAPlainTensorOverEachEntry() throws {
        let r = try evaluate("Nx.add(Nx.vectorize(Nx.tensor([[1, 2], [3, 4]]), :x), Nx.tensor([10, 20]))").result
        XCTAssertEqual(r, "#Nx.Tensor<\n  vectorized[x: 2]\n  s64[2]\n  [\n    [11, 22],\n    [13, 24]\n  ]\n>")
    }

    func testShapeAndFieldsSeeTheInnerShape() throws {
        XCTAssertEqual(try evaluate("Nx.shape(Nx.vectorize(Nx.iota({2, 3}), :rows))").result, "{3}")
        XCTAssertEqual(try evaluate("Nx.vectorize(Nx.iota({2, 3}), :rows).vectorized_axes").result, "[rows: 2]")
        XCTAssertEqual(try evaluate("Nx.vectorize(Nx.iota({2, 3}), :rows).shape").result, "{3}")
    }

    func testVectorizeWithAKeywordListTakesSeveralAxes() throws {
        let r = try evaluate("Nx.vectorize(Nx.iota({2, 3, 1}), a: 2, b: 3).vectorized_axes").result
        XCTAssertEqual(r, "[a: 2, b: 3]")
    }

    func testArgmaxOfVectorizedTensor() throws {
        let r = try evaluate("Nx.argmax(Nx.vectorize(Nx.tensor([[1, 9, 2], [7, 0, 3]]), :x))").result
        XCTAssertEqual(r, "#Nx.Tensor<\n  vectorized[x: 2]\n  s64\n  [1, 0]\n>")
    }

    func testBroadcastVectorsGivesEveryTensorAllAxes() throws {
        let code = """
        [a, b] = Nx.broadcast_vectors([Nx.vectorize(Nx.tensor([1, 2]), :x), Nx.vectorize(Nx.tensor([3, 4, 5]), :y)])
        {a.vectorized_axes, b.vectorized_axes, Nx.to_flat_list(Nx.devectorize(a))}
        """
        XCTAssertEqual(try evaluate(code).result, "{[x: 2, y: 3], [x: 2, y: 3], [1, 1, 1, 2, 2, 2]}")
    }

    func testReshapeVectorsAddsSizeOneAxes() throws {
        let code = """
        [a, _] = Nx.reshape_vectors([Nx.vectorize(Nx.tensor([1, 2]), :x), Nx.vectorize(Nx.tensor([3, 4, 5]), :y)])
        a.vectorized_axes
        """
        XCTAssertEqual(try evaluate(code).result, "[x: 2, y: 1]")
    }

    func testMismatchedVectorizedSizesRaise() throws {
        let banner = errorBanner("Nx.add(Nx.vectorize(Nx.iota({2}), :x), Nx.vectorize(Nx.iota({3}), :x))")
        XCTAssertEqual(banner, "** (ArgumentError) expected vectorized axis :x to have the same size in all tensors, got 2 and 3")
    }

    func testElementwiseBroadcastsInnerShapesOfDifferentRank() throws {
        let code = "Nx.multiply(Nx.vectorize(Nx.tensor([[1, 2, 3], [4, 5, 6]]), :x), Nx.tensor([[1], [10]])) |> Nx.devectorize() |> Nx.to_flat_list()"
        XCTAssertEqual(try evaluate(code).result, "[1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60]")
        let shape = "Nx.multiply(Nx.vectorize(Nx.tensor([[1, 2, 3], [4, 5, 6]]), :x), Nx.tensor([[1], [10]])) |> Nx.shape()"
        XCTAssertEqual(try evaluate(shape).result, "{2, 3}")
    }

    func testUnaryOfVectorizedKeepsTheAxes() throws {
        let r = try evaluate("Nx.negate(Nx.vectorize(Nx.tensor([1, 2]), :x))").result
        XCTAssertEqual(r, "#Nx.Tensor<\n  vectorized[x: 2]\n  s64\n  [-1, -2]\n>")
    }

    func testMetadataOfVectorizedTensorIsTheInnerOne() throws {
        XCTAssertEqual(try evaluate("v = Nx.vectorize(Nx.iota({4, 2, 3}), :x)\n{Nx.rank(v), Nx.size(v), Nx.axis_size(v, 1), Nx.type(v)}").result,
                       "{2, 6, 3, {:s, 64}}")
    }
}
