import XCTest
import NxCore
@testable import Defn

/// SwiftNx.JIT: fused kernels give the Evaluator's results; the planner fuses what it should.
final class JITTests: XCTestCase {
    func param(_ shape: [Int], _ type: DType = .f32, _ i: Int = 0) -> Tensor {
        ExprBackend.parameter(TensorTemplate(type: type, shape: shape), i)
    }

    func numbers(_ t: Tensor) throws -> [Double] { try Nx.toFlatList(t).map { $0.doubleValue } }

    func f32(_ xs: [Float], _ shape: [Int]) throws -> Tensor {
        try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: shape), xs.withUnsafeBytes { Array($0) })
    }

    func random(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var state = seed
        let n = shape.reduce(1, *)
        let xs = (0..<n).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2_000_001) / 500_000 - 2
        }
        return try f32(xs, shape)
    }

    func bothCompilers(_ outputs: [Tensor], _ inputs: [Tensor]) throws -> (evaluator: [Tensor], jit: [Tensor]) {
        (try Evaluator().compile(outputs: outputs, hooks: [:])(inputs), try JIT().compile(outputs: outputs, hooks: [:])(inputs))
    }

    func testSoftmaxComputesItsExpOnce() throws {
        let x = param([100_000])
        let e = try Nx.unary(.exp, .tensor(try Nx.subtract(.tensor(x), .tensor(try Nx.reduce(.reduce_max, .tensor(x))))))
        let out = try Nx.divide(.tensor(e), .tensor(try Nx.sum(.tensor(e))))
        var planner = JITPlanner(outputs: [out])
        // Kernels max(x); exp(x - max), stored because the sum and the division read it, and
        // summed in the same kernel. The division is one native op.
        let program = planner.plan()
        XCTAssertEqual(program.kernelCount, 2)
        let exps = program.kernels.filter { k in
            k.instructions.contains { if case .expOfScalarDifference = $0 { return true }; return false }
        }
        XCTAssertEqual(exps.count, 1)
        XCTAssertEqual(exps.first?.stored, e.template)
        XCTAssertEqual(exps.first?.reduction, .sum)
        let r = try bothCompilers([out], [try random([100_000], seed: 1)])
        try assertClose(r.evaluator[0], r.jit[0])
    }

    /// A stored value reduced in the same kernel: any shape (one long row split across the
    /// cores, many rows, one small run, size-1 and empty dims), NaN/±inf rows, max and sum.
    func testStoringReductionsGiveTheEvaluatorsResults() throws {
        for shape in [[100_000], [300, 701], [3, 1001], [37], [2, 1, 700], [4, 0], [0, 3], [1]] {
            let x = param(shape)
            let axes: [Axis] = [.index(shape.count - 1)]
            let m = try Nx.reduce(.reduce_max, .tensor(x), axes: axes, keepAxes: true)
            let e = try Nx.unary(.exp, .tensor(try Nx.subtract(.tensor(x), .tensor(m))))
            let softmax = try Nx.divide(.tensor(e), .tensor(try Nx.sum(.tensor(e), axes: axes, keepAxes: true)))
            // A stored tanh reduced by max and also subtracted from: the max kernel stores it.
            let twice = try Nx.unary(.tanh, .tensor(x))
            let shifted = try Nx.subtract(.tensor(twice), .tensor(try Nx.reduce(.reduce_max, .tensor(twice), axes: axes, keepAxes: true)))
            for outputs in [[softmax], [shifted], [softmax, shifted]] {
                var planner = JITPlanner(outputs: outputs)
                if shape.reduce(1, *) > 1 {
                    XCTAssertEqual(planner.plan().kernels.filter { $0.stored != nil }.count, outputs.count, "\(shape)")
                }
                var values = try numbers(try random(shape, seed: 11)).map { Float($0) * 20 }
                if shape == [3, 1001] {
                    values[5] = .nan  // row 0 has a NaN, row 1 is all -inf, row 2 has +inf
                    for j in 1001..<2002 { values[j] = -.infinity }
                    values[2002 + 17] = .infinity
                }
                let input = try f32(values, shape)
                if values.isEmpty {
                    // (The Evaluator's native reductions do not take empty axes yet.)
                    let jit = try JIT().compile(outputs: outputs, hooks: [:])([input])
                    XCTAssertEqual(jit.map(\.template), outputs.map(\.template))
                    continue
                }
                let r = try bothCompilers(outputs, [input])
                for i in outputs.indices { try assertClose(r.evaluator[i], r.jit[i]) }
            }
        }
    }

    func rewrittenSteps(_ outputs: [Tensor]) -> Int {
        var planner = JITPlanner(outputs: outputs)
        return planner.plan().steps.filter { if case .rewritten = $0 { return true }; return false }.count
    }

    func testTransposeOfADotRunsAsTheSwappedDot() throws {
        let (a, b) = (param([7, 5], .f32, 0), param([7, 3], .f32, 1))
        let out = try Nx.transpose(.tensor(try Nx.dot(.tensor(a), contract: [0], batch: [], .tensor(b), contract: [0], batch: [])))
        XCTAssertEqual(rewrittenSteps([out]), 1)
        let r = try bothCompilers([out], [try random([7, 5], seed: 3), try random([7, 3], seed: 4)])
        try assertClose(r.evaluator[0], r.jit[0])
        XCTAssertEqual(r.jit[0].shape, [3, 5])
    }

    func testDotsReadElsewhereOrPermutedOtherwiseKeepTheirTranspose() throws {
        let (a, b) = (param([7, 5], .f32, 0), param([7, 3], .f32, 1))
        let d = try Nx.dot(.tensor(a), contract: [0], batch: [], .tensor(b), contract: [0], batch: [])
        let shared = [try Nx.transpose(.tensor(d)), d]
        XCTAssertEqual(rewrittenSteps(shared), 0)
        let (c, e) = (param([4, 6, 5], .f32, 0), param([5, 2], .f32, 1))
        // Free axes (4, 6 | 2): [2, 0, 1] swaps the halves, [1, 0, 2] does not.
        let d3 = try Nx.dot(.tensor(c), contract: [2], batch: [], .tensor(e), contract: [0], batch: [])
        let swapped = try Nx.transpose(.tensor(d3), axes: [2, 0, 1])
        let inner = try Nx.transpose(.tensor(d3), axes: [1, 0, 2])
        XCTAssertEqual(rewrittenSteps([swapped]), 1)
        XCTAssertEqual(rewrittenSteps([inner]), 0)
        let inputs = [try random([4, 6, 5], seed: 5), try random([5, 2], seed: 6)]
        for out in [swapped, inner] {
            let r = try bothCompilers([out], inputs)
            try assertClose(r.evaluator[0], r.jit[0])
        }
    }

    func testElementwiseChainIsOneKernel() throws {
        let (a, b, c) = (param([5000], .f32, 0), param([5000], .f32, 1), param([5000], .f32, 2))
        let t = try Nx.unary(.tanh, .tensor(try Nx.add(.tensor(try Nx.multiply(.tensor(a), .tensor(b))), .tensor(c))))
        let out = try Nx.add(.tensor(try Nx.multiply(.tensor(t), .float(0.5))), .tensor(try Nx.unary(.sigmoid, .tensor(a))))
        var planner = JITPlanner(outputs: [out])
        XCTAssertEqual(planner.plan().kernelCount, 1)
        let inputs = try (0..<3).map { try random([5000], seed: UInt64($0 + 7)) }
        let r = try bothCompilers([out], inputs)
        try assertClose(r.evaluator[0], r.jit[0])
    }

    func testAProductReadOnlyByAnAddBecomesOneMultiplyAdd() throws {
        let (a, b, c) = (param([300], .f32, 0), param([300], .f32, 1), param([300], .f32, 2))
        func instructions(_ out: Tensor) -> [FusedKernel.Instruction] {
            var planner = JITPlanner(outputs: [out])
            for step in planner.plan().steps { if case .kernel(let k, _) = step { return k.instructions } }
            return []
        }
        func multiplyAdds(_ list: [FusedKernel.Instruction]) -> Int {
            list.filter { if case .multiplyAdd = $0 { return true }; return false }.count
        }
        let ab = try Nx.multiply(.tensor(a), .tensor(b))
        // c + a*b, then sqrt: the product and the sum are one instruction.
        let fused = try Nx.unary(.sqrt, .tensor(try Nx.add(.tensor(c), .tensor(ab))))
        XCTAssertEqual(multiplyAdds(instructions(fused)), 1)
        XCTAssertEqual(instructions(fused).count, 2)
        // The product is also read by the multiply: it stays a register of its own.
        let shared = try Nx.multiply(.tensor(try Nx.add(.tensor(ab), .tensor(c))), .tensor(ab))
        XCTAssertEqual(multiplyAdds(instructions(shared)), 0)
        let inputs = try (0..<3).map { try random([300], seed: UInt64($0 + 20)) }
        for out in [fused, shared] {
            let r = try bothCompilers([out], inputs)
            try assertClose(r.evaluator[0], r.jit[0])
        }
    }

    func testExpOfADifferenceIsOneInstruction() throws {
        let (a, b) = (param([3, 700], .f32, 0), param([3, 1], .f32, 1))
        func instructions(_ out: Tensor) -> [FusedKernel.Instruction] {
            var planner = JITPlanner(outputs: [out])
            return planner.plan().kernels.first?.instructions ?? []
        }
        let difference = try Nx.subtract(.tensor(a), .tensor(b))
        let single = try Nx.unary(.exp, .tensor(difference))
        // b is one value per row: read as a scalar, its leaf never spread over a block.
        XCTAssertEqual(instructions(single).count, 1)
        guard case .expOfScalarDifference = instructions(single).first else { return XCTFail("\(instructions(single))") }
        var planner = JITPlanner(outputs: [single])
        XCTAssertEqual(planner.plan().kernels.first?.scalarLeaves, [false, true])
        // Two full operands, and a constant.
        let full = try Nx.unary(.exp, .tensor(try Nx.subtract(.tensor(a), .tensor(try Nx.multiply(.tensor(a), .float(0.5))))))
        guard case .expOfDifference = instructions(full).last else { return XCTFail("\(instructions(full))") }
        let constant = try Nx.unary(.exp, .tensor(try Nx.subtract(.tensor(a), .float(3))))
        guard case .expOfScalarDifference = instructions(constant).last else { return XCTFail("\(instructions(constant))") }
        // The difference is read again: it keeps its own register and instruction (the product
        // then runs in exp's math sweep).
        let shared = try Nx.multiply(.tensor(single), .tensor(difference))
        XCTAssertEqual(instructions(shared).count, 2)
        guard case .binary(.subtract, _, _, _) = instructions(shared).first else { return XCTFail("\(instructions(shared))") }
        var xs = try numbers(try random([3, 700], seed: 30)).map { Float($0) * 40 }
        xs[3] = .nan
        xs[800] = .infinity
        let inputs = [try f32(xs, [3, 700]), try f32([1, -.infinity, 50], [3, 1])]
        for out in [single, shared, full, constant, try Nx.sum(.tensor(single), axes: [1])] {
            let r = try bothCompilers([out], inputs)
            try assertClose(r.evaluator[0], r.jit[0])
        }
    }

    func testALoneBinaryOpRunsNativeWhileAChainFuses() throws {
        let (m, row) = (param([128, 40], .f32, 0), param([40], .f32, 1))
        var lone = JITPlanner(outputs: [try Nx.add(.tensor(m), .tensor(row))])
        XCTAssertEqual(lone.plan().kernelCount, 0)
        // Below eight blocks the kernel is cheaper (a 128×10 bias add).
        let (small, bias) = (param([128, 10], .f32, 0), param([10], .f32, 1))
        var smallLone = JITPlanner(outputs: [try Nx.add(.tensor(small), .tensor(bias))])
        XCTAssertEqual(smallLone.plan().kernelCount, 1)
        let chained = try Nx.multiply(.tensor(try Nx.add(.tensor(m), .tensor(row))), .tensor(m))
        var chain = JITPlanner(outputs: [chained])
        XCTAssertEqual(chain.plan().kernelCount, 1)
        let r = try bothCompilers([try Nx.add(.tensor(m), .tensor(row)), chained], [try random([128, 40], seed: 3), try random([40], seed: 4)])
        try assertClose(r.evaluator[0], r.jit[0])
        try assertClose(r.evaluator[1], r.jit[1])
    }

    func testRowBroadcastAndRowReductionsMatchEvaluator() throws {
        let x = param([300, 700], .f32, 0), row = param([700], .f32, 1)
        let shifted = try Nx.add(.tensor(x), .tensor(row))
        let mx = try Nx.reduce(.reduce_max, .tensor(shifted), axes: [1], keepAxes: true)
        let lse = try Nx.add(.tensor(try Nx.squeeze(.tensor(mx), axes: [1])),
                             .tensor(try Nx.unary(.log, .tensor(try Nx.sum(.tensor(try Nx.unary(.exp, .tensor(try Nx.subtract(.tensor(shifted), .tensor(mx))))), axes: [1])))))
        let colSum = try Nx.sum(.tensor(shifted), axes: [0])
        let r = try bothCompilers([lse, colSum, shifted], [try random([300, 700], seed: 3), try random([700], seed: 4)])
        for i in 0..<3 { try assertClose(r.evaluator[i], r.jit[i], relative: 1e-5, absolute: 1e-4) }
    }

    /// A per-row value spread along rows shorter than a block (the 128×10 logits of an MLP), one
    /// element long, and just over a block: each row reads its own value over the row's length.
    func testRowValuesSpreadAlongShortAndLongRowsMatchEvaluator() throws {
        for width in [1, 10, 513] {
            let x = param([37, width], .f32, 0)
            let mx = try Nx.reduce(.reduce_max, .tensor(x), axes: [1], keepAxes: true)
            let e = try Nx.unary(.exp, .tensor(try Nx.subtract(.tensor(x), .tensor(mx))))
            let scaled = try Nx.multiply(.tensor(e), .tensor(mx))
            let r = try bothCompilers([e, scaled], [try random([37, width], seed: UInt64(width))])
            for i in 0..<2 { try assertClose(r.evaluator[i], r.jit[i], relative: 1e-5, absolute: 1e-6) }
        }
    }

    func testIntegerGraphsRunNativeBitForBit() throws {
        let x = param([1000], .s32)
        let out = try Nx.sum(.tensor(try Nx.multiply(.tensor(x), .tensor(x))))
        let input = try Nx.iota([1000], type: .s32)
        let r = try bothCompilers([out], [input])
        XCTAssertEqual(try numbers(r.evaluator[0]), try numbers(r.jit[0]))
    }

    func testWhileLoopAndCondRunThroughTheJIT() throws {
        let out = try LoopFixtures.doublingLoop()
        let result = try JIT().compile(outputs: out, hooks: [:])([try Nx.scalar(.int(5), type: .s64)])
        XCTAssertEqual(try numbers(result[0]), [40])
        XCTAssertEqual(try numbers(result[1]), [3])
    }

    func testNaNAndInfinityPropagateThroughFusedKernels() throws {
        let x = param([6])
        let out = try Nx.unary(.tanh, .tensor(try Nx.unary(.exp, .tensor(x))))
        let sig = try Nx.unary(.sigmoid, .tensor(x))
        let input = try f32([.nan, .infinity, -.infinity, 0, -200, 200], [6])
        let r = try bothCompilers([out, sig], [input])
        for i in 0..<2 { try assertClose(r.evaluator[i], r.jit[i]) }
    }

    func testArgmaxAndArgminAlongTheLastAxisMatchEvaluatorWithTiesAndNaN() throws {
        let x = param([4, 9])
        var values = (0..<36).map { Float(($0 * 7) % 5) }
        values[20] = .nan
        values[24] = .nan
        let input = try f32(values, [4, 9])
        var outputs: [Tensor] = []
        for max in [true, false] {
            for high in [false, true] {
                outputs.append(try Nx.argReduce(max: max, .tensor(x), axis: 1, tieBreakHigh: high))
            }
        }
        let r = try bothCompilers(outputs, [input])
        for (e, j) in zip(r.evaluator, r.jit) {
            XCTAssertEqual(e.template, j.template)
            XCTAssertEqual(try numbers(e), try numbers(j))
        }
    }

    func testMaxReductionSeesNaNAndInfinities() throws {
        let x = param([2, 40])
        var values = (0..<80).map { Float($0) - 40 }
        values[13] = .nan
        values[50] = .infinity
        values[51] = -.infinity
        let out = try Nx.reduce(.reduce_max, .tensor(x), axes: [1])
        let low = try Nx.reduce(.reduce_min, .tensor(x), axes: [1])
        let r = try bothCompilers([out, low], [try f32(values, [2, 40])])
        for i in 0..<2 { try assertClose(r.evaluator[i], r.jit[i]) }
        XCTAssertTrue(try numbers(r.jit[0])[0].isNaN)
        XCTAssertEqual(try numbers(r.jit[0])[1], .infinity)
        XCTAssertEqual(try numbers(r.jit[1])[1], -.infinity)
    }

    func testFloatWhileLoopWithHoistedConstantsMatchesEvaluator() throws {
        // while {i = 0, x}, i < 50 do {i + 1, x * 0.99 + 0.01} end, on a 3000-element f32 vector.
        let x = param([3000])
        let initial = [ExprBackend.constant(TensorTemplate(type: .s64, shape: []), .int(0)), x]
        let params = initial.enumerated().map { ExprBackend.parameter($0.element.template, $0.offset + 10) }
        let cond = try Nx.binary(.less, .tensor(params[0]), .int(50))
        let body = [try Nx.add(.tensor(params[0]), .int(1)),
                    try Nx.add(.tensor(try Nx.multiply(.tensor(params[1]), .float(0.99))), .float(0.01))]
        let out = ExprBackend.whileLoop(WhileLoop(initial: initial, parameters: params, condition: cond, body: body))
        let r = try bothCompilers(out, [try random([3000], seed: 9)])
        XCTAssertEqual(try numbers(r.jit[0]), [50])
        try assertClose(r.evaluator[1], r.jit[1])
    }
}
