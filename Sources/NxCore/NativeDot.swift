import COpenBLAS
import ComplexModule
import WideKernels

/// dot: both operands are laid out as [batch, M, K] and [batch, K, N] (transposing when needed),
/// then each batch is one matrix product: `Gemm.sgemm` for f32, OpenBLAS dgemm for f64, a native
/// i-k-j loop otherwise. An f32 operand stored as [batch, K, M] (or [batch, N, K]) is read through
/// strides instead of being transposed first.
extension NativeBackend {
    public func dot(_ out: TensorTemplate, _ a: Tensor, contract ca: [Int], batch ba: [Int],
                    _ b: Tensor, contract cb: [Int], batch bb: [Int]) throws -> Tensor {
        try dot(out, a, contract: ca, batch: ba, b, contract: cb, batch: bb, update: nil)
    }

    /// `addend - scale * dot(a, b)` (or `addend + scale * dot(a, b)` when not `subtract`) as one
    /// product whose last step applies the update (GemmUpdate): the same bits as the three ops.
    /// f32 operands and addend (the addend of the dot's shape), no batch axes.
    public func dotUpdate(_ out: TensorTemplate, _ a: Tensor, contract ca: [Int], _ b: Tensor, contract cb: [Int],
                          addend: Tensor, scale: Float, subtract: Bool) throws -> Tensor {
        precondition(out.type == .f32 && a.type == .f32 && b.type == .f32 && addend.type == .f32 && addend.shape == out.shape,
                     "dotUpdate: f32 operands and an addend of the result's shape")
        let w = try storage(addend)
        return try withExtendedLifetime(w) {
            try dot(out, a, contract: ca, batch: [], b, contract: cb, batch: [],
                    update: GemmUpdate(addend: UnsafePointer(w.pointer(Float.self)), scale: scale, subtract: subtract))
        }
    }

    private func dot(_ out: TensorTemplate, _ a: Tensor, contract ca: [Int], batch ba: [Int],
                     _ b: Tensor, contract cb: [Int], batch bb: [Int], update: GemmUpdate?) throws -> Tensor {
        var compute = out.type
        if compute == .f16 || compute == .bf16 { compute = .f32 }
        let freeA = (0..<a.rank).filter { !ca.contains($0) && !ba.contains($0) }
        let freeB = (0..<b.rank).filter { !cb.contains($0) && !bb.contains($0) }
        // The packing of the f32 product reads any strides; a transposed copy would cost a pass.
        let strided = compute == .f32
        let aTransposed = strided && !isStoredAs(a, ba + freeA + ca) && isStoredAs(a, ba + ca + freeA)
        let bTransposed = strided && !isStoredAs(b, bb + cb + freeB) && isStoredAs(b, bb + freeB + cb)
        let x = try arrange(a, aTransposed ? ba + ca + freeA : ba + freeA + ca, compute)
        let y = try arrange(b, bTransposed ? bb + freeB + cb : bb + cb + freeB, compute)
        let batches = ba.reduce(1) { $0 * a.shape[$1] }
        let m = freeA.reduce(1) { $0 * a.shape[$1] }
        let k = ca.reduce(1) { $0 * a.shape[$1] }
        let n = freeB.reduce(1) { $0 * b.shape[$1] }
        let (result, dst) = try allocate(TensorTemplate(type: compute, shape: out.shape, names: out.names))
        let xs = try storage(x), ys = try storage(y)
        let p = MatrixProduct(batches: batches, m: m, k: k, n: n, a: xs, b: ys, out: dst,
                              aTransposed: aTransposed, bTransposed: bTransposed, update: update)
        switch compute {
        case .f32: p.sgemm()
        case .f64: p.dgemm()
        case .u8: p.native(UInt8.self, zero: 0, &+, &*)
        case .u16: p.native(UInt16.self, zero: 0, &+, &*)
        case .u32: p.native(UInt32.self, zero: 0, &+, &*)
        case .u64: p.native(UInt64.self, zero: 0, &+, &*)
        case .s8: p.native(Int8.self, zero: 0, &+, &*)
        case .s16: p.native(Int16.self, zero: 0, &+, &*)
        case .s32: p.native(Int32.self, zero: 0, &+, &*)
        case .s64: p.native(Int64.self, zero: 0, &+, &*)
        case .c64: p.native(Complex<Float>.self, zero: .zero, +, *)
        case .c128: p.native(Complex<Double>.self, zero: .zero, +, *)
        case .f16, .bf16: break
        }
        return compute == out.type ? result : try asType(out, result)
    }

    /// Whether `t`'s memory order already is `order` (axes of size 1 may sit anywhere).
    private func isStoredAs(_ t: Tensor, _ order: [Int]) -> Bool {
        order.filter { t.shape[$0] != 1 } == (0..<t.rank).filter { t.shape[$0] != 1 }
    }

    /// `t` cast to `type`, its elements in axis order `perm` (no copy when already so).
    private func arrange(_ t: Tensor, _ perm: [Int], _ type: DType) throws -> Tensor {
        let cast = t.type == type ? t : try asType(TensorTemplate(type: type, shape: t.shape), t)
        if isStoredAs(t, perm) { return cast }
        return try transpose(TensorTemplate(type: type, shape: perm.map { t.shape[$0] }), cast, axes: perm)
    }
}

struct MatrixProduct {
    let batches: Int, m: Int, k: Int, n: Int
    let a: NativeStorage, b: NativeStorage, out: NativeStorage
    /// f32 only: `a` holds [batch, K, M] rather than [batch, M, K]; `b` [batch, N, K] rather than [batch, K, N].
    var aTransposed = false, bTransposed = false
    /// f32, one batch: C = addend ∓ scale · A·B instead (GemmUpdate).
    var update: GemmUpdate? = nil

    func sgemm() {
        let x = a.pointer(Float.self), y = b.pointer(Float.self), o = out.pointer(Float.self)
        for i in 0..<batches {
            let xa = StridedMatrix(x + i * m * k, rowStride: aTransposed ? 1 : k, columnStride: aTransposed ? m : 1)
            let yb = StridedMatrix(y + i * k * n, rowStride: bTransposed ? 1 : n, columnStride: bTransposed ? k : 1)
            Gemm.sgemm(m: m, n: n, k: k, xa, yb, o + i * m * n, ldc: n, update: update)
        }
    }

    func dgemm() {
        let x = a.pointer(Double.self), y = b.pointer(Double.self), o = out.pointer(Double.self)
        for i in 0..<batches {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                        x + i * m * k, Int32(max(k, 1)), y + i * k * n, Int32(max(n, 1)), 0, o + i * m * n, Int32(max(n, 1)))
        }
    }

    /// i-k-j order: the inner loop streams a row of `b` into a row of the output.
    func native<T>(_: T.Type, zero: T, _ add: (T, T) -> T, _ mul: (T, T) -> T) {
        let x = a.pointer(T.self), y = b.pointer(T.self), o = out.pointer(T.self)
        for bi in 0..<batches {
            let xb = x + bi * m * k, yb = y + bi * k * n, ob = o + bi * m * n
            NativeLoops.chunked(m, work: m * n * k) { start, end in
                for i in start..<end {
                    let row = ob + i * n
                    for j in 0..<n { row[j] = zero }
                    for p in 0..<k {
                        let s = xb[i * k + p]
                        let yr = yb + p * n
                        for j in 0..<n { row[j] = add(row[j], mul(s, yr[j])) }
                    }
                }
            }
        }
    }
}
