import XCTest
@testable import Lang

/// `Nx.serialize` / `Nx.deserialize` and the external term format under them.
final class NxSerializeTests: XCTestCase {
    func testSerializeReturnsIodataStartingWithTheNxHeader() throws {
        let r = try evaluate("Nx.serialize(Nx.tensor([1, 2], type: :u8)) |> IO.iodata_to_binary() |> binary_part(0, 4)").result
        XCTAssertEqual(r, "<<110, 120, 1, 0>>")
    }

    func testRoundTripKeepsTypeShapeNamesAndValues() throws {
        let r = try evaluate("Nx.tensor([[1.5, -2.0]], names: [:a, :b]) |> Nx.serialize() |> Nx.deserialize()").result
        XCTAssertEqual(r, "#Nx.Tensor<\n  f32[a: 1][b: 2]\n  [\n    [1.5, -2.0]\n  ]\n>")
    }

    func testRoundTripOfContainersAndVectorizedTensors() throws {
        let code = """
        {a, %{b: b}} = {Nx.vectorize(Nx.tensor([1, 2, 3]), :x), %{b: Nx.tensor(4.0, type: :f64)}} |> Nx.serialize() |> Nx.deserialize()
        {a.vectorized_axes, Nx.to_flat_list(Nx.devectorize(a)), Nx.type(b), Nx.to_number(b)}
        """
        XCTAssertEqual(try evaluate(code).result, "{[x: 3], [1, 2, 3], {:f, 64}, 4.0}")
    }

    func testDeserializeOfGarbageRaises() throws {
        XCTAssertNotNil(errorBanner("Nx.deserialize(<<1, 2, 3>>)"))
    }

    func testTermFormatRoundTripsNestedTerms() throws {
        let term = Value.tuple([.atom("t"), .tuple([.int(2), .int(3)]), .list([.atom("a"), .atom("nil")]),
                                .int(-5), .int(1 << 40), .binary([1, 2])])
        let back = try ExternalTermFormat.decode(try ExternalTermFormat.encode(term))
        XCTAssertTrue(Value.strictlyEqual(back, term))
    }

    func testTermFormatEncodesSmallIntegersAsErlangDoes() throws {
        // term_to_binary({:a, 1}) == <<131, 104, 2, 119, 1, 97, 97, 1>>
        XCTAssertEqual(try ExternalTermFormat.encode(.tuple([.atom("a"), .int(1)])), [131, 104, 2, 119, 1, 97, 97, 1])
    }

    func testToHeatmapInspects() throws {
        let r = try evaluate("Nx.to_heatmap(Nx.tensor([[0, 1, 2], [3, 4, 5]]))").result
        XCTAssertEqual(r, "#Nx.Heatmap<\n  s64[2][3]\n  \n  024\n  579\n>")
    }

    func testTuplesSerializeAsNxContainerTupleTerms() throws {
        let outcome: Result<Value, Error> = DeepStack.run {
            let interp = Interpreter(registry: Registry(), output: { _, _ in })
            return Result { try interp.evaluate("Nx.serialize({Nx.tensor(1, type: :u8)}) |> Enum.at(1)", file: "test.exs") }
        }
        // The term binary: {Nx.Container.Tuple, [{[], tensor_term}], :ok}.
        guard case .binary(let bytes) = try outcome.get() else { return XCTFail("expected the term binary") }
        guard case .tuple(let items) = try ExternalTermFormat.decode(bytes), items.count == 3 else { return XCTFail("not a 3-tuple") }
        XCTAssertTrue(Value.strictlyEqual(items[0], .module("Nx.Container.Tuple")))
        XCTAssertTrue(Value.strictlyEqual(items[2], .atom("ok")))
        XCTAssertEqual(Inspector.inspect(items[1]), "[{[], {:t, {}, {:u, 8}, [], [], 0, 1}}]")
    }
}
