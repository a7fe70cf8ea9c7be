import ComplexModule
import RealModule

/// The native backend's window reductions (window_sum/product/max/min): one direct loop per
/// output row instead of one strided slice per window offset.
///
/// Each output row is the accumulator. Window offsets are folded in row-major order, starting
/// from the element at the first offset, exactly like `Nx.composedWindow`, so results are the
/// same bit for bit (f16/bf16 excepted: they accumulate in f32 and round once, as Nx's
/// BinaryBackend does). Positions in the padding read the op's identity. Columns that every
/// offset reads in bounds fold eight at a time in registers (all offsets, then one store); the
/// others pass over the row offset by offset.
extension NativeBackend {
    public func window(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, _ geometry: Nx.WindowGeometry) throws -> Tensor {
        if op == .all || op == .any || t.type.isComplex && (op == .reduce_max || op == .reduce_min) || t.rank == 0 {
            return try Nx.composedWindow(op, t, geometry)
        }
        if t.type == .f16 || t.type == .bf16 {
            let wide = try asType(TensorTemplate(type: .f32, shape: t.shape), t)
            return try asType(out, try window(op, TensorTemplate(type: .f32, shape: out.shape), wide, geometry))
        }
        let (result, dst) = try allocate(out)
        let plan = WindowPlan(input: t.shape, geometry)
        let src = try storage(t)
        switch t.type {
        case .u8: WindowKernels.integer(op, plan, src, dst, UInt8.self)
        case .u16: WindowKernels.integer(op, plan, src, dst, UInt16.self)
        case .u32: WindowKernels.integer(op, plan, src, dst, UInt32.self)
        case .u64: WindowKernels.integer(op, plan, src, dst, UInt64.self)
        case .s8: WindowKernels.integer(op, plan, src, dst, Int8.self)
        case .s16: WindowKernels.integer(op, plan, src, dst, Int16.self)
        case .s32: WindowKernels.integer(op, plan, src, dst, Int32.self)
        case .s64: WindowKernels.integer(op, plan, src, dst, Int64.self)
        case .f32: WindowKernels.float(op, plan, src, dst, Float.self)
        case .f64: WindowKernels.float(op, plan, src, dst, Double.self)
        case .c64: WindowKernels.complex(op, plan, src, dst, Float.self)
        case .c128: WindowKernels.complex(op, plan, src, dst, Double.self)
        case .f16, .bf16: preconditionFailure("widened above")
        }
        return result
    }
}

/// A window geometry resolved against an input shape (rank ≥ 1): input coordinate along axis a
/// of output index o at window offset k is o·strides[a] + k·dilations[a] − low[a].
struct WindowPlan {
    let input: [Int], inputStrides: [Int], output: [Int]
    let window: [Int], strides: [Int], dilations: [Int], low: [Int]

    init(input: [Int], _ g: Nx.WindowGeometry) {
        self.input = input
        inputStrides = Shape.strides(input)
        output = g.outputShape
        window = g.window
        strides = g.strides
        dilations = g.dilations
        low = g.padding.map { $0.0 }
    }

    var rank: Int { input.count }
    var rowLength: Int { output[rank - 1] }
    var rows: Int { Shape.size(output) / rowLength }

    /// The output indices j of the last axis whose input coordinate at offset k is in bounds.
    func validColumns(offset k: Int) -> Range<Int> {
        let a = rank - 1, s = strides[a]
        let shift = k * dilations[a] - low[a]  // input coordinate = j·s + shift
        let first = shift >= 0 ? 0 : (-shift + s - 1) / s
        let limit = input[a] - shift  // need j·s < limit
        let end = limit <= 0 ? 0 : (limit - 1) / s + 1
        let lo = Swift.min(first, rowLength), hi = Swift.min(end, rowLength)
        return lo..<Swift.max(lo, hi)
    }
}

enum WindowKernels {
    static func integer<T: FixedWidthInteger & SIMDScalar>(_ op: ReduceOp, _ plan: WindowPlan, _ src: NativeStorage, _ dst: NativeStorage, _: T.Type) {
        let s = src.pointer(T.self), d = dst.pointer(T.self)
        switch op {
        case .sum: parallel(plan) { start, end in vectorRows(plan, start, end, s, d, 0, { $0 &+ $1 }, { $0 &+ $1 }) }
        case .product: parallel(plan) { start, end in vectorRows(plan, start, end, s, d, 1, { $0 &* $1 }, { $0 &* $1 }) }
        case .reduce_max:
            parallel(plan) { start, end in
                vectorRows(plan, start, end, s, d, T.min, { Swift.max($0, $1) }, { $0.replacing(with: $1, where: $1 .> $0) })
            }
        case .reduce_min:
            parallel(plan) { start, end in
                vectorRows(plan, start, end, s, d, T.max, { Swift.min($0, $1) }, { $0.replacing(with: $1, where: $1 .< $0) })
            }
        case .all, .any: preconditionFailure("not a window reduction")
        }
    }

    /// max/min propagate NaN, like the backend's binary max/min; otherwise they pick as
    /// `Swift.max(acc, x)` (x when x >= acc) and `Swift.min(acc, x)` (x when x < acc) do, so
    /// signed zeros come out the same in both forms.
    static func float<T: BinaryFloatingPoint & SIMDScalar>(_ op: ReduceOp, _ plan: WindowPlan, _ src: NativeStorage, _ dst: NativeStorage, _: T.Type)
    where T.SIMD8Storage.Scalar: BinaryFloatingPoint {
        let s = src.pointer(T.self), d = dst.pointer(T.self)
        switch op {
        case .sum: parallel(plan) { start, end in vectorRows(plan, start, end, s, d, 0, { $0 + $1 }, { $0 + $1 }) }
        case .product: parallel(plan) { start, end in vectorRows(plan, start, end, s, d, 1, { $0 * $1 }, { $0 * $1 }) }
        case .reduce_max:
            parallel(plan) { start, end in
                // Equal values (-0.0, 0.0) keep the earlier one, as the binary max does.
                vectorRows(plan, start, end, s, d, -T.infinity, { $0.isNaN || $1.isNaN ? .nan : ($1 > $0 ? $1 : $0) }) { a, x in
                    a.replacing(with: x, where: x .> a).replacing(with: .nan, where: (a .!= a) .| (x .!= x))
                }
            }
        case .reduce_min:
            parallel(plan) { start, end in
                vectorRows(plan, start, end, s, d, T.infinity, { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }) { a, x in
                    a.replacing(with: x, where: x .< a).replacing(with: .nan, where: (a .!= a) .| (x .!= x))
                }
            }
        case .all, .any: preconditionFailure("not a window reduction")
        }
    }

    static func complex<R: Real & BinaryFloatingPoint & NativeElement>(_ op: ReduceOp, _ plan: WindowPlan, _ src: NativeStorage, _ dst: NativeStorage, _: R.Type) {
        typealias C = Complex<R>
        let s = src.pointer(C.self), d = dst.pointer(C.self)
        switch op {
        case .sum: parallel(plan) { start, end in rows(plan, start, end, s, d, C(0, 0), { $0 + $1 }) }
        case .product: parallel(plan) { start, end in rows(plan, start, end, s, d, C(1, 0), { $0 * $1 }) }
        default: preconditionFailure("complex max/min are composed")
        }
    }

    /// A parallel unit is a band of output rows. Kernels pass a closure that calls `rows` with
    /// the op literals, so the ops inline into the row loops (a captured op is called per element).
    @inline(__always)
    static func parallel(_ plan: WindowPlan, _ body: (Int, Int) -> Void) {
        NativeLoops.chunked(plan.rows, work: plan.rows * plan.rowLength * plan.window.reduce(1, *), body)
    }

    /// One input row a window offset reads for the current output row: element j of the output
    /// row folds `pointer[j * step]` when j is in `valid`, the identity otherwise.
    struct Tap<T> {
        var pointer: UnsafeMutablePointer<T>
        var valid: Range<Int>
    }

    /// `rows` whose columns read in bounds by every tap (the interior) are folded eight at a
    /// time in registers with `fv`, all taps before one store, when the last axis has stride 1.
    @inline(__always)
    static func vectorRows<T: SIMDScalar>(_ plan: WindowPlan, _ start: Int, _ end: Int, _ src: UnsafeMutablePointer<T>,
                                          _ dst: UnsafeMutablePointer<T>, _ identity: T, _ f: (T, T) -> T,
                                          _ fv: (SIMD8<T>, SIMD8<T>) -> SIMD8<T>) {
        rows(plan, start, end, src, dst, identity, f) { acc, taps, count, columns in
            @inline(__always) func load(_ p: UnsafeMutablePointer<T>) -> SIMD8<T> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<T>.self) }
            var j = columns.lowerBound
            while j + 8 <= columns.upperBound {
                var a = load(taps[0].pointer + j)
                for t in 1..<count { a = fv(a, load(taps[t].pointer + j)) }
                UnsafeMutableRawPointer(acc + j).storeBytes(of: a, as: SIMD8<T>.self)
                j += 8
            }
            return j
        }
    }

    /// Folds the windows of output rows `start..<end` into `dst` with `f(acc, element)`, taps in
    /// row-major window order; `identity` stands for padding. `interior(acc, taps, count, columns)`
    /// may fold a prefix of the columns every tap reads in bounds and returns where it stopped.
    @inline(__always)
    static func rows<T>(_ plan: WindowPlan, _ start: Int, _ end: Int, _ src: UnsafeMutablePointer<T>, _ dst: UnsafeMutablePointer<T>,
                        _ identity: T, _ f: (T, T) -> T,
                        interior: (UnsafeMutablePointer<T>, UnsafeMutablePointer<Tap<T>>, Int, Range<Int>) -> Int = { _, _, _, c in c.lowerBound }) {
        let last = plan.rank - 1
        let n = plan.rowLength, step = plan.strides[last], dilation = plan.dilations[last], low = plan.low[last]
        let leadingOffsets = Nx.indices(Array(plan.window[..<last]))
        let columns = (0..<plan.window[last]).map { plan.validColumns(offset: $0) }
        let count = leadingOffsets.count * columns.count
        let taps = UnsafeMutablePointer<Tap<T>>.allocate(capacity: count)
        taps.initialize(repeating: Tap(pointer: src, valid: 0..<0), count: count)
        defer { taps.deallocate() }

        /// Output columns `range` of `acc`, tap by tap.
        @inline(__always) func fold(_ acc: UnsafeMutablePointer<T>, _ range: Range<Int>) {
            for t in 0..<count {
                let p = taps[t].pointer, valid = taps[t].valid.clamped(to: range)
                if t == 0 {
                    for j in range.lowerBound..<valid.lowerBound { acc[j] = identity }
                    if step == 1 { for j in valid { acc[j] = p[j] } } else { for j in valid { acc[j] = p[j * step] } }
                    for j in valid.upperBound..<range.upperBound { acc[j] = identity }
                } else {
                    for j in range.lowerBound..<valid.lowerBound { acc[j] = f(acc[j], identity) }
                    if step == 1 { for j in valid { acc[j] = f(acc[j], p[j]) } } else { for j in valid { acc[j] = f(acc[j], p[j * step]) } }
                    for j in valid.upperBound..<range.upperBound { acc[j] = f(acc[j], identity) }
                }
            }
        }

        var index = [Int](repeating: 0, count: last)
        var rest = start
        for a in stride(from: last - 1, through: 0, by: -1) {
            index[a] = rest % plan.output[a]
            rest /= plan.output[a]
        }
        for row in start..<end {
            // The input row each tap reads, unless it lies in the padding.
            var t = 0
            var inBounds = 0..<n
            for offset in leadingOffsets {
                var base = 0, inside = true
                for a in 0..<last {
                    let c = index[a] * plan.strides[a] + offset[a] * plan.dilations[a] - plan.low[a]
                    if c < 0 || c >= plan.input[a] { inside = false; break }
                    base += c * plan.inputStrides[a]
                }
                for k in 0..<columns.count {
                    let valid = inside ? columns[k] : 0..<0
                    taps[t] = Tap(pointer: src + base + k * dilation - low, valid: valid)
                    inBounds = inBounds.clamped(to: valid)
                    t += 1
                }
            }
            let acc = dst + row * n
            let done = step == 1 && !inBounds.isEmpty ? inBounds.lowerBound..<interior(acc, taps, count, inBounds) : 0..<0
            fold(acc, 0..<done.lowerBound)
            fold(acc, done.upperBound..<n)
            var a = last - 1
            while a >= 0 {
                index[a] += 1
                if index[a] < plan.output[a] { break }
                index[a] = 0
                a -= 1
            }
        }
    }
}
