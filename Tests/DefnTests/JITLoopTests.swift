import XCTest
import NxCore
@testable import Defn

/// Loop programs (JITLoop.swift): while loops of scalar ops and float32 kernels run over
/// preallocated buffers and give the Evaluator's results; other loops take the general path.
final class JITLoopTests: XCTestCase {
    func param(_ shape: [Int], _ type: DType = .f32, _ i: Int = 0) -> Tensor {
        ExprBackend.parameter(TensorTemplate(type: type, shape: shape), i)
    }

    func scalar(_ type: DType, _ n: NxNumber) -> Tensor { ExprBackend.constant(TensorTemplate(type: type, shape: []), n) }

    func numbers(_ t: Tensor) throws -> [Double] { try Nx.toFlatList(t).map { $0.doubleValue } }

    func vector(_ n: Int, seed: Float = 0) throws -> Tensor {
        let xs = (0..<n).map { Float($0 % 17) * 0.25 - 2 + seed }
        return try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: [n]), xs.withUnsafeBytes { Array($0) })
    }

    /// `while initial, condition(params) do body(params) end`; loop parameters are numbered after the function's.
    func loop(_ initial: [Tensor], _ condition: ([Tensor]) throws -> Tensor, _ body: ([Tensor]) throws -> [Tensor]) throws -> [Tensor] {
        let params = initial.enumerated().map { ExprBackend.parameter($0.element.template, $0.offset + 100) }
        return ExprBackend.whileLoop(WhileLoop(initial: initial, parameters: params, condition: try condition(params), body: try body(params)))
    }

    /// Whether the top-level plan of `outputs` runs a loop program (else the general loop step).
    func usesLoopProgram(_ outputs: [Tensor]) -> Bool {
        var planner = JITPlanner(outputs: outputs)
        return planner.plan().steps.contains { if case .loop = $0 { return true }; return false }
    }

    func assertSameAsEvaluator(_ outputs: [Tensor], _ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line) throws {
        let e = try Evaluator().compile(outputs: outputs, hooks: [:])(inputs)
        let j = try JIT().compile(outputs: outputs, hooks: [:])(inputs)
        XCTAssertEqual(e.count, j.count, file: file, line: line)
        for (a, b) in zip(e, j) {
            XCTAssertEqual(a.type, b.type, file: file, line: line)
            XCTAssertEqual(a.shape, b.shape, file: file, line: line)
            let (x, y) = (try numbers(a), try numbers(b))
            for (p, q) in zip(x, y) where !(p.isNaN && q.isNaN) {
                XCTAssertLessThanOrEqual(abs(p - q), 1e-6 + 4e-6 * abs(p), "\(p) vs \(q)", file: file, line: line)
            }
        }
    }

    func testCounterAndFusedMultiplyAdd() throws {
        let out = try loop([scalar(.s64, .int(0)), param([1000])], { try Nx.binary(.less, .tensor($0[0]), .int(1000)) }) { p in
            [try Nx.add(.tensor(p[0]), .int(1)), try Nx.add(.tensor(try Nx.multiply(.tensor(p[1]), .float(0.99))), .float(0.01))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        let r = try JIT().compile(outputs: out, hooks: [:])([try vector(1000)])
        XCTAssertEqual(try numbers(r[0]), [1000])
        try assertSameAsEvaluator(out, [try vector(1000)])
    }

    func testFloatCounterAndRankZeroFloatState() throws {
        // {t, s, x}: t += 1.5 while t < 10.25; s = s * 0.5 + t (rank-0 f32 kernel); x = x - s (broadcast scalar).
        let out = try loop([scalar(.f32, .float(0)), scalar(.f32, .float(1)), param([7])],
                           { try Nx.binary(.less, .tensor($0[0]), .float(10.25)) }) { p in
            let s = try Nx.add(.tensor(try Nx.multiply(.tensor(p[1]), .float(0.5))), .tensor(p[0]))
            return [try Nx.add(.tensor(p[0]), .float(1.5)), s, try Nx.subtract(.tensor(p[2]), .tensor(s))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        try assertSameAsEvaluator(out, [try vector(7)])
    }

    func testSeveralTensorsOuterValuesAndSwappedState() throws {
        // {i, a, b} -> {i + 1, a * w + b, a}: w comes from outside, b takes a's old value (a copy, not a swap).
        let w = param([64], .f32, 1)
        let out = try loop([scalar(.s32, .int(0)), param([64]), try Nx.add(.tensor(param([64])), .float(1))],
                           { try Nx.binary(.less_equal, .tensor($0[0]), .int(4)) }) { p in
            [try Nx.add(.tensor(p[0]), .int(1)), try Nx.add(.tensor(try Nx.multiply(.tensor(p[1]), .tensor(w))), .tensor(p[2])), p[1]]
        }
        XCTAssertTrue(usesLoopProgram(out))
        let inputs = [try vector(64), try vector(64, seed: 0.5)]
        try assertSameAsEvaluator(out, inputs)
        let r = try JIT().compile(outputs: out, hooks: [:])(inputs)
        XCTAssertEqual(r[0].type, .s32)
        XCTAssertEqual(try numbers(r[0]), [5])
    }

    func testAffineUpdatesInEveryOrderAndOddSizes() throws {
        // x*a + b, b - x*a, x*a - b and a*x + b with a rank-0 state `a`: the one-pass affine path, tails included.
        for n in [1, 15, 16, 37, 1000, 1029] {
            let out = try loop([scalar(.f32, .float(0.75)), param([n]), param([n]), param([n])],
                               { try Nx.binary(.less, .tensor($0[0]), .float(1.5)) }) { p in
                [try Nx.add(.tensor(p[0]), .float(0.125)),
                 try Nx.subtract(.float(0.5), .tensor(try Nx.multiply(.tensor(p[1]), .tensor(p[0])))),
                 try Nx.subtract(.tensor(try Nx.multiply(.tensor(p[2]), .float(-1.25))), .float(0.25)),
                 try Nx.add(.tensor(try Nx.multiply(.tensor(p[0]), .tensor(p[3]))), .float(2))]
            }
            XCTAssertTrue(usesLoopProgram(out))
            let e = try Evaluator().compile(outputs: out, hooks: [:])([try vector(n)])
            let j = try JIT().compile(outputs: out, hooks: [:])([try vector(n)])
            for (a, b) in zip(e, j) { XCTAssertEqual(try numbers(a), try numbers(b), "n = \(n)") }  // bit for bit
        }
    }

    func testRowBroadcastKernelTakesTheGeneralDriver() throws {
        // A [4, 300] state plus an outer [300] row: the kernel iterates rows, not one contiguous run.
        let row = try Nx.multiply(.tensor(param([300], .f32, 1)), .float(0.5))
        let out = try loop([scalar(.s64, .int(0)), param([4, 300])], { try Nx.binary(.less, .tensor($0[0]), .int(3)) }) { p in
            [try Nx.add(.tensor(p[0]), .int(1)), try Nx.subtract(.tensor(try Nx.multiply(.tensor(p[1]), .float(0.75))), .tensor(row))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        let x = try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: [4, 300]),
                                                     (0..<1200).map { Float($0 % 23) - 11 }.withUnsafeBytes { Array($0) })
        try assertSameAsEvaluator(out, [x, try vector(300)])
    }

    func testOneComputedValueGivenTwiceAndLoneElementwiseOp() throws {
        // {i, x, y} -> {i + 1, x + y, x + y}: one node feeding two states; `x + y` alone is one op.
        let out = try loop([scalar(.s64, .int(0)), param([5]), param([5])], { try Nx.binary(.less, .tensor($0[0]), .int(3)) }) { p in
            let z = try Nx.add(.tensor(p[1]), .tensor(p[2]))
            return [try Nx.add(.tensor(p[0]), .int(1)), z, z]
        }
        XCTAssertTrue(usesLoopProgram(out))
        try assertSameAsEvaluator(out, [try vector(5)])
        let r = try JIT().compile(outputs: out, hooks: [:])([try vector(5)])
        XCTAssertEqual(try numbers(r[1]), try numbers(r[2]))
    }

    func testIntegerScalarsWrapAndPredicatesCombine() throws {
        // s32 doubling overflows and wraps; the condition is a logical_and of two comparisons.
        let out = try loop([scalar(.s32, .int(3)), scalar(.s64, .int(0))], { p in
            try Nx.binary(.logical_and, .tensor(try Nx.binary(.not_equal, .tensor(p[0]), .tensor(self.scalar(.s32, .int(0))))),
                          .tensor(try Nx.binary(.less, .tensor(p[1]), .int(40))))
        }) { p in
            [try Nx.multiply(.tensor(p[0]), .tensor(self.scalar(.s32, .int(2)))), try Nx.add(.tensor(p[1]), .int(1))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        try assertSameAsEvaluator(out, [])
        let r = try JIT().compile(outputs: out, hooks: [:])([])
        XCTAssertEqual(try numbers(r[0]), [0])  // 3 * 2^31 wraps to 2^31, then 0
        XCTAssertEqual(try numbers(r[1]), [32])
    }

    func testConditionOnAFusedReductionRunsAsALoopProgram() throws {
        // while reduce_max(x) < 100, do: x * 2 (the max is a fused kernel into a rank-0 slot).
        let out = try loop([param([9])], { try Nx.binary(.less, .tensor(try Nx.reduce(.reduce_max, .tensor($0[0]))), .float(100)) }) { p in
            [try Nx.multiply(.tensor(p[0]), .float(2))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        try assertSameAsEvaluator(out, [try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: [9]),
                                                                          (0..<9).map { Float($0) + 1 }.withUnsafeBytes { Array($0) })])
    }

    func testConditionOnANativeSumRunsAsANativeStep() throws {
        // A plain sum stays a native step inside the loop program.
        let out = try loop([param([9])], { try Nx.binary(.less, .tensor(try Nx.sum(.tensor($0[0]))), .float(1000)) }) { p in
            [try Nx.add(.tensor(try Nx.multiply(.tensor(p[0]), .float(2))), .float(1))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        try assertSameAsEvaluator(out, [try vector(9, seed: 3)])
    }

    func testDotAndIntegerTensorStepsRunNatively() throws {
        // {i, v, k} -> {i + 1, dot(m, v) * 0.5, k * 3 + i}: a dot on an outer matrix, an s64 vector state.
        let m = param([6, 6], .f32, 1)
        let out = try loop([scalar(.s64, .int(0)), param([6]), ExprBackend.constant(TensorTemplate(type: .s64, shape: [4]), .int(1))],
                           { try Nx.binary(.less, .tensor($0[0]), .int(4)) }) { p in
            [try Nx.add(.tensor(p[0]), .int(1)),
             try Nx.multiply(.tensor(try Nx.dot(.tensor(m), .tensor(p[1]))), .float(0.5)),
             try Nx.add(.tensor(try Nx.multiply(.tensor(p[2]), .int(3))), .tensor(p[0]))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        let matrix = try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: [6, 6]),
                                                          (0..<36).map { Float($0 % 7) - 3 }.withUnsafeBytes { Array($0) })
        try assertSameAsEvaluator(out, [try vector(6), matrix])
        let r = try JIT().compile(outputs: out, hooks: [:])([try vector(6), matrix])
        let expected: Double = 99  // k = 1, then k * 3 + i for i = 0...3: 3, 10, 32, 99
        XCTAssertEqual(try numbers(r[2]), [expected, expected, expected, expected])
    }

    func testCondInsideABodyFallsBack() throws {
        // A cond inside the body is control flow: the loop takes the general path and agrees.
        let out = try loop([scalar(.s64, .int(0)), param([3])], { try Nx.binary(.less, .tensor($0[0]), .int(4)) }) { p in
            let branch = try ExprBackend.cond(clauses: [(pred: try Nx.binary(.less, .tensor(p[0]), .int(2)),
                                                         outputs: [.tensor(try Nx.multiply(.tensor(p[1]), .float(2)))])],
                                              last: [.tensor(try Nx.add(.tensor(p[1]), .float(1)))])
            return [try Nx.add(.tensor(p[0]), .int(1)), branch[0]]
        }
        XCTAssertFalse(usesLoopProgram(out))
        try assertSameAsEvaluator(out, [try vector(3)])
    }

    func testMixedTypeScalarsRunAsNativeSteps() throws {
        // An s64 counter compared with an f32 state (not a constant) and converted with as_type:
        // no scalar op takes mixed types, so these are native steps of the loop program.
        let out = try loop([scalar(.s64, .int(0)), scalar(.f32, .float(2.5))], { p in
            try Nx.binary(.less, .tensor(p[0]), .tensor(p[1]))
        }) { p in
            // t shrinks as i grows: 2.5, 2.5, 2.25, 1.75 — the loop stops at i = 3.
            [try Nx.add(.tensor(p[0]), .int(1)),
             try Nx.subtract(.tensor(p[1]), .tensor(try Nx.multiply(.tensor(try Nx.asType(.tensor(p[0]), .f32)), .float(0.25))))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        try assertSameAsEvaluator(out, [])
        XCTAssertEqual(try numbers(try JIT().compile(outputs: out, hooks: [:])([])[0]), [3])
    }

    func testZeroIterationsReturnTheInitialState() throws {
        let out = try loop([scalar(.s64, .int(5)), param([4])], { try Nx.binary(.less, .tensor($0[0]), .int(5)) }) { p in
            [try Nx.add(.tensor(p[0]), .int(1)), try Nx.multiply(.tensor(p[1]), .float(3))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        let x = try vector(4)
        let r = try JIT().compile(outputs: out, hooks: [:])([x])
        XCTAssertEqual(try numbers(r[0]), [5])
        XCTAssertEqual(try numbers(r[1]), try numbers(x))
    }

    func testEmptyTensorState() throws {
        let out = try loop([scalar(.s64, .int(0)), param([0])], { try Nx.binary(.less, .tensor($0[0]), .int(4)) }) { p in
            [try Nx.add(.tensor(p[0]), .int(1)), try Nx.add(.tensor(try Nx.multiply(.tensor(p[1]), .float(3))), .float(1))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        try assertSameAsEvaluator(out, [try vector(0)])
    }

    func testInterruptStopsAnEndlessLoop() throws {
        let out = try loop([scalar(.s64, .int(0))], { try Nx.binary(.greater_equal, .tensor($0[0]), .int(0)) }) { p in
            [try Nx.add(.tensor(p[0]), .int(1))]
        }
        XCTAssertTrue(usesLoopProgram(out))
        struct Stop: Error {}
        var checks = 0
        Evaluator.interruptCheck = {
            checks += 1
            if checks > 100 { throw Stop() }
        }
        defer { Evaluator.interruptCheck = nil }
        XCTAssertThrowsError(try JIT().compile(outputs: out, hooks: [:])([])) { XCTAssertTrue($0 is Stop) }
    }
}
