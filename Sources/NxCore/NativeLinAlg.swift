import Foundation
import ComplexModule

/// The native linear-algebra primitives: each matrix of the batch is computed in f64 (c128 for
/// complex inputs and the Fourier transform) over contiguous row-major buffers, then cast to the
/// output type.
extension NativeBackend {
    public func linalg(_ op: LinAlgOp, _ outs: [TensorTemplate], _ inputs: [Tensor]) throws -> [Tensor] {
        if case .fft(let length, let inverse) = op { return [try fft(outs[0], inputs[0], length: length, inverse: inverse)] }
        if inputs.contains(where: { $0.type.isComplex }) {
            return try batched(outs, inputs, as: .c128, Complex<Double>.self) { a, b in try decomposeComplex(op, a, b) }
        }
        return try batched(outs, inputs, as: .f64, Double.self) { a, b in
            try decompose(op, Matrix(rows: a.rows, cols: a.cols, values: a.values), b.map { Matrix(rows: $0.rows, cols: $0.cols, values: $0.values) })
                .map { $0.values }
        }
    }

    /// One row-major matrix of a batch.
    struct Block<T> {
        var rows: Int
        var cols: Int
        var values: [T]
    }

    /// Runs `compute` on each matrix of the batch (and its right-hand side block, for solves), reading
    /// the inputs as `type` and writing each output's blocks in order. Matrices are independent, so
    /// large batches spread over the cores.
    private func batched<T>(_ outs: [TensorTemplate], _ inputs: [Tensor], as type: DType, _: T.Type,
                            _ compute: (Block<T>, Block<T>?) throws -> [[T]]) throws -> [Tensor] {
        let a: [T] = try elements(inputs[0], as: type)
        let rhs: [T] = inputs.count > 1 ? try elements(inputs[1], as: type) : []
        let rows = inputs[0].shape[inputs[0].rank - 2], cols = inputs[0].shape[inputs[0].rank - 1]
        let batches = rows * cols == 0 ? 0 : a.count / (rows * cols)
        let rhsRows = inputs.count > 1 ? inputs[1].shape[inputs[1].rank - 2] : 0
        let rhsSize = batches == 0 ? 0 : rhs.count / batches
        let results = try outs.map { try allocate(TensorTemplate(type: type, shape: $0.shape, names: $0.names)) }
        let destinations = results.map { $0.1.pointer(T.self) }
        let failure = FirstError()
        NativeLoops.chunked(batches, work: batches * rows * cols * Swift.max(rows, cols)) { start, end in
            for b in start..<end {
                do {
                    let m = Block(rows: rows, cols: cols, values: Array(a[(b * rows * cols)..<((b + 1) * rows * cols)]))
                    let r = inputs.count > 1
                        ? Block(rows: rhsRows, cols: rhsSize / Swift.max(rhsRows, 1), values: Array(rhs[(b * rhsSize)..<((b + 1) * rhsSize)]))
                        : nil
                    for (i, part) in try compute(m, r).enumerated() {
                        part.withUnsafeBufferPointer { buffer in
                            if let base = buffer.baseAddress { (destinations[i] + b * part.count).update(from: base, count: part.count) }
                        }
                    }
                } catch {
                    failure.record(error)
                }
            }
        }
        if let error = failure.error { throw error }
        return try zip(outs, results).map { out, result in out.type == type ? result.0 : try asType(out, result.0) }
    }

    /// One real matrix's results, in the order of the op's outputs.
    private func decompose(_ op: LinAlgOp, _ m: Matrix, _ rhs: Matrix?) throws -> [Matrix] {
        switch op {
        case .cholesky: return [DenseLinAlg.choleskyLapack(m)]
        case .qr(let complete, let eps): let (q, r) = DenseLinAlg.qr(m, complete: complete, eps: eps); return [q, r]
        case .lu(let eps): let (p, l, u) = DenseLinAlg.lu(m, eps: eps); return [p, l, u]
        case .triangularSolve(let lower, let leftSide, let transposeA):
            return [DenseLinAlg.triangularSolve(m, rhs ?? Matrix(rows: 0, cols: 0), lower: lower, leftSide: leftSide, transposeA: transposeA)]
        case .svd(let full): let (u, s, vt) = try DenseLinAlg.svd(m, full: full); return [u, s, vt]
        case .eigh: let (values, vectors) = try DenseLinAlg.eigh(m); return [values, vectors]
        case .fft: return []
        }
    }

    /// One complex matrix's results: Cholesky, LU and triangular solves; the rest are not there yet.
    private func decomposeComplex(_ op: LinAlgOp, _ m: Block<Complex<Double>>, _ rhs: Block<Complex<Double>>?) throws -> [[Complex<Double>]] {
        switch op {
        case .cholesky: return [ComplexLinAlg.cholesky(m.values, n: m.rows)]
        case .lu(let eps):
            let (p, l, u) = DenseLinAlg.lu(DenseMatrix(rows: m.rows, cols: m.cols, values: m.values), eps: eps)
            return [p.values, l.values, u.values]
        case .triangularSolve(let lower, let leftSide, let transposeA):
            guard let rhs = rhs else { return [] }
            return [ComplexLinAlg.triangularSolve(m.values, n: m.rows, rhs.values, rows: rhs.rows, cols: rhs.cols,
                                                  lower: lower, leftSide: leftSide, transposeA: transposeA)]
        default: throw NxError.notImplemented("\(op.name) of complex matrices")
        }
    }

    /// The elements of `t` converted to `type`, row-major.
    func elements<T>(_ t: Tensor, as type: DType) throws -> [T] {
        let cast = t.type == type ? t : try asType(TensorTemplate(type: type, shape: t.shape), t)
        let s = try storage(cast)
        return Array(UnsafeBufferPointer(start: s.pointer(T.self), count: t.size))
    }

    /// The DFT of every row of the last axis (see `FourierTransform`).
    func fft(_ out: TensorTemplate, _ t: Tensor, length n: Int, inverse: Bool) throws -> Tensor {
        let input = t.type == .c128 ? t : try asType(TensorTemplate(type: .c128, shape: t.shape), t)
        let source = try storage(input)
        defer { withExtendedLifetime(source) {} }
        let src = source.pointer(Complex<Double>.self)
        let inLength = t.shape[t.rank - 1]
        let rowCount = inLength == 0 ? 0 : t.size / inLength
        let (result, dst) = try allocate(TensorTemplate(type: .c128, shape: out.shape, names: out.names))
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
