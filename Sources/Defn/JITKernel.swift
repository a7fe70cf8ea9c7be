import Dispatch
import Foundation
import NxCore

/// A fused loop nest over float32 data: a chain of elementwise ops on inputs read through
/// broadcast strides, optionally ending in a reduction over the trailing axes. It runs as a
/// block interpreter: each instruction processes a block of `blockSize` elements (staying in
/// L1) with a loop the optimizer vectorizes, so every input is read once and only the result is
/// written. Work is split across the cores.
final class FusedKernel {
    /// A materialized input read as `base(row) + j * innerStride` for element j of a row.
    struct Leaf {
        let node: Int
        let outerStrides: [Int]
        let innerStride: Int
    }

    enum Instruction {
        case unary(UnaryOp, dst: Int, a: Int)
        case binary(BinaryOp, dst: Int, a: Int, b: Int)
        case copy(dst: Int, a: Int)
    }

    static let blockSize = 512
    /// Below this many elements a kernel runs on the calling thread only.
    static let parallelThreshold = 1 << 16

    let out: TensorTemplate
    /// The iteration space: rows (the outer dims) × `inner` contiguous-per-leaf elements.
    let outerShape: [Int]
    let inner: Int
    let leaves: [Leaf]
    let splats: [Float]
    let instructions: [Instruction]
    let registerCount: Int
    let result: Int
    /// nil: the kernel writes every element; otherwise one value per row.
    let reduction: ReduceOp?

    init(out: TensorTemplate, outerShape: [Int], inner: Int, leaves: [Leaf], splats: [Float],
         instructions: [Instruction], result: Int, reduction: ReduceOp?) {
        self.out = out
        self.outerShape = outerShape
        self.inner = inner
        self.leaves = leaves
        self.splats = splats
        self.instructions = instructions
        self.registerCount = leaves.count + splats.count + instructions.count
        self.result = result
        self.reduction = reduction
    }

    var rows: Int { outerShape.reduce(1, *) }

    /// Runs the kernel on the tensors `input(node id)` returns.
    func run(_ input: (Int) throws -> Tensor) throws -> Tensor {
        let native = NativeBackend.shared
        let held = try leaves.map { try input($0.node) }
        let bases = try held.map { UnsafePointer(try native.rawBytes($0).assumingMemoryBound(to: Float.self)) }
        let (tensor, raw) = native.uninitialized(out)
        withExtendedLifetime(held) { run(bases: bases, into: raw.assumingMemoryBound(to: Float.self)) }
        return tensor
    }

    /// Runs the kernel on input addresses (one per leaf) into `output` (`out`'s size).
    func run(bases: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>) {
        let total = rows * inner
        let threads = total >= FusedKernel.parallelThreshold ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        if let op = reduction {
            reduce(op, bases, output, threads: threads)
        } else {
            map(bases, output, threads: threads)
        }
    }

    // MARK: - Drivers

    private func map(_ bases: [UnsafePointer<Float>], _ output: UnsafeMutablePointer<Float>, threads: Int) {
        let blocksPerRow = (inner + FusedKernel.blockSize - 1) / FusedKernel.blockSize
        let tasks = rows * blocksPerRow
        parallel(threads) { t in
            let context = takeContext(bases)
            defer { giveBack(context) }
            for task in (tasks * t / threads)..<(tasks * (t + 1) / threads) {
                let row = task / blocksPerRow
                let start = (task % blocksPerRow) * FusedKernel.blockSize
                let n = min(FusedKernel.blockSize, inner - start)
                let dest = output + row * inner + start
                let produced = context.evaluate(row: row, start: start, count: n, into: dest)
                if produced != UnsafePointer(dest) { dest.update(from: produced, count: n) }
            }
        }
    }

    private func reduce(_ op: ReduceOp, _ bases: [UnsafePointer<Float>], _ output: UnsafeMutablePointer<Float>, threads: Int) {
        let rows = self.rows
        if rows >= threads {
            parallel(threads) { t in
                let context = takeContext(bases)
                defer { giveBack(context) }
                for row in (rows * t / threads)..<(rows * (t + 1) / threads) {
                    output[row] = reduceRange(op, context, row: row, from: 0, to: inner)
                }
            }
            return
        }
        // Few rows (a full reduction): each thread reduces a slice of every row, then the partials combine.
        var partials = [Float](repeating: 0, count: threads * rows)
        partials.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            parallel(threads) { t in
                let context = takeContext(bases)
                defer { giveBack(context) }
                for row in 0..<rows {
                    p[t * rows + row] = reduceRange(op, context, row: row, from: inner * t / threads, to: inner * (t + 1) / threads)
                }
            }
        }
        for row in 0..<rows {
            var acc = FusedKernel.identity(op)
            for t in 0..<threads { acc = FusedKernel.combine(op, acc, partials[t * rows + row]) }
            output[row] = acc
        }
    }

    private func reduceRange(_ op: ReduceOp, _ context: BlockContext, row: Int, from: Int, to: Int) -> Float {
        var acc = FusedKernel.identity(op)
        var start = from
        while start < to {
            let n = min(FusedKernel.blockSize, to - start)
            let values = context.evaluate(row: row, start: start, count: n, into: nil)
            acc = FusedKernel.combine(op, acc, FusedKernel.reduceBlock(op, values, n))
            start += n
        }
        return acc
    }

    /// Block contexts kept between runs (a loop body runs its kernels thousands of times).
    private var spareContexts: [BlockContext] = []
    private let spareLock = NSLock()

    private func takeContext(_ bases: [UnsafePointer<Float>]) -> BlockContext {
        spareLock.lock()
        let spare = spareContexts.popLast()
        spareLock.unlock()
        let context = spare ?? BlockContext(self)
        context.bases = bases
        return context
    }

    private func giveBack(_ context: BlockContext) {
        context.bases = []
        spareLock.lock()
        spareContexts.append(context)
        spareLock.unlock()
    }

    private func parallel(_ threads: Int, _ body: (Int) -> Void) {
        if threads == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: body) }
    }

    // MARK: - Reductions

    static func identity(_ op: ReduceOp) -> Float {
        switch op {
        case .sum: return 0
        case .product: return 1
        case .reduce_max: return -.infinity
        default: return .infinity
        }
    }

    @inline(__always) static func combine(_ op: ReduceOp, _ a: Float, _ b: Float) -> Float {
        switch op {
        case .sum: return a + b
        case .product: return a * b
        case .reduce_max: return a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
        default: return a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
        }
    }

    /// One block's reduction with eight lanes in parallel (the lanes then combine in a fixed order).
    static func reduceBlock(_ op: ReduceOp, _ p: UnsafePointer<Float>, _ n: Int) -> Float {
        let raw = UnsafeRawPointer(p)
        var lanes = SIMD8<Float>(repeating: identity(op))
        var i = 0
        var sawNaN = false
        switch op {
        case .sum:
            while i + 8 <= n { lanes += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self); i += 8 }
        case .product:
            while i + 8 <= n { lanes *= raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self); i += 8 }
        case .reduce_max, .reduce_min:
            // Eight scalar lanes (SIMD8's generic pointwiseMax is an out-of-line call per step).
            let isMax = op == .reduce_max
            var m = (p[0], p[0], p[0], p[0], p[0], p[0], p[0], p[0])
            var nan = p[0] != p[0]
            while i + 8 <= n {
                let q = p + i
                if isMax {
                    m.0 = q[0] > m.0 ? q[0] : m.0; m.1 = q[1] > m.1 ? q[1] : m.1
                    m.2 = q[2] > m.2 ? q[2] : m.2; m.3 = q[3] > m.3 ? q[3] : m.3
                    m.4 = q[4] > m.4 ? q[4] : m.4; m.5 = q[5] > m.5 ? q[5] : m.5
                    m.6 = q[6] > m.6 ? q[6] : m.6; m.7 = q[7] > m.7 ? q[7] : m.7
                } else {
                    m.0 = q[0] < m.0 ? q[0] : m.0; m.1 = q[1] < m.1 ? q[1] : m.1
                    m.2 = q[2] < m.2 ? q[2] : m.2; m.3 = q[3] < m.3 ? q[3] : m.3
                    m.4 = q[4] < m.4 ? q[4] : m.4; m.5 = q[5] < m.5 ? q[5] : m.5
                    m.6 = q[6] < m.6 ? q[6] : m.6; m.7 = q[7] < m.7 ? q[7] : m.7
                }
                // NaN compares false, so it never wins above: look for it separately.
                var found = 0
                for k in 0..<8 { found |= q[k] != q[k] ? 1 : 0 }
                nan = nan || found != 0
                i += 8
            }
            lanes = SIMD8(m.0, m.1, m.2, m.3, m.4, m.5, m.6, m.7)
            sawNaN = nan
        default:
            preconditionFailure("JIT planner fused an unsupported reduction \(op)")
        }
        var acc = identity(op)
        for lane in 0..<8 { acc = combine(op, acc, lanes[lane]) }
        while i < n { acc = combine(op, acc, p[i]); i += 1 }
        return sawNaN ? .nan : acc
    }
}

/// One thread's registers: a block-sized buffer per register, and the pointer each register
/// currently reads from (contiguous inputs are read in place, not copied).
final class BlockContext {
    unowned let kernel: FusedKernel
    /// The current run's input addresses.
    var bases: [UnsafePointer<Float>] = []
    let buffers: UnsafeMutablePointer<Float>
    let current: UnsafeMutablePointer<UnsafePointer<Float>>

    init(_ kernel: FusedKernel) {
        self.kernel = kernel
        let size = FusedKernel.blockSize
        buffers = .allocate(capacity: max(1, kernel.registerCount) * size)
        current = .allocate(capacity: max(1, kernel.registerCount))
        for r in 0..<kernel.registerCount { current[r] = UnsafePointer(buffers + r * size) }
        for (i, value) in kernel.splats.enumerated() {
            (buffers + (kernel.leaves.count + i) * size).initialize(repeating: value, count: size)
        }
    }

    deinit {
        buffers.deallocate()
        current.deallocate()
    }

    @inline(__always) func buffer(_ r: Int) -> UnsafeMutablePointer<Float> { buffers + r * FusedKernel.blockSize }

    /// Computes elements [start, start + count) of `row`; the result register writes to `into` when given.
    func evaluate(row: Int, start: Int, count n: Int, into: UnsafeMutablePointer<Float>?) -> UnsafePointer<Float> {
        let k = kernel
        // Position of the row in the outer dims, then each leaf's offset.
        for (l, leaf) in k.leaves.enumerated() {
            var offset = 0, rest = row
            var d = k.outerShape.count - 1
            while d >= 0 {
                let dim = k.outerShape[d]
                offset += (rest % dim) * leaf.outerStrides[d]
                rest /= dim
                d -= 1
            }
            let base = bases[l] + offset
            switch leaf.innerStride {
            case 1: current[l] = base + start
            case 0: buffer(l).update(repeating: base[0], count: n); current[l] = UnsafePointer(buffer(l))
            default:
                let dst = buffer(l), s = leaf.innerStride
                for j in 0..<n { dst[j] = base[(start + j) * s] }
                current[l] = UnsafePointer(dst)
            }
        }
        var r = k.leaves.count + k.splats.count
        for instruction in k.instructions {
            let dst = (r == k.result ? into : nil) ?? buffer(r)
            switch instruction {
            case .unary(let op, _, let a): BlockContext.unary(op, current[a], dst, n)
            case .binary(let op, _, let a, let b): BlockContext.binary(op, current[a], current[b], dst, n)
            case .copy(_, let a): dst.update(from: current[a], count: n)
            }
            current[r] = UnsafePointer(dst)
            r += 1
        }
        return current[k.result]
    }

    static func unary(_ op: UnaryOp, _ a: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        switch op {
        case .negate: for i in 0..<n { d[i] = -a[i] }
        case .abs: for i in 0..<n { d[i] = Swift.abs(a[i]) }
        case .exp: JITMath.exp(a, d, n)
        case .sigmoid: JITMath.sigmoid(a, d, n)
        case .tanh: JITMath.tanh(a, d, n)
        case .sqrt: for i in 0..<n { d[i] = a[i].squareRoot() }
        case .rsqrt: for i in 0..<n { d[i] = Float(1 / Double(a[i]).squareRoot()) }
        // Scalar libm in f64, rounded once: the Evaluator's results bit for bit.
        case .log: for i in 0..<n { d[i] = Float(Foundation.log(Double(a[i]))) }
        case .log1p: for i in 0..<n { d[i] = Float(Foundation.log1p(Double(a[i]))) }
        case .expm1: for i in 0..<n { d[i] = Float(Foundation.expm1(Double(a[i]))) }
        case .sin: for i in 0..<n { d[i] = Float(Foundation.sin(Double(a[i]))) }
        case .cos: for i in 0..<n { d[i] = Float(Foundation.cos(Double(a[i]))) }
        case .erf: for i in 0..<n { d[i] = Float(Foundation.erf(Double(a[i]))) }
        default: preconditionFailure("JIT planner fused an unsupported unary op \(op)")
        }
    }

    static func binary(_ op: BinaryOp, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                       _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        switch op {
        case .add: for i in 0..<n { d[i] = a[i] + b[i] }
        case .subtract: for i in 0..<n { d[i] = a[i] - b[i] }
        case .multiply: for i in 0..<n { d[i] = a[i] * b[i] }
        case .divide: for i in 0..<n { d[i] = a[i] / b[i] }
        case .max: for i in 0..<n { d[i] = a[i].isNaN || b[i].isNaN ? .nan : Swift.max(a[i], b[i]) }
        case .min: for i in 0..<n { d[i] = a[i].isNaN || b[i].isNaN ? .nan : Swift.min(a[i], b[i]) }
        case .pow: for i in 0..<n { d[i] = Float(Foundation.pow(Double(a[i]), Double(b[i]))) }
        default: preconditionFailure("JIT planner fused an unsupported binary op \(op)")
        }
    }

    /// The ops fused kernels implement for float32.
    static let unaryOps: Set<UnaryOp> = [.negate, .abs, .exp, .sigmoid, .tanh, .sqrt, .rsqrt, .log, .log1p, .expm1, .sin, .cos, .erf]
    static let binaryOps: Set<BinaryOp> = [.add, .subtract, .multiply, .divide, .max, .min, .pow]
}
