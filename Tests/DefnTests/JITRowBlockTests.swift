import XCTest
import NxCore
@testable import Defn
import CPUInfo

/// Kernels over short rows (a 128×10 layer output) run several whole rows per block: inputs
/// read in place, repeated (a bias row) or gathered row by row (a per-row value), on both the
/// 16-lane and the 8-lane path, with the Evaluator's results.
final class JITRowBlockTests: XCTestCase {
    func param(_ shape: [Int], _ i: Int) -> Tensor { ExprBackend.parameter(TensorTemplate(type: .f32, shape: shape), i) }

    func f32(_ xs: [Float], _ shape: [Int]) throws -> Tensor {
        try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: shape), xs.withUnsafeBytes { Array($0) })
    }

    /// Values in −2…2 with NaN, ±Inf and −0 sprinkled in.
    func values(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var state = seed
        var xs = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2_000_001) / 500_000 - 2
        }
        let specials: [Float] = [.nan, .infinity, -.infinity, -0.0]
        for (k, s) in specials.enumerated() where xs.count > 40 { xs[(k * 37 + 11) % xs.count] = s }
        return try f32(xs, shape)
    }

    /// The program's kernels run on each path in turn; both agree with the Evaluator.
    func check(_ outputs: [Tensor], _ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line) throws {
        var planner = JITPlanner(outputs: outputs)
        let program = planner.plan()
        let evaluated = try Evaluator().compile(outputs: outputs, hooks: [:])(inputs)
        for wide in Set([false, CPUFeatures.avx512Hardware]) {
            for step in program.steps { if case .kernel(let k, _) = step { k.wide = wide } }
            let jit = try program.run(inputs, hooks: [:])
            for i in outputs.indices { try assertClose(evaluated[i], jit[i], file: file, line: line) }
        }
    }

    func kernels(_ outputs: [Tensor]) -> [FusedKernel] {
        var planner = JITPlanner(outputs: outputs)
        return planner.plan().steps.compactMap { if case .kernel(let k, _) = $0 { return k }; return nil }
    }

    func testShortRowsWithBiasAndPerRowLeaves() throws {
        for (rows, n) in [(128, 10), (37, 3), (5, 7), (9, 15), (6, 16), (300, 255), (3, 256), (2, 257), (10_000, 10)] {
            let (x, b, r) = (param([rows, n], 0), param([n], 1), param([rows, 1], 2))
            let shifted = try Nx.subtract(.tensor(x), .tensor(r))
            let mapped = try Nx.multiply(.tensor(try Nx.add(.tensor(shifted), .tensor(b))), .tensor(try Nx.unary(.exp, .tensor(shifted))))
            let sums = try Nx.sum(.tensor(try Nx.multiply(.tensor(shifted), .tensor(b))), axes: [1])
            let maxes = try Nx.reduce(.reduce_max, .tensor(try Nx.add(.tensor(x), .tensor(b))), axes: [1], keepAxes: true)
            // Short rows (< 16) fold in order, four rows at a time: min and product too.
            let mins = try Nx.reduce(.reduce_min, .tensor(try Nx.subtract(.tensor(x), .tensor(b))), axes: [1])
            let products = try Nx.reduce(.product, .tensor(try Nx.multiply(.tensor(x), .float(0.5))), axes: [1])
            // A plain input's max: no instructions, the rows reduced where they lie.
            let plainMaxes = try Nx.reduce(.reduce_max, .tensor(x), axes: [1])
            let outputs = [mapped, sums, maxes, mins, products, plainMaxes]
            // As many rows as the kernel's block holds (its length depends on its register count).
            let planned = kernels(outputs)
            XCTAssertEqual(planned.count, 6, "\(rows)×\(n)")
            XCTAssertEqual(planned.map(\.rowsPerBlock), planned.map { n <= FusedKernel.blockSize / 2 ? $0.block / n : 1 }, "\(rows)×\(n)")
            try check(outputs, [try values([rows, n], seed: 1), try values([n], seed: 2), try values([rows, 1], seed: 3)])
        }
    }

    func testAPerRowScalarOperandKeepsOneRowPerBlock() throws {
        // exp(x - r) with r one value per row reads r as a scalar: a block must then be one row.
        for (rows, n) in [(37, 10), (128, 3), (5, 200)] {
            let (x, r) = (param([rows, n], 0), param([rows, 1], 1))
            let mapped = try Nx.unary(.exp, .tensor(try Nx.subtract(.tensor(x), .tensor(r))))
            let summed = try Nx.sum(.tensor(try Nx.unary(.exp, .tensor(try Nx.subtract(.tensor(x), .tensor(r))))), axes: [1])
            let outputs = [mapped, summed]
            let planned = kernels(outputs)
            XCTAssertEqual(planned.count, 2, "\(rows)×\(n)")
            for k in planned {
                XCTAssertTrue(k.instructions.contains { if case .expOfScalarDifference = $0 { return true }; return false }, "\(rows)×\(n)")
                XCTAssertEqual(k.rowsPerBlock, 1, "\(rows)×\(n)")
            }
            try check(outputs, [try values([rows, n], seed: 4), try values([rows, 1], seed: 5)])
        }
    }

    func testOuterDimsAndGatheredRows() throws {
        // a varies along the first outer dim only, c along the second (one value per row).
        let (x, a, c) = (param([4, 5, 6], 0), param([4, 1, 6], 1), param([1, 5, 1], 2))
        let out = try Nx.add(.tensor(try Nx.multiply(.tensor(x), .tensor(a))), .tensor(c))
        let sums = try Nx.sum(.tensor(try Nx.subtract(.tensor(x), .tensor(a))), axes: [2])
        XCTAssertEqual(kernels([out, sums]).map(\.outerShape), [[4, 5], [4, 5]])
        try check([out, sums], [try values([4, 5, 6], seed: 4), try values([4, 1, 6], seed: 5), try values([1, 5, 1], seed: 6)])
        // A transposed operand (materialized natively) beside a plain one.
        let (y, w) = (param([6, 4], 0), param([4, 6], 1))
        let swapped = try Nx.add(.tensor(y), .tensor(try Nx.transpose(.tensor(w))))
        try check([swapped], [try values([6, 4], seed: 7), try values([4, 6], seed: 8)])
    }

    /// Empty rows and no rows (the native backend's empty-row case is not exercised: the JIT alone).
    func testEmptyShapes() throws {
        for shape in [[0, 10], [5, 0]] {
            let (x, b) = (param(shape, 0), param([shape[1]], 1))
            let out = try Nx.multiply(.tensor(try Nx.add(.tensor(x), .tensor(b))), .tensor(x))
            let sums = try Nx.sum(.tensor(try Nx.add(.tensor(x), .tensor(b))), axes: [1])
            let r = try JIT().compile(outputs: [out, sums], hooks: [:])([try f32([], shape), try f32(Array(repeating: 1, count: shape[1]), [shape[1]])])
            XCTAssertEqual(r[0].shape, shape)
            XCTAssertEqual(try Nx.toFlatList(r[1]).map(\.doubleValue), Array(repeating: 0, count: shape[0]))
        }
    }
}
