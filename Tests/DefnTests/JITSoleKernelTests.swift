import XCTest
import NxCore
@testable import Defn

/// A program that is one fused kernel over its parameters is called directly: parameters
/// in any order, repeated or unused, broadcast, NaN, on each lane width; other programs keep
/// the general straight-line run, and a missing parameter is still an error.
final class JITSoleKernelTests: XCTestCase {
    func param(_ shape: [Int], _ i: Int) -> Tensor { ExprBackend.parameter(TensorTemplate(type: .f32, shape: shape), i) }

    func f32(_ xs: [Float], _ shape: [Int]) throws -> Tensor {
        try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: shape), xs.withUnsafeBytes { Array($0) })
    }

    func floats(_ t: Tensor) throws -> [Float] { try Nx.toFlatList(t).map { Float($0.doubleValue) } }

    func plan(_ outputs: [Tensor]) -> JITProgram {
        var planner = JITPlanner(outputs: outputs)
        return planner.plan()
    }

    /// Runs on each lane width available and compares with the Evaluator (NaN equal to NaN).
    func check(_ program: JITProgram, _ outputs: [Tensor], _ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try Evaluator().compile(outputs: outputs, hooks: [:])(inputs).map(floats)
        for wide in FusedKernel.wideAvailable ? [false, true] : [false] {
            for step in program.steps { if case .kernel(let k, _) = step { k.wide = wide } }
            // The direct call and the plan's general run.
            for got in [try program.executable(hooks: [:])(inputs).map(floats), try program.run(inputs, hooks: [:]).map(floats)] {
                XCTAssertEqual(got.count, expected.count, file: file, line: line)
                for (g, e) in zip(got, expected) {
                    XCTAssertEqual(g.count, e.count, file: file, line: line)
                    for (x, y) in zip(g, e) where !(x.isNaN && y.isNaN) { XCTAssertEqual(x, y, "wide: \(wide)", file: file, line: line) }
                }
            }
        }
    }

    func testParametersReversedRepeatedAndUnusedMatchTheEvaluator() throws {
        let (a, b, c) = (param([5], 0), param([5], 1), param([5], 2))
        let out = try Nx.subtract(.tensor(try Nx.multiply(.tensor(c), .tensor(c))), .tensor(a))
        let program = plan([out])
        XCTAssertNotNil(program.straightLine?.soleKernel)
        XCTAssertEqual(program.straightLine?.soleParameters.sorted(), [0, 2])
        _ = b
        try check(program, [out], [try f32([1, .nan, 3, -4, 5], [5]), try f32([9, 9, 9, 9, 9], [5]),
                                   try f32([.infinity, 2, -3, 0, 0.5], [5])])
    }

    func testABroadcastRowAndEmptyTensors() throws {
        let (m, r) = (param([3, 4], 0), param([4], 1))
        let out = try Nx.divide(.tensor(r), .tensor(m))
        let program = plan([out])
        XCTAssertNotNil(program.straightLine?.soleKernel)
        try check(program, [out], [try f32((0..<12).map { Float($0) - 2 }, [3, 4]), try f32([1, -1, 0, .nan], [4])])
        let (e1, e2) = (param([0], 0), param([0], 1))
        let empty = try Nx.multiply(.tensor(e1), .tensor(e2))
        try check(plan([empty]), [empty], [try f32([], [0]), try f32([], [0])])
        let (rows, row) = (param([0, 4], 0), param([4], 1))
        let emptyByRow = try Nx.divide(.tensor(rows), .tensor(row))
        try check(plan([emptyByRow]), [emptyByRow], [try f32([], [0, 4]), try f32([1, 2, 3, 4], [4])])
    }

    func testOtherProgramsKeepTheGeneralRun() throws {
        let (a, b) = (param([3], 0), param([3], 1))
        let sum = try Nx.add(.tensor(a), .tensor(b))
        let twoOutputs = plan([sum, try Nx.multiply(.tensor(a), .tensor(b))])
        XCTAssertNil(twoOutputs.straightLine?.soleKernel)
        let inputs = [try f32([1, 2, .nan], [3]), try f32([4, 5, 6], [3])]
        try check(twoOutputs, [sum, try Nx.multiply(.tensor(a), .tensor(b))], inputs)
        let passThrough = plan([a])
        XCTAssertNil(passThrough.straightLine?.soleKernel)
        XCTAssertEqual(try floats(try passThrough.run(inputs, hooks: [:])[0]).prefix(2), [1, 2])
    }

    func testAMissingParameterIsAnError() throws {
        let (a, b) = (param([3], 0), param([3], 1))
        let program = plan([try Nx.add(.tensor(a), .tensor(b))])
        XCTAssertNotNil(program.straightLine?.soleKernel)
        XCTAssertThrowsError(try program.executable(hooks: [:])([try f32([1, 2, 3], [3])]))
        XCTAssertThrowsError(try program.run([try f32([1, 2, 3], [3])], hooks: [:]))
    }
}
