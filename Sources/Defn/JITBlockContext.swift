import Foundation
import NxCore
import WideKernels

/// One thread's registers: a block-sized buffer per register, and the pointer each register
/// currently reads from (contiguous inputs are read in place, not copied). Leaf strides are
/// copied into flat buffers once, so a block's set-up touches no reference-counted arrays.
final class BlockContext {
    unowned(unsafe) let kernel: FusedKernel
    let buffers: UnsafeMutablePointer<Float>
    let current: UnsafeMutablePointer<UnsafePointer<Float>>
    /// Whether blocks run on the 16-lane (AVX-512) code (the kernel's choice, read at each bind).
    private(set) var wide = false
    private let instructions: UnsafeMutableBufferPointer<FusedKernel.Instruction>
    private let result: Int
    /// Elements per register (the kernel's block).
    private let blockSize: Int
    private let leafCount: Int
    private let outerRank: Int
    private let outerShape: UnsafeMutablePointer<Int>
    /// Leaf l's stride for outer dim d at l * outerRank + d.
    private let outerStrides: UnsafeMutablePointer<Int>
    private let innerStrides: UnsafeMutablePointer<Int>
    private let scalarLeaves: UnsafeMutablePointer<Bool>
    private let leafBases: UnsafeMutablePointer<UnsafePointer<Float>>
    /// For a broadcast (stride-0) leaf: the element its buffer is currently filled with, so a
    /// row's value is spread once, not once per block.
    private let filledFrom: UnsafeMutablePointer<UnsafePointer<Float>?>
    /// How much of such a buffer a block can read: a row shorter than a block (128×10) spreads
    /// its value over the row's length only, not a whole block per row.
    private let fillCount: Int
    /// The row `rowBases` (each leaf's address at its start) and `rowPosition` (its index per outer dim) describe.
    private var cachedRow = -1
    private let rowBases: UnsafeMutablePointer<UnsafePointer<Float>>
    private let rowPosition: UnsafeMutablePointer<Int>
    /// How each leaf is read by a block of whole rows (`FusedKernel.rowsPerBlock` > 1).
    private enum RowsRead { case inPlace, pattern, gathered }
    private let rowsRead: [RowsRead]
    /// The `gathered` leaves, as a flat list (the row loop touches no Swift array).
    private let gathered: UnsafeMutableBufferPointer<Int>
    /// Whether the `pattern` leaves' buffers hold this run's repeated row.
    private var patternFilled = false

    init(_ kernel: FusedKernel) {
        self.kernel = kernel
        instructions = .allocate(capacity: kernel.instructions.count)
        _ = instructions.initialize(from: kernel.instructions)
        result = kernel.result
        let size = kernel.block
        blockSize = size
        (buffers, current) = kernel.makeRegisters()
        fillCount = min(size, kernel.inner)
        leafCount = kernel.leaves.count
        outerRank = kernel.outerShape.count
        outerShape = .allocate(capacity: max(1, outerRank))
        outerStrides = .allocate(capacity: max(1, leafCount * outerRank))
        innerStrides = .allocate(capacity: max(1, leafCount))
        scalarLeaves = .allocate(capacity: max(1, leafCount))
        leafBases = .allocate(capacity: max(1, leafCount))
        filledFrom = .allocate(capacity: max(1, leafCount))
        rowBases = .allocate(capacity: max(1, leafCount))
        rowPosition = .allocate(capacity: max(1, outerRank))
        for d in 0..<outerRank { outerShape[d] = kernel.outerShape[d] }
        for (l, leaf) in kernel.leaves.enumerated() {
            innerStrides[l] = leaf.innerStride
            scalarLeaves[l] = kernel.scalarLeaves[l]
            for d in 0..<outerRank { outerStrides[l * outerRank + d] = leaf.outerStrides[d] }
        }
        // Rows laid out one after another are read in place; a leaf that is the same for every
        // row (a bias row) is a repeated pattern filled once per run; anything else (a per-row
        // value, strided rows) is copied row by row.
        let contiguous = Shape.strides(kernel.outerShape).map { $0 * kernel.inner }
        let rowsRead: [RowsRead] = kernel.leaves.map { leaf in
            if leaf.innerStride == 1 && leaf.outerStrides == contiguous { return .inPlace }
            return leaf.outerStrides.allSatisfy { $0 == 0 } ? .pattern : .gathered
        }
        self.rowsRead = rowsRead
        let gatheredLeaves = rowsRead.indices.filter { rowsRead[$0] == .gathered }
        gathered = .allocate(capacity: gatheredLeaves.count)
        _ = gathered.initialize(from: gatheredLeaves)
    }

    deinit {
        buffers.deallocate()
        current.deallocate()
        outerShape.deallocate()
        outerStrides.deallocate()
        innerStrides.deallocate()
        scalarLeaves.deallocate()
        leafBases.deallocate()
        filledFrom.deallocate()
        rowBases.deallocate()
        rowPosition.deallocate()
        instructions.deallocate()
        gathered.deallocate()
    }

    /// Binds a run's inputs (nil: none, while the context waits for the next run).
    func bind(_ bases: UnsafeBufferPointer<UnsafePointer<Float>>) {
        wide = kernel.wide
        for (l, base) in bases.enumerated() { leafBases[l] = base }
        // Buffers are filled to full block size, and a new run may reuse an old address.
        for l in 0..<leafCount { filledFrom[l] = nil }
        cachedRow = -1
        patternFilled = false
    }

    /// Each leaf's address for `row` (blocks of one row share it: integer division is costly).
    private func locate(_ row: Int) {
        if outerRank == 1 {
            rowPosition[0] = row
        } else {
            var rest = row
            for d in stride(from: outerRank - 1, through: 0, by: -1) {
                rowPosition[d] = rest % outerShape[d]
                rest /= outerShape[d]
            }
        }
        for l in 0..<leafCount {
            var offset = 0
            for d in 0..<outerRank { offset += rowPosition[d] * outerStrides[l * outerRank + d] }
            rowBases[l] = leafBases[l] + offset
        }
        cachedRow = row
    }

    @inline(__always) func buffer(_ r: Int) -> UnsafeMutablePointer<Float> { buffers + r * blockSize }

    /// Computes elements [start, start + count) of `row`; the result register writes to `into` when given.
    func evaluate(row: Int, start: Int, count n: Int, into: UnsafeMutablePointer<Float>?) -> UnsafePointer<Float> {
        if row != cachedRow { locate(row) }
        for l in 0..<leafCount {
            let base = rowBases[l]
            switch innerStrides[l] {
            case 1: current[l] = base + start
            case 0 where scalarLeaves[l]:
                current[l] = base
            case 0:
                if filledFrom[l] != base {
                    buffer(l).update(repeating: base[0], count: fillCount)
                    filledFrom[l] = base
                    patternFilled = false
                }
                current[l] = UnsafePointer(buffer(l))
            case let s:
                let dst = buffer(l)
                for j in 0..<n { dst[j] = base[(start + j) * s] }
                current[l] = UnsafePointer(dst)
            }
        }
        for instruction in instructions {
            let r = instruction.dst
            BlockContext.execute(instruction, current, into: (r == result ? into : nil) ?? buffer(r), n, wide: wide)
        }
        return current[result]
    }

    /// Computes rows [first, first + count) whole (count × inner ≤ one block, laid out row after
    /// row); the result register writes to `into` when given.
    func evaluate(rows first: Int, count: Int, into: UnsafeMutablePointer<Float>?) -> UnsafePointer<Float> {
        let inner = kernel.inner
        if !patternFilled {
            let repeats = kernel.rowsPerBlock
            for l in 0..<leafCount where rowsRead[l] == .pattern {
                let source = leafBases[l], dst = buffer(l), s = innerStrides[l]
                for j in 0..<inner { dst[j] = source[j * s] }
                for r in 1..<repeats { (dst + r * inner).update(from: dst, count: inner) }
                filledFrom[l] = nil  // no longer a single value spread (the row-at-a-time path refills)
            }
            patternFilled = true
        }
        if !gathered.isEmpty {
            for r in 0..<count {
                // One outer dim: a row's address is one multiply (no division, no other leaves).
                if outerRank != 1 { locate(first + r) }
                for l in gathered {
                    let base = outerRank == 1 ? leafBases[l] + (first + r) * outerStrides[l] : rowBases[l]
                    let dst = buffer(l) + r * inner
                    switch innerStrides[l] {
                    case 0: dst.update(repeating: base[0], count: inner)
                    case 1: dst.update(from: base, count: inner)
                    case let s: for j in 0..<inner { dst[j] = base[j * s] }
                    }
                }
            }
        }
        for l in 0..<leafCount {
            switch rowsRead[l] {
            case .inPlace: current[l] = leafBases[l] + first * inner
            case .pattern: current[l] = UnsafePointer(buffer(l))
            case .gathered:
                current[l] = UnsafePointer(buffer(l))
                filledFrom[l] = nil
            }
        }
        let n = count * inner
        for instruction in instructions {
            let r = instruction.dst
            BlockContext.execute(instruction, current, into: (r == result ? into : nil) ?? buffer(r), n, wide: wide)
        }
        return current[result]
    }

    /// Runs one instruction over `n` elements of the registers `current` points at, writing
    /// `dst`, which its destination register then reads from.
    @inline(__always) static func execute(_ instruction: FusedKernel.Instruction, _ current: UnsafeMutablePointer<UnsafePointer<Float>>,
                                          into dst: UnsafeMutablePointer<Float>, _ n: Int, wide: Bool) {
        switch instruction {
        case .unary(let op, _, let a): unary(op, current[a], dst, n, wide: wide)
        case .binary(let op, _, let a, let b): binary(op, current[a], current[b], dst, n, wide: wide)
        case .copy(_, let a): dst.update(from: current[a], count: n)
        case .multiplyAdd(_, let a, let b, let c): multiplyAdd(current[a], current[b], current[c], dst, n, wide: wide)
        case .select(_, let p, let a, let b): select(current[p], current[a], current[b], dst, n)
        case .expOfDifference(_, let a, let b): expOfDifference(current[a], current[b], dst, n, wide: wide)
        case .expOfScalarDifference(_, let a, let b): expOfScalarDifference(current[a], current[b][0], dst, n, wide: wide)
        case .math(let step): math(step, current, dst, n, wide: wide)
        }
        current[instruction.dst] = UnsafePointer(dst)
    }

    static func unary(_ op: UnaryOp, _ a: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int, wide: Bool) {
        switch op {
        case .negate: for i in 0..<n { d[i] = -a[i] }
        case .abs: for i in 0..<n { d[i] = Swift.abs(a[i]) }
        case .exp: if wide { WideMath.exp(a, d, n) } else { JITMath.exp(a, d, n) }
        case .sigmoid: if wide { WideMath.sigmoid(a, d, n) } else { JITMath.sigmoid(a, d, n) }
        case .tanh: if wide { WideMath.tanh(a, d, n) } else { JITMath.tanh(a, d, n) }
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
                       _ d: UnsafeMutablePointer<Float>, _ n: Int, wide: Bool) {
        if wide {
            switch op {
            case .add: WideBlockOps.add(a, b, d, n); return
            case .subtract: WideBlockOps.subtract(a, b, d, n); return
            case .multiply: WideBlockOps.multiply(a, b, d, n); return
            case .divide: WideBlockOps.divide(a, b, d, n); return
            case .max: WideBlockOps.max(a, b, d, n); return
            case .min: WideBlockOps.min(a, b, d, n); return
            default: break
            }
        }
        switch op {
        case .add: for i in 0..<n { d[i] = a[i] + b[i] }
        case .subtract: for i in 0..<n { d[i] = a[i] - b[i] }
        case .multiply: for i in 0..<n { d[i] = a[i] * b[i] }
        case .divide: for i in 0..<n { d[i] = a[i] / b[i] }
        // Ties (-0.0 and 0.0) keep a, as the native op and the 16-lane code do.
        case .max: for i in 0..<n { d[i] = a[i].isNaN || b[i].isNaN ? .nan : (b[i] > a[i] ? b[i] : a[i]) }
        case .min: for i in 0..<n { d[i] = a[i].isNaN || b[i].isNaN ? .nan : Swift.min(a[i], b[i]) }
        case .pow: for i in 0..<n { d[i] = Float(Foundation.pow(Double(a[i]), Double(b[i]))) }
        // Predicates: 1 / 0, the u8 values the native comparison gives, as float32.
        case .equal: for i in 0..<n { d[i] = a[i] == b[i] ? 1 : 0 }
        case .not_equal: for i in 0..<n { d[i] = a[i] != b[i] ? 1 : 0 }
        case .less: for i in 0..<n { d[i] = a[i] < b[i] ? 1 : 0 }
        case .less_equal: for i in 0..<n { d[i] = a[i] <= b[i] ? 1 : 0 }
        case .greater: for i in 0..<n { d[i] = a[i] > b[i] ? 1 : 0 }
        case .greater_equal: for i in 0..<n { d[i] = a[i] >= b[i] ? 1 : 0 }
        default: preconditionFailure("JIT planner fused an unsupported binary op \(op)")
        }
    }

    static func expOfDifference(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, _ n: Int, wide: Bool) {
        if wide { WideMath.expOfDifference(a, b, d, n) } else { JITMath.expOfDifference(a, b, d, n) }
    }

    static func expOfScalarDifference(_ a: UnsafePointer<Float>, _ b: Float, _ d: UnsafeMutablePointer<Float>, _ n: Int, wide: Bool) {
        if wide { WideMath.expOfScalarDifference(a, b, d, n) } else { JITMath.expOfScalarDifference(a, b, d, n) }
    }

    static func multiplyAdd(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>,
                            _ d: UnsafeMutablePointer<Float>, _ n: Int, wide: Bool) {
        if wide { WideBlockOps.multiplyAdd(a, b, c, d, n); return }
        for i in 0..<n { d[i] = a[i] * b[i] + c[i] }
    }

    /// A math sweep: one pass on the 16-lane path; on the 8-lane path the separate ops in turn,
    /// through the buffers of the registers they wrote (in place, the loops' overlap check sent
    /// them to scalar code: the chain's tanh 5× slower).
    static func math(_ step: MathStep, _ current: UnsafeMutablePointer<UnsafePointer<Float>>, _ d: UnsafeMutablePointer<Float>, _ n: Int, wide: Bool) {
        let a = current[step.a], b = step.b.map { current[$0] }, c = step.c.map { current[$0] }
        if wide {
            let combine: MathCombine
            switch step.combine {
            case .none: combine = .none
            case .scaleAdd(let s, let t): combine = .scaleAdd(s: s.map { current[$0] }, d: t.map { current[$0] })
            case .addTo(let p, let q): combine = .addTo(p: current[p], q: current[q])
            }
            WideMath.sweep(step.laneFunction, a: a, b: b, c: c, combine: combine, into: d, n)
            return
        }
        // Registers no instruction writes still point at their own buffers.
        let argument = UnsafeMutablePointer(mutating: current[step.argument])
        switch (b, c) {
        case let (b?, c?): multiplyAdd(a, b, c, argument, n, wide: false)
        case let (b?, nil): binary(.multiply, a, b, argument, n, wide: false)
        case let (nil, c?): binary(.add, a, c, argument, n, wide: false)
        case (nil, nil): break
        }
        let y = step.value == step.dst ? d : UnsafeMutablePointer(mutating: current[step.value])
        unary(step.function, b == nil && c == nil ? a : UnsafePointer(argument), y, n, wide: false)
        switch step.combine {
        case .none: break
        case .scaleAdd(let s?, let t?): multiplyAdd(y, current[s], current[t], d, n, wide: false)
        case .scaleAdd(let s?, nil): binary(.multiply, y, current[s], d, n, wide: false)
        case .scaleAdd(nil, let t?): binary(.add, y, current[t], d, n, wide: false)
        case .scaleAdd(nil, nil): d.update(from: y, count: n)
        case .addTo(let p, let q): multiplyAdd(current[p], current[q], y, d, n, wide: false)
        }
    }

    static func select(_ p: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                       _ d: UnsafeMutablePointer<Float>, _ n: Int) {
        // Bit masks, not `p != 0 ? a : b`: the ternary compiled to a per-lane branch on addresses.
        for i in 0..<n {
            let mask = p[i] != 0 ? UInt32.max : 0
            d[i] = Float(bitPattern: (a[i].bitPattern & mask) | (b[i].bitPattern & ~mask))
        }
    }

    /// The ops fused kernels implement for float32.
    static let unaryOps: Set<UnaryOp> = [.negate, .abs, .exp, .sigmoid, .tanh, .sqrt, .rsqrt, .log, .log1p, .expm1, .sin, .cos, .erf]
    static let binaryOps: Set<BinaryOp> = [.add, .subtract, .multiply, .divide, .max, .min, .pow]
    /// Comparisons of float32 values fused as predicates (their result is u8 outside kernels).
    static let compareOps: Set<BinaryOp> = [.equal, .not_equal, .less, .less_equal, .greater, .greater_equal]
}
