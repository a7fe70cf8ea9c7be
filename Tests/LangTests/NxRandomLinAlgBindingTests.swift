import XCTest
@testable import Lang

/// The Nx.Random, Nx.LinAlg and Nx.fft bindings: arities, option parsing and results as Elixir sees them.
final class NxRandomLinAlgBindingTests: XCTestCase {
    func testUniformReturnsTupleOfSampleAndKey() throws {
        let r = try evaluate("{u, k} = Nx.Random.uniform(Nx.Random.key(1701)); {Nx.to_number(u), Nx.to_flat_list(k) |> length()}").result
        XCTAssertEqual(r, "{0.9728643894195557, 2}")
    }

    func testUniformWithBoundsShapeAndType() throws {
        let r = try evaluate("{u, _} = Nx.Random.uniform(Nx.Random.key(1), -1.0, 1.0, shape: {4}, type: :f64); Nx.type(u)").result
        XCTAssertEqual(r, "{:f, 64}")
    }

    func testSplitTakesPartsOption() throws {
        XCTAssertEqual(try evaluate("Nx.Random.split(Nx.Random.key(1701), parts: 4) |> Nx.shape()").result, "{4, 2}")
    }

    func testChoiceTakesProbabilitiesAsThirdArgument() throws {
        let code = "{r, _} = Nx.Random.choice(Nx.Random.key(1), Nx.iota({4, 3}), Nx.tensor([0.1, 0.7, 0.2]), samples: 3, axis: 1); Nx.to_flat_list(r[0])"
        XCTAssertEqual(try evaluate(code).result, "[1, 0, 1]")
        let plain = "{r, _} = Nx.Random.choice(Nx.Random.key(1), Nx.iota({4, 3}), samples: 4, axis: 0); Nx.to_flat_list(r[0])"
        XCTAssertEqual(try evaluate(plain).result, "[6, 7, 8]")
    }

    func testUnknownRandomOptionRaises() {
        XCTAssertEqual(errorBanner("Nx.Random.uniform(Nx.Random.key(1), shap: {2})"),
                       "** (ArgumentError) unknown key :shap in [shap: {2}], expected one of [:names, :type, :shape]")
    }

    func testQrModeOptionAndTuple() throws {
        XCTAssertEqual(try evaluate("{q, r} = Nx.LinAlg.qr(Nx.iota({3, 2}, type: :f32), mode: :complete); {Nx.shape(q), Nx.shape(r)}").result,
                       "{{3, 3}, {3, 2}}")
        XCTAssertEqual(errorBanner("Nx.LinAlg.qr(Nx.iota({2, 2}), mode: :thin)"),
                       "** (ArgumentError) invalid :mode received. Expected one of [:reduced, :complete], received: :thin")
    }

    func testTriangularSolveTransformOption() throws {
        let code = "Nx.LinAlg.triangular_solve(Nx.tensor([[1, 1, 1], [0, 1, 1], [0, 0, 1]], type: :f64), Nx.tensor([1, 2, 1]), transform_a: :transpose, lower: false) |> Nx.to_flat_list()"
        XCTAssertEqual(try evaluate(code).result, "[1.0, 1.0, -1.0]")
    }

    func testNormOrdAtoms() throws {
        XCTAssertEqual(try evaluate("Nx.LinAlg.norm(Nx.tensor([3, -4]), ord: :neg_inf) |> Nx.to_number()").result, "3.0")
        XCTAssertEqual(errorBanner("Nx.LinAlg.norm(Nx.tensor([3, 4]), ord: :frobenius)"),
                       "** (ArgumentError) expected a 2-D tensor for ord: :frobenius, got a 1-D tensor")
    }

    func testFftLengthOptions() throws {
        XCTAssertEqual(try evaluate("Nx.fft(Nx.tensor([1.0, 1.0, 1.0]), length: :power_of_two) |> Nx.shape()").result, "{4}")
        XCTAssertEqual(errorBanner("Nx.fft(Nx.tensor([1.0]), length: 0)"),
                       "** (ArgumentError) expected an integer or :power_of_two as length, got: 0")
    }

    func testSolveShapeError() {
        XCTAssertEqual(errorBanner("Nx.LinAlg.solve(Nx.iota({2, 3}, type: :f32), Nx.tensor([1.0, 2.0]))"),
                       "** (ArgumentError) `a` tensor has incompatible dimensions, expected a square matrix or a batch of square matrices, got: {2, 3}")
    }
}
