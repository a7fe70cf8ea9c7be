import XCTest
@testable import Lang

final class NxShapeAndAccessTests: XCTestCase {
    func testReshapeWithAuto() throws {
        XCTAssertEqual(render(try nxEval("Nx.reshape(Nx.iota({6}), {:auto, 2}) |> Nx.shape()")), "{3, 2}")
    }

    func testReshapeIncompatibleRaises() {
        XCTAssertNxRaises("Nx.reshape(Nx.iota({6}), {4})", "ArgumentError",
                          "cannot reshape, current shape {6} is not compatible with new shape {4}")
    }

    func testTransposeTwiceIsIdentity() throws {
        XCTAssertEqual(render(try nxEval("t = Nx.iota({2, 3, 4}); Nx.equal(Nx.transpose(Nx.transpose(t)), t) |> Nx.all() |> Nx.to_number()")), "1")
    }

    func testReshapeOfReshapeKeepsElements() throws {
        XCTAssertEqual(render(try nxEval("Nx.iota({12}) |> Nx.reshape({3, 4}) |> Nx.reshape({2, 6}) |> Nx.to_flat_list() |> Enum.sum()")), "66")
    }

    func testReshapeAndTransposeRoundTripOnRandomShapes() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let dims = (0..<Int.random(in: 1...3, using: &generator)).map { _ in Int.random(in: 1...4, using: &generator) }
            let shape = "{" + dims.map(String.init).joined(separator: ", ") + "}"
            let size = dims.reduce(1, *)
            let code = """
                t = Nx.iota(\(shape))
                back = t |> Nx.reshape({\(size)}) |> Nx.reshape(\(shape))
                twice = t |> Nx.transpose() |> Nx.transpose()
                {Nx.shape(back) == Nx.shape(t), Nx.to_flat_list(back) == Nx.to_flat_list(t), Nx.to_flat_list(twice) == Nx.to_flat_list(t)}
                """
            XCTAssertEqual(render(try nxEval(code)), "{true, true, true}", "shape \(shape)")
        }
    }

    func testFlattenWithAxesMergesThem() throws {
        XCTAssertEqual(render(try nxEval("Nx.flatten(Nx.iota({2, 3, 4}), axes: [1, 2]) |> Nx.shape()")), "{2, 12}")
    }

    func testSliceWithTensorStart() throws {
        XCTAssertEqual(render(try nxEval("Nx.slice(Nx.iota({5}), [Nx.tensor(3)], [2]) |> Nx.to_list()")), "[3, 4]")
    }

    func testDotBatched() throws {
        XCTAssertEqual(render(try nxEval("Nx.dot(Nx.iota({2, 2, 3}), [2], [0], Nx.iota({2, 3, 2}), [1], [0]) |> Nx.shape()")), "{2, 2, 2}")
    }

    func testTopKReturnsTuple() throws {
        XCTAssertEqual(render(try nxEval("{v, i} = Nx.top_k(Nx.tensor([4, 9, 1]), k: 2); {Nx.to_list(v), Nx.to_list(i)}")), "{[9, 4], [1, 0]}")
    }

    func testAccessIntegerDropsAxis() throws {
        XCTAssertEqual(render(try nxEval("Nx.iota({3, 4})[1] |> Nx.to_list()")), "[4, 5, 6, 7]")
    }

    func testAccessNegativeIndexCountsFromEnd() throws {
        XCTAssertEqual(render(try nxEval("Nx.iota({3, 4})[-1][-1] |> Nx.to_number()")), "11")
    }

    func testAccessListOfIndexAndRange() throws {
        XCTAssertEqual(render(try nxEval("Nx.iota({3, 4})[[1, 1..2]] |> Nx.to_list()")), "[5, 6]")
    }

    func testAccessByName() throws {
        XCTAssertEqual(render(try nxEval("Nx.iota({2, 3}, names: [:x, :y])[y: 1] |> Nx.to_list()")), "[1, 4]")
    }

    func testAccessWithIndexTensorTakes() throws {
        XCTAssertEqual(render(try nxEval("Nx.tensor([5, 6, 7])[Nx.tensor([2, 0])] |> Nx.to_list()")), "[7, 5]")
    }

    func testAccessOutOfBoundsRaises() {
        XCTAssertNxRaises("Nx.tensor([1, 2, 3])[5]", "ArgumentError", "index 5 is out of bounds for axis 0 in shape {3}")
    }

    func testAccessDecreasingRangeRaises() {
        XCTAssertNxRaises("Nx.iota({4})[2..1//1]", "ArgumentError", "slicing a tensor requires an increasing range, got: 2..1//-1")
    }

    func testAccessRangeEndOutOfBoundsRaises() {
        XCTAssertNxRaises("Nx.iota({4})[1..9]", "ArgumentError", "index 9 is out of bounds for axis 0 in shape {4}")
    }

    func testAccessOnScalarRaises() {
        XCTAssertRaises("ArgumentError") { try nxEval("Nx.tensor(1)[0]") }
    }

    func testAccessEmptyListIsTheTensor() throws {
        XCTAssertEqual(render(try nxEval("Nx.iota({2})[[]] |> Nx.to_list()")), "[0, 1]")
    }

    func testStructFields() throws {
        XCTAssertEqual(render(try nxEval("t = Nx.iota({2, 3}, names: [:a, nil], type: :f32); {t.shape, t.type, t.names}")),
                       "{{2, 3}, {:f, 32}, [:a, nil]}")
    }

    func testIsStructRecognizesTensors() throws {
        XCTAssertEqual(render(try nxEval("{is_struct(Nx.tensor(1)), is_struct(Nx.tensor(1), Nx.Tensor), is_struct(Nx.tensor(1), Map)}")),
                       "{true, true, false}")
    }

    func testInspectHonorsLimit() throws {
        let text = Inspector.ioInspect(try nxEval("Nx.iota({4})"), try InspectOptions(keyword: .list([.tuple([.atom("limit"), .int(2)])])))
        XCTAssertEqual(text, "#Nx.Tensor<\n  s64[4]\n  [0, 1, ...]\n>")
    }
}
