import Foundation
import NxCore
import WideKernels
import Workers
import CPUInfo

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
        /// a·b + c with the product rounded first (what the separate multiply and add give).
        case multiplyAdd(dst: Int, a: Int, b: Int, c: Int)
        /// a where the predicate (a comparison's 1 / 0) is nonzero, else b.
        case select(dst: Int, predicate: Int, a: Int, b: Int)
        /// exp(a - b) with the difference rounded first (what the separate ops give), in one sweep.
        case expOfDifference(dst: Int, a: Int, b: Int)
        /// The same with b one value for the whole block (a row's max, a constant): b[0] is read.
        case expOfScalarDifference(dst: Int, a: Int, b: Int)
        /// exp, tanh or sigmoid with the multiply-adds around it, in one sweep (MathFusion).
        case math(MathStep)

        var dst: Int {
            switch self {
            case .unary(_, let d, _), .binary(_, let d, _, _), .copy(let d, _), .multiplyAdd(let d, _, _, _),
                 .select(let d, _, _, _), .expOfDifference(let d, _, _), .expOfScalarDifference(let d, _, _): return d
            case .math(let step): return step.dst
            }
        }

        /// The registers read as blocks (expOfScalarDifference's b is read as one value).
        var operands: [Int] {
            switch self {
            case .unary(_, _, let a), .copy(_, let a), .expOfScalarDifference(_, let a, _): return [a]
            case .binary(_, _, let a, let b), .expOfDifference(_, let a, let b): return [a, b]
            case .multiplyAdd(_, let a, let b, let c), .select(_, let a, let b, let c): return [a, b, c]
            case .math(let step): return step.operands
            }
        }

        /// The registers whose buffers the instruction may write (a math sweep's 8-lane path also
        /// writes those of the instructions it merged).
        var written: [Int] {
            if case .math(let step) = self { return [step.dst, step.argument, step.value] }
            return [dst]
        }

        /// How many single-op sweeps the instruction amounts to (the parallel split weighs work by it).
        var weight: Int {
            if case .math(let step) = self { return step.weight }
            return 1
        }
    }

    /// The smallest block, and the base of the small-op rule in the planner.
    static let blockSize = 512
    /// This kernel's block: as long as its registers still fit in ~32 KB of L1 (at most 2,048
    /// elements). Fewer, longer blocks cost less dispatch per element: softmax's kernels have
    /// 1–4 registers (0.42–0.45 → 0.35–0.40 ms), the elementwise chain ~9 (keeps 512).
    let block: Int
    /// Whether blocks run on WideKernels' 16-lane code (AVX-512) instead of the 8-lane loops.
    static let wideAvailable = CPUFeatures.avx512
    /// This kernel's choice (tests switch it to run both paths; true only where AVX-512 exists).
    var wide = FusedKernel.wideAvailable
    /// Below this many elements a kernel runs on the calling thread only.
    static let parallelThreshold = 1 << 16
    /// ...and below this many element-instructions: a short chain over data another core just
    /// wrote gains nothing from a second thread (the MLP's 784×128 `w − 0.01·g`, two
    /// instructions: 12 µs either way, and a later median with the split).
    static let parallelWork = 1 << 18

    let out: TensorTemplate
    /// The iteration space: rows (the outer dims) × `inner` contiguous-per-leaf elements.
    let outerShape: [Int]
    let inner: Int
    let leaves: [Leaf]
    let splats: [Float]
    let instructions: [Instruction]
    /// Single-op sweeps per element (a math sweep counts the instructions it merged), read by
    /// every run's parallel-split decision.
    private let work: Int
    let registerCount: Int
    let result: Int
    /// nil: the kernel writes every element; otherwise one value per row.
    let reduction: ReduceOp?
    /// Per leaf: read only as a scalar operand (so a block context points at its element).
    let scalarLeaves: [Bool]
    /// A reduction that also writes the values it reduces (row-major, this template): an input
    /// expression other consumers read too (softmax's exp(x - max)) is computed, stored and
    /// reduced in one pass instead of a stored pass and a reading pass.
    let stored: TensorTemplate?

    init(out: TensorTemplate, outerShape: [Int], inner: Int, leaves: [Leaf], splats: [Float],
         instructions: [Instruction], result: Int, reduction: ReduceOp?, stored: TensorTemplate? = nil) {
        self.out = out
        self.outerShape = outerShape
        self.inner = inner
        self.leaves = leaves
        self.splats = splats
        self.instructions = instructions
        work = instructions.reduce(0) { $0 + $1.weight }
        // Fused instructions leave gaps in the numbering: registers go up to the highest one written.
        self.registerCount = max(leaves.count + splats.count, (instructions.flatMap(\.written).max() ?? -1) + 1)
        // A stride-0 leaf read only as a scalar operand is read where it is, never spread over a block.
        scalarLeaves = leaves.indices.map { l in
            leaves[l].innerStride == 0 && l != result && instructions.allSatisfy { !$0.operands.contains(l) }
        }
        var block = 2048
        while block > FusedKernel.blockSize && block * registerCount * MemoryLayout<Float>.size > 32 * 1024 { block /= 2 }
        self.block = block
        self.result = result
        self.reduction = reduction
        self.stored = stored
        // A b that differs from row to row is one value per block only when a block is one row.
        let perRowScalar = instructions.contains { instruction in
            guard case .expOfScalarDifference(_, _, let b) = instruction, b < leaves.count else { return false }
            return leaves[b].outerStrides.contains { $0 != 0 }
        }
        rowsPerBlock = outerShape.isEmpty || inner == 0 || inner > FusedKernel.blockSize / 2 || perRowScalar ? 1 : block / inner
    }

    var rows: Int { outerShape.reduce(1, *) }


    /// Runs the kernel on the tensors `input(node id)` returns.
    func run(_ input: (Int) throws -> Tensor) throws -> Tensor {
        try run(inputs: try leaves.map { try input($0.node) })
    }

    /// Runs the kernel on one tensor per leaf, in `leaves`' order.
    func run(inputs: [Tensor]) throws -> Tensor {
        try withExtendedLifetime(inputs) { try runOnHeldInputs { inputs[$0] } }
    }

    /// Runs the kernel on the tensor `input(leaf index)` returns for each leaf; the caller keeps
    /// those tensors alive through the run (a plan's values and parameters do).
    func runOnHeldInputs(_ input: (Int) throws -> Tensor) throws -> Tensor {
        try runStoringOnHeldInputs(input).result
    }

    /// `runOnHeldInputs`, also returning the stored values of a `stored` reduction.
    func runStoringOnHeldInputs(_ input: (Int) throws -> Tensor) throws -> (result: Tensor, stored: Tensor?) {
        let native = NativeBackend.shared
        let (tensor, raw) = try native.uninitialized(out)
        let output = raw.assumingMemoryBound(to: Float.self)
        let side = try stored.map { try native.uninitialized($0) }
        // Input addresses on the stack: a small op's call is a few hundred nanoseconds, an array's allocation a tenth of that.
        try withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: max(1, leaves.count)) { bases in
            for l in 0..<leaves.count { bases[l] = UnsafePointer(try native.rawBytes(try input(l)).assumingMemoryBound(to: Float.self)) }
            run(bases: UnsafeBufferPointer(rebasing: bases[0..<leaves.count]), into: output,
                storing: side?.1.assumingMemoryBound(to: Float.self))
        }
        return (tensor, side?.0)
    }

    /// Runs the kernel on input addresses (one per leaf) into `output` (`out`'s size).
    func run(bases: [UnsafePointer<Float>], into output: UnsafeMutablePointer<Float>) {
        bases.withUnsafeBufferPointer { run(bases: $0, into: output) }
    }

    /// Runs the kernel on input addresses (one per leaf) into `output` (`out`'s size); a `stored`
    /// reduction also writes the values it reduces to `storing`.
    func run(bases: UnsafeBufferPointer<UnsafePointer<Float>>, into output: UnsafeMutablePointer<Float>,
             storing: UnsafeMutablePointer<Float>? = nil) {
        let total = rows * inner
        // Small runs use the kernel's own context when no other thread holds it: no pool, no lock wait.
        let split = total * max(1, work) >= FusedKernel.parallelWork && total >= FusedKernel.parallelThreshold
        if !split, ownLock.try() {
            defer { ownLock.unlock() }
            let context = ownContext  // read once: each read of the lazy property is a retain and release
            context.bind(bases)
            if let op = reduction { reduceRows(op, context, output, storing, rows: 0..<rows) } else { mapTasks(context, output, 0..<taskCount) }
            return
        }
        let threads = split ? WorkerTeam.shared.size : 1
        // Several parts per core, taken by whichever thread is free: on a shared machine a core
        // that is busy elsewhere then delays only its current part, not half of the run.
        let parts = threads == 1 ? 1 : threads * FusedKernel.partsPerThread
        if let op = reduction {
            reduce(op, bases, output, storing, parts: parts)
        } else {
            map(bases, output, parts: parts)
        }
    }

    // MARK: - Drivers

    private var blocksPerRow: Int { (inner + block - 1) / block }

    /// Rows short enough that several fit a block run that many rows per block: each
    /// instruction's dispatch then covers a block, not one 10-wide row (a 128×10 kernel is a
    /// few blocks instead of 128).
    let rowsPerBlock: Int

    /// A map kernel's units of work: row groups, or blocks of a row.
    private var taskCount: Int { rowsPerBlock > 1 ? (rows + rowsPerBlock - 1) / rowsPerBlock : rows * blocksPerRow }

    static let partsPerThread = 4

    private func map(_ bases: UnsafeBufferPointer<UnsafePointer<Float>>, _ output: UnsafeMutablePointer<Float>, parts: Int) {
        let tasks = taskCount
        let threads = min(parts, tasks)
        parallel(threads) { t in
            let context = takeContext(bases)
            defer { giveBack(context) }
            mapTasks(context, output, (tasks * t / threads)..<(tasks * (t + 1) / threads))
        }
    }

    /// Blocks `tasks` (row-major over rows × blocks of a row) of a map kernel.
    private func mapTasks(_ context: BlockContext, _ output: UnsafeMutablePointer<Float>, _ tasks: Range<Int>) {
        if rowsPerBlock > 1 {
            for task in tasks {
                let first = task * rowsPerBlock
                let n = min(rowsPerBlock, rows - first) * inner
                let dest = output + first * inner
                let produced = context.evaluate(rows: first, count: min(rowsPerBlock, rows - first), into: dest)
                if produced != UnsafePointer(dest) { dest.update(from: produced, count: n) }
            }
            return
        }
        let blocksPerRow = self.blocksPerRow
        for task in tasks {
            let row = task / blocksPerRow
            let start = (task % blocksPerRow) * block
            let n = min(block, inner - start)
            let dest = output + row * inner + start
            let produced = context.evaluate(row: row, start: start, count: n, into: dest)
            if produced != UnsafePointer(dest) { dest.update(from: produced, count: n) }
        }
    }

    private func reduceRows(_ op: ReduceOp, _ context: BlockContext, _ output: UnsafeMutablePointer<Float>,
                            _ storing: UnsafeMutablePointer<Float>?, rows: Range<Int>) {
        guard rowsPerBlock > 1 else {
            for row in rows { output[row] = reduceRange(op, context, storing, row: row, from: 0, to: inner) }
            return
        }
        // Each row's reduction is one block's, as in reduceRange (the same order, the same bits),
        // except rows shorter than one 16-lane load, which are folded in order, four at a time.
        for first in stride(from: rows.lowerBound, to: rows.upperBound, by: rowsPerBlock) {
            let count = min(rowsPerBlock, rows.upperBound - first)
            var values = context.evaluate(rows: first, count: count, into: storing.map { $0 + first * inner })
            if let storing {
                // A storing reduction's values go to their place in the stored tensor (still in L1).
                let dest = storing + first * inner
                if values != UnsafePointer(dest) { dest.update(from: values, count: count * inner); values = UnsafePointer(dest) }
            }
            if inner < FusedKernel.shortRow {
                FusedKernel.reduceShortRows(op, values, rows: count, inner: inner, into: output + first)
                continue
            }
            for r in 0..<count {
                output[first + r] = FusedKernel.combine(op, FusedKernel.identity(op),
                                                        FusedKernel.reduceBlock(op, values + r * inner, inner, wide: context.wide))
            }
        }
    }

    private func reduce(_ op: ReduceOp, _ bases: UnsafeBufferPointer<UnsafePointer<Float>>, _ output: UnsafeMutablePointer<Float>,
                        _ storing: UnsafeMutablePointer<Float>?, parts: Int) {
        let rows = self.rows
        if rows >= parts / FusedKernel.partsPerThread {
            let threads = min(parts, rows)
            parallel(threads) { t in
                let context = takeContext(bases)
                defer { giveBack(context) }
                reduceRows(op, context, output, storing, rows: (rows * t / threads)..<(rows * (t + 1) / threads))
            }
            return
        }
        // Few rows (a full reduction): each thread reduces a slice of every row, then the partials
        // combine (one slice per core: more measured slower for softmax_1m).
        let threads = parts / FusedKernel.partsPerThread
        var partials = [Float](repeating: 0, count: threads * rows)
        partials.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            parallel(threads) { t in
                let context = takeContext(bases)
                defer { giveBack(context) }
                for row in 0..<rows {
                    p[t * rows + row] = reduceRange(op, context, storing, row: row, from: inner * t / threads, to: inner * (t + 1) / threads)
                }
            }
        }
        for row in 0..<rows {
            var acc = FusedKernel.identity(op)
            for t in 0..<threads { acc = FusedKernel.combine(op, acc, partials[t * rows + row]) }
            output[row] = acc
        }
    }

    private func reduceRange(_ op: ReduceOp, _ context: BlockContext, _ storing: UnsafeMutablePointer<Float>?,
                             row: Int, from: Int, to: Int) -> Float {
        var acc = FusedKernel.identity(op)
        var start = from
        while start < to {
            let n = min(block, to - start)
            var values: UnsafePointer<Float>
            if let storing {
                // The block is written to its place in the stored values and reduced from there (still in L1).
                let dest = storing + row * inner + start
                values = context.evaluate(row: row, start: start, count: n, into: dest)
                if values != UnsafePointer(dest) { dest.update(from: values, count: n); values = UnsafePointer(dest) }
            } else {
                values = context.evaluate(row: row, start: start, count: n, into: nil)
            }
            acc = FusedKernel.combine(op, acc, FusedKernel.reduceBlock(op, values, n, wide: context.wide))
            start += n
        }
        return acc
    }

    /// Block contexts kept between runs (a loop body runs its kernels thousands of times).
    private var spareContexts: [BlockContext] = []
    private let spareLock = NSLock()

    /// The context of single-threaded runs, held under `ownLock`'s try-lock (a busy one sends the run to the pool).
    private lazy var ownContext = BlockContext(self)
    private let ownLock = NSLock()

    private func takeContext(_ bases: UnsafeBufferPointer<UnsafePointer<Float>>) -> BlockContext {
        spareLock.lock()
        let spare = spareContexts.popLast()
        spareLock.unlock()
        let context = spare ?? BlockContext(self)
        context.bind(bases)
        return context
    }

    private func giveBack(_ context: BlockContext) {
        context.bind(UnsafeBufferPointer(start: nil, count: 0))
        spareLock.lock()
        spareContexts.append(context)
        spareLock.unlock()
    }

    private func parallel(_ threads: Int, _ body: (Int) -> Void) {
        WorkerTeam.shared.parallelFor(threads, body)
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

    /// Rows below this length reduce with `reduceShortRows`.
    static let shortRow = 16

    /// `rows` consecutive rows of `inner` elements, each folded in order; four rows at a time so
    /// their four chains overlap (a lane reduction per 10-wide row cost ~15 ns a row).
    static func reduceShortRows(_ op: ReduceOp, _ p: UnsafePointer<Float>, rows: Int, inner n: Int, into out: UnsafeMutablePointer<Float>) {
        var r = 0
        while r + 4 <= rows {
            let q = p + r * n
            var (a0, a1, a2, a3) = (identity(op), identity(op), identity(op), identity(op))
            for j in 0..<n {
                a0 = combine(op, a0, q[j])
                a1 = combine(op, a1, q[n + j])
                a2 = combine(op, a2, q[2 * n + j])
                a3 = combine(op, a3, q[3 * n + j])
            }
            (out[r], out[r + 1], out[r + 2], out[r + 3]) = (a0, a1, a2, a3)
            r += 4
        }
        while r < rows {
            var a = identity(op)
            for j in 0..<n { a = combine(op, a, p[r * n + j]) }
            out[r] = a
            r += 1
        }
    }

    /// One block's reduction with eight lanes in parallel (the lanes then combine in a fixed order).
    static func reduceBlock(_ op: ReduceOp, _ p: UnsafePointer<Float>, _ n: Int, wide: Bool = FusedKernel.wideAvailable) -> Float {
        if wide {
            switch op {
            case .sum: return WideBlockOps.sum(p, n)
            case .product: return WideBlockOps.product(p, n)
            case .reduce_max: return WideBlockOps.extremum(p, n, largest: true)
            case .reduce_min: return WideBlockOps.extremum(p, n, largest: false)
            default: break
            }
        }
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

extension FusedKernel {
    /// A block-sized buffer per register with the splats filled in, and the pointer each register
    /// reads from (its own buffer until an input is read in place). The caller deallocates both.
    func makeRegisters() -> (buffers: UnsafeMutablePointer<Float>, current: UnsafeMutablePointer<UnsafePointer<Float>>) {
        let size = block
        let buffers = UnsafeMutablePointer<Float>.allocate(capacity: max(1, registerCount) * size)
        let current = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: max(1, registerCount))
        for r in 0..<registerCount { current[r] = UnsafePointer(buffers + r * size) }
        for (i, value) in splats.enumerated() {
            (buffers + (leaves.count + i) * size).initialize(repeating: value, count: size)
        }
        return (buffers, current)
    }
}
