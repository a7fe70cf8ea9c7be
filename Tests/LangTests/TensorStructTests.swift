import XCTest
@testable import Lang

/// Tensors behave as the `%Nx.Tensor{}` structs they are in Elixir.
final class TensorStructTests: XCTestCase {
    func testStructPatternBindsShapeTypeNamesAndVectorizedAxes() throws {
        let code = """
        %Nx.Tensor{shape: s, type: t, names: n, vectorized_axes: v} = Nx.tensor([[1, 2]], names: [:a, nil])
        {s, t, n, v}
        """
        XCTAssertEqual(try nxInspect(code), "{{1, 2}, {:s, 64}, [:a, nil], []}")
    }

    func testEmptyStructAndMapPatternsMatchTensorsOnly() throws {
        XCTAssertEqual(try nxInspect("match?(%Nx.Tensor{}, Nx.tensor(1))"), "true")
        XCTAssertEqual(try nxInspect("match?(%{shape: {2}}, Nx.tensor([1, 2]))"), "true")
        XCTAssertEqual(try nxInspect("match?(%Range{}, Nx.tensor(1))"), "false")
        XCTAssertEqual(try nxInspect("match?(%Nx.Tensor{}, %{shape: {}})"), "false")
        XCTAssertEqual(try nxInspect("%Nx.Tensor{} = t = Nx.tensor(7); Nx.to_number(t)"), "7")
    }

    func testVectorizedTensorStructShowsInnerShapeAndAxes() throws {
        let code = "%Nx.Tensor{shape: s, vectorized_axes: v} = Nx.vectorize(Nx.iota({2, 3}), :x); {s, v}"
        XCTAssertEqual(try nxInspect(code), "{{3}, [x: 2]}")
    }

    func testEqualityComparesTypeShapeNamesAndBytes() throws {
        XCTAssertEqual(try nxInspect("Nx.tensor([1, 2]) == Nx.tensor([1, 2])"), "true")
        XCTAssertEqual(try nxInspect("Nx.tensor([1, 2]) === Nx.tensor([1, 2])"), "true")
        XCTAssertEqual(try nxInspect("Nx.tensor([1, 2]) == Nx.tensor([1, 3])"), "false")
        XCTAssertEqual(try nxInspect("Nx.tensor([1, 2]) == Nx.tensor([1.0, 2.0])"), "false")
        XCTAssertEqual(try nxInspect("Nx.tensor([1, 2], names: [:x]) == Nx.tensor([1, 2])"), "false")
        XCTAssertEqual(try nxInspect("Nx.tensor([1, 2]) == Nx.reshape(Nx.tensor([1, 2]), {2, 1})"), "false")
    }

    func testMapFunctionsSeeTheStructFields() throws {
        XCTAssertEqual(try nxInspect("Map.get(Nx.tensor([1, 2]), :shape)"), "{2}")
        XCTAssertEqual(try nxInspect("Map.from_struct(Nx.tensor(1, type: :u8)) |> Map.delete(:data)"),
                       "%{names: [], shape: {}, type: {:u, 8}, vectorized_axes: []}")
        XCTAssertEqual(try nxInspect("Map.from_struct(Nx.tensor(1, type: :u8)).data.state"), "<<1>>")
    }

    func testFieldAccessOnRangesAndTensors() throws {
        XCTAssertEqual(try nxInspect("r = 2..5; {r.first, r.last}"), "{2, 5}")
        XCTAssertEqual(try nxInspect("Nx.tensor([1.0]).type"), "{:f, 32}")
        XCTAssertNxRaises("Nx.tensor(1).nope", "KeyError", "key :nope not found in: #Nx.Tensor<\n  s64\n  1\n>")
    }

    func testComplexInterpolatesAsTheComplexPackagePrintsIt() throws {
        XCTAssertEqual(try nxInspect(##""#{Complex.new(1.5, -2)}""##), #""1.5-2.0i""#)
        XCTAssertEqual(try nxInspect("to_string(Complex.new(0, 1))"), #""0.0+1.0i""#)
    }

    func testTensorInterpolationIsAProtocolError() {
        XCTAssertNxRaises(##""#{Nx.tensor(1)}""##, "Protocol.UndefinedError",
                          "protocol String.Chars not implemented for #Nx.Tensor<\n  s64\n  1\n> of type Nx.Tensor (a struct)")
    }
}
