import Foundation

/// The eager backend: every primitive fills a fresh native buffer (`SwiftNx.Backend`).
public final class NativeBackend: Backend {
    public static let shared = NativeBackend()
    public var name: String { "SwiftNx.Backend" }

    /// A new uninitialized tensor for `out`.
    func allocate(_ out: TensorTemplate) throws -> (Tensor, NativeStorage) {
        let storage = try NativeStorage.make(byteCount: out.size * out.type.byteSize)
        return (Tensor(out, data: storage), storage)
    }

    /// The native storage of `t`; tensors of other backends are refused rather than misread.
    func storage(_ t: Tensor) throws -> NativeStorage {
        guard let s = t.data as? NativeStorage else {
            throw NxError.argument("cannot read a tensor of backend \(t.backend.name) with SwiftNx.Backend")
        }
        return s
    }

    // MARK: creation and conversion

    public func constant(_ out: TensorTemplate, _ value: NxNumber) throws -> Tensor {
        try out.type.visit(Fill(backend: self, out: out, value: value))
    }

    public func fromNumbers(_ out: TensorTemplate, _ values: [NxNumber]) throws -> Tensor {
        guard values.count == out.size else {
            throw NxError.argument("expected \(out.size) numbers for shape \(Shape.string(out.shape)), got \(values.count)")
        }
        return try out.type.visit(FromNumbers(backend: self, out: out, values: values))
    }

    public func fromBinary(_ out: TensorTemplate, _ bytes: [UInt8]) throws -> Tensor {
        let (t, s) = try allocate(out)
        guard bytes.count == s.byteCount else {
            throw NxError.argument("binary does not have the size of the shape \(Shape.string(out.shape))")
        }
        bytes.withUnsafeBytes { s.bytes.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        return t
    }

    public func toBinary(_ t: Tensor, limit: Int?) throws -> [UInt8] {
        let s = try storage(t)
        let count = Swift.min(limit ?? t.size, t.size) * t.type.byteSize
        return Array(UnsafeRawBufferPointer(start: s.bytes, count: count))
    }

    public func toNumbers(_ t: Tensor, limit: Int?) throws -> [NxNumber] {
        try t.type.visit(ToNumbers(storage: try storage(t), count: Swift.min(limit ?? t.size, t.size)))
    }

    public func iota(_ out: TensorTemplate, axis: Int?) throws -> Tensor {
        // Index along `axis` (or the flat index): i / stride % dim.
        let stride = axis.map { Shape.strides(out.shape)[$0] } ?? 1
        let dim = axis.map { out.shape[$0] } ?? out.size
        return try out.type.visit(Generate(backend: self, out: out) { i in .int(Int64(i / stride % dim)) })
    }

    public func eye(_ out: TensorTemplate) throws -> Tensor {
        let r = out.rank
        let cols = out.shape[r - 1], rows = out.shape[r - 2]
        return try out.type.visit(Generate(backend: self, out: out) { i in
            .int((i / cols) % rows == i % cols ? 1 : 0)
        })
    }

    public func asType(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor {
        let (result, dst) = try allocate(out)
        try t.type.visit(CastFrom(src: try storage(t), dst: dst, dstType: out.type, count: t.size))
        return result
    }

    public func bitcast(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor {
        Tensor(out, data: try storage(t))
    }

    // MARK: shape

    public func reshape(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor {
        // Storage is immutable, so a reshape shares it.
        Tensor(out, data: try storage(t))
    }

    public func broadcast(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor {
        var strides = [Int](repeating: 0, count: out.rank)
        let inStrides = Shape.strides(t.shape)
        for (i, a) in axes.enumerated() where t.shape[i] != 1 { strides[a] = inStrides[i] }
        return try stridedCopy(out, t, offset: 0, strides: strides)
    }

    public func transpose(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor {
        if let result = try tiledTranspose(out, t, axes: axes) { return result }
        let inStrides = Shape.strides(t.shape)
        return try stridedCopy(out, t, offset: 0, strides: axes.map { inStrides[$0] })
    }

    public func reverse(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor {
        var strides = Shape.strides(t.shape)
        var offset = 0
        for a in axes {
            offset += (t.shape[a] - 1) * strides[a]
            strides[a] = -strides[a]
        }
        return try stridedCopy(out, t, offset: offset, strides: strides)
    }

    public func slice(_ out: TensorTemplate, _ t: Tensor, starts: [Int], strides: [Int]) throws -> Tensor {
        let inStrides = Shape.strides(t.shape)
        var offset = 0
        for i in 0..<t.rank { offset += starts[i] * inStrides[i] }
        return try stridedCopy(out, t, offset: offset, strides: zip(inStrides, strides).map { $0 * $1 })
    }

    public func concatenate(_ out: TensorTemplate, _ ts: [Tensor], axis: Int) throws -> Tensor {
        let (result, dst) = try allocate(out)
        let width = out.type.byteSize
        let outer = out.shape[..<axis].reduce(1, *)
        let outRow = out.shape[axis...].reduce(1, *) * width
        var column = 0
        for t in ts {
            let src = try storage(t)
            let row = t.shape[axis...].reduce(1, *) * width
            for o in 0..<outer {
                (dst.bytes + o * outRow + column).copyMemory(from: src.bytes + o * row, byteCount: row)
            }
            column += row
        }
        return result
    }

    /// out[i0, i1, ...] = t[offset + Σ ik * strides[k]]: the one loop behind broadcast, transpose,
    /// reverse and slice. Elements move as raw words of their width.
    func stridedCopy(_ out: TensorTemplate, _ t: Tensor, offset: Int, strides: [Int]) throws -> Tensor {
        let (result, dst) = try allocate(out)
        let src = try storage(t)
        switch out.type.byteSize {
        case 1: StridedCopy.run(UInt8.self, src, dst, out.shape, offset, strides)
        case 2: StridedCopy.run(UInt16.self, src, dst, out.shape, offset, strides)
        case 4: StridedCopy.run(UInt32.self, src, dst, out.shape, offset, strides)
        case 8: StridedCopy.run(UInt64.self, src, dst, out.shape, offset, strides)
        default: StridedCopy.run(SIMD2<UInt64>.self, src, dst, out.shape, offset, strides)
        }
        return result
    }
}

// MARK: - typed loops

struct Fill: ElementVisitor {
    let backend: NativeBackend, out: TensorTemplate, value: NxNumber
    func visit<T: NativeElement>(_: T.Type) throws -> Tensor {
        let (t, s) = try backend.allocate(out)
        s.pointer(T.self).initialize(repeating: T(number: value), count: out.size)
        return t
    }
}

struct FromNumbers: ElementVisitor {
    let backend: NativeBackend, out: TensorTemplate, values: [NxNumber]
    func visit<T: NativeElement>(_: T.Type) throws -> Tensor {
        let (t, s) = try backend.allocate(out)
        let p = s.pointer(T.self)
        for (i, v) in values.enumerated() { p[i] = T(number: v) }
        return t
    }
}

struct Generate: ElementVisitor {
    let backend: NativeBackend, out: TensorTemplate, value: (Int) -> NxNumber
    func visit<T: NativeElement>(_: T.Type) throws -> Tensor {
        let (t, s) = try backend.allocate(out)
        let p = s.pointer(T.self)
        for i in 0..<out.size { p[i] = T(number: value(i)) }
        return t
    }
}

struct ToNumbers: ElementVisitor {
    let storage: NativeStorage, count: Int
    func visit<T: NativeElement>(_: T.Type) -> [NxNumber] {
        let p = storage.pointer(T.self)
        return (0..<count).map { p[$0].number }
    }
}

/// as_type, first dispatch: the source type.
struct CastFrom: ElementVisitor {
    let src: NativeStorage, dst: NativeStorage, dstType: DType, count: Int
    func visit<S: NativeElement>(_: S.Type) throws {
        try dstType.visit(CastTo<S>(src: src, dst: dst, count: count))
    }
}

/// as_type, second dispatch: the destination type; one specialized loop per pair.
struct CastTo<S: NativeElement>: ElementVisitor {
    let src: NativeStorage, dst: NativeStorage, count: Int
    func visit<D: NativeElement>(_: D.Type) {
        let s = src.pointer(S.self), d = dst.pointer(D.self)
        if S.self == D.self {
            d.withMemoryRebound(to: S.self, capacity: count) { $0.update(from: s, count: count) }
            return
        }
        for i in 0..<count { d[i] = D(number: s[i].number) }
    }
}

enum StridedCopy {
    static func run<W>(_: W.Type, _ src: NativeStorage, _ dst: NativeStorage, _ shape: [Int], _ offset: Int, _ strides: [Int]) {
        let s = src.pointer(W.self), d = dst.pointer(W.self)
        let rank = shape.count
        if rank == 0 { d[0] = s[offset]; return }
        if Shape.size(shape) == 0 { return }
        let inner = shape[rank - 1], innerStride = strides[rank - 1]
        let outerCount = Shape.size(shape) / inner
        var index = [Int](repeating: 0, count: rank)
        var base = offset
        var o = 0
        for row in 0..<outerCount {
            let out = d + row * inner
            if innerStride == 1 {
                out.update(from: s + base, count: inner)
            } else {
                var p = base
                for j in 0..<inner { out[j] = s[p]; p += innerStride }
            }
            o += inner
            // Advance the outer index like an odometer, keeping `base` in step.
            var k = rank - 2
            while k >= 0 {
                index[k] += 1
                base += strides[k]
                if index[k] < shape[k] { break }
                base -= strides[k] * shape[k]
                index[k] = 0
                k -= 1
            }
        }
    }
}
