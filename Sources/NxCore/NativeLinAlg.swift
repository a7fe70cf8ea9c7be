import ComplexModule

/// The native linear-algebra primitives: each matrix of the batch is computed in f64 (c128 for
/// the Fourier transform) over contiguous row-major buffers, then cast to the output type.
extension NativeBackend {
    public func linalg(_ op: LinAlgOp, _ outs: [TensorTemplate], _ inputs: [Tensor]) throws -> [Tensor] {
        if case .fft(let length, let inverse) = op { return [try fft(outs[0], inputs[0], length: length, inverse: inverse)] }
        guard inputs.allSatisfy({ !$0.type.isComplex }) else {
            throw NxError.notImplemented("\(op.name) of complex matrices")
        }
        let a = try doubles(inputs[0])
        let rows = inputs[0].shape[inputs[0].rank - 2], cols = inputs[0].shape[inputs[0].rank - 1]
        let batches = rows * cols == 0 ? 0 : a.count / (rows * cols)
        var results = outs.map { [Double](repeating: 0, count: $0.size) }
        for b in 0..<batches {
            let m = Matrix(rows: rows, cols: cols, values: Array(a[(b * rows * cols)..<((b + 1) * rows * cols)]))
            let parts: [Matrix]
            switch op {
            case .cholesky: parts = [DenseLinAlg.choleskyLapack(m)]
            case .qr(let complete, let eps): let (q, r) = DenseLinAlg.qr(m, complete: complete, eps: eps); parts = [q, r]
            case .lu(let eps): let (p, l, u) = DenseLinAlg.lu(m, eps: eps); parts = [p, l, u]
            case .triangularSolve(let lower, let leftSide, let transposeA):
                let rhs = try doubles(inputs[1])
                let per = rhs.count / batches
                let bRows = inputs[1].shape[inputs[1].rank - 2]
                let rhsMatrix = Matrix(rows: bRows, cols: per / Swift.max(bRows, 1), values: Array(rhs[(b * per)..<((b + 1) * per)]))
                parts = [DenseLinAlg.triangularSolve(m, rhsMatrix, lower: lower, leftSide: leftSide, transposeA: transposeA)]
            case .svd(let full): let (u, sv, vt) = try DenseLinAlg.svd(m, full: full); parts = [u, sv, vt]
            case .eigh: let (values, vectors) = try DenseLinAlg.eigh(m); parts = [values, vectors]
            case .fft: parts = []
            }
            for (i, part) in parts.enumerated() {
                let size = part.values.count
                results[i].replaceSubrange((b * size)..<((b + 1) * size), with: part.values)
            }
        }
        return try zip(outs, results).map { try fromDoubles($1, $0) }
    }

    /// The elements of `t` as f64, row-major.
    func doubles(_ t: Tensor) throws -> [Double] {
        let cast = t.type == .f64 ? t : try asType(TensorTemplate(type: .f64, shape: t.shape), t)
        let s = try storage(cast)
        return Array(UnsafeBufferPointer(start: s.pointer(Double.self), count: t.size))
    }

    func fromDoubles(_ values: [Double], _ out: TensorTemplate) throws -> Tensor {
        let (t, s) = allocate(TensorTemplate(type: .f64, shape: out.shape, names: out.names))
        values.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { s.pointer(Double.self).update(from: base, count: buffer.count) }
        }
        return out.type == .f64 ? t : try asType(out, t)
    }

    /// The DFT of every row of the last axis (see `FourierTransform`).
    func fft(_ out: TensorTemplate, _ t: Tensor, length n: Int, inverse: Bool) throws -> Tensor {
        let input = t.type == .c128 ? t : try asType(TensorTemplate(type: .c128, shape: t.shape), t)
        let source = try storage(input)
        defer { withExtendedLifetime(source) {} }
        let src = source.pointer(Complex<Double>.self)
        let inLength = t.shape[t.rank - 1]
        let rowCount = inLength == 0 ? 0 : t.size / inLength
        let (result, dst) = allocate(TensorTemplate(type: .c128, shape: out.shape, names: out.names))
        let d = dst.pointer(Complex<Double>.self)
        var row = [Complex<Double>](repeating: .zero, count: n)
        for r in 0..<rowCount {
            for i in 0..<n { row[i] = i < inLength ? src[r * inLength + i] : .zero }
            let transformed = FourierTransform.transform(row, inverse: inverse)
            for i in 0..<n { d[r * n + i] = transformed[i] }
        }
        return out.type == .c128 ? result : try asType(out, result)
    }
}
