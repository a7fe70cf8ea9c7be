/// A math sweep: one pass over a block computing y = f(a·b + c) and then y·s + d or p·q + y,
/// where the separate instructions would write and re-read a block between each step. f's
/// argument and value stay in registers, and the element's inputs are loaded together (a
/// sweep that reads its inputs from memory overlaps the loads with f's arithmetic). Every
/// product is rounded before its sum, so the results equal the separate ops' bit for bit.
public enum LaneFunction { case exp, tanh, sigmoid }

/// What a math sweep does with f's value y (each operand a block of the sweep's length).
public enum MathCombine {
    case none
    /// y·s + d; either may be absent (y·s, y + d).
    case scaleAdd(s: UnsafePointer<Float>?, d: UnsafePointer<Float>?)
    /// p·q + y.
    case addTo(p: UnsafePointer<Float>, q: UnsafePointer<Float>)
}

extension WideMath {
    /// dst = combine(f(a·b + c)) over n elements; b and c may be absent (f(a), f(a·b), f(a + c)).
    public static func sweep(_ f: LaneFunction, a: UnsafePointer<Float>, b: UnsafePointer<Float>?, c: UnsafePointer<Float>?,
                             combine: MathCombine, into dst: UnsafeMutablePointer<Float>, _ n: Int) {
        switch f {
        case .exp: sweep(Exp.self, a, b, c, combine, dst, n)
        case .tanh: sweep(Tanh.self, a, b, c, combine, dst, n)
        case .sigmoid: sweep(Sigmoid.self, a, b, c, combine, dst, n)
        }
    }

    @inline(__always)
    static func sweep<F: Lane>(_: F.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>?, _ c: UnsafePointer<Float>?,
                               _ combine: MathCombine, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        // The branches below test values fixed for the whole sweep: predicted, they cost next to nothing.
        @inline(__always) func chunk(_ load: (UnsafePointer<Float>) -> Lanes) -> Lanes {
            var x = load(a)
            if let b { x = x * load(b) }
            if let c { x = x + load(c) }
            let y = F.apply(x)
            switch combine {
            case .none: return y
            case .scaleAdd(let s, let d):
                var z = y
                if let s { z = z * load(s) }
                if let d { z = z + load(d) }
                return z
            case .addTo(let p, let q): return load(p) * load(q) + y
            }
        }
        var i = 0
        while i + 16 <= n {
            WideLanes.store(chunk { WideLanes.load($0, i) }, dst, i)
            i += 16
        }
        if i < n { WideLanes.storeTail(chunk { WideLanes.loadTail($0, i, n, fill: 0) }, dst, i, n) }
    }

    /// A lane function as a type, so each sweep is compiled with its function inlined.
    protocol Lane { static func apply(_ x: Lanes) -> Lanes }

    enum Exp: Lane {
        /// The short exp when every lane is in its range (the usual chunk), else the general one.
        @_transparent static func apply(_ x: Lanes) -> Lanes {
            any(.!((x .>= inRangeLow) .& (x .<= inRangeHigh))) ? exp(x) : expInRange(x)
        }
    }

    enum Tanh: Lane { @_transparent static func apply(_ x: Lanes) -> Lanes { tanh(x) } }
    enum Sigmoid: Lane { @_transparent static func apply(_ x: Lanes) -> Lanes { sigmoid(x) } }
}
