import Foundation

/// Vectorizable float32 transcendental functions for fused kernels. Each is a loop over plain
/// `Float` arithmetic and bit operations with no calls or branches, so LLVM's loop vectorizer
/// turns it into SIMD code. Errors (checked in JITMathTests against the libm result):
/// exp ≤ 2 ulp for normal results (results below FLT_MIN flush to 0), tanh and sigmoid ≤ 2 ulp.
enum JITMath {
    /// 1.5 · 2²³: adding it rounds a float of magnitude < 2²² to an integer, kept in the low mantissa bits.
    @usableFromInline static let roundingMagic: Float = 12_582_912
    @usableFromInline static let log2e: Float = 1.442_695_04
    // ln 2 split in two so n·ln2 is exact in the first part (Cody–Waite reduction).
    @usableFromInline static let ln2High: Float = 0.693_359_375
    @usableFromInline static let ln2Low: Float = -2.121_944_4e-4

    /// e^x for x in the normal range; the caller handles the ends.
    @inline(__always) static func expCore(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.336_54), 88.722_83)
        let shifted = roundingMagic.addingProduct(clamped, log2e)
        let n = shifted - roundingMagic
        var r = clamped.addingProduct(-n, ln2High)
        r = r.addingProduct(-n, ln2Low)
        let poly = 1 + r.addingProduct(expPolynomial(r), r * r)
        // 2^n built from n's integer bits as 2^(n/2) · 2^(n - n/2): n reaches 128 near the top
        // of the range, where a single (n + 127) << 23 would be infinity.
        let n0 = Int32(bitPattern: shifted.bitPattern &- roundingMagic.bitPattern)
        let n1 = n0 >> 1, n2 = n0 &- n1
        let scale1 = Float(bitPattern: UInt32(bitPattern: (n1 &+ 127) &<< 23))
        let scale2 = Float(bitPattern: UInt32(bitPattern: (n2 &+ 127) &<< 23))
        return poly * scale1 * scale2
    }

    /// Inputs whose 2^n is in -125...127 for sure (a little inside the exact bounds, ±86.6 / 88.0).
    static let inRangeLow: Float = -86, inRangeHigh: Float = 87.5

    /// Minimax polynomial for (e^r - 1 - r) / r² on |r| ≤ ln2/2 (degree 7 overall).
    @inline(__always) static func expPolynomial(_ r: Float) -> Float {
        var p: Float = 1.987_569_15e-4
        p = (1.398_199_95e-3 as Float).addingProduct(p, r)
        p = (8.333_451_9e-3 as Float).addingProduct(p, r)
        p = (4.166_579_6e-2 as Float).addingProduct(p, r)
        p = (1.666_666_55e-1 as Float).addingProduct(p, r)
        return (5.000_000_1e-1 as Float).addingProduct(p, r)
    }

    static func exp(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        exp(n, into: dst) { src[$0] }
    }

    /// e^(a - b), the difference rounded first: subtract and exp bit for bit, in one loop.
    static func expOfDifference(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        exp(n, into: dst) { a[$0] - b[$0] }
    }

    static func expOfScalarDifference(_ a: UnsafePointer<Float>, _ b: Float, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        exp(n, into: dst) { a[$0] - b }
    }

    /// dst[i] = e^input(i). The input is computed where it is read, never written in place first:
    /// a loop whose source and destination overlap fails the vectorizer's overlap check and runs
    /// one element at a time (logsumexp's exp(x - max) 8× slower).
    @inline(__always) static func exp(_ n: Int, into dst: UnsafeMutablePointer<Float>, _ input: (Int) -> Float) {
        // A block with every input in range adds 2^n to the result's exponent bits (exactly
        // poly · 2^n, what the general loop gives); otherwise (NaN, ±inf, the ends) the general loop.
        let low = inRangeLow, high = inRangeHigh
        var outside: Int32 = 0
        for i in 0..<n {
            let x = input(i)  // separate selects, no short-circuit: this loop vectorizes
            outside |= (x < low ? 1 : 0) | (x > high ? 1 : 0) | (x != x ? 1 : 0)
        }
        if outside == 0 {
            for i in 0..<n {
                let x = input(i)
                let shifted = roundingMagic.addingProduct(x, log2e)
                let n = shifted - roundingMagic
                var r = x.addingProduct(-n, ln2High)
                r = r.addingProduct(-n, ln2Low)
                let poly = 1 + r.addingProduct(expPolynomial(r), r * r)
                // The magic constant's bits shifted left by 23 are 0 mod 2^32: this adds n << 23.
                dst[i] = Float(bitPattern: poly.bitPattern &+ (shifted.bitPattern &<< 23))
            }
            return
        }
        for i in 0..<n {
            let x = input(i)
            let y = expCore(x)
            // Underflow to 0, overflow to +inf, NaN stays NaN.
            let low: Float = x < -87.336_54 ? 0 : y
            let high: Float = x > 88.722_83 ? .infinity : low
            dst[i] = x != x ? x : high
        }
    }

    static func sigmoid(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n {
            let x = src[i]
            // e^-x overflows for x < -88.7: sigmoid is then 0 (1 / (1 + inf)).
            let e = -x > 88.722_83 ? Float.infinity : expCore(-x)
            let y = 1 / (1 + e)
            dst[i] = x != x ? x : y
        }
    }

    static func tanh(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n {
            let x = src[i]
            // tanh |x| = m / (m + 2) with m = e^{2|x|} - 1: both positive, so no cancellation at
            // any |x| and one formula for all (≤ 2 ulp, checked over every float). m = 2^n·(e^r - 1)
            // + (2^n - 1), e^r - 1 from exp's polynomial, keeps its relative accuracy for small
            // |x|; past 2|x| = 40 the quotient is 1 either way, and the clamp keeps 2^n finite.
            let sign = x.bitPattern & 0x8000_0000
            let twice = 2 * Float(bitPattern: x.bitPattern ^ sign)
            let t = twice > 40 ? 40 : twice
            let shifted = roundingMagic.addingProduct(t, log2e)
            let k = shifted - roundingMagic
            var r = t.addingProduct(-k, ln2High)
            r = r.addingProduct(-k, ln2Low)
            let expm1r = r.addingProduct(expPolynomial(r), r * r)
            let scale = Float(bitPattern: (shifted.bitPattern &<< 23) &+ (127 << 23))
            let m = (scale - 1).addingProduct(scale, expm1r)
            let y = Float(bitPattern: (m / (m + 2)).bitPattern | sign)
            dst[i] = x != x ? x : y
        }
    }
}
