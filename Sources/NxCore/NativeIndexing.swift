import ComplexModule
import RealModule

/// Indexing, padding, sorting and scans of the Native backend. Data moves as raw words of the
/// element width; only ops that compare or add elements dispatch on the element type.
extension NativeBackend {
    /// The elements of index argument `t` as s64, copied out while a converted tensor is still alive.
    func indexStorage(_ t: Tensor) throws -> [Int64] {
        let s64 = t.type == .s64 ? t : try asType(TensorTemplate(type: .s64, shape: t.shape), t)
        return Array(UnsafeBufferPointer(start: try storage(s64).pointer(Int64.self), count: t.size))
    }

    func checkIndex(_ i: Int64, _ dim: Int, axis: Int) throws -> Int {
        guard i >= 0 && i < Int64(dim) else {
            throw NxError.argument("index \(i) is out of bounds for axis \(axis) in shape of size \(dim)")
        }
        return Int(i)
    }

    public func pad(_ out: TensorTemplate, _ t: Tensor, value: Tensor, config: [(Int, Int, Int)]) throws -> Tensor {
        let v = value.type == out.type ? value : try asType(TensorTemplate(type: out.type, shape: []), value)
        let (result, dst) = try allocate(out)
        let width = out.type.byteSize
        let fill = try storage(v).bytes
        for i in 0..<out.size { (dst.bytes + i * width).copyMemory(from: fill, byteCount: width) }
        let src = try storage(t)
        let outStrides = Shape.strides(out.shape)
        var index = [Int](repeating: 0, count: t.rank)
        // Each input element lands at low + i * (interior + 1) on every axis, unless cropped.
        for flat in 0..<t.size {
            Shape.unravel(flat, t.shape, into: &index)
            var offset = 0
            var inside = true
            for k in 0..<t.rank {
                let p = config[k].0 + index[k] * (config[k].2 + 1)
                if p < 0 || p >= out.shape[k] { inside = false; break }
                offset += p * outStrides[k]
            }
            if inside { (dst.bytes + offset * width).copyMemory(from: src.bytes + flat * width, byteCount: width) }
        }
        return result
    }

    /// Offsets (in elements of `t`) of the slices addressed by each index row.
    private func sliceOffsets(_ t: Tensor, _ indices: Tensor) throws -> (offsets: [Int], sliceSize: Int) {
        let depth = indices.shape.last ?? 0
        let rows = indices.size / Swift.max(depth, 1)
        let idx = try indexStorage(indices)
        let strides = Shape.strides(t.shape)
        var offsets = [Int](repeating: 0, count: rows)
        for r in 0..<rows {
            var o = 0
            for k in 0..<depth { o += try checkIndex(idx[r * depth + k], t.shape[k], axis: k) * strides[k] }
            offsets[r] = o
        }
        return (offsets, t.shape[depth...].reduce(1, *))
    }

    public func gather(_ out: TensorTemplate, _ t: Tensor, indices: Tensor) throws -> Tensor {
        let (offsets, slice) = try sliceOffsets(t, indices)
        let (result, dst) = try allocate(out)
        let src = try storage(t)
        let width = out.type.byteSize
        for (r, o) in offsets.enumerated() {
            (dst.bytes + r * slice * width).copyMemory(from: src.bytes + o * width, byteCount: slice * width)
        }
        return result
    }

    public func indexedUpdate(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, updates: Tensor, add: Bool) throws -> Tensor {
        let base = t.type == out.type ? t : try asType(TensorTemplate(type: out.type, shape: t.shape), t)
        let upd = updates.type == out.type ? updates : try asType(TensorTemplate(type: out.type, shape: updates.shape), updates)
        let (offsets, slice) = try sliceOffsets(base, indices)
        let (result, dst) = try allocate(out)
        let width = out.type.byteSize
        dst.bytes.copyMemory(from: try storage(base).bytes, byteCount: out.size * width)
        let u = try storage(upd)
        if !add {
            for (r, o) in offsets.enumerated() {
                (dst.bytes + o * width).copyMemory(from: u.bytes + r * slice * width, byteCount: slice * width)
            }
            return result
        }
        try out.type.visit(AddAt(dst: dst, src: u, offsets: offsets, slice: slice))
        return result
    }

    public func take(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, axis: Int) throws -> Tensor {
        let idx = try indexStorage(indices)
        let (result, dst) = try allocate(out)
        let src = try storage(t)
        let width = out.type.byteSize
        let outer = t.shape[..<axis].reduce(1, *)
        let inner = t.shape[(axis + 1)...].reduce(1, *) * width
        let dim = t.shape[axis]
        var o = 0
        for b in 0..<outer {
            for k in 0..<indices.size {
                let i = try checkIndex(idx[k], dim, axis: axis)
                (dst.bytes + o).copyMemory(from: src.bytes + (b * dim + i) * inner, byteCount: inner)
                o += inner
            }
        }
        return result
    }

    public func takeAlongAxis(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, axis: Int) throws -> Tensor {
        let idx = try indexStorage(indices)
        let (result, dst) = try allocate(out)
        let src = try storage(t)
        let width = out.type.byteSize
        let inStrides = Shape.strides(t.shape)
        var index = [Int](repeating: 0, count: out.rank)
        for flat in 0..<out.size {
            Shape.unravel(flat, out.shape, into: &index)
            var offset = 0
            for k in 0..<out.rank {
                let i = k == axis ? try checkIndex(idx[flat], t.shape[axis], axis: axis) : index[k]
                offset += i * inStrides[k]
            }
            (dst.bytes + flat * width).copyMemory(from: src.bytes + offset * width, byteCount: width)
        }
        return result
    }

    public func putSlice(_ out: TensorTemplate, _ t: Tensor, starts: [Int], slice: Tensor) throws -> Tensor {
        let base = t.type == out.type ? t : try asType(TensorTemplate(type: out.type, shape: t.shape), t)
        let s = slice.type == out.type ? slice : try asType(TensorTemplate(type: out.type, shape: slice.shape), slice)
        let (result, dst) = try allocate(out)
        let width = out.type.byteSize
        dst.bytes.copyMemory(from: try storage(base).bytes, byteCount: out.size * width)
        let src = try storage(s)
        let strides = Shape.strides(out.shape)
        var index = [Int](repeating: 0, count: s.rank)
        for flat in 0..<s.size {
            Shape.unravel(flat, s.shape, into: &index)
            var offset = 0
            for k in 0..<s.rank { offset += (starts[k] + index[k]) * strides[k] }
            (dst.bytes + offset * width).copyMemory(from: src.bytes + flat * width, byteCount: width)
        }
        return result
    }

    public func sort(_ out: TensorTemplate, _ t: Tensor, axis: Int, descending: Bool, indices: Bool) throws -> Tensor {
        var compute = t.type
        if compute == .f16 || compute == .bf16 { compute = .f32 }
        let input = t.type == compute ? t : try asType(TensorTemplate(type: compute, shape: t.shape), t)
        let (view, outer, len, inner) = try blockView(input, axes: [axis])
        let (result, dst) = try allocate(TensorTemplate(type: indices ? .s64 : compute, shape: out.shape, names: out.names))
        let job = SortJob(src: try storage(view), dst: dst, outer: outer, len: len, inner: inner, descending: descending, indices: indices)
        switch compute {
        case .u8: job.run(UInt8.self)
        case .u16: job.run(UInt16.self)
        case .u32: job.run(UInt32.self)
        case .u64: job.run(UInt64.self)
        case .s8: job.run(Int8.self)
        case .s16: job.run(Int16.self)
        case .s32: job.run(Int32.self)
        case .s64: job.run(Int64.self)
        case .f32: job.run(Float.self)
        case .f64: job.run(Double.self)
        default: throw NxError.argument("sort is not defined for complex tensors, got: \(Shape.typeTuple(t.type))")
        }
        return result.type == out.type ? result : try asType(out, result)
    }

    public func cumulative(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, axis: Int, reverse: Bool) throws -> Tensor {
        var compute = out.type
        if compute == .f16 || compute == .bf16 { compute = .f32 }
        let input = t.type == compute ? t : try asType(TensorTemplate(type: compute, shape: t.shape), t)
        let (result, dst) = try allocate(TensorTemplate(type: compute, shape: out.shape, names: out.names))
        let outer = t.shape[..<axis].reduce(1, *), len = t.shape[axis], inner = t.shape[(axis + 1)...].reduce(1, *)
        let scan = Scan(src: try storage(input), dst: dst, outer: outer, len: len, inner: inner, reverse: reverse)
        switch compute {
        case .u8: try scan.integer(op, UInt8.self)
        case .u16: try scan.integer(op, UInt16.self)
        case .u32: try scan.integer(op, UInt32.self)
        case .u64: try scan.integer(op, UInt64.self)
        case .s8: try scan.integer(op, Int8.self)
        case .s16: try scan.integer(op, Int16.self)
        case .s32: try scan.integer(op, Int32.self)
        case .s64: try scan.integer(op, Int64.self)
        case .f32: try scan.float(op, Float.self)
        case .f64: try scan.float(op, Double.self)
        case .c64: try scan.complex(op, Float.self)
        case .c128: try scan.complex(op, Double.self)
        case .f16, .bf16: break
        }
        return compute == out.type ? result : try asType(out, result)
    }
}

/// indexed_add's accumulation, typed per element.
struct AddAt: ElementVisitor {
    let dst: NativeStorage, src: NativeStorage, offsets: [Int], slice: Int
    func visit<T: NativeElement>(_: T.Type) throws {
        let d = dst.pointer(T.self), s = src.pointer(T.self)
        for (r, o) in offsets.enumerated() {
            for j in 0..<slice {
                let sum = try NxNumberArithmetic.add(d[o + j].number, s[r * slice + j].number)
                d[o + j] = T(number: sum)
            }
        }
    }
}

/// Host-number addition for the few scalar paths (indexed_add), wrapping like the kernels.
enum NxNumberArithmetic {
    static func add(_ a: NxNumber, _ b: NxNumber) throws -> NxNumber {
        switch (a, b) {
        case let (.int(x), .int(y)): return .int(x &+ y)
        case let (.uint(x), .int(y)): return .uint(x &+ UInt64(bitPattern: y))
        case let (.int(x), .uint(y)): return .uint(UInt64(bitPattern: x) &+ y)
        case let (.uint(x), .uint(y)): return .uint(x &+ y)
        case let (.complex(r1, i1), .complex(r2, i2)): return .complex(r1 + r2, i1 + i2)
        default: return .float(a.doubleValue + b.doubleValue)
        }
    }
}

struct SortJob {
    let src: NativeStorage, dst: NativeStorage, outer: Int, len: Int, inner: Int, descending: Bool, indices: Bool

    /// Stable; NaN sorts last ascending and first descending, as Nx.
    func run<T: Comparable>(_: T.Type) {
        let s = src.pointer(T.self)
        var order = [Int](repeating: 0, count: len)
        for o in 0..<outer {
            for i in 0..<inner {
                let at = { (k: Int) in s[(o * len + k) * inner + i] }
                for k in 0..<len { order[k] = k }
                order.sort { x, y in
                    let a = at(x), b = at(y)
                    let aNaN = a != a, bNaN = b != b
                    if aNaN || bNaN {
                        if aNaN && bNaN { return x < y }
                        return descending ? aNaN : bNaN
                    }
                    if a == b { return x < y }
                    return descending ? a > b : a < b
                }
                for k in 0..<len {
                    let o2 = (o * len + k) * inner + i
                    if indices { dst.pointer(Int64.self)[o2] = Int64(order[k]) } else { dst.pointer(T.self)[o2] = at(order[k]) }
                }
            }
        }
    }
}

struct Scan {
    let src: NativeStorage, dst: NativeStorage, outer: Int, len: Int, inner: Int, reverse: Bool

    @inline(__always)
    func run<T>(_: T.Type, _ combine: (T, T) -> T) {
        let s = src.pointer(T.self), d = dst.pointer(T.self)
        for o in 0..<outer {
            for i in 0..<inner {
                var acc: T? = nil
                for step in 0..<len {
                    let k = reverse ? len - 1 - step : step
                    let at = (o * len + k) * inner + i
                    let v = acc.map { combine($0, s[at]) } ?? s[at]
                    d[at] = v
                    acc = v
                }
            }
        }
    }

    func integer<T: FixedWidthInteger>(_ op: ReduceOp, _: T.Type) throws {
        switch op {
        case .sum: run(T.self) { $0 &+ $1 }
        case .product: run(T.self) { $0 &* $1 }
        case .reduce_max: run(T.self) { Swift.max($0, $1) }
        case .reduce_min: run(T.self) { Swift.min($0, $1) }
        default: throw NxError.notImplemented("cumulative \(op.rawValue)")
        }
    }

    func float<T: BinaryFloatingPoint>(_ op: ReduceOp, _: T.Type) throws {
        switch op {
        case .sum: run(T.self) { $0 + $1 }
        case .product: run(T.self) { $0 * $1 }
        case .reduce_max: run(T.self) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
        case .reduce_min: run(T.self) { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
        default: throw NxError.notImplemented("cumulative \(op.rawValue)")
        }
    }

    func complex<R: BinaryFloatingPoint & Real>(_ op: ReduceOp, _: R.Type) throws {
        switch op {
        case .sum: run(Complex<R>.self) { $0 + $1 }
        case .product: run(Complex<R>.self) { $0 * $1 }
        default: throw NxError.argument("cumulative_\(op == .reduce_max ? "max" : "min") is not defined for complex tensors")
        }
    }
}
