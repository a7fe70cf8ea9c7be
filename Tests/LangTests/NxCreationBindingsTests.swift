import XCTest
@testable import Lang

final class NxCreationBindingsTests: XCTestCase {
    func testTensorOfIntegersIsS64() throws {
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.tensor([1, 2, 3]))")), "{:s, 64}")
    }

    func testTensorWithOneFloatIsF32() throws {
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.tensor([1, 2.0]))")), "{:f, 32}")
    }

    func testTypeOptionAcceptsAtomsAndTuples() throws {
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.tensor([1], type: :bf16))")), "{:bf, 16}")
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.tensor([1], type: {:u, 8}))")), "{:u, 8}")
    }

    func testNamesOptionNamesAxes() throws {
        XCTAssertEqual(render(try nxEval("Nx.names(Nx.tensor([[1], [2]], names: [:rows, nil]))")), "[:rows, nil]")
    }

    func testInvalidTypeRaisesNxMessage() {
        XCTAssertNxRaises("Nx.tensor([1], type: :f7)", "ArgumentError",
                          "invalid numerical type: :f7 (see Nx.Type docs for all supported types)")
    }

    func testEmptyListRaises() {
        XCTAssertNxRaises("Nx.tensor([])", "ArgumentError", "invalid value given to Nx.tensor/1, got: []")
    }

    func testUnknownOptionRaises() {
        XCTAssertNxRaises("Nx.tensor([1], typo: :f32)", "ArgumentError",
                          "unknown key :typo in [typo: :f32], expected one of [:type, :names, :backend]")
    }

    func testRepeatedOptionIsUnknownTheSecondTime() {
        XCTAssertNxRaises("Nx.sum(Nx.iota({2}), axes: [0], axes: [0])", "ArgumentError",
                          "unknown key :axes in [axes: [0], axes: [0]], expected one of [:axes, :keep_axes]")
    }

    func testOptionsMustBeAKeywordList() {
        XCTAssertNxRaises("Nx.sum(Nx.iota({2}), 3)", "ArgumentError", "expected a keyword list with keys [:axes, :keep_axes], got: 3")
    }

    func testIntegersBeyond64BitsAreRefused() {
        XCTAssertNxRaises("Nx.tensor(2 ** 70)", "ArgumentError",
                          "cannot represent 1180591620717411303424 in a tensor: integers must fit in 64 bits")
    }

    func testU64MaximumRoundTrips() throws {
        XCTAssertEqual(render(try nxEval("Nx.to_flat_list(Nx.tensor([18446744073709551615], type: :u64))")),
                       "[18446744073709551615]")
    }

    func testToListReturnsNonFiniteAtoms() throws {
        XCTAssertEqual(render(try nxEval("Nx.to_list(Nx.tensor([[:nan, 1.5], [:infinity, :neg_infinity]]))")),
                       "[[:nan, 1.5], [:infinity, :neg_infinity]]")
    }

    func testToBinaryIsLittleEndian() throws {
        XCTAssertEqual(render(try nxEval("Nx.to_binary(Nx.tensor([1, 256], type: :s16)) == <<1, 0, 0, 1>>")),
                       "true")
    }

    func testFromBinaryReadsElements() throws {
        XCTAssertEqual(render(try nxEval("Nx.from_binary(<<1, 0, 2, 0>>, :u16) |> Nx.to_flat_list()")), "[1, 2]")
    }

    func testToNumberOfScalar() throws {
        XCTAssertEqual(render(try nxEval("Nx.to_number(Nx.sum(Nx.tensor([1.5, 2.5])))")), "4.0")
    }

    func testToNumberOfVectorRaises() {
        XCTAssertNxRaises("Nx.to_number(Nx.tensor([1, 2]))", "ArgumentError", "cannot convert tensor of shape {2} to number")
    }

    func testIotaAlongAxis() throws {
        XCTAssertEqual(render(try nxEval("Nx.to_list(Nx.iota({2, 2}, axis: 1))")), "[[0, 1], [0, 1]]")
    }

    func testEyeOfIntegerIsSquare() throws {
        XCTAssertEqual(render(try nxEval("Nx.to_list(Nx.eye(2))")), "[[1, 0], [0, 1]]")
    }

    func testZeroDimensionRaises() {
        XCTAssertNxRaises("Nx.broadcast(1.0, {2, 0})", "ArgumentError",
                          "invalid dimension in axis 1 found in shape. Each dimension must be a positive integer, got 0 in shape {2, 0}")
    }

    func testTemplatePrintsItsBackend() throws {
        XCTAssertEqual(try nxInspect("Nx.template({2}, :f32)"), "#Nx.Tensor<\n  f32[2]\n  Nx.TemplateBackend\n>")
    }

    func testToBatchedDiscardsLeftover() throws {
        XCTAssertEqual(render(try nxEval("Nx.to_batched(Nx.iota({5}), 2, leftover: :discard) |> Enum.map(&Nx.to_list/1)")),
                       "[[0, 1], [2, 3]]")
    }

    func testBackendOptionsAreAccepted() throws {
        XCTAssertEqual(render(try nxEval("Nx.to_list(Nx.tensor([1], backend: Nx.BinaryBackend))")), "[1]")
        XCTAssertEqual(render(try nxEval("Nx.to_list(Nx.backend_transfer(Nx.tensor([2]), {EXLA.Backend, client: :host}))")), "[2]")
        XCTAssertEqual(render(try nxEval("Nx.default_backend()")), "{SwiftNx.Backend, []}")
    }

    func testMetadataHelpers() throws {
        XCTAssertEqual(render(try nxEval("Nx.bit_size(Nx.iota({3}, type: :u8))")), "24")
        XCTAssertEqual(render(try nxEval("{Nx.is_tensor(:foo), Nx.is_tensor(Complex.new(1, 1)), Nx.is_tensor(:nan)}")), "{false, true, true}")
        XCTAssertEqual(render(try nxEval("Nx.compatible?(Nx.iota({2}), Nx.tensor([5, 6]))")), "true")
        XCTAssertEqual(render(try nxEval("Nx.compatible?(Nx.iota({2}), Nx.tensor([5.0, 6.0]))")), "false")
        XCTAssertEqual(render(try nxEval("Nx.to_tensor(1.5) |> Nx.type()")), "{:f, 32}")
    }

    func testUnknownBackendRaisesUndefinedFunction() {
        XCTAssertNxRaises("Nx.backend_copy(Nx.tensor([1]), Foo.Backend)", "UndefinedFunctionError",
                          "function Foo.Backend.init/1 is undefined (module Foo.Backend is not available)")
    }

    func testDefaultBackendReturnsThePreviousOne() throws {
        XCTAssertEqual(render(try nxEval("Nx.default_backend(Nx.BinaryBackend)")), "{SwiftNx.Backend, []}")
    }

    func testTypeShorthandsBuildTensorsOfTheirType() throws {
        XCTAssertEqual(try nxInspect("Nx.u8([1, 300])"), "#Nx.Tensor<\n  u8[2]\n  [1, 44]\n>")
        XCTAssertEqual(try nxInspect("Nx.f64(2)"), "#Nx.Tensor<\n  f64\n  2.0\n>")
        XCTAssertEqual(try nxInspect("Nx.s32(Nx.tensor([1.7, -2.5]))"), "#Nx.Tensor<\n  s32[2]\n  [1, -2]\n>")
    }

    func testWithDefaultBackendSetsItForTheCallOnly() throws {
        XCTAssertEqual(render(try nxEval("{Nx.with_default_backend(Nx.BinaryBackend, fn -> Nx.default_backend() end), Nx.default_backend()}")),
                       "{{Nx.BinaryBackend, []}, {SwiftNx.Backend, []}}")
    }
}
