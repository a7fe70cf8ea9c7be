import XCTest
import NxCore
@testable import Defn

/// The Evaluator runs traced graphs on the native backend.
final class EvaluatorTests: XCTestCase {
    func param(_ shape: [Int], _ type: DType = .f32, _ i: Int = 0) -> Tensor {
        ExprBackend.parameter(TensorTemplate(type: type, shape: shape), i)
    }

    func numbers(_ t: Tensor) throws -> [Double] { try Nx.toFlatList(t).map { $0.doubleValue } }

    func vector(_ xs: [Double]) throws -> Tensor { try Nx.tensor(.list(xs.map { .number(.float($0)) })) }

    func testSoftmaxGraphEvaluates() throws {
        let a = param([3])
        let e = try Nx.unary(.exp, .tensor(a))
        let out = try Nx.divide(.tensor(e), .tensor(try Nx.sum(.tensor(e))))
        let result = try Evaluator().compile(outputs: [out], hooks: [:])([try vector([1, 2, 3])])
        let r = try numbers(result[0])
        XCTAssertEqual(r[0], 0.09003057, accuracy: 1e-6)
        XCTAssertEqual(r[2], 0.66524094, accuracy: 1e-6)
    }

    func testLinearAlgebraTracesToOneNodePerDecompositionAndEvaluates() throws {
        let a = param([2, 2])
        let (q, r) = try NxLinAlg.qr(.tensor(a))
        XCTAssertEqual([q, r].map { $0.expr.map { "\($0.op)" } ?? "" }, ["elem(0)", "elem(1)"])
        let spd = try Nx.tensor(.list([.list([.number(.float(4)), .number(.float(2))]),
                                       .list([.number(.float(2)), .number(.float(3))])]))
        let result = try Evaluator().compile(outputs: [try Nx.dot(.tensor(q), .tensor(r))], hooks: [:])([spd])
        let product = try numbers(result[0])
        XCTAssertEqual(product.count, 4)
        for (got, want) in zip(product, [4.0, 2, 2, 3]) { XCTAssertEqual(got, want, accuracy: 1e-5) }
    }

    func testCondEvaluatesOnlyTheTakenBranch() throws {
        let a = param([])
        var calls: [String] = []
        let yes = try ExprBackend.hook(try Nx.multiply(.tensor(a), .int(2)), name: "yes", callback: { _ in calls.append("yes") })
        let no = try ExprBackend.hook(try Nx.subtract(.tensor(a), .int(1)), name: "no", callback: { _ in calls.append("no") })
        let out = try ExprBackend.cond(clauses: [(try Nx.binary(.greater, .tensor(a), .int(0)), [.tensor(yes)])], last: [.tensor(no)])
        let exec = Evaluator().compile(outputs: out, hooks: [:])
        XCTAssertEqual(try numbers(try exec([try Nx.scalar(.float(3), type: .f32)])[0]), [6])
        XCTAssertEqual(try numbers(try exec([try Nx.scalar(.float(-3), type: .f32)])[0]), [-4])
        XCTAssertEqual(calls, ["yes", "no"])
    }

    func testWhileLoopRunsBodyUntilConditionFails() throws {
        let out = try LoopFixtures.doublingLoop()
        let result = try Evaluator().compile(outputs: out, hooks: [:])([try Nx.scalar(.int(5), type: .s64)])
        XCTAssertEqual(try numbers(result[0]), [40])
        XCTAssertEqual(try numbers(result[1]), [3])
    }

    func testHookOverridesReplaceDefaultCallbacks() throws {
        var seen: [Double] = []
        let t = try ExprBackend.hook(try Nx.add(.tensor(param([])), .int(1)), name: "h", callback: { _ in XCTFail("default ran") })
        _ = try Evaluator().compile(outputs: [t], hooks: ["h": { seen += try self.numbers($0) }])([try Nx.scalar(.float(1), type: .f32)])
        XCTAssertEqual(seen, [2])
    }

    func testIntermediatesAreFreedAfterLastUse() throws {
        // A chain of 100 elementwise ops holds at most the value being computed and its input.
        var t = param([1024])
        for _ in 0..<100 { t = try Nx.unary(.sin, .tensor(t)) }
        let exec = Evaluator().compile(outputs: [t], hooks: [:])
        _ = try exec([try vector(Array(repeating: 0.5, count: 1024))])
        XCTAssertLessThanOrEqual(Evaluator.lastPeakLiveValues, 2)
    }

    func testMultiOutputsShareIntermediates() throws {
        let a = param([2])
        let e = try Nx.unary(.exp, .tensor(a))
        let outs = [try Nx.add(.tensor(e), .int(1)), try Nx.multiply(.tensor(e), .int(2))]
        let r = try Evaluator().compile(outputs: outs, hooks: [:])([try vector([0, 0])])
        XCTAssertEqual(try numbers(r[0]), [2, 2])
        XCTAssertEqual(try numbers(r[1]), [2, 2])
    }
}
