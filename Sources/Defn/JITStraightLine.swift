import NxCore

/// A top-level program without control flow run over an array of values indexed by step,
/// instead of a scope dictionary keyed by node id: the path of most compiled calls, where a
/// small op's own work is a few hundred nanoseconds and the bookkeeping around it was more.
struct StraightLinePlan {
    /// A step's input: the value of an earlier step, or a tensor that is not an expression.
    enum Input {
        case step(Int)
        case value(Tensor)
    }

    struct Entry {
        let step: JITProgram.Step
        /// The node's arguments (a native step) or the kernel's leaves, in order.
        let inputs: [Input]
        /// Steps whose values die after this one.
        let drops: [Int]
    }

    let entries: [Entry]
    let outputs: [Input]

    /// The plan of `program`, or nil when a step is control flow or reads a value it cannot place.
    init?(_ program: JITProgram) {
        var stepOf: [Int: Int] = [:]
        func input(_ t: Tensor) -> Input? {
            guard let id = t.expr?.id else { return .value(t) }
            return stepOf[id].map { .step($0) }
        }
        var entries: [Entry] = []
        for (i, step) in program.steps.enumerated() {
            var inputs: [Input] = []
            switch step {
            case .node(let t):
                guard let node = t.expr else { return nil }
                for a in node.args {
                    guard let x = input(a) else { return nil }
                    inputs.append(x)
                }
                stepOf[node.id] = i
            case .kernel(let kernel, let id):
                for leaf in kernel.leaves {
                    guard let s = stepOf[leaf.node] else { return nil }
                    inputs.append(.step(s))
                }
                stepOf[id] = i
            default:
                return nil
            }
            entries.append(Entry(step: step, inputs: inputs, drops: program.drops[i].compactMap { stepOf[$0] }))
        }
        var outputs: [Input] = []
        for o in program.outputs {
            guard let x = input(o) else { return nil }
            outputs.append(x)
        }
        self.entries = entries
        self.outputs = outputs
    }

    func run(_ params: [Tensor], hooks: [String: HookCallback], pinned: Set<Int>) throws -> [Tensor] {
        let run = Run(params: params, hooks: hooks, pinned: pinned)
        var values = [[Tensor]](repeating: [], count: entries.count)
        func value(_ x: Input) throws -> Tensor {
            switch x {
            case .value(let t): return t
            case .step(let s):
                guard let v = values[s].first else {
                    throw NxError(module: "RuntimeError", message: "SwiftNx.JIT: the value of a node is missing")
                }
                return v
            }
        }
        for (i, entry) in entries.enumerated() {
            if i % JITProgram.interruptInterval == 0 { try Evaluator.interruptCheck?() }
            switch entry.step {
            case .node(let t):
                guard let node = t.expr else { continue }
                switch node.op {
                case .parameter(let p) where p < params.count:
                    values[i] = [params[p]]
                case .elem(let k):
                    guard case .step(let s) = entry.inputs[0], k < values[s].count else {
                        throw NxError(module: "RuntimeError", message: "defn evaluator: missing tuple element")
                    }
                    values[i] = [values[s][k]]
                default:
                    values[i] = try run.apply(t, node, try entry.inputs.map(value))
                }
            case .kernel(let kernel, _):
                values[i] = [try kernel.run { id in
                    guard let l = kernel.leaves.firstIndex(where: { $0.node == id }) else {
                        throw NxError(module: "RuntimeError", message: "SwiftNx.JIT: an input of a fused kernel is missing")
                    }
                    return try value(entry.inputs[l])
                }]
            default:
                preconditionFailure("a straight-line plan holds only native steps and kernels")
            }
            for s in entry.drops { values[s] = [] }
        }
        return try outputs.map(value)
    }
}
