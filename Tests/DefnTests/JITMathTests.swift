import XCTest
import Foundation
@testable import Defn
@testable import WideKernels
import CPUInfo

/// The fused kernels' vectorized exp, tanh and sigmoid stay within 2 ulp of the f64 result
/// rounded to f32 (what the Evaluator computes), over a dense sweep of their useful range.
final class JITMathTests: XCTestCase {
    func ulps(_ a: Float, _ b: Float) -> Int {
        if a == b { return 0 }
        if a.isNaN || b.isNaN { return Int.max }
        let (x, y) = (Int64(Int32(bitPattern: a.bitPattern)), Int64(Int32(bitPattern: b.bitPattern)))
        // Map the sign-magnitude order onto a line.
        func line(_ v: Int64) -> Int64 { v < 0 ? Int64(Int32.min) - v : v }
        return Int(abs(line(x) - line(y)))
    }

    func sweep(from lo: Float, to hi: Float, count: Int = 200_000) -> [Float] {
        (0..<count).map { lo + (hi - lo) * Float($0) / Float(count - 1) }
    }

    func maxError(_ xs: [Float], _ fast: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
                  _ exact: (Double) -> Double, skipBelow: Float = 0) -> Int {
        var out = [Float](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { src in out.withUnsafeMutableBufferPointer { fast(src.baseAddress!, $0.baseAddress!, xs.count) } }
        var worst = 0
        for (x, y) in zip(xs, out) {
            let want = Float(exact(Double(x)))
            if abs(want) < skipBelow { continue }
            worst = max(worst, ulps(y, want))
        }
        return worst
    }

    typealias Kernel = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    /// The 8-lane functions, and the 16-lane ones where the CPU has AVX-512.
    func paths(_ narrow: @escaping Kernel, _ wide: @escaping Kernel) -> [Kernel] {
        CPUFeatures.avx512Hardware ? [narrow, wide] : [narrow]
    }

    func testExpIsWithinTwoUlpOverTheNormalRange() {
        for exp in paths(JITMath.exp, WideMath.exp) {
            XCTAssertLessThanOrEqual(maxError(sweep(from: -87, to: 88.7), exp, Foundation.exp), 2)
        }
    }

    /// A call whose inputs all lie in -86...87.5 takes the short form (2^n added to the exponent
    /// bits): within 2 ulp, and bit for bit what the general form gives (forced by one NaN).
    func testExpShortFormEqualsTheGeneralForm() {
        for exp in paths(JITMath.exp, WideMath.exp) {
            XCTAssertLessThanOrEqual(maxError(sweep(from: -86, to: 87.5), exp, Foundation.exp), 2)
            for n in [1, 7, 16, 17, 511, 512] {
                let xs = (0..<n).map { -86 + 173.5 * Float($0) / Float(max(1, n - 1)) }
                var short = [Float](repeating: 0, count: n), general = [Float](repeating: 0, count: n + 1)
                exp(xs, &short, n)
                exp(xs + [.nan], &general, n + 1)
                XCTAssertEqual(short.map(\.bitPattern), general[0..<n].map(\.bitPattern), "n=\(n)")
                XCTAssertTrue(general[n].isNaN)
            }
        }
    }

    func testTanhIsWithinTwoUlp() {
        for tanh in paths(JITMath.tanh, WideMath.tanh) {
            XCTAssertLessThanOrEqual(maxError(sweep(from: -10, to: 10), tanh, Foundation.tanh), 2)
            XCTAssertLessThanOrEqual(maxError(sweep(from: -0.7, to: 0.7), tanh, Foundation.tanh), 2)
            // Where the quotient's roundings weigh most (2 ulp at ~1.2e-4; checked over every float once).
            XCTAssertLessThanOrEqual(maxError(sweep(from: 1e-5, to: 2e-3), tanh, Foundation.tanh), 2)
            XCTAssertLessThanOrEqual(maxError(sweep(from: 9.1, to: 50), tanh, Foundation.tanh), 0)  // exactly 1
        }
    }

    func testTanhKeepsTheSignOfZeroAndTinyValues() {
        let xs: [Float] = [-0.0, 0, -1e-40, 1e-40, -.leastNormalMagnitude]
        for tanh in paths(JITMath.tanh, WideMath.tanh) {
            var out = [Float](repeating: 1, count: xs.count)
            tanh(xs, &out, xs.count)
            XCTAssertEqual(out.map(\.bitPattern), xs.map(\.bitPattern))
        }
    }

    func testSigmoidIsWithinTwoUlp() {
        for sigmoid in paths(JITMath.sigmoid, WideMath.sigmoid) {
            XCTAssertLessThanOrEqual(maxError(sweep(from: -80, to: 30), sigmoid, { 1 / (1 + Foundation.exp(-$0)) }), 2)
        }
    }

    func testSpecialValues() {
        let xs: [Float] = [.nan, .infinity, -.infinity, 0, -1000, 1000]
        var out = [Float](repeating: 1, count: xs.count)
        for exp in paths(JITMath.exp, WideMath.exp) {
            exp(xs, &out, xs.count)
            XCTAssertTrue(out[0].isNaN)
            XCTAssertEqual(Array(out[1...]), [.infinity, 0, 1, 0, .infinity])
        }
        for tanh in paths(JITMath.tanh, WideMath.tanh) {
            tanh(xs, &out, xs.count)
            XCTAssertTrue(out[0].isNaN)
            XCTAssertEqual(Array(out[1...]), [1, -1, 0, -1, 1])
        }
        for sigmoid in paths(JITMath.sigmoid, WideMath.sigmoid) {
            sigmoid(xs, &out, xs.count)
            XCTAssertTrue(out[0].isNaN)
            XCTAssertEqual(Array(out[1...]), [1, 0, 0.5, 0, 1])
        }
    }
}
