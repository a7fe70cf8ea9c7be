import COpenBLAS
import Foundation
import WideKernels
import Workers

/// conv on native f32/f64 buffers: per batch element, an im2col matrix [C × kernel offsets,
/// output positions] is gathered (row copies along the last spatial axis) and multiplied by
/// the kernel matrix [O, C × offsets] with one gemm written straight into that element's
/// [O, positions] block of the output. Batch elements are split across the cores.
/// Other types use the composed default.
extension NativeBackend {
    public func conv(_ out: TensorTemplate, _ input: Tensor, _ kernel: Tensor, strides: [Int], kernelDilation: [Int]) throws -> Tensor {
        guard out.type == .f32 || out.type == .f64, input.type == out.type, kernel.type == out.type else {
            return try Nx.composedConv(input, kernel, strides: strides, kernelDilation: kernelDilation, outSpatial: Array(out.shape.dropFirst(2)))
        }
        let plan = Im2col(input: input.shape, kernel: kernel.shape, outSpatial: Array(out.shape.dropFirst(2)),
                          strides: strides, dilation: kernelDilation)
        let (result, dst) = try allocate(out)
        let x = try storage(input), k = try storage(kernel)
        if out.type == .f32 {
            plan.run(x.pointer(Float.self), k.pointer(Float.self), dst.pointer(Float.self)) { m, n, kk, a, b, c in
                Gemm.sgemm(m: Int(m), n: Int(n), k: Int(kk), StridedMatrix(a, rowStride: Int(kk), columnStride: 1),
                           StridedMatrix(b, rowStride: Int(n), columnStride: 1), c, ldc: Int(n))
            }
        } else {
            plan.run(x.pointer(Double.self), k.pointer(Double.self), dst.pointer(Double.self)) { m, n, kk, a, b, c in
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, kk, 1, a, max(kk, 1), b, max(n, 1), 0, c, max(n, 1))
            }
        }
        return result
    }
}

/// The index arithmetic of one im2col convolution.
struct Im2col {
    let batch: Int, channels: Int, outChannels: Int
    /// Elements of one input channel, and of one batch element.
    let channelSize: Int, sampleSize: Int
    /// Input offset of each kernel offset (row-major over the kernel's spatial axes).
    let kernelOffsets: [Int]
    /// Input offset of the start of each output row (all output axes but the last).
    let rowStarts: [Int]
    let rowLength: Int, lastStride: Int
    var positions: Int { rowStarts.count * rowLength }

    init(input: [Int], kernel: [Int], outSpatial: [Int], strides: [Int], dilation: [Int]) {
        batch = input[0]
        channels = input[1]
        outChannels = kernel[0]
        let spatialIn = Array(input.dropFirst(2))
        let inStrides = Shape.strides(spatialIn)
        channelSize = Shape.size(spatialIn)
        sampleSize = channels * channelSize
        // The input offset of every index of `sizes`, each axis d advancing by steps[d] rows of it.
        func offsets(_ sizes: [Int], _ steps: [Int]) -> [Int] {
            var result = [0]
            for (d, size) in sizes.enumerated() {
                result = result.flatMap { base in (0..<size).map { base + $0 * steps[d] * inStrides[d] } }
            }
            return result
        }
        kernelOffsets = offsets(Array(kernel.dropFirst(2)), dilation)
        rowStarts = offsets(Array(outSpatial.dropLast()), strides)
        rowLength = outSpatial.last ?? 1
        lastStride = strides.last ?? 1
    }

    /// Fills the output [N, O, positions]; `gemm(m, n, k, a, b, c)` is C = A·B, row-major.
    func run<T: BinaryFloatingPoint>(_ x: UnsafeMutablePointer<T>, _ k: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<T>,
                                     gemm: (Int32, Int32, Int32, UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void) {
        let rows = channels * kernelOffsets.count, cols = positions
        let workers = min(WorkerTeam.shared.size, batch)
        let perWorker = (batch + workers - 1) / workers
        func work(_ w: Int) {
            let column = UnsafeMutablePointer<T>.allocate(capacity: max(rows * cols, 1))
            defer { column.deallocate() }
            for n in (w * perWorker)..<min((w + 1) * perWorker, batch) {
                fill(column, from: x + n * sampleSize)
                gemm(Int32(outChannels), Int32(cols), Int32(rows), k, column, out + n * outChannels * cols)
            }
        }
        if workers > 1 && rows * cols * batch >= NativeLoops.parallelThreshold {
            // A gemm inside a part finds the team busy and runs on its part's thread.
            WorkerTeam.shared.parallelFor(workers) { work($0) }
        } else {
            for w in 0..<workers { work(w) }
        }
    }

    /// The im2col matrix of one batch element: row (c, offset), column = output position.
    func fill<T>(_ column: UnsafeMutablePointer<T>, from sample: UnsafeMutablePointer<T>) {
        var dst = column
        for c in 0..<channels {
            let channel = sample + c * channelSize
            for offset in kernelOffsets {
                for start in rowStarts {
                    let src = channel + offset + start
                    if lastStride == 1 {
                        dst.update(from: src, count: rowLength)
                    } else {
                        for i in 0..<rowLength { dst[i] = src[i * lastStride] }
                    }
                    dst += rowLength
                }
            }
        }
    }
}
