import XCTest
import NxCore
@testable import Defn

/// Random graphs run through the Evaluator and SwiftNx.JIT give the same results: integers bit
/// for bit, floats within 1e-5 relative (+1e-5 absolute) — the JIT's exp/tanh/sigmoid are within
/// 2 ulp and its reductions add in another order.
final class JITDifferentialTests: XCTestCase {
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
    }

    let shapes: [[Int]] = [[3, 700], [700], [3, 1], []]

    func input(_ shape: [Int], _ g: inout Generator) throws -> Tensor {
        let xs = (0..<shape.reduce(1, *)).map { _ in Float(g.next(4001)) / 1000 - 2 }
        return try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: shape), xs.withUnsafeBytes { Array($0) })
    }

    /// A random expression over the parameters: elementwise ops (with implicit broadcasting),
    /// broadcasts, reductions over trailing or leading axes, keep_axes, constants. Draws whose
    /// shapes do not broadcast are dropped (nil).
    func expression(_ pool: inout [Tensor], _ g: inout Generator) -> Tensor? {
        do { return try draw(&pool, &g) } catch { return nil }
    }

    func draw(_ pool: inout [Tensor], _ g: inout Generator) throws -> Tensor {
        let a = pool[g.next(pool.count)], b = pool[g.next(pool.count)]
        let t: Tensor
        switch g.next(9) {
        case 0: t = try Nx.unary([.exp, .tanh, .sigmoid, .negate, .abs, .sin][g.next(6)], .tensor(try Nx.multiply(.tensor(a), .float(0.25))))
        case 1, 2:
            let op: BinaryOp = [.add, .subtract, .multiply, .max, .min][g.next(5)]
            t = try Nx.binary(op, .tensor(a), .tensor(b))
        case 3: t = try Nx.divide(.tensor(a), .tensor(try Nx.add(.tensor(try Nx.unary(.abs, .tensor(b))), .float(1))))
        case 4 where a.rank == 2: t = try Nx.sum(.tensor(a), axes: [1], keepAxes: g.next(2) == 0)
        case 5 where a.rank >= 1: t = try Nx.reduce([.reduce_max, .reduce_min, .sum][g.next(3)], .tensor(a))
        case 6 where a.rank == 2: t = try Nx.sum(.tensor(a), axes: [0])
        case 7: t = try Nx.add(.tensor(a), .float(Double(g.next(5)) - 2))
        default: t = try Nx.unary(.log, .tensor(try Nx.add(.tensor(try Nx.multiply(.tensor(a), .tensor(a))), .float(1))))
        }
        pool.append(t)
        return t
    }

    func testRandomGraphsAgree() throws {
        var g = Generator(state: 42)
        for trial in 0..<60 {
            let params = shapes.enumerated().map { ExprBackend.parameter(TensorTemplate(type: .f32, shape: $0.element), $0.offset) }
            var pool = params
            var outputs: [Tensor] = []
            while outputs.count < 4 + g.next(12) { if let t = expression(&pool, &g) { outputs.append(t) } }
            let chosen = [outputs.last!, outputs[g.next(outputs.count)]]
            let inputs = try shapes.map { try input($0, &g) }
            let expected = try Evaluator().compile(outputs: chosen, hooks: [:])(inputs)
            let actual = try JIT().compile(outputs: chosen, hooks: [:])(inputs)
            for (e, a) in zip(expected, actual) {
                XCTAssertEqual(e.template, a.template, "trial \(trial)")
                let (x, y) = (try Nx.toFlatList(e).map { $0.doubleValue }, try Nx.toFlatList(a).map { $0.doubleValue })
                for (p, q) in zip(x, y) where !(p.isNaN && q.isNaN) {
                    XCTAssertLessThanOrEqual(abs(p - q), 1e-5 + 1e-5 * abs(p), "trial \(trial): \(p) vs \(q)")
                }
            }
        }
    }

    func testIntegerGraphsAgreeBitForBit() throws {
        let x = ExprBackend.parameter(TensorTemplate(type: .s64, shape: [50]), 0)
        let y = try Nx.sum(.tensor(try Nx.multiply(.tensor(try Nx.add(.tensor(x), .int(3))), .tensor(x))), axes: [0])
        let input = try Nx.iota([50], type: .s64)
        let e = try Evaluator().compile(outputs: [y], hooks: [:])([input])
        let a = try JIT().compile(outputs: [y], hooks: [:])([input])
        XCTAssertEqual(try Nx.toFlatList(e[0]).map { $0.doubleValue }, try Nx.toFlatList(a[0]).map { $0.doubleValue })
    }
}
