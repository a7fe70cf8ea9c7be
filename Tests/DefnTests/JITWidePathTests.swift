import XCTest
import Foundation
import NxCore
@testable import Defn
@testable import WideKernels
import CPUInfo

/// The 16-lane (AVX-512) block code gives the 8-lane path's results: the math element for
/// element, reductions within rounding, whole kernels run through both paths. Runs where the
/// CPU has AVX-512 (whatever SWIFTNX_NO_AVX512 says, so both paths are tested on one machine).
final class JITWidePathTests: XCTestCase {
    let hardware = CPUFeatures.avx512Hardware

    override func setUpWithError() throws {
        try XCTSkipUnless(hardware, "no AVX-512 on this CPU")
    }

    /// Sizes around the 16-lane chunk and the block, specials first.
    func inputs(_ n: Int, seed: UInt64) -> [Float] {
        let specials: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, 1e-30, -1e-30, 88.7, 88.8, -87.3, -87.4, -104, 44.5, 0.6249, -0.625, 1000, -1000]
        var state = seed
        return (0..<n).map { i in
            if i < specials.count { return specials[i] }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2_000_001) / 10_000 - 100
        }
    }

    let sizes = [1, 15, 16, 17, 33, 511, 512]

    func same(_ a: [Float], _ b: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count)
        for (i, (x, y)) in zip(a, b).enumerated() where !(x.isNaN && y.isNaN) && x.bitPattern != y.bitPattern {
            XCTFail("\(what)[\(i)]: \(x) vs \(y)", file: file, line: line)
            return
        }
    }

    typealias Unary = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    typealias Binary = (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    func testWideMathEqualsTheEightLaneMathBitForBit() {
        let pairs: [(String, Unary, Unary)] = [("exp", WideMath.exp, JITMath.exp), ("tanh", WideMath.tanh, JITMath.tanh),
                                               ("sigmoid", WideMath.sigmoid, JITMath.sigmoid)]
        for n in sizes {
            let xs = inputs(n, seed: UInt64(n))
            for (name, wide, narrow) in pairs {
                var a = [Float](repeating: 7, count: n), b = a
                wide(xs, &a, n)
                narrow(xs, &b, n)
                same(a, b, "\(name) n=\(n)")
            }
        }
    }

    func testWideBinaryOpsEqualTheEightLaneLoops() {
        let ops: [(BinaryOp, Binary)] = [(.add, WideBlockOps.add), (.subtract, WideBlockOps.subtract), (.multiply, WideBlockOps.multiply),
                                         (.divide, WideBlockOps.divide), (.max, WideBlockOps.max), (.min, WideBlockOps.min)]
        for n in sizes {
            let xs = inputs(n, seed: 1), ys = inputs(n, seed: 2).reversed().map { $0 }
            for (op, wide) in ops {
                var a = [Float](repeating: 7, count: n), b = a
                wide(xs, ys, &a, n)
                BlockContext.binary(op, xs, ys, &b, n, wide: false)
                same(a, b, "\(op) n=\(n)")
            }
            var a = [Float](repeating: 7, count: n), b = a
            WideBlockOps.multiplyAdd(xs, ys, xs, &a, n)
            BlockContext.multiplyAdd(xs, ys, xs, &b, n, wide: false)
            same(a, b, "multiplyAdd n=\(n)")
            // Two roundings, as the separate multiply and add give.
            same(a, zip(xs, ys).map { x, y in let p = x * y; return p + x }, "multiplyAdd vs two steps n=\(n)")
        }
    }

    func testWideReductionsAgreeAndSeeNaN() {
        for n in sizes {
            var xs = inputs(n, seed: 3)
            if n > 17 { xs.replaceSubrange(0..<17, with: (0..<17).map { Float($0) / 7 }) }  // no specials
            for op in [ReduceOp.sum, .product, .reduce_max, .reduce_min] {
                let small = op == .product ? xs.map { 1 + $0 / 1e4 } : xs
                let wide = FusedKernel.reduceBlock(op, small, n, wide: true)
                let narrow = FusedKernel.reduceBlock(op, small, n, wide: false)
                if wide.isNaN || narrow.isNaN { XCTAssertTrue(wide.isNaN && narrow.isNaN, "\(op) n=\(n)"); continue }
                XCTAssertEqual(Double(wide), Double(narrow), accuracy: 1e-5 * Swift.max(1, abs(Double(narrow))), "\(op) n=\(n)")
            }
        }
        var withNaN: [Float] = Array(repeating: 1, count: 40)
        withNaN[37] = .nan
        XCTAssertTrue(FusedKernel.reduceBlock(.reduce_max, withNaN, 40, wide: true).isNaN)
        XCTAssertTrue(FusedKernel.reduceBlock(.reduce_min, withNaN, 40, wide: true).isNaN)
        XCTAssertEqual(FusedKernel.reduceBlock(.reduce_max, [-.infinity, -3, -.infinity], 3, wide: true), -3)
        // The four accumulators of a 64-element step each see a NaN, and each hold the extremum.
        for position in [3, 100, 200, 300, 500] {
            var xs = inputs(512, seed: 4).map { $0.isNaN || $0.isInfinite ? 0 : $0 }
            xs[position] = .nan
            XCTAssertTrue(FusedKernel.reduceBlock(.reduce_max, xs, 512, wide: true).isNaN, "NaN at \(position)")
            XCTAssertTrue(FusedKernel.reduceBlock(.reduce_min, xs, 512, wide: true).isNaN, "NaN at \(position)")
            xs[position] = 1e6
            XCTAssertEqual(FusedKernel.reduceBlock(.reduce_max, xs, 512, wide: true), 1e6, "max at \(position)")
            xs[position] = -1e6
            XCTAssertEqual(FusedKernel.reduceBlock(.reduce_min, xs, 512, wide: true), -1e6, "min at \(position)")
        }
        let negatives = [Float](repeating: -.infinity, count: 200)
        XCTAssertEqual(FusedKernel.reduceBlock(.reduce_max, negatives, 200, wide: true), -.infinity)
        XCTAssertEqual(FusedKernel.reduceBlock(.reduce_min, negatives.map { -$0 }, 200, wide: true), .infinity)
    }

    /// exp(a - b) in one sweep: the subtract then exp, bit for bit, in range or not, in place or not.
    func testWideExpOfDifferenceEqualsSubtractThenExp() {
        for n in sizes + [100] {
            let xs = inputs(n, seed: UInt64(n + 40)), ys = inputs(n, seed: 41).reversed().map { $0 / 3 }
            for (a, b) in [(xs, ys), (xs.map { $0.isNaN || $0.isInfinite ? 0 : $0 / 2 }, [Float](repeating: 5, count: n))] {
                var wide = [Float](repeating: 7, count: n), narrow = wide
                WideMath.expOfDifference(a, b, &wide, n)
                BlockContext.expOfDifference(a, b, &narrow, n, wide: false)
                same(wide, narrow, "expOfDifference n=\(n)")
                var separate = [Float](repeating: 0, count: n)
                BlockContext.binary(.subtract, a, b, &separate, n, wide: false)
                JITMath.exp(separate, &separate, n)
                same(wide, separate, "expOfDifference vs two steps n=\(n)")
                var inPlace = a
                inPlace.withUnsafeMutableBufferPointer { WideMath.expOfDifference(UnsafePointer($0.baseAddress!), b, $0.baseAddress!, n) }
                same(inPlace, narrow, "in-place expOfDifference n=\(n)")
                // b as one value: the same as b spread over the block.
                for shift in [b[0], 0, -90, .nan, .infinity] {
                    let spread = [Float](repeating: shift, count: n)
                    var scalar = [Float](repeating: 7, count: n), narrowScalar = scalar, reference = scalar
                    WideMath.expOfScalarDifference(a, shift, &scalar, n)
                    BlockContext.expOfScalarDifference(a, shift, &narrowScalar, n, wide: false)
                    BlockContext.expOfDifference(a, spread, &reference, n, wide: false)
                    same(scalar, reference, "expOfScalarDifference n=\(n) b=\(shift)")
                    same(narrowScalar, reference, "narrow expOfScalarDifference n=\(n) b=\(shift)")
                    var inPlaceScalar = a
                    inPlaceScalar.withUnsafeMutableBufferPointer { WideMath.expOfScalarDifference(UnsafePointer($0.baseAddress!), shift, $0.baseAddress!, n) }
                    same(inPlaceScalar, reference, "in-place expOfScalarDifference n=\(n) b=\(shift)")
                }
            }
        }
    }

    /// exp and sigmoid write their block in the same sweep that checks the short form's range; a
    /// block with one input out of range is redone in the general form, and writing over its own
    /// input still works.
    func testWideShortFormsOutOfRangeAndInPlace() {
        let pairs: [(String, Unary, Unary)] = [("exp", WideMath.exp, JITMath.exp), ("sigmoid", WideMath.sigmoid, JITMath.sigmoid)]
        for (name, wideForm, narrowForm) in pairs {
            for n in sizes + [100] {
                for position in Set([0, n / 2, n - 1]) {
                    for special: Float in [.nan, 88.7, -87.5, -88.7, .infinity, -.infinity, 1000, -1000] {
                        var xs = inputs(n + 20, seed: UInt64(n)).suffix(n).map { $0.isNaN || $0.isInfinite ? 1 : $0 / 2 }
                        xs[position] = special
                        var wide = [Float](repeating: 7, count: n), narrow = wide
                        wideForm(xs, &wide, n)
                        narrowForm(xs, &narrow, n)
                        same(wide, narrow, "\(name) n=\(n) \(special) at \(position)")
                        var inPlace = xs
                        inPlace.withUnsafeMutableBufferPointer { wideForm(UnsafePointer($0.baseAddress!), $0.baseAddress!, n) }
                        same(inPlace, narrow, "in-place \(name) n=\(n) \(special) at \(position)")
                    }
                }
            }
        }
    }

    /// Whole programs (softmax, the elementwise chain, a row logsumexp) run with every kernel on
    /// one path, then the other: same values, and both match the Evaluator.
    func testKernelsGiveTheSameResultsOnBothPaths() throws {
        let x = ExprBackend.parameter(TensorTemplate(type: .f32, shape: [3, 1001]), 0)
        let m = try Nx.reduce(.reduce_max, .tensor(x), axes: [1], keepAxes: true)
        let e = try Nx.unary(.exp, .tensor(try Nx.subtract(.tensor(x), .tensor(m))))
        let softmax = try Nx.divide(.tensor(e), .tensor(try Nx.sum(.tensor(e), axes: [1], keepAxes: true)))
        let lse = try Nx.add(.tensor(try Nx.unary(.log, .tensor(try Nx.sum(.tensor(e), axes: [1], keepAxes: true)))), .tensor(m))
        let chain = try Nx.add(.tensor(try Nx.multiply(.tensor(try Nx.unary(.tanh, .tensor(try Nx.add(.tensor(try Nx.multiply(.tensor(x), .tensor(x))), .tensor(m))))), .float(0.5))),
                               .tensor(try Nx.unary(.sigmoid, .tensor(x))))
        var values = inputs(3 * 1001, seed: 9).map { $0 / 10 }
        values[5] = .nan  // row 0 carries a NaN, rows 1 and 2 do not
        let input = try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: [3, 1001]), values.withUnsafeBytes { Array($0) })
        for outputs in [[softmax], [lse], [chain], [softmax, lse, chain]] {
            var planner = JITPlanner(outputs: outputs)
            let program = planner.plan()
            func run(wide: Bool) throws -> [Tensor] {
                setWide(program, wide)
                return try program.run([input], hooks: [:])
            }
            let (w, n) = (try run(wide: true), try run(wide: false))
            let evaluated = try Evaluator().compile(outputs: outputs, hooks: [:])([input])
            for i in outputs.indices {
                try assertClose(w[i], n[i])
                try assertClose(evaluated[i], w[i])
            }
        }
    }

    func setWide(_ program: JITProgram, _ wide: Bool) {
        for k in program.kernels { k.wide = wide }
    }
}
