import XCTest
import NxCore
@testable import Defn

/// Graph building through the Nx front end on traced parameters, Nx's build-time
/// simplifications, and the debug_expr text.
final class ExprGraphTests: XCTestCase {
    func param(_ shape: [Int], _ type: DType = .f32, _ i: Int = 0) -> Tensor {
        ExprBackend.parameter(TensorTemplate(type: type, shape: shape), i)
    }

    func lines(_ t: Tensor) -> [String] { ExprPrinter.lines(t) }

    func testFrontEndOpsOnParametersRecordNodes() throws {
        let a = param([2])
        let e = try Nx.unary(.exp, .tensor(a))
        XCTAssertEqual(lines(e), ["parameter a:0   f32[2]", "b = exp a       f32[2]"])
    }

    func testAddZeroAndMultiplyOneAreDropped() throws {
        let a = param([3])
        let sum = try Nx.add(.tensor(a), .int(0))
        XCTAssertTrue(sum.expr === a.expr)
        let product = try Nx.multiply(.int(1), .tensor(a))
        XCTAssertTrue(product.expr === a.expr)
    }

    func testConstantsMoveToTheLeftOfCommutativeOps() throws {
        let a = param([], .s64)
        let t = try Nx.multiply(.tensor(a), .int(2))
        XCTAssertEqual(lines(t).last, "b = multiply 2, a   s64")
    }

    func testNestedConstantsOfCommutativeOpsFold() throws {
        let a = param([], .s64)
        let t = try Nx.add(.int(3), .tensor(try Nx.add(.tensor(a), .int(2))))
        XCTAssertEqual(lines(t), ["parameter a:0   s64", "b = add 5, a    s64"])
    }

    func testScalarConstantsFold() throws {
        let c = try Nx.add(.tensor(ExprBackend.constant(TensorTemplate(type: .s64, shape: []), .int(2))), .int(3))
        XCTAssertEqual(c.expr?.constantValue, .int(5))
    }

    func testBroadcastOfConstantStaysConstant() throws {
        let c = ExprBackend.constant(TensorTemplate(type: .f32, shape: []), .float(1.5))
        let b = try Nx.broadcast(.tensor(c), [2, 2])
        XCTAssertEqual(b.expr?.constantValue, .float(1.5))
        XCTAssertEqual(b.shape, [2, 2])
    }

    func testSubtractKeepsOperandOrder() throws {
        let a = param([])
        XCTAssertEqual(lines(try Nx.subtract(.tensor(a), .int(1))).last, "b = subtract a, 1   f32")
    }

    func testPrinterAlignsTypeColumnAfterLongestLine() throws {
        let a = param([3], .s64)
        let t = try Nx.divide(.tensor(try Nx.unary(.exp, .tensor(a))), .tensor(try Nx.sum(.tensor(try Nx.unary(.exp, .tensor(a))))))
        XCTAssertEqual(lines(t), [
            "parameter a:0                            s64[3]",
            "b = exp a                                f32[3]",
            "c = exp a                                f32[3]",
            "d = sum c, axes: nil, keep_axes: false   f32",
            "e = divide b, d                          f32[3]",
        ])
    }

    func testParametersAreListedFirstWithLettersInVisitOrder() throws {
        let a = param([], .s64, 0), b = param([], .s64, 1), c = param([], .s64, 2)
        let t = try Nx.add(.tensor(try Nx.multiply(.tensor(a), .tensor(b))), .tensor(c))
        XCTAssertEqual(lines(t), [
            "parameter a:0       s64", "parameter b:1       s64", "parameter d:2       s64",
            "c = multiply a, b   s64", "e = add c, d        s64",
        ])
    }

    func testInspectHasHeaderBlankLineAndExprTitle() throws {
        let t = try Nx.unary(.negate, .tensor(param([2])))
        XCTAssertEqual(ExprPrinter.inspect(t), "#Nx.Tensor<\n  f32[2]\n  \n  Nx.Defn.Expr\n  parameter a:0   f32[2]\n  b = negate a    f32[2]\n>")
    }

    func testCondPrintsClausesAndMergesBranchTypes() throws {
        let a = param([])
        let pred = try Nx.binary(.greater, .tensor(a), .int(0))
        let out = try ExprBackend.cond(clauses: [(pred, [.tensor(try Nx.multiply(.tensor(a), .int(2)))])],
                                       last: [.tensor(try Nx.subtract(.tensor(a), .int(1)))])
        XCTAssertEqual(lines(out[0]), [
            "parameter a:0                f32", "b = greater a, 0             u8", "c = multiply 2, a            f32",
            "d = subtract a, 1            f32", "e = cond b -> c, true -> d   f32",
        ])
    }

    func testCondWithSeveralOutputsIsATupleWithElems() throws {
        let a = param([], .s64)
        let pred = try Nx.binary(.less, .tensor(a), .int(0))
        let out = try ExprBackend.cond(clauses: [(pred, [.tensor(a), .number(.int(1))])], last: [.number(.int(0)), .tensor(a)])
        XCTAssertEqual(out.count, 2)
        XCTAssertEqual(lines(out[1]).suffix(2), ["c = cond b -> {a, 1}, true -> {0, a}   tuple2", "d = elem c, 1                          s64"])
    }

    func testHookPrintsTokenAndAttachToken() throws {
        let t = try ExprBackend.hook(try Nx.unary(.exp, .tensor(param([]))), name: "seen", callback: nil)
        XCTAssertEqual(lines(t), ["parameter a:0           f32", "b = exp a               f32", "c = token seen: b       tuple1",
                                  "d = attach_token c, b   f32"])
    }

    func testStopGradMetadataPrintsItsName() throws {
        let t = try ExprBackend.metadata(param([]), name: "stop_grad", inspect: ":stop_grad")
        XCTAssertEqual(lines(t).last, "b = metadata a, :stop_grad   f32")
    }

    func testConcreteTensorsBecomeTensorNodesAndScalarsConstants() throws {
        let v = try Nx.tensor(.list([.number(.int(1)), .number(.int(2))]))
        let t = try Nx.add(.tensor(param([2], .s64)), .tensor(v))
        XCTAssertEqual(lines(t), ["parameter a:0   s64[2]", "tensor b        s64[2]", "c = add a, b    s64[2]"])
        let s = try Nx.add(.tensor(param([2], .s64)), .tensor(try Nx.scalar(.int(7), type: .s64)))
        XCTAssertEqual(lines(s).last, "b = add 7, a    s64[2]")
    }

    func testLettersContinueAfterZ() {
        var state = ExprPrinter.State()
        XCTAssertEqual(state.letters(25), "z")
        XCTAssertEqual(state.letters(26), "ba")
        XCTAssertEqual(state.name(1), "a")
    }

    func testCondNumberBranchAdaptsToTensorType() throws {
        let a = param([], .u8)
        let out = try ExprBackend.cond(clauses: [(try Nx.binary(.greater, .tensor(a), .int(0)), [.tensor(a)])], last: [.number(.int(0))])
        XCTAssertEqual(out[0].type, .u8)
    }
}
