import XCTest
@testable import Lang

final class NxElementwiseBindingsTests: XCTestCase {
    func testU8PlusS8PromotesToS16() throws {
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.add(Nx.tensor([1], type: :u8), Nx.tensor([1], type: :s8)))")), "{:s, 16}")
    }

    func testNumberAdaptsToTensorTypeWhenItFits() throws {
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.add(Nx.tensor([1], type: :u8), 1))")), "{:u, 8}")
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.add(Nx.tensor([1], type: :u8), 1000))")), "{:u, 16}")
    }

    func testIntegerTensorPlusFloatIsF32() throws {
        XCTAssertEqual(render(try nxEval("Nx.add(Nx.tensor([1, 2]), 0.5) |> Nx.to_list()")), "[1.5, 2.5]")
    }

    func testBroadcastMismatchRaises() {
        XCTAssertNxRaises("Nx.add(Nx.iota({2, 3}), Nx.iota({3, 2}))", "ArgumentError",
                          "cannot broadcast tensor of dimensions {2, 3} to {3, 2}")
    }

    func testNonNumberArgumentRaises() {
        XCTAssertNxRaises("Nx.add(Nx.iota({2}), :foo)", "ArgumentError", "expected a %Nx.Tensor{} or a number, got: :foo")
    }

    func testFloatDivisionByZeroRaisesLikeBinaryBackend() {
        XCTAssertNxRaises("Nx.divide(Nx.tensor([1.0, 0.0]), 0)", "ArithmeticError", "bad argument in arithmetic expression")
    }

    func testZeroDividedByZeroIsNaN() throws {
        XCTAssertEqual(render(try nxEval("Nx.divide(Nx.tensor([0.0]), 0) |> Nx.to_list()")), "[:nan]")
    }

    func testInfinityDividedByZeroStaysInfinite() throws {
        XCTAssertEqual(render(try nxEval("Nx.divide(Nx.tensor([:infinity]), 0) |> Nx.to_list()")), "[:infinity]")
    }

    func testIntegerQuotientByZeroRaises() {
        XCTAssertNxRaises("Nx.quotient(Nx.tensor([1, 2]), 0)", "ArithmeticError", "bad argument in arithmetic expression")
    }

    func testKernelPlusOnTensorIsNotOverloaded() {
        XCTAssertRaises("ArithmeticError") { try nxEval("1 + Nx.tensor(1)") }
    }

    func testComparisonsAreU8() throws {
        XCTAssertEqual(render(try nxEval("Nx.less(Nx.tensor([1, 3]), 2) |> Nx.type()")), "{:u, 8}")
    }

    func testBitwiseOnFloatsRaises() {
        XCTAssertNxRaises("Nx.bitwise_and(Nx.tensor([1.0]), 1)", "ArgumentError",
                          "bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: {:f, 32}")
    }

    func testUnaryMathOnIntegersIsF32() throws {
        XCTAssertEqual(render(try nxEval("Nx.exp(Nx.tensor([0])) |> Nx.to_list()")), "[1.0]")
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.sqrt(Nx.tensor([4])))")), "{:f, 32}")
    }

    func testSelectMergesBranchTypes() throws {
        XCTAssertEqual(render(try nxEval("Nx.select(Nx.tensor([1, 0]), Nx.tensor([1, 2]), 0.5) |> Nx.to_list()")), "[1.0, 0.5]")
    }

    func testDocsAreRegisteredForEveryOp() throws {
        let registry = Registry()
        Stdlib.install(into: registry)
        for name in ["sin", "add", "less", "bitwise_and", "select", "sum", "reshape", "tensor", "dot"] {
            let entry = registry.modules["Nx"]?[name]?.values.first
            XCTAssertFalse((entry?.doc ?? "").isEmpty, "Nx.\(name) has no doc")
        }
    }
}
