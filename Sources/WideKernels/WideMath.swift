/// 16-lane (AVX-512) exp, tanh and sigmoid over float blocks for the JIT's fused kernels. Same
/// algorithms and constants as Defn's JITMath (its 8-lane path), with shortcuts that give the
/// same values, so both paths give the same results bit for bit: ≤ 2 ulp, results below
/// FLT_MIN flush to 0, NaN stays NaN.
/// Call only when `CPUFeatures.avx512` is true.
public enum WideMath {
    typealias Lanes = SIMD16<Float>
    typealias IntLanes = SIMD16<Int32>

    static let roundingMagic: Float = 12_582_912
    static let log2e: Float = 1.442_695_04
    static let ln2High: Float = 0.693_359_375
    static let ln2Low: Float = -2.121_944_4e-4
    static let lowest: Float = -87.336_54
    static let highest: Float = 88.722_83

    /// (e^r - 1 - r) / r² for |r| ≤ ln2/2: JITMath.expPolynomial, 16 lanes at once.
    @_transparent static func expCoefficients(_ r: Lanes) -> Lanes {
        var p = Lanes(repeating: 1.987_569_15e-4)
        p = Lanes(repeating: 1.398_199_95e-3).addingProduct(p, r)
        p = Lanes(repeating: 8.333_451_9e-3).addingProduct(p, r)
        p = Lanes(repeating: 4.166_579_6e-2).addingProduct(p, r)
        p = Lanes(repeating: 1.666_666_55e-1).addingProduct(p, r)
        return Lanes(repeating: 5.000_000_1e-1).addingProduct(p, r)
    }

    /// e^r for |r| ≤ ln2/2.
    @_transparent static func expPolynomial(_ r: Lanes) -> Lanes { 1 + r.addingProduct(expCoefficients(r), r * r) }

    /// e^x for x in the normal range (JITMath.expCore, 16 lanes at once).
    @_transparent static func expCore(_ x: Lanes) -> Lanes {
        var clamped = x.replacing(with: lowest, where: x .< lowest)
        clamped = clamped.replacing(with: highest, where: clamped .> highest)
        let shifted = Lanes(repeating: roundingMagic).addingProduct(clamped, log2e)
        let n = shifted - roundingMagic
        var r = clamped.addingProduct(-n, ln2High)
        r = r.addingProduct(-n, ln2Low)
        let poly = expPolynomial(r)
        // 2^n as 2^(n/2) · 2^(n - n/2) so n = 128 stays finite.
        let n0 = unsafeBitCast(shifted, to: IntLanes.self) &- Int32(bitPattern: roundingMagic.bitPattern)
        let n1 = n0 &>> 1, n2 = n0 &- n1
        let scale1 = unsafeBitCast((n1 &+ 127) &<< 23, to: Lanes.self)
        let scale2 = unsafeBitCast((n2 &+ 127) &<< 23, to: Lanes.self)
        return poly * scale1 * scale2
    }

    @_transparent static func exp(_ x: Lanes) -> Lanes {
        var y = expCore(x)
        y = y.replacing(with: 0, where: x .< lowest)
        y = y.replacing(with: .infinity, where: x .> highest)
        return y.replacing(with: x, where: x .!= x)
    }

    /// 1 / (1 + e^-x) where every lane's e^-x is finite and normal (-x ≤ inRangeHigh; the usual
    /// case): the short exp gives expCore's values without its clamps and two-step scale. Past
    /// -inRangeLow, 1 + e^-x rounds to 1 either way, so those lanes are clamped.
    @_transparent static func sigmoidInRange(_ x: Lanes) -> Lanes {
        let u = -x
        let e = expInRange(u.replacing(with: inRangeLow, where: u .< inRangeLow))
        let y = 1 / (1 + e)
        return y.replacing(with: x, where: x .!= x)
    }

    /// 1 / (1 + e^-x) for any x.
    @_transparent static func sigmoid(_ x: Lanes) -> Lanes {
        let e = expCore(-x).replacing(with: .infinity, where: -x .> highest)
        let y = 1 / (1 + e)
        return y.replacing(with: x, where: x .!= x)
    }

    /// tanh |x| = m / (m + 2) with m = e^{2|x|} - 1 (JITMath.tanh, 16 lanes at once).
    @_transparent static func tanh(_ x: Lanes) -> Lanes {
        let sign = unsafeBitCast(x, to: IntLanes.self) & IntLanes(repeating: Int32(bitPattern: 0x8000_0000))
        var t = 2 * unsafeBitCast(unsafeBitCast(x, to: IntLanes.self) ^ sign, to: Lanes.self)
        t = t.replacing(with: 40, where: t .> 40)
        let shifted = Lanes(repeating: roundingMagic).addingProduct(t, log2e)
        let n = shifted - roundingMagic
        var r = t.addingProduct(-n, ln2High)
        r = r.addingProduct(-n, ln2Low)
        let expm1r = r.addingProduct(expCoefficients(r), r * r)
        let scale = unsafeBitCast((unsafeBitCast(shifted, to: IntLanes.self) &<< 23) &+ (127 << 23), to: Lanes.self)
        let m = (scale - 1).addingProduct(scale, expm1r)
        let y = m / (m + 2)
        let signed = unsafeBitCast(unsafeBitCast(y, to: IntLanes.self) | sign, to: Lanes.self)
        return signed.replacing(with: x, where: x .!= x)
    }

    /// Inputs whose n is in -125...127 for sure (JITMath.inRangeLow/High).
    static let inRangeLow: Float = -86, inRangeHigh: Float = 87.5

    /// e^x for x in inRangeLow...inRangeHigh: 2^n added to the exponent bits of the polynomial
    /// (exactly poly · 2^n, what `exp` gives there, without its clamps, two-step scale and fix-ups).
    @_transparent static func expInRange(_ x: Lanes) -> Lanes {
        let shifted = Lanes(repeating: roundingMagic).addingProduct(x, log2e)
        let n = shifted - roundingMagic
        var r = x.addingProduct(-n, ln2High)
        r = r.addingProduct(-n, ln2Low)
        let poly = expPolynomial(r)
        // The magic constant's bits shifted left by 23 are 0 mod 2^32: this adds n << 23.
        let exponent = unsafeBitCast(shifted, to: IntLanes.self) &<< 23
        return unsafeBitCast(unsafeBitCast(poly, to: IntLanes.self) &+ exponent, to: Lanes.self)
    }

    /// The short form over the block, redone in the general form if an input was out of its range.
    public static func exp(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        sweep(.exp, a: src, b: nil, c: nil, combine: .none, into: dst, n)
    }

    public static func sigmoid(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        sweep(.sigmoid, a: src, b: nil, c: nil, combine: .none, into: dst, n)
    }

    public static func tanh(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        sweep(.tanh, a: src, b: nil, c: nil, combine: .none, into: dst, n)
    }
}

/// Loads and stores of 16-float chunks; a tail shorter than 16 goes through a padded chunk.
/// (Loops are written out in each kernel: a closure-taking helper was not inlined.)
enum WideLanes {
    typealias Lanes = SIMD16<Float>

    @inline(__always) static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(fromByteOffset: i &* 4, as: Lanes.self)
    }

    @inline(__always) static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, toByteOffset: i &* 4, as: Lanes.self)
    }

    /// The chunk at i: 16 lanes, or, for the `tail`, lanes [i, n) and the rest 0.
    @inline(__always) static func load(_ p: UnsafePointer<Float>, _ i: Int, _ n: Int, tail: Bool) -> Lanes {
        tail ? loadTail(p, i, n, fill: 0) : load(p, i)
    }

    /// The lanes [i, n) of `p`, the rest `fill`.
    @inline(__always) static func loadTail(_ p: UnsafePointer<Float>, _ i: Int, _ n: Int, fill: Float) -> Lanes {
        var v = Lanes(repeating: fill)
        for k in 0..<(n - i) { v[k] = p[i + k] }
        return v
    }

    @inline(__always) static func storeTail(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, _ i: Int, _ n: Int) {
        for k in 0..<(n - i) { p[i + k] = v[k] }
    }
}
