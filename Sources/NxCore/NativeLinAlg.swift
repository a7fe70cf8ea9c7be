import Foundation
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
        let rhs = inputs.count > 1 ? try doubles(inputs[1]) : []
        let rows = inputs[0].shape[inputs[0].rank - 2], cols = inputs[0].shape[inputs[0].rank - 1]
        let batches = rows * cols == 0 ? 0 : a.count / (rows * cols)
        let results = outs.map { allocate(TensorTemplate(type: .f64, shape: $0.shape, names: $0.names)) }
        let destinations = results.map { $0.1.pointer(Double.self) }
        let failure = FirstError()
        // Each matrix of the batch is independent: large batches spread over the cores.
        NativeLoops.chunked(batches, work: batches * rows * cols * Swift.max(rows, cols)) { start, end in
            for b in start..<end {
                do {
                    let m = Matrix(rows: rows, cols: cols, values: Array(a[(b * rows * cols)..<((b + 1) * rows * cols)]))
                    let parts = try decompose(op, m, rhs: rhs, batch: b, of: batches, rhsShape: inputs.count > 1 ? inputs[1].shape : [])
                    for (i, part) in parts.enumerated() {
                        let size = part.values.count
                        part.values.withUnsafeBufferPointer { buffer in
                            if let base = buffer.baseAddress { (destinations[i] + b * size).update(from: base, count: size) }
                        }
                    }
                } catch {
                    failure.record(error)
                }
            }
        }
        if let error = failure.error { throw error }
        return try zip(outs, results).map { out, result in out.type == .f64 ? result.0 : try asType(out, result.0) }
    }

    /// One matrix's results, in the order of the op's outputs.
    private func decompose(_ op: LinAlgOp, _ m: Matrix, rhs: [Double], batch b: Int, of batches: Int, rhsShape: [Int]) throws -> [Matrix] {
        switch op {
        case .cholesky: return [DenseLinAlg.choleskyLapack(m)]
        case .qr(let complete, let eps): let (q, r) = DenseLinAlg.qr(m, complete: complete, eps: eps); return [q, r]
        case .lu(let eps): let (p, l, u) = DenseLinAlg.lu(m, eps: eps); return [p, l, u]
        case .triangularSolve(let lower, let leftSide, let transposeA):
            let per = rhs.count / batches
            let bRows = rhsShape[rhsShape.count - 2]
            let rhsMatrix = Matrix(rows: bRows, cols: per / Swift.max(bRows, 1), values: Array(rhs[(b * per)..<((b + 1) * per)]))
            return [DenseLinAlg.triangularSolve(m, rhsMatrix, lower: lower, leftSide: leftSide, transposeA: transposeA)]
        case .svd(let full): let (u, s, vt) = try DenseLinAlg.svd(m, full: full); return [u, s, vt]
        case .eigh: let (values, vectors) = try DenseLinAlg.eigh(m); return [values, vectors]
        case .fft: return []
        }
    }

    /// The elements of `t` as f64, row-major.
    func doubles(_ t: Tensor) throws -> [Double] {
        let cast = t.type == .f64 ? t : try asType(TensorTemplate(type: .f64, shape: t.shape), t)
        let s = try storage(cast)
        return Array(UnsafeBufferPointer(start: s.pointer(Double.self), count: t.size))
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
        let logN = Swift.max(1, Int.bitWidth - n.leadingZeroBitCount)
        NativeLoops.chunked(rowCount, work: rowCount * n * logN) { start, end in
            var row = [Complex<Double>](repeating: .zero, count: n)
            for r in start..<end {
                for i in 0..<n { row[i] = i < inLength ? src[r * inLength + i] : .zero }
                let transformed = FourierTransform.transform(row, inverse: inverse)
                for i in 0..<n { d[r * n + i] = transformed[i] }
            }
        }
        return out.type == .c128 ? result : try asType(out, result)
    }
}

/// The first error thrown by any of the parallel workers.
final class FirstError {
    private let lock = NSLock()
    private(set) var error: Error?

    func record(_ e: Error) {
        lock.lock()
        if error == nil { error = e }
        lock.unlock()
    }
}
