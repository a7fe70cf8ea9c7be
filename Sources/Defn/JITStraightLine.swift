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
        // One value per step; a node with several results (a tuple) keeps them in `tuples`.
        var values = [Tensor?](repeating: nil, count: entries.count)
        var tuples: [Int: [Tensor]] = [:]
        for i in entries.indices {
            if i % JITProgram.interruptInterval == 0 { try Evaluator.interruptCheck?() }
            let entry = entries[i]
            var args: [Tensor] = []
            args.reserveCapacity(entry.inputs.count)
            for x in entry.inputs {
                switch x {
                case .value(let t): args.append(t)
                case .step(let s):
                    guard let v = values[s] ?? tuples[s]?.first else {
                        throw NxError(module: "RuntimeError", message: "SwiftNx.JIT: the value of a node is missing")
                    }
                    args.append(v)
                }
            }
            switch entry.step {
            case .node(let t):
                guard let node = t.expr else { continue }
                switch node.op {
                case .parameter(let p) where p < params.count:
                    values[i] = params[p]
                case .elem(let k):
                    guard case .step(let s) = entry.inputs[0], let tuple = tuples[s] ?? values[s].map({ [$0] }), k < tuple.count else {
                        throw NxError(module: "RuntimeError", message: "defn evaluator: missing tuple element")
                    }
                    values[i] = tuple[k]
                default:
                    let result = try run.apply(t, node, args)
                    if result.count == 1 { values[i] = result[0] } else { tuples[i] = result }
                }
            case .kernel(let kernel, _):
                values[i] = try kernel.run { id in
                    guard let l = kernel.leaves.firstIndex(where: { $0.node == id }) else {
                        throw NxError(module: "RuntimeError", message: "SwiftNx.JIT: an input of a fused kernel is missing")
                    }
                    return args[l]
                }
            default:
                preconditionFailure("a straight-line plan holds only native steps and kernels")
            }
            for s in entry.drops {
                values[s] = nil
                tuples[s] = nil
            }
        }
        var results: [Tensor] = []
        results.reserveCapacity(outputs.count)
        for x in outputs {
            switch x {
            case .value(let t): results.append(t)
            case .step(let s):
                guard let v = values[s] ?? tuples[s]?.first else {
                    throw NxError(module: "RuntimeError", message: "SwiftNx.JIT: the value of an output is missing")
                }
                results.append(v)
            }
        }
        return results
    }
}
