import Foundation

/// The eager backend: every primitive fills a fresh native buffer (`SwiftNx.Backend`).
public final class NativeBackend: Backend {
    public static let shared = NativeBackend()
    public var name: String { "SwiftNx.Backend" }

    /// A new uninitialized tensor for `out`.
    func allocate(_ out: TensorTemplate) -> (Tensor, NativeStorage) {
        let storage = NativeStorage(byteCount: out.size * out.type.byteSize)
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
        let (t, s) = allocate(out)
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
        let (result, dst) = allocate(out)
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
        let r = t.rank
        if r >= 2 && axes == Array(0..<(r - 2)) + [r - 1, r - 2] {
            return try swapLastTwoAxes(out, t)
        }
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
        let (result, dst) = allocate(out)
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

    /// Matrix transposes of the last two axes (see `TiledTranspose`).
    func swapLastTwoAxes(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor {
        let (result, dst) = allocate(out)
        let src = try storage(t)
        let rows = t.shape[t.rank - 2], cols = t.shape[t.rank - 1]
        let batches = t.size / (rows * cols)
        switch out.type.byteSize {
        case 1: TiledTranspose.run(UInt8.self, src, dst, batches, rows, cols)
        case 2: TiledTranspose.run(UInt16.self, src, dst, batches, rows, cols)
        case 4: TiledTranspose.run(UInt32.self, src, dst, batches, rows, cols)
        case 8: TiledTranspose.run(UInt64.self, src, dst, batches, rows, cols)
        default: TiledTranspose.run(SIMD2<UInt64>.self, src, dst, batches, rows, cols)
        }
        return result
    }

    /// out[i0, i1, ...] = t[offset + Σ ik * strides[k]]: the one loop behind broadcast, transpose,
    /// reverse and slice. Elements move as raw words of their width.
    func stridedCopy(_ out: TensorTemplate, _ t: Tensor, offset: Int, strides: [Int]) throws -> Tensor {
        let (result, dst) = allocate(out)
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
    func visit<T: NativeElement>(_: T.Type) -> Tensor {
        let (t, s) = backend.allocate(out)
        s.pointer(T.self).initialize(repeating: T(number: value), count: out.size)
        return t
    }
}

struct FromNumbers: ElementVisitor {
    let backend: NativeBackend, out: TensorTemplate, values: [NxNumber]
    func visit<T: NativeElement>(_: T.Type) -> Tensor {
        let (t, s) = backend.allocate(out)
        let p = s.pointer(T.self)
        for (i, v) in values.enumerated() { p[i] = T(number: v) }
        return t
    }
}

struct Generate: ElementVisitor {
    let backend: NativeBackend, out: TensorTemplate, value: (Int) -> NxNumber
    func visit<T: NativeElement>(_: T.Type) -> Tensor {
        let (t, s) = backend.allocate(out)
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

/// Matrix transposes in 64x64 tiles, split across cores. Element types that fit a SIMD lane
/// move as 8x8 blocks: eight row loads, then eight 8-wide stores down the output, so each
/// output cache line is written whole instead of one element at a time.
enum TiledTranspose {
    static let tile = 64

    static func run<W: SIMDScalar>(_: W.Type, _ src: NativeStorage, _ dst: NativeStorage, _ batches: Int, _ rows: Int, _ cols: Int) {
        tiles(src.pointer(W.self), dst.pointer(W.self), batches, rows, cols) { s, d, i0, i1, j0, j1 in
            var i = i0
            while i + 8 <= i1 {
                var j = j0
                while j + 8 <= j1 {
                    block8(s + i * cols + j, cols, d + j * rows + i, rows)
                    j += 8
                }
                for r in i..<(i + 8) { for c in j..<j1 { d[c * rows + r] = s[r * cols + c] } }
                i += 8
            }
            for r in i..<i1 { for c in j0..<j1 { d[c * rows + r] = s[r * cols + c] } }
        }
    }

    /// Elements wider than a SIMD lane (complex f64) move one at a time.
    static func run<W>(_: W.Type, _ src: NativeStorage, _ dst: NativeStorage, _ batches: Int, _ rows: Int, _ cols: Int) {
        tiles(src.pointer(W.self), dst.pointer(W.self), batches, rows, cols) { s, d, i0, i1, j0, j1 in
            for r in i0..<i1 { for c in j0..<j1 { d[c * rows + r] = s[r * cols + c] } }
        }
    }

    /// Calls `body(batchSrc, batchDst, i0, i1, j0, j1)` for each tile; a parallel unit is a band of tile rows.
    @inline(__always)
    static func tiles<W>(_ s: UnsafeMutablePointer<W>, _ d: UnsafeMutablePointer<W>, _ batches: Int, _ rows: Int, _ cols: Int,
                         _ body: (UnsafeMutablePointer<W>, UnsafeMutablePointer<W>, Int, Int, Int, Int) -> Void) {
        let bands = (rows + tile - 1) / tile
        NativeLoops.chunked(batches * bands, work: batches * rows * cols) { start, end in
            for job in start..<end {
                let b = job / bands, i0 = (job % bands) * tile
                let i1 = Swift.min(i0 + tile, rows)
                var j0 = 0
                while j0 < cols {
                    let j1 = Swift.min(j0 + tile, cols)
                    body(s + b * rows * cols, d + b * rows * cols, i0, i1, j0, j1)
                    j0 = j1
                }
            }
        }
    }

    /// Transposes the 8x8 block at `s` (row stride `sStride` elements) into `d` (row stride `dStride`).
    @inline(__always)
    static func block8<W: SIMDScalar>(_ s: UnsafeMutablePointer<W>, _ sStride: Int, _ d: UnsafeMutablePointer<W>, _ dStride: Int) {
        typealias Row = SIMD8<W>
        let src = UnsafeRawPointer(s), dst = UnsafeMutableRawPointer(d)
        let bytes = MemoryLayout<W>.stride
        let r0 = src.loadUnaligned(as: Row.self), r1 = src.loadUnaligned(fromByteOffset: sStride * bytes, as: Row.self)
        let r2 = src.loadUnaligned(fromByteOffset: 2 * sStride * bytes, as: Row.self)
        let r3 = src.loadUnaligned(fromByteOffset: 3 * sStride * bytes, as: Row.self)
        let r4 = src.loadUnaligned(fromByteOffset: 4 * sStride * bytes, as: Row.self)
        let r5 = src.loadUnaligned(fromByteOffset: 5 * sStride * bytes, as: Row.self)
        let r6 = src.loadUnaligned(fromByteOffset: 6 * sStride * bytes, as: Row.self)
        let r7 = src.loadUnaligned(fromByteOffset: 7 * sStride * bytes, as: Row.self)
        for c in 0..<8 {
            dst.storeBytes(of: Row(r0[c], r1[c], r2[c], r3[c], r4[c], r5[c], r6[c], r7[c]),
                           toByteOffset: c * dStride * bytes, as: Row.self)
        }
    }
}

enum StridedCopy {
    static func run<W>(_: W.Type, _ src: NativeStorage, _ dst: NativeStorage, _ shape: [Int], _ offset: Int, _ strides: [Int]) {
        let s = src.pointer(W.self), d = dst.pointer(W.self)
        let rank = shape.count
        if rank == 0 { d[0] = s[offset]; return }
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
