import XCTest
import NxCore
@testable import Defn

/// Every gradient rule against central finite differences in f64, on random inputs (and
/// random shapes where the op allows): the traced function's output is weighted by a random
/// cotangent and summed, so each rule is checked with a non-trivial incoming gradient.
final class GradRuleTests: XCTestCase {
    struct Case {
        let name: String
        /// The shapes of the inputs.
        let shapes: [[Int]]
        /// Where inputs are drawn from.
        var range: ClosedRange<Double> = -2...2
        let f: ([Tensor]) throws -> Tensor
    }

    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    var rng = SeededRandom(state: 42)

    func randomShape(rank: Int) -> [Int] { (0..<rank).map { _ in Int.random(in: 1...3, using: &rng) } }

    func tensor(_ shape: [Int], _ values: [Double]) throws -> Tensor {
        try Nx.reshape(.tensor(try Nx.tensor(.list(values.map { .number(.float($0)) }), type: .f64)), shape)
    }

    func random(_ shape: [Int], _ range: ClosedRange<Double>) throws -> Tensor {
        try tensor(shape, (0..<shape.reduce(1, *)).map { _ in Double.random(in: range, using: &rng) })
    }

    func values(_ t: Tensor) throws -> [Double] { try Nx.toFlatList(t).map { $0.doubleValue } }

    /// Checks the gradient of sum(f(inputs) * w) against central differences.
    func check(_ c: Case, file: StaticString = #filePath, line: UInt = #line) throws {
        let params = c.shapes.enumerated().map { ExprBackend.parameter(TensorTemplate(type: .f64, shape: $0.element), $0.offset) }
        let out = try c.f(params)
        let weights = try random(out.shape, -1...1)
        let objective = try Nx.sum(.tensor(try Nx.multiply(.tensor(out), .tensor(weights))))
        // A real input's gradient through a complex op is the real part of its cotangent.
        let grads = try Grad.gradients(of: objective, wrt: params).map { g in
            g.type.isComplex ? try Nx.unary(.real, .tensor(g)) : g
        }
        let run = Evaluator().compile(outputs: [objective] + grads, hooks: [:])
        let inputs = try c.shapes.map { try random($0, c.range) }
        let analytic = try run(inputs).dropFirst().map(values)
        let h = 1e-5
        for (p, shape) in c.shapes.enumerated() {
            var base = try values(inputs[p])
            for i in base.indices {
                let x0 = base[i]
                func at(_ x: Double) throws -> Double {
                    base[i] = x
                    var moved = inputs
                    moved[p] = try tensor(shape, base)
                    return try values(try run(moved)[0])[0]
                }
                let numeric = (try at(x0 + h) - (try at(x0 - h))) / (2 * h)
                base[i] = x0
                let a = analytic[p][i]
                let err = abs(a - numeric) / max(1, abs(a), abs(numeric))
                XCTAssertLessThanOrEqual(err, 1e-6, "\(c.name): input \(p) element \(i): analytic \(a), numeric \(numeric)", file: file, line: line)
            }
        }
    }

    func t(_ x: Tensor) -> Operand { .tensor(x) }

    func unaryCases() -> [Case] {
        let unit: ClosedRange<Double> = -0.9...0.9, positive: ClosedRange<Double> = 0.2...3
        let ops: [(UnaryOp, ClosedRange<Double>)] = [
            (.exp, -2...2), (.expm1, -2...2), (.log, positive), (.log1p, positive), (.sqrt, positive),
            (.rsqrt, positive), (.cbrt, positive), (.sigmoid, -3...3), (.sin, -3...3), (.cos, -3...3),
            (.tan, -1.2...1.2), (.sinh, -2...2), (.cosh, -2...2), (.tanh, -2...2), (.asin, unit),
            (.acos, unit), (.atan, -3...3), (.asinh, -3...3), (.acosh, 1.2...3), (.atanh, unit),
            (.erf, -2...2), (.erfc, -2...2), (.erf_inv, unit), (.negate, -2...2), (.abs, 0.1...2),
        ]
        return ops.map { op, range in
            Case(name: op.name, shapes: [randomShape(rank: 2)], range: range) { try Nx.unary(op, self.t($0[0])) }
        }
    }

    func binaryCases() -> [Case] {
        let ops: [(BinaryOp, ClosedRange<Double>)] = [
            (.add, -2...2), (.subtract, -2...2), (.multiply, -2...2), (.divide, 0.5...2), (.pow, 0.5...2),
            (.atan2, 0.5...2), (.min, -2...2), (.max, -2...2),
        ]
        return ops.flatMap { op, range -> [Case] in
            let s = randomShape(rank: 2)
            return [
                Case(name: op.name, shapes: [s, s], range: range) { try Nx.binary(op, self.t($0[0]), self.t($0[1])) },
                // Implicit broadcasting: a row against a matrix.
                Case(name: op.name + " broadcast", shapes: [[s[1]], s], range: range) { try Nx.binary(op, self.t($0[0]), self.t($0[1])) },
            ]
        }
    }

    func sameArgumentCases() -> [Case] {
        let s = randomShape(rank: 2)
        return [
            Case(name: "x * x", shapes: [s]) { try Nx.multiply(self.t($0[0]), self.t($0[0])) },
            Case(name: "x + x", shapes: [s]) { try Nx.add(self.t($0[0]), self.t($0[0])) },
            Case(name: "x ** 3 (constant exponent)", shapes: [s]) { try Nx.binary(.pow, self.t($0[0]), .int(3)) },
            Case(name: "x ** 0 (constant exponent)", shapes: [s]) { try Nx.binary(.pow, self.t($0[0]), .float(0)) },
        ]
    }

    func reductionCases() -> [Case] {
        let s = randomShape(rank: 3)
        return [
            Case(name: "sum all", shapes: [s]) { try Nx.sum(self.t($0[0])) },
            Case(name: "sum axes", shapes: [s]) { try Nx.sum(self.t($0[0]), axes: [0, 2]) },
            Case(name: "sum keep", shapes: [s]) { try Nx.sum(self.t($0[0]), axes: [1], keepAxes: true) },
            Case(name: "product", shapes: [s], range: 0.5...1.5) { try Nx.reduce(.product, self.t($0[0]), axes: [1]) },
            Case(name: "product all", shapes: [[2, 3]], range: 0.5...1.5) { try Nx.reduce(.product, self.t($0[0])) },
            Case(name: "reduce_max", shapes: [s]) { try Nx.reduce(.reduce_max, self.t($0[0]), axes: [2]) },
            Case(name: "reduce_min keep", shapes: [s]) { try Nx.reduce(.reduce_min, self.t($0[0]), axes: [0], keepAxes: true) },
            Case(name: "mean", shapes: [s]) { try Nx.mean(self.t($0[0]), axes: [1]) },
            Case(name: "logsumexp", shapes: [s]) { try Nx.logsumexp(self.t($0[0]), axes: [2]) },
            Case(name: "cumulative_sum", shapes: [s]) { try Nx.cumulative(.sum, self.t($0[0]), axis: 1) },
            Case(name: "cumulative_product", shapes: [s]) { try Nx.cumulative(.product, self.t($0[0]), axis: 1) },
            Case(name: "cumulative_product reverse", shapes: [[4, 2]]) { try Nx.cumulative(.product, self.t($0[0]), axis: 0, reverse: true) },
            Case(name: "cumulative_max", shapes: [[3, 5]]) { try Nx.cumulative(.reduce_max, self.t($0[0]), axis: 1) },
            Case(name: "cumulative_min reverse", shapes: [[5, 2]]) { try Nx.cumulative(.reduce_min, self.t($0[0]), axis: 0, reverse: true) },
            Case(name: "cumulative_sum reverse", shapes: [s]) { try Nx.cumulative(.sum, self.t($0[0]), axis: 0, reverse: true) },
        ]
    }

    func linearCases() -> [Case] {
        let (m, k, n, b) = (Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng),
                            Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
        return [
            Case(name: "dot matrix", shapes: [[m, k], [k, n]]) { try Nx.dot(self.t($0[0]), self.t($0[1])) },
            Case(name: "dot vector", shapes: [[k], [k]]) { try Nx.dot(self.t($0[0]), self.t($0[1])) },
            Case(name: "dot matrix-vector", shapes: [[m, k], [k]]) { try Nx.dot(self.t($0[0]), self.t($0[1])) },
            Case(name: "dot contract first axes", shapes: [[k, m], [k, n]]) {
                try Nx.dot(self.t($0[0]), contract: [0], batch: [], self.t($0[1]), contract: [0], batch: [])
            },
            Case(name: "dot batched", shapes: [[b, m, k], [b, k, n]]) {
                try Nx.dot(self.t($0[0]), contract: [2], batch: [0], self.t($0[1]), contract: [1], batch: [0])
            },
            Case(name: "dot two contract axes paired out of order", shapes: [[k, m, b], [b, k, n]]) {
                try Nx.dot(self.t($0[0]), contract: [2, 0], batch: [], self.t($0[1]), contract: [0, 1], batch: [])
            },
            Case(name: "dot with y's contract axes out of order", shapes: [[k, m, b], [b, k, n]]) {
                try Nx.dot(self.t($0[0]), contract: [0, 2], batch: [], self.t($0[1]), contract: [1, 0], batch: [])
            },
            Case(name: "outer", shapes: [[m], [n]]) { try Nx.outer(self.t($0[0]), self.t($0[1])) },
        ]
    }

    func shapeCases() -> [Case] {
        let s = randomShape(rank: 3)
        return [
            Case(name: "reshape", shapes: [s]) { try Nx.reshape(self.t($0[0]), [s.reduce(1, *)]) },
            Case(name: "transpose", shapes: [s]) { try Nx.transpose(self.t($0[0]), axes: [2, 0, 1]) },
            Case(name: "broadcast", shapes: [[s[1], 1]]) { try Nx.broadcast(self.t($0[0]), [2, s[1], 3]) },
            Case(name: "squeeze", shapes: [[1, s[0], 1]]) { try Nx.squeeze(self.t($0[0])) },
            Case(name: "reverse", shapes: [s]) { try Nx.reverse(self.t($0[0]), axes: [0, 2]) },
            Case(name: "pad", shapes: [[2, 3], []]) { try Nx.pad(self.t($0[0]), self.t($0[1]), [(1, 2, 1), (-1, 1, 0)]) },
            Case(name: "concatenate", shapes: [[2, s[1]], [1, s[1]]]) { try Nx.concatenate([self.t($0[0]), self.t($0[1])], axis: 0) },
            Case(name: "stack", shapes: [s, s]) { try Nx.stack([self.t($0[0]), self.t($0[1])], axis: 1) },
            Case(name: "slice", shapes: [[4, 5]]) { try Nx.slice(self.t($0[0]), [1, 0], [3, 5], strides: [2, 2]) },
            Case(name: "put_slice", shapes: [[4, 3], [2, 2]]) { try Nx.putSlice(self.t($0[0]), [1, 1], self.t($0[1])) },
            Case(name: "select", shapes: [s, s]) {
                try Nx.select(.tensor(try Nx.binary(.greater, self.t($0[0]), .float(0))), self.t($0[0]), .tensor(try Nx.multiply(self.t($0[1]), self.t($0[0]))))
            },
            Case(name: "clip", shapes: [s]) { try Nx.clip(self.t($0[0]), .float(-1), .float(1)) },
            Case(name: "gather", shapes: [[3, 2]]) { x in
                let idx = try Nx.tensor(.list([[2, 1], [0, 0], [2, 1]].map { .list($0.map { .number(.int(Int64($0))) }) }))
                return try Nx.gather(self.t(x[0]), idx)
            },
            Case(name: "indexed_add", shapes: [[3, 2], [2]]) { x in
                let idx = try Nx.tensor(.list([[2, 1], [0, 0]].map { .list($0.map { .number(.int(Int64($0))) }) }))
                return try Nx.indexedUpdate(self.t(x[0]), idx, self.t(x[1]), add: true)
            },
            Case(name: "take", shapes: [[3, 2, 2]]) { x in
                let idx = try Nx.tensor(.list([[2, 0], [0, 0], [1, 2]].map { .list($0.map { .number(.int(Int64($0))) }) }))
                return try Nx.take(self.t(x[0]), idx, axis: 0)
            },
            Case(name: "take middle axis", shapes: [[2, 3, 2]]) { x in
                let idx = try Nx.tensor(.list([2, 2, 0].map { .number(.int(Int64($0))) }))
                return try Nx.take(self.t(x[0]), idx, axis: 1)
            },
            Case(name: "take_along_axis", shapes: [[2, 3]]) { x in
                let idx = try Nx.tensor(.list([[2, 0, 2, 1], [0, 0, 1, 1]].map { .list($0.map { .number(.int(Int64($0))) }) }))
                return try Nx.takeAlongAxis(self.t(x[0]), idx, axis: 1)
            },
            Case(name: "sort", shapes: [[3, 4]]) { try Nx.sort(self.t($0[0]), axis: 1) },
            Case(name: "sort descending", shapes: [[3, 4]]) { try Nx.sort(self.t($0[0]), axis: 0, descending: true) },
            Case(name: "indexed_put", shapes: [[3, 2], [2]]) { x in
                let idx = try Nx.tensor(.list([[2, 1], [0, 0]].map { .list($0.map { .number(.int(Int64($0))) }) }))
                return try Nx.indexedUpdate(self.t(x[0]), idx, self.t(x[1]), add: false)
            },
        ]
    }

    func testUnaryRulesMatchFiniteDifferences() throws { for c in unaryCases() { try check(c) } }
    func testBinaryRulesMatchFiniteDifferences() throws { for c in binaryCases() { try check(c) } }
    func testSameArgumentAndConstantExponentRulesMatchFiniteDifferences() throws { for c in sameArgumentCases() { try check(c) } }
    func testReductionRulesMatchFiniteDifferences() throws { for c in reductionCases() { try check(c) } }
    func testDotRulesMatchFiniteDifferences() throws { for c in linearCases() { try check(c) } }
    func testShapeAndIndexingRulesMatchFiniteDifferences() throws { for c in shapeCases() { try check(c) } }

    func testConvAndWindowRulesMatchFiniteDifferences() throws {
        var strided = Nx.ConvOptions()
        strided.strides = [1, 2]
        strided.padding = .same
        let cases = [
            Case(name: "conv", shapes: [[2, 2, 4, 5], [3, 2, 2, 3]]) { try Nx.conv(self.t($0[0]), self.t($0[1])) },
            Case(name: "conv strided same", shapes: [[1, 2, 5, 5], [2, 2, 3, 3]]) { try Nx.conv(self.t($0[0]), self.t($0[1]), strided) },
            Case(name: "window_sum", shapes: [[3, 4]]) { try Nx.windowReduce(.sum, self.t($0[0]), window: [2, 2], strides: [1, 2]) },
            Case(name: "window_product", shapes: [[3, 4]]) { try Nx.windowReduce(.product, self.t($0[0]), window: [2, 1]) },
            Case(name: "window_max", shapes: [[3, 4]]) { try Nx.windowReduce(.reduce_max, self.t($0[0]), window: [2, 2], padding: .same) },
        ]
        for c in cases { try check(c) }
    }

    func testComplexPartRulesMatchFiniteDifferences() throws {
        let s = randomShape(rank: 2)
        let cases = [
            Case(name: "real", shapes: [s]) { try Nx.unary(.real, self.t($0[0])) },
            Case(name: "imag", shapes: [s]) { try Nx.add(self.t($0[0]), .tensor(try Nx.unary(.imag, self.t($0[0])))) },
            Case(name: "conjugate", shapes: [s]) { try Nx.unary(.real, .tensor(try Nx.unary(.conjugate, self.t($0[0])))) },
        ]
        for c in cases { try check(c) }
    }

    func testFFTRulesMatchFiniteDifferences() throws {
        let real = { (z: Tensor) in try Nx.unary(.real, .tensor(z)) }
        let cases = [
            Case(name: "fft", shapes: [[2, 4]]) { try real(try Nx.fft(self.t($0[0]))) },
            Case(name: "ifft", shapes: [[3]]) { try real(try Nx.fft(self.t($0[0]), inverse: true)) },
            Case(name: "fft padded", shapes: [[2, 3]]) { try real(try Nx.fft(self.t($0[0]), length: 5)) },
            Case(name: "ifft cut", shapes: [[5]]) { try real(try Nx.fft(self.t($0[0]), length: 3, inverse: true)) },
        ]
        for c in cases { try check(c) }
    }

    func testPhaseHasNoGradientAsInNx() throws {
        let x = ExprBackend.parameter(TensorTemplate(type: .f64, shape: [2]), 0)
        let out = try Nx.sum(.tensor(try Nx.unary(.phase, .tensor(x))))
        XCTAssertThrowsError(try Grad.gradients(of: out, wrt: [x])) { error in
            XCTAssertTrue("\(error)".contains("gradient not yet implemented for Nx.phase/1"), "\(error)")
        }
    }

    /// A well-conditioned triangular matrix: the random entries plus 3 on the diagonal.
    func triangular(_ a: Tensor, lower: Bool) throws -> Tensor {
        let n = a.shape[a.rank - 1]
        let shifted = try Nx.add(self.t(a), .tensor(try Nx.multiply(.tensor(try Nx.eye([n, n], type: .f64)), .float(3))))
        return try GradRules.triangle(shifted, lower: lower)
    }

    func testTriangularSolveRuleMatchesFiniteDifferences() throws {
        let cases = [
            Case(name: "triangular_solve lower", shapes: [[3, 3], [3, 2]]) {
                try NxLinAlg.triangularSolve(.tensor(try self.triangular($0[0], lower: true)), self.t($0[1]))
            },
            Case(name: "triangular_solve upper vector", shapes: [[3, 3], [3]]) {
                try NxLinAlg.triangularSolve(.tensor(try self.triangular($0[0], lower: false)), self.t($0[1]), lower: false)
            },
            Case(name: "triangular_solve right side transposed", shapes: [[3, 3], [2, 3]]) {
                try NxLinAlg.triangularSolve(.tensor(try self.triangular($0[0], lower: true)), self.t($0[1]),
                                             leftSide: false, transposeA: true)
            },
            Case(name: "triangular_solve batched", shapes: [[2, 2, 2], [2, 2, 3]]) {
                try NxLinAlg.triangularSolve(.tensor(try self.triangular($0[0], lower: true)), self.t($0[1]))
            },
        ]
        for c in cases { try check(c) }
    }

    /// A symmetric positive definite matrix from any square x: x·xᵀ + I.
    func spd(_ x: Tensor) throws -> Tensor {
        let n = x.shape[x.rank - 1]
        return try Nx.add(.tensor(try GradRules.matmul(x, try GradRules.swapLast(x))), .tensor(try Nx.eye([n, n], type: .f64)))
    }

    func testCholeskyRuleMatchesFiniteDifferences() throws {
        let cases = [
            Case(name: "cholesky", shapes: [[3, 3]]) { try NxLinAlg.cholesky(.tensor(try self.spd($0[0]))) },
            Case(name: "cholesky batched", shapes: [[2, 2, 2]]) { try NxLinAlg.cholesky(.tensor(try self.spd($0[0]))) },
        ]
        for c in cases { try check(c) }
    }

    func testCholeskyGradientIsNxsUnsymmetrizedForm() throws {
        // Nx's own test: grad(sum(cholesky(a))) at [[1, 2], [2, 5]] is [[1.5, -1], [0, 0.5]].
        let a = ExprBackend.parameter(TensorTemplate(type: .f64, shape: [2, 2]), 0)
        let g = try Grad.gradients(of: try Nx.sum(.tensor(try NxLinAlg.cholesky(.tensor(a)))), wrt: [a])
        let r = try Evaluator().compile(outputs: g, hooks: [:])([try tensor([2, 2], [1, 2, 2, 5])])
        let v = try values(r[0])
        for (x, y) in zip(v, [1.5, -1, 0, 0.5]) { XCTAssertEqual(x, y, accuracy: 1e-12) }
    }

    func testLURuleMatchesFiniteDifferences() throws {
        let cases = [
            Case(name: "lu l + u", shapes: [[3, 3]]) { x in
                let (_, l, u) = try NxLinAlg.lu(self.t(x[0]))
                return try Nx.add(.tensor(l), .tensor(u))
            },
            Case(name: "lu u only", shapes: [[2, 2]]) { x in try NxLinAlg.lu(self.t(x[0])).2 },
        ]
        for c in cases { try check(c) }
    }

    func testLUGradientMatchesNxsExample() throws {
        // Nx's own test: grad(sum(l + u)) at [[1, 2], [1, -1]] is [[2, 0], [-1, 1]].
        let a = ExprBackend.parameter(TensorTemplate(type: .f64, shape: [2, 2]), 0)
        let (_, l, u) = try NxLinAlg.lu(.tensor(a))
        let g = try Grad.gradients(of: try Nx.sum(.tensor(try Nx.add(.tensor(l), .tensor(u)))), wrt: [a])
        let out = try Evaluator().compile(outputs: g, hooks: [:])([try tensor([2, 2], [1, 2, 1, -1])])
        for (x, y) in zip(try values(out[0]), [2.0, 0, -1, 1]) { XCTAssertEqual(x, y, accuracy: 1e-9) }
    }

    func testQRRuleMatchesFiniteDifferences() throws {
        let cases = [
            Case(name: "qr square q + r", shapes: [[3, 3]]) { x in
                let (q, r) = try NxLinAlg.qr(self.t(x[0]))
                return try Nx.add(.tensor(q), .tensor(r))
            },
            Case(name: "qr tall reduced", shapes: [[4, 2]]) { x in
                let (q, r) = try NxLinAlg.qr(self.t(x[0]))
                return try Nx.add(.tensor(try Nx.sum(.tensor(q), axes: [0])), .tensor(try Nx.sum(.tensor(r), axes: [0])))
            },
        ]
        for c in cases { try check(c) }
    }

    func testQRGradientMatchesNxsExample() throws {
        // Nx's own test: grad(sum(q + r)) at [[1, 2], [1, -1]] is [[0.70709, 1.4142], [0.70709, 0]].
        let a = ExprBackend.parameter(TensorTemplate(type: .f64, shape: [2, 2]), 0)
        let (q, r) = try NxLinAlg.qr(.tensor(a))
        let g = try Grad.gradients(of: try Nx.sum(.tensor(try Nx.add(.tensor(q), .tensor(r)))), wrt: [a])
        let out = try Evaluator().compile(outputs: g, hooks: [:])([try tensor([2, 2], [1, 2, 1, -1])])
        for (x, y) in zip(try values(out[0]), [0.70709, 1.4142, 0.70709, 0]) { XCTAssertEqual(x, y, accuracy: 1e-4) }
    }

    /// A symmetric matrix from any square x: (x + xᵀ) / 2.
    func symmetric(_ x: Tensor) throws -> Tensor {
        try Nx.multiply(.tensor(try Nx.add(.tensor(x), .tensor(try GradRules.swapLast(x)))), .float(0.5))
    }

    func testSVDRuleMatchesFiniteDifferences() throws {
        let all = { (r: (Tensor, Tensor, Tensor)) throws -> Tensor in
            // u and vt summed over rows so they line up with s: every output gets a cotangent.
            try Nx.add(.tensor(try Nx.add(.tensor(try Nx.sum(.tensor(r.0), axes: [0])), .tensor(r.1))),
                       .tensor(try Nx.sum(.tensor(r.2), axes: [0])))
        }
        let cases = [
            Case(name: "svd square", shapes: [[3, 3]]) { try all(try NxLinAlg.svd(self.t($0[0]))) },
            Case(name: "svd tall reduced", shapes: [[4, 2]]) { try all(try NxLinAlg.svd(self.t($0[0]), fullMatrices: false)) },
            Case(name: "svd tall full, s only", shapes: [[3, 2]]) { try NxLinAlg.svd(self.t($0[0])).1 },
        ]
        for c in cases { try check(c) }
    }

    func testEighRuleMatchesFiniteDifferences() throws {
        let cases = [
            Case(name: "eigh values + vectors", shapes: [[3, 3]]) { x in
                let (values, vectors) = try NxLinAlg.eigh(.tensor(try self.symmetric(x[0])))
                return try Nx.add(.tensor(values), .tensor(try Nx.sum(.tensor(vectors), axes: [0])))
            },
            Case(name: "eigh batched values", shapes: [[2, 3, 3]]) { x in try NxLinAlg.eigh(.tensor(try self.symmetric(x[0]))).0 },
        ]
        for c in cases { try check(c) }
    }

    func testCondGradientFollowsTheTakenBranch() throws {
        try check(Case(name: "cond", shapes: [[], [2]]) { x in
            let pred = try Nx.binary(.greater, self.t(x[0]), .float(0))
            let yes = try Nx.multiply(self.t(x[1]), .tensor(try Nx.unary(.sin, self.t(x[0]))))
            let no = try Nx.multiply(self.t(x[1]), self.t(x[1]))
            return try ExprBackend.cond(clauses: [(pred, [.tensor(yes)])], last: [.tensor(no)])[0]
        })
    }

    func testWhileGradientThroughCarriedAndCapturedVariables() throws {
        // y = x; repeat 3 times: y = y * x * c  (x carried in the state, c captured)
        try check(Case(name: "while", shapes: [[2], [2]], range: 0.5...1.5) { x in
            let i0 = ExprBackend.constant(TensorTemplate(type: .s64, shape: []), .int(0))
            let ps = [ExprBackend.parameter(x[0].template, 0), ExprBackend.parameter(x[0].template, 1),
                      ExprBackend.parameter(i0.template, 2)]
            let body = [try Nx.multiply(.tensor(try Nx.multiply(self.t(ps[0]), self.t(ps[1]))), self.t(x[1])), ps[1],
                        try Nx.add(self.t(ps[2]), .int(1))]
            let loop = WhileLoop(initial: [x[0], x[0], i0], parameters: ps,
                                 condition: try Nx.binary(.less, self.t(ps[2]), .int(3)), body: body)
            return ExprBackend.whileLoop(loop)[0]
        })
    }

    func testStopGradBlocksTheGradient() throws {
        let x = ExprBackend.parameter(TensorTemplate(type: .f64, shape: []), 0)
        let stopped = try ExprBackend.metadata(x, name: "stop_grad", inspect: ":stop_grad")
        let out = try Nx.multiply(.tensor(x), .tensor(stopped))
        let g = try Grad.gradients(of: out, wrt: [x])
        let r = try Evaluator().compile(outputs: g, hooks: [:])([try Nx.scalar(.float(3), type: .f64)])
        XCTAssertEqual(try values(r[0]), [3])
    }

    func testSecondDerivativeOfCube() throws {
        let x = ExprBackend.parameter(TensorTemplate(type: .f64, shape: []), 0)
        let cube = try Nx.binary(.pow, .tensor(x), .int(3))
        let d1 = try Grad.gradients(of: cube, wrt: [x])[0]
        let d2 = try Grad.gradients(of: d1, wrt: [x])[0]
        let r = try Evaluator().compile(outputs: [d1, d2], hooks: [:])([try Nx.scalar(.float(3), type: .f64)])
        XCTAssertEqual(try values(r[0]), [27])
        XCTAssertEqual(try values(r[1]), [18])
    }

    func testAsTypePassesTheGradientThrough() throws {
        // An f32 round trip is too coarse for finite differences: the rule is the identity.
        let x = ExprBackend.parameter(TensorTemplate(type: .f64, shape: [2]), 0)
        let out = try Nx.multiply(.tensor(try Nx.asType(.tensor(x), .f32)), .tensor(try tensor([2], [2, -3])))
        let g = try Grad.gradients(of: out, wrt: [x])
        let r = try Evaluator().compile(outputs: g, hooks: [:])([try tensor([2], [0.1, 0.2])])
        XCTAssertEqual(try values(r[0]), [2, -3])
    }

    func testCumulativeProductGradientIsRightWithAZero() throws {
        // d/dx of sum(cumprod([2, 0, 3])) = [1 + 0 + 0, 2 + 2*3, 0]
        let x = ExprBackend.parameter(TensorTemplate(type: .f64, shape: [3]), 0)
        let out = try Nx.sum(.tensor(try Nx.cumulative(.product, .tensor(x))))
        let g = try Grad.gradients(of: out, wrt: [x])
        let r = try Evaluator().compile(outputs: g, hooks: [:])([try tensor([3], [2, 0, 3])])
        XCTAssertEqual(try values(r[0]), [1, 8, 0])
    }

    func testLongChainDoesNotExhaustTheStack() throws {
        // 10_000 nodes deep: d/dx of (x * (1 + 2^-13) + 0.5) repeated (the factor is exact in f32).
        let x = ExprBackend.parameter(TensorTemplate(type: .f64, shape: []), 0)
        var y = x
        for _ in 0..<5_000 { y = try Nx.add(.tensor(try Nx.multiply(.tensor(y), .float(1.0001220703125))), .float(0.5)) }
        let g = try Grad.gradients(of: y, wrt: [x])
        let r = try Evaluator().compile(outputs: g, hooks: [:])([try Nx.scalar(.float(1), type: .f64)])
        XCTAssertEqual(try values(r[0])[0], pow(1.0001220703125, 5_000), accuracy: 1e-6)
    }

    func testComparisonsGiveZeroGradient() throws {
        let x = ExprBackend.parameter(TensorTemplate(type: .f64, shape: [2]), 0)
        let out = try Nx.asType(.tensor(try Nx.binary(.greater, .tensor(x), .float(0))), .f64)
        let g = try Grad.gradients(of: out, wrt: [x])
        let r = try Evaluator().compile(outputs: g, hooks: [:])([try tensor([2], [1, -1])])
        XCTAssertEqual(try values(r[0]), [0, 0])
    }
}
