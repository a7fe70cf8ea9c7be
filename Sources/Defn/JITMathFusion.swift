import NxCore
import WideKernels

/// One math sweep of a fused kernel: y = f(a·b + c) (b and c optional), then y·s + d or p·q + y.
/// It stands for up to three instructions (the multiply-add producing f's argument, f, and the
/// multiply-add consuming its value) and gives their results bit for bit.
struct MathStep {
    enum Combine { case none, scaleAdd(s: Int?, d: Int?), addTo(p: Int, q: Int) }

    /// exp, tanh or sigmoid.
    let function: UnaryOp
    let dst: Int
    let a: Int, b: Int?, c: Int?
    var combine: Combine = .none
    /// The registers the merged instructions wrote: f's argument (a when nothing merged) and
    /// f's value (dst when nothing consumes it here). No instruction writes them now; the
    /// 8-lane path runs the separate ops through their buffers.
    var argument: Int, value: Int

    init(function: UnaryOp, dst: Int, a: Int, b: Int?, c: Int?, argument: Int? = nil) {
        self.function = function
        self.dst = dst
        (self.a, self.b, self.c) = (a, b, c)
        self.argument = argument ?? a
        value = dst
    }

    var operands: [Int] {
        var registers = [a] + [b, c].compactMap { $0 }
        switch combine {
        case .none: break
        case .scaleAdd(let s, let d): registers += [s, d].compactMap { $0 }
        case .addTo(let p, let q): registers += [p, q]
        }
        return registers
    }

    /// How many separate instructions the step replaces.
    var weight: Int {
        let prologue = (b == nil ? 0 : 1) + (c == nil ? 0 : 1)
        switch combine {
        case .none: return 1 + prologue
        case .scaleAdd(let s, let d): return 1 + prologue + (s == nil ? 0 : 1) + (d == nil ? 0 : 1)
        case .addTo: return 2 + prologue
        }
    }

    var laneFunction: LaneFunction {
        switch function {
        case .exp: return .exp
        case .tanh: return .tanh
        case .sigmoid: return .sigmoid
        default: preconditionFailure("no math sweep for \(function)")
        }
    }
}

/// Merges each exp, tanh and sigmoid with the instruction producing its argument and the one
/// consuming its value, when those have no other reader. The block interpreter writes and
/// re-reads a block between instructions; for these costly functions that traffic, and a first
/// sweep that reads memory without arithmetic to hide it behind, cost the elementwise chain
/// `tanh(a·b + c)·0.5 + sigmoid(a)` about a third of its time (docs/jit.md).
enum MathFusion {
    static let functions: Set<UnaryOp> = [.exp, .tanh, .sigmoid]

    static func apply(_ program: [FusedKernel.Instruction], result: Int) -> [FusedKernel.Instruction] {
        guard program.contains(where: { if case .unary(let op, _, _) = $0 { return functions.contains(op) } else { return false } }) else {
            return program
        }
        var list: [FusedKernel.Instruction?] = program
        func readers() -> [Int: Int] {
            var count = [result: 1]
            for case let instruction? in list { for r in instruction.operands { count[r, default: 0] += 1 } }
            return count
        }
        func producer(_ r: Int) -> Int? { list.firstIndex { $0?.dst == r } }

        // f's argument: a multiply-add, product or sum that only f reads.
        var count = readers()
        for i in list.indices {
            guard case .unary(let op, let dst, let x)? = list[i], functions.contains(op) else { continue }
            list[i] = .math(MathStep(function: op, dst: dst, a: x, b: nil, c: nil))
            guard count[x] == 1, x != result, let j = producer(x) else { continue }
            let merged: MathStep?
            switch list[j] {
            case .multiplyAdd(_, let a, let b, let c)?: merged = MathStep(function: op, dst: dst, a: a, b: b, c: c, argument: x)
            case .binary(.multiply, _, let a, let b)?: merged = MathStep(function: op, dst: dst, a: a, b: b, c: nil, argument: x)
            case .binary(.add, _, let a, let c)?: merged = MathStep(function: op, dst: dst, a: a, b: nil, c: c, argument: x)
            default: merged = nil
            }
            if let merged {
                list[i] = .math(merged)
                list[j] = nil
            }
        }

        // f's value: read only by a multiply-add, product or sum, which then runs in f's sweep. Of
        // two candidates the later one moves (the other is computed before the consumer anyway).
        count = readers()
        for i in list.indices {
            guard let consumer = list[i] else { continue }
            let operands: [Int]
            switch consumer {
            case .multiplyAdd(_, let u, let v, let w): operands = [u, v, w]
            case .binary(.multiply, _, let u, let v), .binary(.add, _, let u, let v): operands = [u, v]
            default: continue
            }
            let candidates = operands.enumerated().compactMap { position, r -> (position: Int, index: Int, step: MathStep)? in
                guard count[r] == 1, r != result, operands.filter({ $0 == r }).count == 1, let j = producer(r), j < i,
                      case .math(let step)? = list[j], case .none = step.combine else { return nil }
                return (position, j, step)
            }
            guard let chosen = candidates.max(by: { $0.index < $1.index }) else { continue }
            var step = MathStep(function: chosen.step.function, dst: consumer.dst, a: chosen.step.a, b: chosen.step.b,
                                c: chosen.step.c, argument: chosen.step.argument)
            step.value = chosen.step.dst
            let others = operands.enumerated().filter { $0.offset != chosen.position }.map(\.element)
            switch (consumer, chosen.position) {
            case (.multiplyAdd, 2): step.combine = .addTo(p: others[0], q: others[1])
            case (.multiplyAdd, _): step.combine = .scaleAdd(s: others[0], d: others[1])
            case (.binary(.multiply, _, _, _), _): step.combine = .scaleAdd(s: others[0], d: nil)
            default: step.combine = .scaleAdd(s: nil, d: others[0])
            }
            list[i] = .math(step)
            list[chosen.index] = nil
        }

        // A lone f stays a plain instruction: nothing merged into it.
        return list.compactMap { instruction in
            guard case .math(let step)? = instruction, step.b == nil, step.c == nil, case .none = step.combine else { return instruction }
            return .unary(step.function, dst: step.dst, a: step.a)
        }
    }
}
