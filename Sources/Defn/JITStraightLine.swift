import NxCore

/// A top-level program without control flow run over an array of values indexed by step,
/// instead of a scope dictionary keyed by node id: the path of most compiled calls, where a
/// small op's own work is a few hundred nanoseconds and the bookkeeping around it was more.
final class StraightLinePlan {
    /// A step's input: the value of an earlier step, a parameter, or a tensor that is not an expression.
    enum Input {
        case step(Int)
        case parameter(Int)
        case value(Tensor)
    }

    /// What a step does, decided at planning (parameters are inputs, not steps).
    enum Action {
        case apply(Tensor, ExprNode)
        case elem(step: Int, index: Int)
        case kernel(FusedKernel)
        case dotUpdate(DotUpdate)
        /// A storing reduction: its stored values are this entry's, its result the next entry's.
        case storingKernel(FusedKernel)
        /// Nothing to do: the previous entry set this one's value.
        case setByPrevious
    }

    final class Entry {
        let action: Action
        /// The node's arguments (a native step) or the kernel's leaves, in order.
        let inputs: [Input]
        /// Steps whose values die after this one.
        let drops: [Int]

        init(action: Action, inputs: [Input], drops: [Int]) {
            self.action = action
            self.inputs = inputs
            self.drops = drops
        }
    }

    let entries: [Entry]
    let outputs: [Input]
    /// Set when the whole program is one fused kernel over parameters (an elementwise op or
    /// chain on the arguments): the program's executable calls it directly (JITProgram.executable).
    let soleKernel: FusedKernel?
    /// The parameter each of the sole kernel's leaves reads, and how many parameters that needs.
    let soleParameters: [Int]
    let soleParameterCount: Int

    /// The plan of a program's steps, or nil when a step is control flow or reads a value it cannot place.
    init?(steps: [JITProgram.Step], drops: [[Int]], outputs programOutputs: [Tensor]) {
        var inputOf: [Int: Input] = [:]
        func input(_ t: Tensor) -> Input? {
            guard let id = t.expr?.id else { return .value(t) }
            return inputOf[id]
        }
        var entries: [Entry] = []
        var stepOf: [Int: Int] = [:]  // node id -> entry index
        /// Node `id`'s value is the next entry's.
        func define(_ id: Int) {
            inputOf[id] = .step(entries.count)
            stepOf[id] = entries.count
        }
        /// All of `inputs`, or nil when one cannot be placed.
        func placed(_ inputs: [Input?]) -> [Input]? {
            inputs.contains { $0 == nil } ? nil : inputs.map { $0! }
        }
        for (i, step) in steps.enumerated() {
            let inputs: [Input]
            let action: Action
            switch step {
            case .node(let t):
                guard let node = t.expr else { return nil }
                if case .parameter(let p) = node.op {
                    inputOf[node.id] = .parameter(p)
                    continue
                }
                guard let args = placed(node.args.map(input)) else { return nil }
                inputs = args
                if case .elem(let k) = node.op {
                    guard case .step(let s)? = inputs.first else { return nil }
                    action = .elem(step: s, index: k)
                } else {
                    action = .apply(t, node)
                }
                define(node.id)
            case .rewritten(let t, let id):
                // Node `id`'s value, computed by the planner's equivalent node (a swapped dot).
                guard let node = t.expr, let args = placed(node.args.map(input)) else { return nil }
                inputs = args
                action = .apply(t, node)
                define(id)
            case .dotUpdate(let update, let id):
                guard let args = placed(update.inputs.map(input)) else { return nil }
                inputs = args
                action = .dotUpdate(update)
                define(id)
            case .kernel(let kernel, let id):
                guard let leaves = placed(kernel.leaves.map { inputOf[$0.node] }) else { return nil }
                inputs = leaves
                action = .kernel(kernel)
                define(id)
            case .storingKernel(let kernel, let id, let storedId):
                guard let leaves = placed(kernel.leaves.map { inputOf[$0.node] }) else { return nil }
                define(storedId)
                entries.append(Entry(action: .storingKernel(kernel), inputs: leaves, drops: []))
                inputs = []
                action = .setByPrevious
                define(id)
            default:
                return nil
            }
            entries.append(Entry(action: action, inputs: inputs, drops: drops[i].compactMap { stepOf[$0] }))
        }
        guard let outputs = placed(programOutputs.map(input)) else { return nil }
        self.entries = entries
        self.outputs = outputs
        let sole = StraightLinePlan.soleKernel(entries, outputs)
        soleKernel = sole?.kernel
        soleParameters = sole?.parameters ?? []
        soleParameterCount = (soleParameters.max() ?? -1) + 1
    }

    private static func soleKernel(_ entries: [Entry], _ outputs: [Input]) -> (kernel: FusedKernel, parameters: [Int])? {
        guard entries.count == 1, case .kernel(let kernel) = entries[0].action,
              outputs.count == 1, case .step(0) = outputs[0] else { return nil }
        var parameters: [Int] = []
        for input in entries[0].inputs {
            guard case .parameter(let p) = input else { return nil }
            parameters.append(p)
        }
        return (kernel, parameters)
    }

    func run(_ params: [Tensor], hooks: [String: HookCallback], pinned: Set<Int>) throws -> [Tensor] {
        // One value per step, on the stack (a small op's call is a few hundred nanoseconds).
        return try withUnsafeTemporaryAllocation(of: Tensor?.self, capacity: max(1, entries.count)) { buffer in
            let values = buffer.baseAddress!
            values.initialize(repeating: nil, count: entries.count)
            defer { values.deinitialize(count: entries.count) }
            return try run(params, hooks: hooks, pinned: pinned, values: values)
        }
    }

    private func run(_ params: [Tensor], hooks: [String: HookCallback], pinned: Set<Int>,
                     values: UnsafeMutablePointer<Tensor?>) throws -> [Tensor] {
        var run: Run?
        // A node with several results (a tuple) keeps them in `tuples`.
        var tuples: [Int: [Tensor]] = [:]
        func resolve(_ x: Input) throws -> Tensor {
            switch x {
            case .value(let t): return t
            case .parameter(let p):
                guard p < params.count else {
                    throw NxError(module: "RuntimeError", message: "defn evaluator: parameter \(p) is not bound")
                }
                return params[p]
            case .step(let s):
                guard let v = values[s] ?? tuples[s]?.first else {
                    throw NxError(module: "RuntimeError", message: "SwiftNx.JIT: the value of a node is missing")
                }
                return v
            }
        }
        try Evaluator.interruptCheck?()
        for i in entries.indices {
            if i % JITProgram.interruptInterval == JITProgram.interruptInterval - 1 { try Evaluator.interruptCheck?() }
            let entry = entries[i]
            switch entry.action {
            case .apply(let t, let node):
                if run == nil { run = Run(params: params, hooks: hooks, pinned: pinned) }
                let result = try run!.apply(t, node, try entry.inputs.map(resolve))
                if result.count == 1 { values[i] = result[0] } else { tuples[i] = result }
            case .elem(let s, let k):
                guard let tuple = tuples[s] ?? values[s].map({ [$0] }), k < tuple.count else {
                    throw NxError(module: "RuntimeError", message: "defn evaluator: missing tuple element")
                }
                values[i] = tuple[k]
            case .kernel(let kernel):
                // The inputs are held by `values`, the parameters and the plan through the run.
                values[i] = try kernel.runOnHeldInputs { try resolve(entry.inputs[$0]) }
            case .dotUpdate(let update):
                values[i] = try update.run(try entry.inputs.map(resolve))
            case .storingKernel(let kernel):
                let (result, stored) = try kernel.runStoringOnHeldInputs { try resolve(entry.inputs[$0]) }
                values[i] = stored
                values[i + 1] = result
            case .setByPrevious:
                break
            }
            for s in entry.drops {
                values[s] = nil
                tuples[s] = nil
            }
        }
        return try outputs.map(resolve)
    }
}

extension FusedKernel {
    /// Runs the kernel with leaf l reading `params[parameters[l]]`: the whole of a compiled call
    /// whose program is this kernel. The tensors are read in place (the caller holds them).
    func run(parameters: [Int], of params: [Tensor]) throws -> Tensor {
        let native = NativeBackend.shared
        let (tensor, raw) = try native.uninitialized(out)
        try withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: max(1, parameters.count)) { bases in
            try params.withUnsafeBufferPointer { params in
                try parameters.withUnsafeBufferPointer { parameters in
                    for l in 0..<parameters.count {
                        // Read without a retain: `params` holds the tensor through the call.
                        let bytes = try Unmanaged.passUnretained(params[parameters[l]])._withUnsafeGuaranteedRef { try native.rawBytes($0) }
                        bases[l] = UnsafePointer(bytes.assumingMemoryBound(to: Float.self))
                    }
                }
            }
            run(bases: UnsafeBufferPointer(rebasing: bases[0..<parameters.count]), into: raw.assumingMemoryBound(to: Float.self))
        }
        return tensor
    }
}
