import XCTest
import NxCore
@testable import Defn
import CPUInfo

/// Comparisons of float32 values fuse into the kernels that read them (a select's predicate,
/// a mask multiplied in) as 1 / 0, and integer constants float32 holds exactly are splats:
/// relu and its gradient, reduce_max's gradient, a whole MLP training step, each equal to the
/// Evaluator on both block paths.
final class JITPredicateTests: XCTestCase {
    func param(_ shape: [Int], _ i: Int) -> Tensor { ExprBackend.parameter(TensorTemplate(type: .f32, shape: shape), i) }

    func f32(_ xs: [Float], _ shape: [Int]) throws -> Tensor {
        try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: shape), xs.withUnsafeBytes { Array($0) })
    }

    /// Values in −2…2 rounded to quarters (so comparisons see ties), specials sprinkled in.
    func values(_ shape: [Int], seed: UInt64, specials: Bool = true) throws -> Tensor {
        var state = seed
        var xs = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 17) / 4 - 2
        }
        if specials {
            for (k, s) in ([.nan, .infinity, -.infinity, -0.0] as [Float]).enumerated() where xs.count > 20 { xs[(k * 7 + 3) % xs.count] = s }
        }
        return try f32(xs, shape)
    }

    func program(_ outputs: [Tensor]) -> JITProgram {
        var planner = JITPlanner(outputs: outputs)
        return planner.plan()
    }

    /// Native steps running `op` (comparisons and selects the kernels should have taken).
    func nativeSteps(_ program: JITProgram, _ matches: (ExprOp) -> Bool) -> Int {
        program.steps.filter { if case .node(let t) = $0, let op = t.expr?.op { return matches(op) }; return false }.count
    }

    func check(_ outputs: [Tensor], _ inputs: [Tensor], exact: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws {
        let program = program(outputs)
        let evaluated = try Evaluator().compile(outputs: outputs, hooks: [:])(inputs)
        for wide in Set([false, CPUFeatures.avx512Hardware]) {
            for step in program.steps { if case .kernel(let k, _) = step { k.wide = wide } }
            let jit = try program.run(inputs, hooks: [:])
            for i in outputs.indices {
                XCTAssertEqual(evaluated[i].template, jit[i].template, file: file, line: line)
                let (x, y) = (try Nx.toFlatList(evaluated[i]).map(\.doubleValue), try Nx.toFlatList(jit[i]).map(\.doubleValue))
                XCTAssertEqual(x.count, y.count, file: file, line: line)
                for (p, q) in zip(x, y) where !(p.isNaN && q.isNaN) {
                    if exact {
                        // Values, not bits: the kernels' max(−0, 0) may keep either zero's sign.
                        XCTAssertEqual(p, q, "\(p) vs \(q)", file: file, line: line)
                    } else {
                        XCTAssertLessThanOrEqual(abs(p - q), 1e-5 + 1e-5 * abs(p), "\(p) vs \(q)", file: file, line: line)
                    }
                }
            }
        }
    }

    func isCompareOrSelect(_ op: ExprOp) -> Bool {
        switch op {
        case .select: return true
        case .binary(let b): return BlockContext.compareOps.contains(b)
        default: return false
        }
    }

    func testEveryComparisonAsAPredicateWithSpecials() throws {
        let (x, y) = (param([7, 13], 0), param([13], 1))
        for op in [BinaryOp.equal, .not_equal, .less, .less_equal, .greater, .greater_equal] {
            let p = try Nx.binary(op, .tensor(x), .tensor(y))
            let selected = try Nx.select(.tensor(p), .tensor(x), .float(-1))
            let masked = try Nx.multiply(.tensor(x), .tensor(p))
            let program = program([selected, masked])
            XCTAssertEqual(nativeSteps(program, isCompareOrSelect), 0, "\(op)")
            try check([selected, masked], [try values([7, 13], seed: 1), try values([13], seed: 2)])
        }
    }

    func testReluAndItsGradientFuse() throws {
        let (x, g) = (param([33, 17], 0), param([33, 17], 1))
        // max with an integer constant, and the gradient's selects on equal().
        let h = try Nx.binary(.max, .tensor(x), .int(0))
        let mask = try Nx.select(.tensor(try Nx.binary(.equal, .tensor(x), .tensor(h))), .float(1), .float(0))
        let dx = try Nx.multiply(.tensor(g), .tensor(mask))
        let program = program([h, dx])
        XCTAssertEqual(nativeSteps(program, isCompareOrSelect), 0)
        XCTAssertEqual(program.kernelCount, 2)
        try check([h, dx], [try values([33, 17], seed: 3), try values([33, 17], seed: 4)])
    }

    func testAPredicateAlsoReadNativelyIsMaterializedWithItsInputs() throws {
        // reduce_max's gradient: the mask is summed natively (u8 → integer sum) and multiplied in a kernel.
        let x = param([9, 10], 0)
        let m = try Nx.reduce(.reduce_max, .tensor(x), axes: [1], keepAxes: true)
        let locs = try Nx.binary(.equal, .tensor(x), .tensor(try Nx.broadcast(.tensor(m), [9, 10])))
        let num = try Nx.multiply(.tensor(try Nx.broadcast(.float(0.5), [9, 10])), .tensor(locs))
        let den = try Nx.sum(.tensor(locs), axes: [1], keepAxes: true)
        let out = try Nx.divide(.tensor(num), .tensor(den))
        try check([out, den], [try values([9, 10], seed: 5, specials: false)])
    }

    func testAPredicateThatIsAnOutputKeepsItsConstantInput() throws {
        // Materialized (an output, u8) and recomputed by the select's kernel: both need the 0.5.
        let x = param([6, 5], 0)
        let p = try Nx.binary(.less, .tensor(x), .float(0.5))
        let selected = try Nx.select(.tensor(p), .tensor(x), .int(0))
        try check([p, selected], [try values([6, 5], seed: 10)])
    }

    func testInexactIntegerConstantsStayNative() throws {
        let x = param([20], 0)
        let out = try Nx.add(.tensor(try Nx.add(.tensor(x), .int(16_777_217))), .tensor(x))
        XCTAssertEqual(program([out]).kernelCount, 1)  // the inner add stays a native step
        try check([out], [try values([20], seed: 6)])
    }

    /// A 784-128-10-like MLP step at odd sizes through grad, as the benchmark builds it.
    func testMLPTrainingStepMatchesTheEvaluator() throws {
        let (batch, d, h, c) = (13, 9, 7, 5)
        let (w1, b1, w2, b2, x, y) = (param([d, h], 0), param([h], 1), param([h, c], 2), param([c], 3), param([batch, d], 4), param([batch, c], 5))
        let hidden = try Nx.binary(.max, .tensor(try Nx.add(.tensor(try Nx.dot(.tensor(x), .tensor(w1))), .tensor(b1))), .int(0))
        let logits = try Nx.add(.tensor(try Nx.dot(.tensor(hidden), .tensor(w2))), .tensor(b2))
        let shifted = try Nx.subtract(.tensor(logits), .tensor(try Nx.reduce(.reduce_max, .tensor(logits), axes: [1], keepAxes: true)))
        let logp = try Nx.subtract(.tensor(shifted), .tensor(try Nx.unary(.log, .tensor(try Nx.sum(.tensor(try Nx.unary(.exp, .tensor(shifted))), axes: [1], keepAxes: true)))))
        let loss = try Nx.unary(.negate, .tensor(try Nx.mean(.tensor(try Nx.sum(.tensor(try Nx.multiply(.tensor(y), .tensor(logp))), axes: [1])))))
        let grads = try Grad.gradients(of: loss, wrt: [w1, b1, w2, b2])
        let updated = try zip([w1, b1, w2, b2], grads).map { try Nx.subtract(.tensor($0), .tensor(try Nx.multiply(.float(0.01), .tensor($1)))) }
        var labels = [Float](repeating: 0, count: batch * c)
        for row in 0..<batch { labels[row * c + (row * 3) % c] = 1 }
        let inputs = [try values([d, h], seed: 7, specials: false), try f32(Array(repeating: 0.1, count: h), [h]),
                      try values([h, c], seed: 8, specials: false), try f32(Array(repeating: 0, count: c), [c]),
                      try values([batch, d], seed: 9, specials: false), try f32(labels, [batch, c])]
        XCTAssertEqual(nativeSteps(program(updated)) { if case .select = $0 { return true }; return false }, 0)
        try check(updated, inputs, exact: false)
    }
}
