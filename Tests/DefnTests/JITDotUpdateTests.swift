import XCTest
import NxCore
import CPUInfo
@testable import Defn

/// `w - c * dot(a, b)` and its variants run as one product with an update (DotUpdate) on the
/// AVX-512 path, with the Evaluator's bits; a dot read by anything else stays a dot.
final class JITDotUpdateTests: XCTestCase {
    func param(_ shape: [Int], _ type: DType = .f32, _ i: Int = 0) -> Tensor {
        ExprBackend.parameter(TensorTemplate(type: type, shape: shape), i)
    }

    func random(_ shape: [Int], seed: UInt64, special: Bool = false) throws -> Tensor {
        var state = seed
        var xs = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2_000_001) / 500_000 - 2
        }
        if special && !xs.isEmpty {
            for (i, v) in [Float.nan, .infinity, -.infinity, -0.0].enumerated() { xs[(i * 31 + 3) % xs.count] = v }
        }
        return try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: shape), xs.withUnsafeBytes { Array($0) })
    }

    func updateSteps(_ outputs: [Tensor]) -> Int {
        var planner = JITPlanner(outputs: outputs)
        return planner.plan().steps.filter { if case .dotUpdate = $0 { return true }; return false }.count
    }

    /// The JIT's outputs equal the Evaluator's bit for bit (NaN as NaN).
    func assertSameBits(_ outputs: [Tensor], _ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line) throws {
        let e = try Evaluator().compile(outputs: outputs, hooks: [:])(inputs)
        let j = try JIT().compile(outputs: outputs, hooks: [:])(inputs)
        for (x, y) in zip(e, j) {
            XCTAssertEqual(x.template, y.template, file: file, line: line)
            let (p, q) = (try Nx.toFlatList(x).map { Float($0.doubleValue) }, try Nx.toFlatList(y).map { Float($0.doubleValue) })
            XCTAssertEqual(p.count, q.count, file: file, line: line)
            for (u, v) in zip(p, q) where !(u.isNaN && v.isNaN) {
                XCTAssertEqual(u.bitPattern, v.bitPattern, "\(u) vs \(v)", file: file, line: line)
            }
        }
    }

    func dot(_ a: Tensor, _ ca: [Int], _ b: Tensor, _ cb: [Int]) throws -> Tensor {
        try Nx.dot(.tensor(a), contract: ca.map { .index($0) }, batch: [], .tensor(b), contract: cb.map { .index($0) }, batch: [])
    }

    func testSGDUpdatesOfTransposedAndPlainProductsAreOneStep() throws {
        // w (m × n) updated by xᵀ·g (x: depth × m, g: depth × n), odd shapes, one and several depth steps.
        for (m, n, depth) in [(13, 7, 5), (37, 130, 300), (200, 9, 64), (1, 1, 1)] {
            let (w, x, g) = (param([m, n], .f32, 0), param([depth, m], .f32, 1), param([depth, n], .f32, 2))
            let d = try dot(x, [0], g, [0])
            for c in [0.01, -0.5, 0.0] {
                let forms = [try Nx.subtract(.tensor(w), .tensor(try Nx.multiply(.float(c), .tensor(d)))),
                             try Nx.subtract(.tensor(w), .tensor(try Nx.multiply(.tensor(d), .float(c)))),
                             try Nx.add(.tensor(w), .tensor(try Nx.multiply(.float(c), .tensor(d)))),
                             try Nx.add(.tensor(try Nx.multiply(.float(c), .tensor(d))), .tensor(w))]
                for out in forms {
                    XCTAssertEqual(updateSteps([out]), CPUFeatures.avx512 ? 1 : 0)
                    for special in [false, true] {
                        try assertSameBits([out], [try random([m, n], seed: 1, special: special),
                                                   try random([depth, m], seed: 2, special: special), try random([depth, n], seed: 3)])
                    }
                }
            }
            // The plain orientation: w (m × n) - c · a·b with a m × depth, b depth × n, and with b transposed.
            let (a, b, bt) = (param([m, depth], .f32, 1), param([depth, n], .f32, 2), param([n, depth], .f32, 2))
            for (rhs, cb, shape) in [(b, [0], [depth, n]), (bt, [1], [n, depth])] {
                let out = try Nx.subtract(.tensor(w), .tensor(try Nx.multiply(.float(0.25), .tensor(try dot(a, [1], rhs, cb)))))
                XCTAssertEqual(updateSteps([out]), CPUFeatures.avx512 ? 1 : 0)
                try assertSameBits([out], [try random([m, n], seed: 4), try random([m, depth], seed: 5, special: true),
                                           try random(shape, seed: 6)])
            }
        }
    }

    func testARankZeroScaleIsReadWhenTheStepRuns() throws {
        let (w, x, g, lr) = (param([20, 11], .f32, 0), param([6, 20], .f32, 1), param([6, 11], .f32, 2), param([], .f32, 3))
        let out = try Nx.subtract(.tensor(w), .tensor(try Nx.multiply(.tensor(lr), .tensor(try dot(x, [0], g, [0])))))
        XCTAssertEqual(updateSteps([out]), CPUFeatures.avx512 ? 1 : 0)
        for value: Float in [0.1, -3, 0, .infinity] {
            let scale = try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: []), withUnsafeBytes(of: value) { Array($0) })
            try assertSameBits([out], [try random([20, 11], seed: 7), try random([6, 20], seed: 8), try random([6, 11], seed: 9), scale])
        }
    }

    func testADotReadElsewhereOrAScaledTensorIsNotFolded() throws {
        let (w, x, g) = (param([8, 5], .f32, 0), param([4, 8], .f32, 1), param([4, 5], .f32, 2))
        let d = try dot(x, [0], g, [0])
        let product = try Nx.multiply(.float(0.1), .tensor(d))
        let update = try Nx.subtract(.tensor(w), .tensor(product))
        // The dot is also an output; the product is read by a second op; the scale is a whole tensor.
        let scaledByTensor = try Nx.subtract(.tensor(w), .tensor(try Nx.multiply(.tensor(w), .tensor(d))))
        let cases = [[update, d], [update, try Nx.multiply(.tensor(product), .float(2))], [scaledByTensor]]
        let inputs = [try random([8, 5], seed: 10), try random([4, 8], seed: 11), try random([4, 5], seed: 12)]
        for outputs in cases {
            XCTAssertEqual(updateSteps(outputs), 0)
            try assertSameBits(outputs, inputs)
        }
        // w − 0.1·d − d: the subtraction of the product reads a kernel's expression, not a value.
        let chained = try Nx.subtract(.tensor(try Nx.subtract(.tensor(try Nx.add(.tensor(w), .float(1))), .tensor(product))), .tensor(w))
        XCTAssertEqual(updateSteps([chained]), 0)
        try assertSameBits([chained], inputs)
    }
}
