import ComplexModule
import RealModule

/// Reductions run over the input viewed as [outer, reduced, inner]: reduced axes that form one
/// block need no copy (trailing block: row loops; otherwise: row-accumulation that vectorizes);
/// scattered reduced axes are transposed to the end first.
extension NativeBackend {
    /// Views `t` so the `axes` form one middle block, transposing if they are not adjacent.
    func blockView(_ t: Tensor, axes: [Int]) throws -> (Tensor, outer: Int, len: Int, inner: Int) {
        // Sizes as products, not quotients of the total: a zero-size dim (Swift callers only;
        // the language refuses them) must not divide by zero.
        let sorted = axes.sorted()
        let len = sorted.reduce(1) { $0 * t.shape[$1] }
        if let first = sorted.first, sorted.last! - first == sorted.count - 1 {
            let outer = t.shape[..<first].reduce(1, *)
            return (t, outer, len, t.shape[(sorted.last! + 1)...].reduce(1, *))
        }
        let kept = (0..<t.rank).filter { !sorted.contains($0) }
        let perm = kept + sorted
        let moved = try transpose(TensorTemplate(type: t.type, shape: perm.map { t.shape[$0] }), t, axes: perm)
        return (moved, kept.reduce(1) { $0 * t.shape[$1] }, len, 1)
    }

    public func reduce(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor {
        var compute = op == .sum || op == .product ? out.type : t.type
        if compute == .f16 || compute == .bf16 { compute = .f32 }
        let input = t.type == compute ? t : try asType(TensorTemplate(type: compute, shape: t.shape), t)
        let (view, outer, len, inner) = try blockView(input, axes: axes)
        let resultType = op == .all || op == .any ? DType.u8 : compute
        let (result, dst) = try allocate(TensorTemplate(type: resultType, shape: out.shape, names: out.names))
        let block = ReduceBlock(src: try storage(view), dst: dst, outer: outer, len: len, inner: inner)
        switch compute {
        case .u8: try block.integer(op, UInt8.self)
        case .u16: try block.integer(op, UInt16.self)
        case .u32: try block.integer(op, UInt32.self)
        case .u64: try block.integer(op, UInt64.self)
        case .s8: try block.integer(op, Int8.self)
        case .s16: try block.integer(op, Int16.self)
        case .s32: try block.integer(op, Int32.self)
        case .s64: try block.integer(op, Int64.self)
        case .f32: try block.float(op, Float.self)
        case .f64: try block.float(op, Double.self)
        case .c64: try block.complex(op, Float.self)
        case .c128: try block.complex(op, Double.self)
        case .f16, .bf16: throw NxError.notImplemented("\(op.rawValue) on \(compute)")
        }
        return resultType == out.type ? result : try asType(out, result)
    }

    public func argReduce(max: Bool, _ out: TensorTemplate, _ t: Tensor, axis: Int?, tieBreakHigh: Bool) throws -> Tensor {
        var compute = t.type
        if compute == .f16 || compute == .bf16 { compute = .f32 }
        let input = t.type == compute ? t : try asType(TensorTemplate(type: compute, shape: t.shape), t)
        let (view, outer, len, inner) = try blockView(input, axes: axis.map { [$0] } ?? Array(0..<t.rank))
        if len == 0 && outer * inner > 0 { throw NxError.argument("cannot take the \(max ? "argmax" : "argmin") of an empty axis") }
        let (result, dst) = try allocate(TensorTemplate(type: .s64, shape: out.shape, names: out.names))
        let block = ReduceBlock(src: try storage(view), dst: dst, outer: outer, len: len, inner: inner)
        switch compute {
        case .u8: block.argBest(UInt8.self, max: max, high: tieBreakHigh, isNaN: { _ in false })
        case .u16: block.argBest(UInt16.self, max: max, high: tieBreakHigh, isNaN: { _ in false })
        case .u32: block.argBest(UInt32.self, max: max, high: tieBreakHigh, isNaN: { _ in false })
        case .u64: block.argBest(UInt64.self, max: max, high: tieBreakHigh, isNaN: { _ in false })
        case .s8: block.argBest(Int8.self, max: max, high: tieBreakHigh, isNaN: { _ in false })
        case .s16: block.argBest(Int16.self, max: max, high: tieBreakHigh, isNaN: { _ in false })
        case .s32: block.argBest(Int32.self, max: max, high: tieBreakHigh, isNaN: { _ in false })
        case .s64: block.argBest(Int64.self, max: max, high: tieBreakHigh, isNaN: { _ in false })
        case .f32 where block.inner == 1: block.argBestF32Rows(max: max, high: tieBreakHigh)
        case .f32: block.argBestFloat(Float.self, max: max, high: tieBreakHigh)
        case .f64: block.argBestFloat(Double.self, max: max, high: tieBreakHigh)
        default: throw NxError.argument("argmax/argmin are not defined for complex tensors, got: \(Shape.typeTuple(t.type))")
        }
        return result
    }
}

/// One reduction over a [outer, len, inner] block into [outer, inner].
struct ReduceBlock {
    let src: NativeStorage, dst: NativeStorage, outer: Int, len: Int, inner: Int

    /// Columns per parallel unit when reducing over a non-trailing block (inner > 1).
    static let columnBlock = 256

    /// Parallel units: output rows when the reduced block is trailing, else blocks of columns.
    var units: Int { inner == 1 ? outer : outer * ((inner + Self.columnBlock - 1) / Self.columnBlock) }

    /// Kernels call `run { s, e in foldRange(s, e, ...) { op } }` so the op inlines into each chunk's loop.
    @inline(__always)
    func run(_ body: (Int, Int) -> Void) { NativeLoops.chunked(units, work: outer * len * inner, body) }

    /// Folds `combine` from `initial` over the reduced block, for units `start..<end`.
    @inline(__always)
    func foldRange<T, R>(_ start: Int, _ end: Int, _: T.Type, _: R.Type, initial: R, _ combine: (R, T) -> R) {
        let s = src.pointer(T.self), d = dst.pointer(R.self)
        if inner == 1 {
            for o in start..<end {
                var acc = initial
                let row = s + o * len
                for k in 0..<len { acc = combine(acc, row[k]) }
                d[o] = acc
            }
            return
        }
        let blocks = (inner + Self.columnBlock - 1) / Self.columnBlock
        for unit in start..<end {
            let o = unit / blocks
            let i0 = (unit % blocks) * Self.columnBlock, i1 = Swift.min(i0 + Self.columnBlock, inner)
            let out = d + o * inner
            for i in i0..<i1 { out[i] = initial }
            for k in 0..<len {
                let row = s + (o * len + k) * inner
                for i in i0..<i1 { out[i] = combine(out[i], row[i]) }
            }
        }
    }

    func integer<T: FixedWidthInteger & NativeElement>(_ op: ReduceOp, _: T.Type) throws {
        switch op {
        case .sum: run { s, e in foldRange(s, e, T.self, T.self, initial: 0) { $0 &+ $1 } }
        case .product: run { s, e in foldRange(s, e, T.self, T.self, initial: 1) { $0 &* $1 } }
        case .reduce_max: run { s, e in foldRange(s, e, T.self, T.self, initial: T.min) { Swift.max($0, $1) } }
        case .reduce_min: run { s, e in foldRange(s, e, T.self, T.self, initial: T.max) { Swift.min($0, $1) } }
        case .all: run { s, e in foldRange(s, e, T.self, UInt8.self, initial: 1) { $0 & bool8($1 != 0) } }
        case .any: run { s, e in foldRange(s, e, T.self, UInt8.self, initial: 0) { $0 | bool8($1 != 0) } }
        }
    }

    func float<T: BinaryFloatingPoint & NativeElement & SIMDScalar>(_ op: ReduceOp, _: T.Type) throws {
        switch op {
        case .sum:
            if inner == 1 { sumRows(T.self) } else { run { s, e in foldRange(s, e, T.self, T.self, initial: 0) { $0 + $1 } } }
        case .product: run { s, e in foldRange(s, e, T.self, T.self, initial: 1) { $0 * $1 } }
        // Ties keep the running value, as Nx's fold `max(acc, x)` does (Erlang's max and min return
        // their first argument when the two compare equal): the first of -0.0 and 0.0 wins.
        // (Swift.max returns its second argument on ties; Swift.min its first.)
        case .reduce_max: run { s, e in foldRange(s, e, T.self, T.self, initial: -.infinity) { $0.isNaN || $1.isNaN ? .nan : ($1 > $0 ? $1 : $0) } }
        case .reduce_min: run { s, e in foldRange(s, e, T.self, T.self, initial: .infinity) { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) } }
        case .all: run { s, e in foldRange(s, e, T.self, UInt8.self, initial: 1) { $0 & bool8($1 != 0) } }
        case .any: run { s, e in foldRange(s, e, T.self, UInt8.self, initial: 0) { $0 | bool8($1 != 0) } }
        }
    }

    /// Contiguous float sums with 16 independent lanes, so the loop vectorizes without
    /// reassociating one accumulator (and rounds less than a serial sum).
    func sumRows<T: BinaryFloatingPoint & SIMDScalar>(_: T.Type) {
        let s = src.pointer(T.self), d = dst.pointer(T.self)
        if outer == 1 {
            // One long row: partial sums per chunk, combined in order.
            let chunks = len >= NativeLoops.parallelThreshold ? 16 : 1
            let size = (len + chunks - 1) / chunks
            var partial = [T](repeating: 0, count: chunks)
            partial.withUnsafeMutableBufferPointer { p in
                let base = p.baseAddress!
                NativeLoops.chunked(chunks, work: len) { start, end in
                    for c in start..<end {
                        let lo = c * size, hi = Swift.min(lo + size, len)
                        base[c] = lo < hi ? Self.laneSum(s + lo, hi - lo) : 0
                    }
                }
            }
            d[0] = partial.reduce(0, +)
            return
        }
        NativeLoops.chunked(outer, work: outer * len) { start, end in
            for o in start..<end { d[o] = Self.laneSum(s + o * len, len) }
        }
    }

    @inline(__always)
    static func laneSum<T: BinaryFloatingPoint & SIMDScalar>(_ p: UnsafeMutablePointer<T>, _ n: Int) -> T {
        var acc = SIMD16<T>(repeating: 0)
        var k = 0
        let raw = UnsafeRawPointer(p)
        while k + 16 <= n {
            acc += raw.loadUnaligned(fromByteOffset: k * MemoryLayout<T>.stride, as: SIMD16<T>.self)
            k += 16
        }
        var total = acc.sum()
        while k < n { total += p[k]; k += 1 }
        return total
    }

    func complex<R: BinaryFloatingPoint & NativeElement & Real>(_ op: ReduceOp, _: R.Type) throws {
        typealias C = Complex<R>
        switch op {
        case .sum: run { s, e in foldRange(s, e, C.self, C.self, initial: .zero) { $0 + $1 } }
        case .product: run { s, e in foldRange(s, e, C.self, C.self, initial: C(1)) { $0 * $1 } }
        case .all: run { s, e in foldRange(s, e, C.self, UInt8.self, initial: 1) { $0 & bool8($1 != .zero) } }
        case .any: run { s, e in foldRange(s, e, C.self, UInt8.self, initial: 0) { $0 | bool8($1 != .zero) } }
        case .reduce_max, .reduce_min:
            throw NxError.argument("\(op.rawValue) is not defined for complex tensors")
        }
    }

    /// Float arg-reductions over contiguous rows. Pass one keeps 8 independent running bests
    /// (instruction-level parallelism, no branches) and a NaN probe (v * 0 is NaN for NaN and ±Inf);
    /// pass two finds the first (or last) position of the best, or of a NaN, which always wins.
    func argBestFloat<T: BinaryFloatingPoint>(_: T.Type, max: Bool, high: Bool) {
        if inner != 1 || len < 16 {
            argBest(T.self, max: max, high: high, isNaN: { $0.isNaN })
            return
        }
        let s = src.pointer(T.self), d = dst.pointer(Int64.self)
        let len = self.len
        NativeLoops.chunked(outer, work: outer * len) { start, end in
            for o in start..<end {
                let row = s + o * len
                let b = max ? Self.rowBest(row, len, { $0 > $1 }, -.infinity) : Self.rowBest(row, len, { $0 < $1 }, .infinity)
                let probe = Self.nanProbe(row, len)
                var index = -1
                if probe.isNaN {
                    index = Self.find(row, len, high) { $0.isNaN }
                }
                if index < 0 { index = Swift.max(0, Self.find(row, len, high) { $0 == b }) }
                d[o] = Int64(index)
            }
        }
    }

    /// f32 arg-reductions over contiguous rows in one pass: per SIMD lane, a running best and
    /// its position (four independent accumulators for instruction-level parallelism), plus a
    /// NaN flag; lanes are merged at the end by value, then by position (first, or last when
    /// `high`). A NaN always wins, so a row holding one is rescanned for it.
    func argBestF32Rows(max: Bool, high: Bool) {
        guard len <= Int(Int32.max) else { return argBestFloat(Float.self, max: max, high: high) }
        switch (max, high) {
        case (true, false): argBestF32Rows(GreaterFirst.self)
        case (true, true): argBestF32Rows(GreaterLast.self)
        case (false, false): argBestF32Rows(LessFirst.self)
        case (false, true): argBestF32Rows(LessLast.self)
        }
    }

    /// Generic over the order (not given closures) so each specialization inlines its compares.
    private func argBestF32Rows<Order: ArgOrder>(_: Order.Type) {
        typealias Lanes = SIMD8<Float>
        typealias Positions = SIMD8<Int32>
        let high = Order.high, worst = Order.worst
        let s = src.pointer(Float.self), d = dst.pointer(Int64.self)
        let len = self.len
        NativeLoops.chunked(outer, work: outer * len) { start, end in
            for o in start..<end {
                let row = s + o * len, raw = UnsafeRawPointer(row)
                var b0 = Lanes(repeating: worst), b1 = b0, b2 = b0, b3 = b0
                var p0 = Positions(0, 1, 2, 3, 4, 5, 6, 7), p1 = p0 &+ 8, p2 = p0 &+ 16, p3 = p0 &+ 24
                var at = p0
                var nan = SIMDMask<Positions>(repeating: false)
                var k = 0
                while k + 32 <= len {
                    let x0 = raw.loadUnaligned(fromByteOffset: k * 4, as: Lanes.self)
                    let x1 = raw.loadUnaligned(fromByteOffset: k * 4 + 32, as: Lanes.self)
                    let x2 = raw.loadUnaligned(fromByteOffset: k * 4 + 64, as: Lanes.self)
                    let x3 = raw.loadUnaligned(fromByteOffset: k * 4 + 96, as: Lanes.self)
                    let m0 = Order.replaces(x0, b0), m1 = Order.replaces(x1, b1), m2 = Order.replaces(x2, b2), m3 = Order.replaces(x3, b3)
                    b0.replace(with: x0, where: m0); p0.replace(with: at, where: m0)
                    b1.replace(with: x1, where: m1); p1.replace(with: at &+ 8, where: m1)
                    b2.replace(with: x2, where: m2); p2.replace(with: at &+ 16, where: m2)
                    b3.replace(with: x3, where: m3); p3.replace(with: at &+ 24, where: m3)
                    nan = nan .| (x0 .!= x0) .| (x1 .!= x1) .| (x2 .!= x2) .| (x3 .!= x3)
                    at &+= 32
                    k += 32
                }
                var best = worst, index = -1
                // Untouched lanes still hold `worst` at their own (valid) positions, so they merge safely.
                func merge(_ b: Lanes, _ p: Positions) {
                    for l in 0..<8 {
                        let v = b[l], i = Int(p[l])
                        if index < 0 || Order.replaces(v, best) && v != best || v == best && (high ? i > index : i < index) {
                            best = v; index = i
                        }
                    }
                }
                if !any(nan) {
                    if k > 0 { merge(b0, p0); merge(b1, p1); merge(b2, p2); merge(b3, p3) }
                    while k < len {
                        let v = row[k]
                        if v.isNaN { index = -1; break }
                        if index < 0 || Order.replaces(v, best) { best = v; index = k }
                        k += 1
                    }
                }
                if index < 0 { index = Self.find(row, len, high) { $0.isNaN } }
                d[o] = Int64(Swift.max(index, 0))
            }
        }
    }

    @inline(__always)
    static func rowBest<T: BinaryFloatingPoint>(_ row: UnsafeMutablePointer<T>, _ len: Int, _ better: (T, T) -> Bool, _ worst: T) -> T {
        var m0 = worst, m1 = worst, m2 = worst, m3 = worst, m4 = worst, m5 = worst, m6 = worst, m7 = worst
        var k = 0
        while k + 8 <= len {
            let p = row + k
            m0 = better(p[0], m0) ? p[0] : m0; m1 = better(p[1], m1) ? p[1] : m1
            m2 = better(p[2], m2) ? p[2] : m2; m3 = better(p[3], m3) ? p[3] : m3
            m4 = better(p[4], m4) ? p[4] : m4; m5 = better(p[5], m5) ? p[5] : m5
            m6 = better(p[6], m6) ? p[6] : m6; m7 = better(p[7], m7) ? p[7] : m7
            k += 8
        }
        var m = m0
        for x in [m1, m2, m3, m4, m5, m6, m7] where better(x, m) { m = x }
        while k < len { if better(row[k], m) { m = row[k] }; k += 1 }
        return m
    }

    @inline(__always)
    static func nanProbe<T: BinaryFloatingPoint>(_ row: UnsafeMutablePointer<T>, _ len: Int) -> T {
        var p0: T = 0, p1: T = 0, p2: T = 0, p3: T = 0
        var k = 0
        while k + 4 <= len {
            p0 += row[k] * 0; p1 += row[k + 1] * 0; p2 += row[k + 2] * 0; p3 += row[k + 3] * 0
            k += 4
        }
        while k < len { p0 += row[k] * 0; k += 1 }
        return p0 + p1 + p2 + p3
    }

    /// First (or last, when `fromEnd`) position matching, or -1.
    @inline(__always)
    static func find<T>(_ row: UnsafeMutablePointer<T>, _ len: Int, _ fromEnd: Bool, _ match: (T) -> Bool) -> Int {
        if fromEnd {
            for k in stride(from: len - 1, through: 0, by: -1) where match(row[k]) { return k }
        } else {
            for k in 0..<len where match(row[k]) { return k }
        }
        return -1
    }

    /// Index of the best element per [outer, inner] position; NaN wins (the first one unless tie-break high).
    func argBest<T: Comparable>(_: T.Type, max: Bool, high: Bool, isNaN: (T) -> Bool) {
        let s = src.pointer(T.self), d = dst.pointer(Int64.self)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = s[o * len * inner + i]
                var bestIndex = 0
                if !isNaN(best) {
                    for k in 1..<Swift.max(len, 1) {
                        let v = s[(o * len + k) * inner + i]
                        if isNaN(v) { best = v; bestIndex = k; break }
                        let better = max ? v > best : v < best
                        if better || (high && v == best) { best = v; bestIndex = k }
                    }
                } else if high {
                    for k in 1..<Swift.max(len, 1) where isNaN(s[(o * len + k) * inner + i]) { bestIndex = k }
                }
                d[o * inner + i] = Int64(bestIndex)
            }
        }
    }
}

/// Which value an arg-reduction keeps: `replaces(x, best)` says whether `x` takes over from the
/// running best (strictly better keeps the first occurrence; better-or-equal, the last).
protocol ArgOrder {
    static var worst: Float { get }
    static var high: Bool { get }
    static func replaces(_ x: SIMD8<Float>, _ best: SIMD8<Float>) -> SIMDMask<SIMD8<Int32>>
    static func replaces(_ x: Float, _ best: Float) -> Bool
}

enum GreaterFirst: ArgOrder {
    static var worst: Float { -.infinity }
    static var high: Bool { false }
    @inline(__always) static func replaces(_ x: SIMD8<Float>, _ best: SIMD8<Float>) -> SIMDMask<SIMD8<Int32>> { x .> best }
    @inline(__always) static func replaces(_ x: Float, _ best: Float) -> Bool { x > best }
}

enum GreaterLast: ArgOrder {
    static var worst: Float { -.infinity }
    static var high: Bool { true }
    @inline(__always) static func replaces(_ x: SIMD8<Float>, _ best: SIMD8<Float>) -> SIMDMask<SIMD8<Int32>> { x .>= best }
    @inline(__always) static func replaces(_ x: Float, _ best: Float) -> Bool { x >= best }
}

enum LessFirst: ArgOrder {
    static var worst: Float { .infinity }
    static var high: Bool { false }
    @inline(__always) static func replaces(_ x: SIMD8<Float>, _ best: SIMD8<Float>) -> SIMDMask<SIMD8<Int32>> { x .< best }
    @inline(__always) static func replaces(_ x: Float, _ best: Float) -> Bool { x < best }
}

enum LessLast: ArgOrder {
    static var worst: Float { .infinity }
    static var high: Bool { true }
    @inline(__always) static func replaces(_ x: SIMD8<Float>, _ best: SIMD8<Float>) -> SIMDMask<SIMD8<Int32>> { x .<= best }
    @inline(__always) static func replaces(_ x: Float, _ best: Float) -> Bool { x <= best }
}
