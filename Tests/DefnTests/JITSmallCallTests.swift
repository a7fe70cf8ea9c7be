import XCTest
import Dispatch
import Foundation
import NxCore
@testable import Defn

/// Small compiled calls: kernels below the parallel threshold run on the kernel's own context
/// (taken under a try-lock) with input addresses on the stack, through the straight-line plan.
/// Values, shapes and NaN match the Evaluator on the 8-lane and (where present) 16-lane paths,
/// and runs of one kernel from several threads at once stay correct.
final class JITSmallCallTests: XCTestCase {
    func param(_ shape: [Int], _ i: Int) -> Tensor { ExprBackend.parameter(TensorTemplate(type: .f32, shape: shape), i) }

    func f32(_ shape: [Int], seed: UInt64, nanAt: Int? = nil) throws -> Tensor {
        var state = seed
        var xs = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2_000_001) / 500_000 - 2
        }
        if let k = nanAt, k < xs.count { xs[k] = .nan }
        return try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: shape), xs.withUnsafeBytes { Array($0) })
    }

    /// Runs `outputs` planned by the JIT on each lane width available, checking against the Evaluator.
    func check(_ outputs: [Tensor], _ inputs: [Tensor], kernels: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        var planner = JITPlanner(outputs: outputs)
        let program = planner.plan()
        XCTAssertEqual(program.kernelCount, kernels, file: file, line: line)
        let expected = try Evaluator().compile(outputs: outputs, hooks: [:])(inputs)
        for wide in FusedKernel.wideAvailable ? [false, true] : [false] {
            for k in program.kernels { k.wide = wide }
            // Twice: the second run reuses the kernel's own context.
            for _ in 0..<2 {
                let got = try program.run(inputs, hooks: [:])
                for (e, g) in zip(expected, got) { try assertClose(e, g, file: file, line: line) }
            }
        }
    }

    func testALoneAddBelowOneBlockIsAKernelAndMatchesTheEvaluator() throws {
        for n in [0, 1, 3, 17, 511] {
            let (a, b) = (param([n], 0), param([n], 1))
            try check([try Nx.add(.tensor(a), .tensor(b))], [try f32([n], seed: 1, nanAt: 1), try f32([n], seed: 2)], kernels: 1)
        }
    }

    func testSmallBroadcastChainsAndReductionsMatchTheEvaluator() throws {
        let (m, row) = (param([4, 3], 0), param([3], 1))
        let chain = try Nx.multiply(.tensor(try Nx.add(.tensor(m), .tensor(row))), .tensor(m))
        let sums = try Nx.sum(.tensor(try Nx.multiply(.tensor(m), .tensor(m))), axes: [1])
        let top = try Nx.reduce(.reduce_max, .tensor(m), axes: [0, 1])
        try check([chain, sums, top], [try f32([4, 3], seed: 3, nanAt: 7), try f32([3], seed: 4)], kernels: 3)
    }

    func testOneKernelRunFromSeveralThreadsAtOnceStaysCorrect() throws {
        let (a, b) = (param([300], 0), param([300], 1))
        let outputs = [try Nx.multiply(.tensor(try Nx.add(.tensor(a), .tensor(b))), .tensor(a))]
        var planner = JITPlanner(outputs: outputs)
        let program = planner.plan()
        let inputs = [try f32([300], seed: 5, nanAt: 299), try f32([300], seed: 6)]
        let expected = try Nx.toFlatList(try Evaluator().compile(outputs: outputs, hooks: [:])(inputs)[0]).map(\.doubleValue)
        let lock = NSLock()
        var failures = 0
        // Threads that find the kernel's own context busy take one from the pool.
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<200 {
                let got = (try? program.run(inputs, hooks: [:])).flatMap { try? Nx.toFlatList($0[0]).map(\.doubleValue) } ?? []
                let same = got.count == expected.count && !zip(got, expected).contains { !($0.isNaN && $1.isNaN) && $0 != $1 }
                if !same { lock.lock(); failures += 1; lock.unlock() }
            }
        }
        XCTAssertEqual(failures, 0)
    }

    /// Kernels large enough to split across the worker team, run from several threads at once:
    /// one thread holds the team, the others run their parts alone; every run gives the same bits.
    func testParallelKernelsRunFromSeveralThreadsAtOnceStayCorrect() throws {
        let n = 1 << 17
        let (a, b) = (param([n], 0), param([n], 1))
        let chain = try Nx.multiply(.tensor(try Nx.add(.tensor(a), .tensor(b))), .tensor(a))
        let total = try Nx.sum(.tensor(chain))
        let rows = try Nx.sum(.tensor(try Nx.reshape(.tensor(chain), [256, n / 256])), axes: [1])
        let outputs = [chain, total, rows]
        var planner = JITPlanner(outputs: outputs)
        let program = planner.plan()
        let inputs = [try f32([n], seed: 7), try f32([n], seed: 8)]
        func values() -> [[Double]] {
            ((try? program.run(inputs, hooks: [:])) ?? []).map { (try? Nx.toFlatList($0).map(\.doubleValue)) ?? [] }
        }
        let expected = values()
        let reference = try Evaluator().compile(outputs: outputs, hooks: [:])(inputs).map { try Nx.toFlatList($0).map(\.doubleValue) }
        XCTAssertEqual(expected.count, 3)
        for (got, want) in zip(expected, reference) {
            XCTAssertEqual(got.count, want.count)
            for (x, y) in zip(got, want) where abs(x - y) > 1e-4 * max(1, abs(y)) { XCTFail("\(x) vs \(y)"); break }
        }
        let lock = NSLock()
        var failures = 0
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<30 where values() != expected {
                lock.lock(); failures += 1; lock.unlock()
            }
        }
        XCTAssertEqual(failures, 0)
    }
}
