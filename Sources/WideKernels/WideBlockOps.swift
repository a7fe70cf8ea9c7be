/// 16-lane (AVX-512) arithmetic and reductions over float blocks for the JIT's fused kernels.
/// Each matches Defn's 8-lane block loop element for element (max/min return NaN when either
/// operand is NaN); reductions keep 16 partial lanes, so their rounding differs from the 8-lane
/// order only as any reassociation does. Call only when `CPUFeatures.avx512` is true.
public enum WideBlockOps {
    typealias Lanes = SIMD16<Float>

    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 16 <= n {
            let x = WideLanes.load(a, i), y = WideLanes.load(b, i)
            WideLanes.store(x + y, d, i)
            i += 16
        }
        if i < n {
            let x = WideLanes.loadTail(a, i, n, fill: 0), y = WideLanes.loadTail(b, i, n, fill: 0)
            WideLanes.storeTail(x + y, d, i, n)
        }
    }

    public static func subtract(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 16 <= n {
            let x = WideLanes.load(a, i), y = WideLanes.load(b, i)
            WideLanes.store(x - y, d, i)
            i += 16
        }
        if i < n {
            let x = WideLanes.loadTail(a, i, n, fill: 0), y = WideLanes.loadTail(b, i, n, fill: 0)
            WideLanes.storeTail(x - y, d, i, n)
        }
    }

    public static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 16 <= n {
            let x = WideLanes.load(a, i), y = WideLanes.load(b, i)
            WideLanes.store(x * y, d, i)
            i += 16
        }
        if i < n {
            let x = WideLanes.loadTail(a, i, n, fill: 0), y = WideLanes.loadTail(b, i, n, fill: 0)
            WideLanes.storeTail(x * y, d, i, n)
        }
    }

    public static func divide(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 16 <= n {
            let x = WideLanes.load(a, i), y = WideLanes.load(b, i)
            WideLanes.store(x / y, d, i)
            i += 16
        }
        if i < n {
            let x = WideLanes.loadTail(a, i, n, fill: 0), y = WideLanes.loadTail(b, i, n, fill: 0)
            WideLanes.storeTail(x / y, d, i, n)
        }
    }

    public static func max(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 16 <= n {
            let x = WideLanes.load(a, i), y = WideLanes.load(b, i)
            WideLanes.store(WideBlockOps.max(x, y), d, i)
            i += 16
        }
        if i < n {
            let x = WideLanes.loadTail(a, i, n, fill: 0), y = WideLanes.loadTail(b, i, n, fill: 0)
            WideLanes.storeTail(WideBlockOps.max(x, y), d, i, n)
        }
    }

    public static func min(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 16 <= n {
            let x = WideLanes.load(a, i), y = WideLanes.load(b, i)
            WideLanes.store(WideBlockOps.min(x, y), d, i)
            i += 16
        }
        if i < n {
            let x = WideLanes.loadTail(a, i, n, fill: 0), y = WideLanes.loadTail(b, i, n, fill: 0)
            WideLanes.storeTail(WideBlockOps.min(x, y), d, i, n)
        }
    }

    /// a·b + c rounded after the product and after the sum (no fused rounding: the Evaluator's result).
    public static func multiplyAdd(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>,
                                   _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 16 <= n {
            let product = WideLanes.load(a, i) * WideLanes.load(b, i)
            WideLanes.store(product + WideLanes.load(c, i), d, i)
            i += 16
        }
        while i < n { d[i] = a[i] * b[i] + c[i]; i += 1 }
    }

    /// NaN when either lane is NaN, otherwise the larger.
    @_transparent static func max(_ x: Lanes, _ y: Lanes) -> Lanes {
        x.replacing(with: y, where: y .> x).replacing(with: .nan, where: (x .!= x) .| (y .!= y))
    }

    @_transparent static func min(_ x: Lanes, _ y: Lanes) -> Lanes {
        x.replacing(with: y, where: y .< x).replacing(with: .nan, where: (x .!= x) .| (y .!= y))
    }

    // MARK: - Reductions of one block

    public static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        // Four independent accumulators: one add chain would wait on the add latency.
        var (s0, s1, s2, s3) = (Lanes(repeating: 0), Lanes(repeating: 0), Lanes(repeating: 0), Lanes(repeating: 0))
        var i = 0
        while i + 64 <= n {
            s0 += WideLanes.load(p, i)
            s1 += WideLanes.load(p, i + 16)
            s2 += WideLanes.load(p, i + 32)
            s3 += WideLanes.load(p, i + 48)
            i += 64
        }
        var lanes = (s0 + s1) + (s2 + s3)
        while i + 16 <= n { lanes += WideLanes.load(p, i); i += 16 }
        if i < n { lanes += WideLanes.loadTail(p, i, n, fill: 0) }
        return lanes.sum()
    }

    public static func product(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = Lanes(repeating: 1)
        var i = 0
        while i + 16 <= n { lanes *= WideLanes.load(p, i); i += 16 }
        if i < n { lanes *= WideLanes.loadTail(p, i, n, fill: 1) }
        var acc: Float = 1
        for k in 0..<16 { acc *= lanes[k] }
        return acc
    }

    /// The largest element (`largest`) or the smallest; NaN when any element is NaN, ∓inf when n is 0.
    public static func extremum(_ p: UnsafePointer<Float>, _ n: Int, largest: Bool) -> Float {
        let identity: Float = largest ? -.infinity : .infinity
        var (m0, m1, m2, m3) = (Lanes(repeating: identity), Lanes(repeating: identity), Lanes(repeating: identity), Lanes(repeating: identity))
        var nan = SIMDMask<SIMD16<Int32>>(repeating: false)
        var i = 0
        // Four accumulators: with one, each step waits on the last compare and blend.
        if largest {
            while i + 64 <= n {
                let (a, b, c, d) = (WideLanes.load(p, i), WideLanes.load(p, i + 16), WideLanes.load(p, i + 32), WideLanes.load(p, i + 48))
                m0 = m0.replacing(with: a, where: a .> m0)
                m1 = m1.replacing(with: b, where: b .> m1)
                m2 = m2.replacing(with: c, where: c .> m2)
                m3 = m3.replacing(with: d, where: d .> m3)
                nan = nan .| (a .!= a) .| (b .!= b) .| (c .!= c) .| (d .!= d)
                i += 64
            }
        } else {
            while i + 64 <= n {
                let (a, b, c, d) = (WideLanes.load(p, i), WideLanes.load(p, i + 16), WideLanes.load(p, i + 32), WideLanes.load(p, i + 48))
                m0 = m0.replacing(with: a, where: a .< m0)
                m1 = m1.replacing(with: b, where: b .< m1)
                m2 = m2.replacing(with: c, where: c .< m2)
                m3 = m3.replacing(with: d, where: d .< m3)
                nan = nan .| (a .!= a) .| (b .!= b) .| (c .!= c) .| (d .!= d)
                i += 64
            }
        }
        var m = largest ? m0.replacing(with: m1, where: m1 .> m0) : m0.replacing(with: m1, where: m1 .< m0)
        m = largest ? m.replacing(with: m2, where: m2 .> m) : m.replacing(with: m2, where: m2 .< m)
        m = largest ? m.replacing(with: m3, where: m3 .> m) : m.replacing(with: m3, where: m3 .< m)
        while i + 16 <= n {
            let v = WideLanes.load(p, i)
            m = m.replacing(with: v, where: largest ? v .> m : v .< m)
            nan = nan .| (v .!= v)
            i += 16
        }
        if i < n {
            let v = WideLanes.loadTail(p, i, n, fill: identity)
            m = m.replacing(with: v, where: largest ? v .> m : v .< m)
            nan = nan .| (v .!= v)
        }
        if any(nan) { return .nan }
        return largest ? m.max() : m.min()
    }
}
