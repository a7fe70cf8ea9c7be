import NxCore

/// One fused kernel of a loop program, for one run of the loop: its inputs and output are
/// slots, read again each iteration (state buffers swap). A small elementwise kernel whose
/// inputs are contiguous or rank-0 runs its instructions here over its own registers,
/// without the general driver's per-call work (a context from the shared pool under a lock,
/// row offsets per leaf), which costs more than a 1,000-element body does.
final class LoopKernelRunner {
    let kernel: FusedKernel
    let inputs: [Int]
    let dst: Int
    /// Elements of the output when the direct path applies, else nil.
    private let count: Int?
    private var bases: [UnsafePointer<Float>]
    private let affine: AffineUpdate?
    private let registers: UnsafeMutablePointer<Float>
    private let current: UnsafeMutablePointer<UnsafePointer<Float>>

    init(_ kernel: FusedKernel, inputs: [Int], dst: Int) {
        self.kernel = kernel
        self.inputs = inputs
        self.dst = dst
        let total = kernel.rows * kernel.inner
        let direct = kernel.reduction == nil && kernel.outerShape.isEmpty && total < FusedKernel.parallelThreshold
            && kernel.leaves.allSatisfy { $0.innerStride == 0 || $0.innerStride == 1 }
        count = direct ? total : nil
        affine = direct ? AffineUpdate(kernel, inputs: inputs) : nil
        bases = Array(repeating: UnsafePointer(bitPattern: 64)!, count: inputs.count)
        (registers, current) = kernel.makeRegisters()
    }

    deinit {
        registers.deallocate()
        current.deallocate()
    }

    func run(_ slots: UnsafeMutablePointer<UnsafeMutableRawPointer>) {
        let output = slots[dst].assumingMemoryBound(to: Float.self)
        guard let count else {
            for (l, slot) in inputs.enumerated() { bases[l] = UnsafePointer(slots[slot].assumingMemoryBound(to: Float.self)) }
            kernel.run(bases: bases, into: output)
            return
        }
        if let affine {
            affine.run(count, slots, output)
            return
        }
        let size = kernel.block
        let leaves = kernel.leaves
        // Rank-0 inputs are spread over their register once per run of the kernel.
        for l in 0..<leaves.count where leaves[l].innerStride == 0 {
            (registers + l * size).update(repeating: slots[inputs[l]].load(as: Float.self), count: Swift.min(count, size))
        }
        var start = 0
        while start < count {
            let n = Swift.min(size, count - start)
            for l in 0..<leaves.count where leaves[l].innerStride == 1 {
                current[l] = UnsafePointer(slots[inputs[l]].assumingMemoryBound(to: Float.self) + start)
            }
            for instruction in kernel.instructions {
                let r = instruction.dst
                BlockContext.execute(instruction, current, into: r == kernel.result ? output + start : registers + r * size,
                                     n, wide: kernel.wide)
            }
            start += n
        }
    }
}

/// `x * a + b` (also `b + a * x`, `x * a - b`, `b - x * a`) over a contiguous x with rank-0 a
/// and b: one pass with both ops in registers instead of two passes through a block buffer.
/// Rounds like the two ops (no fused multiply-add), so results equal the block path's. Holds
/// only slot numbers and constants: nothing to retain per run.
struct AffineUpdate {
    /// A rank-0 operand: a slot read each run, or a splatted constant.
    enum Operand {
        case slot(Int)
        case constant(Float)
    }

    let x: Int
    let a: Operand, b: Operand
    /// b - x*a is computed as x*(-a) + b; x*a - b as x*a + (-b): both exact rewrites.
    let negateA: Bool, negateB: Bool

    init?(_ k: FusedKernel, inputs: [Int]) {
        func contiguous(_ reg: Int) -> Bool { reg < k.leaves.count && k.leaves[reg].innerStride == 1 }
        func uniform(_ reg: Int) -> Operand? {
            if reg < k.leaves.count { return k.leaves[reg].innerStride == 0 ? .slot(inputs[reg]) : nil }
            return reg < k.leaves.count + k.splats.count ? .constant(k.splats[reg - k.leaves.count]) : nil
        }
        // The planner's multiply-add instruction (a product read once, then added).
        if k.instructions.count == 1, case .multiplyAdd(let r, let p, let q, let c) = k.instructions[0], r == k.result,
           let t = uniform(c) {
            if contiguous(p), let s = uniform(q) { (x, a) = (inputs[p], s) }
            else if contiguous(q), let s = uniform(p) { (x, a) = (inputs[q], s) }
            else { return nil }
            (b, negateA, negateB) = (t, false, false)
            return
        }
        guard k.instructions.count == 2, case .binary(.multiply, let m, let p, let q) = k.instructions[0],
              case .binary(let op, let r, let u, let v) = k.instructions[1], r == k.result, op == .add || op == .subtract else { return nil }
        if contiguous(p), let s = uniform(q) { (x, a) = (inputs[p], s) }
        else if contiguous(q), let s = uniform(p) { (x, a) = (inputs[q], s) }
        else { return nil }
        if u == m, let t = uniform(v) { (b, negateA, negateB) = (t, false, op == .subtract) }
        else if v == m, let t = uniform(u) { (b, negateA, negateB) = (t, op == .subtract, false) }
        else { return nil }
    }

    @inline(__always) func run(_ n: Int, _ slots: UnsafeMutablePointer<UnsafeMutableRawPointer>, _ output: UnsafeMutablePointer<Float>) {
        func value(_ o: Operand) -> Float {
            switch o {
            case .slot(let s): return slots[s].load(as: Float.self)
            case .constant(let c): return c
            }
        }
        let scale = negateA ? -value(a) : value(a), offset = negateB ? -value(b) : value(b)
        let source = UnsafeRawPointer(slots[x]), dest = UnsafeMutableRawPointer(output)
        let s = SIMD16<Float>(repeating: scale), t = SIMD16<Float>(repeating: offset)
        var i = 0
        while i + 16 <= n {
            let v = source.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            dest.storeBytes(of: v * s + t, toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        let xs = source.assumingMemoryBound(to: Float.self)
        while i < n { output[i] = xs[i] * scale + offset; i += 1 }
    }
}
