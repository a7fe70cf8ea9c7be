import XCTest
@testable import Lang

final class NxComplexTypeConstantsTests: XCTestCase {
    func testComplexNewMakesFloatParts() throws {
        XCTAssertEqual(Inspector.inspect(try nxEval("Complex.new(1, -2)")), "1.0-2.0i")
        XCTAssertEqual(Inspector.inspect(try nxEval("Complex.new(3)")), "3.0+0.0i")
    }

    func testComplexNonFinitePartsPrint() throws {
        XCTAssertEqual(Inspector.inspect(try nxEval("Complex.new(:nan, :neg_infinity)")), "NaN-Infi")
    }

    func testComplexArithmetic() throws {
        XCTAssertEqual(Inspector.inspect(try nxEval("Complex.multiply(Complex.new(1, 2), Complex.new(3, 4))")), "-5.0+10.0i")
        XCTAssertEqual(Inspector.inspect(try nxEval("Complex.divide(Complex.new(1, 1), Complex.new(0, 1))")), "1.0-1.0i")
        XCTAssertEqual(render(try nxEval("Complex.add(2, 3)")), "5")
        XCTAssertEqual(render(try nxEval("Complex.abs(Complex.new(3, 4))")), "5.0")
    }

    func testComplexTensorRoundTrip() throws {
        XCTAssertEqual(Inspector.inspect(try nxEval("Nx.to_list(Nx.tensor([Complex.new(1, 2)]))")), "[1.0+2.0i]")
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.tensor([Complex.new(1, 2), 3]))")), "{:c, 64}")
    }

    func testTypeHelpers() throws {
        XCTAssertEqual(render(try nxEval("Nx.Type.normalize!(:bf16)")), "{:bf, 16}")
        XCTAssertEqual(render(try nxEval("Nx.Type.merge({:f, 16}, {:s, 64})")), "{:f, 16}")
        XCTAssertEqual(render(try nxEval("Nx.Type.to_string({:u, 8})")), "\"u8\"")
        XCTAssertEqual(render(try nxEval("Nx.Type.integer?({:f, 32})")), "false")
    }

    func testConstantsTakeATypeAsAtomOrTuple() throws {
        XCTAssertEqual(render(try nxEval("Nx.Constants.max_finite(:u8) |> Nx.to_number()")), "255")
        XCTAssertEqual(render(try nxEval("Nx.Constants.pi({:f, 64}) |> Nx.type()")), "{:f, 64}")
        XCTAssertEqual(render(try nxEval("Nx.Constants.infinity() |> Nx.to_number()")), ":infinity")
    }

    func testFloatConstantOfIntegerTypeRaises() {
        XCTAssertNxRaises("Nx.Constants.pi(:s32)", "ArgumentError", "only floating types are supported, got: {:s, 32}")
    }

    func testImaginaryUnitIsC64UnlessAComplexTypeIsGiven() throws {
        XCTAssertEqual(try nxInspect("Nx.Constants.i()"), "#Nx.Tensor<\n  c64\n  0.0+1.0i\n>")
        XCTAssertEqual(render(try nxEval("Nx.Constants.i(:c128) |> Nx.type()")), "{:c, 128}")
        XCTAssertNxRaises("Nx.Constants.i(:f32)", "ArgumentError", "invalid type for complex number. Expected {:c, 64} or {:c, 128}, got: {:f, 32}")
    }
}
