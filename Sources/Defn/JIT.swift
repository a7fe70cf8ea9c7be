import Foundation
import NxCore

/// `SwiftNx.JIT` (also `EXLA`): compiles a traced graph once into a program of fused float32
/// kernels (see FusedKernel) and single-op steps on the native backend for everything else
/// (dots go to OpenBLAS there). Values are dropped after their last use, planned once.
public struct JIT: DefnCompiler {
    public init() {}

    public func compile(outputs: [Tensor], hooks: [String: HookCallback]) -> Executable {
        // Loops inside loop bodies (gradients of while loops rebuild the forward loop inside
        // the backward one, sharing its parameter nodes) are not planned yet: the Evaluator
        // runs such graphs.
        if JIT.hasNestedLoop(outputs) { return Evaluator().compile(outputs: outputs, hooks: hooks) }
        _ = JIT.allocatorConfigured
        var planner = JITPlanner(outputs: outputs)
        return planner.plan().executable(hooks: hooks)
    }
}

extension JIT {
    /// Whether a `while` node is reachable from the body or condition of another `while`.
    static func hasNestedLoop(_ outputs: [Tensor]) -> Bool {
        func loops(from roots: [Tensor]) -> [WhileLoop] {
            var seen = Set<Int>(), found: [WhileLoop] = []
            var stack = roots
            while let t = stack.popLast() {
                guard let node = t.expr, seen.insert(node.id).inserted else { continue }
                switch node.op {
                case .whileLoop(let loop):
                    found.append(loop)
                    stack.append(contentsOf: loop.initial)
                case .cond(let c):
                    stack.append(contentsOf: c.clauses.flatMap { [$0.pred] + $0.outputs } + c.last)
                default:
                    break
                }
                stack.append(contentsOf: node.args)
            }
            return found
        }
        return loops(from: outputs).contains { !loops(from: [$0.condition] + $0.body).isEmpty }
    }

    /// Large tensors are freed back to malloc's heap instead of unmapped, so the next call's
    /// outputs reuse pages that are already mapped: a fresh 16 MB mapping costs ~4,000 page
    /// faults, several times the work of a memory-bound kernel (docs/jit.md). Process-wide.
    static let allocatorConfigured: Bool = {
        // glibc's mallopt (not exported by the Glibc module); M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 1 << 25)  // glibc caps the threshold at 32 MB
        _ = mallopt(-1, Int32.max)
        return true
    }()
}

/// The planned steps of one executable (or of a loop body / branch inside it).
final class JITProgram {
    /// Indirect: a step is read once per run, and copying a boxed payload is one retain.
    indirect enum Step {
        /// One node run as the Evaluator runs it (non-fusible ops, hooks).
        case node(Tensor)
        /// Node `id`'s value computed by an equivalent node the planner built (a swapped dot).
        case rewritten(Tensor, id: Int)
        /// Node `id`, an SGD-style update of a dot's product, as one product (JITDotUpdate.swift).
        case dotUpdate(DotUpdate, id: Int)
        /// A fused kernel producing the value of node `id`.
        case kernel(FusedKernel, id: Int)
        /// A reduction kernel producing node `id` and the values it reduced, node `storedId`.
        case storingKernel(FusedKernel, id: Int, storedId: Int)
        /// A while loop whose condition and body are compiled programs.
        case whileLoop(WhileLoop, preamble: JITProgram, condition: JITProgram, body: JITProgram, id: Int)
        /// A while loop run as a loop program over preallocated buffers (JITLoop.swift).
        case loop(LoopProgram, initial: [Tensor], id: Int)
        /// A cond running only the taken branch's compiled program.
        case cond(clauses: [(pred: JITProgram, outputs: JITProgram)], last: JITProgram, id: Int)
    }

    let steps: [Step]
    /// Node ids whose values die after each step.
    let drops: [[Int]]
    let outputs: [Tensor]
    let pinned: Set<Int>

    init(steps: [Step], drops: [[Int]], outputs: [Tensor], pinned: Set<Int>) {
        self.steps = steps
        self.drops = drops
        self.outputs = outputs
        self.pinned = pinned
        straightLine = StraightLinePlan(steps: steps, drops: drops, outputs: outputs)
    }

    static let interruptInterval = 8

    /// The fused kernels of the steps, in order (for tests and notes).
    var kernels: [FusedKernel] {
        steps.compactMap { step in
            switch step {
            case .kernel(let k, _), .storingKernel(let k, _, _): return k
            default: return nil
            }
        }
    }

    var kernelCount: Int { kernels.count }

    /// The scope-free plan when this program has no control flow.
    let straightLine: StraightLinePlan?

    /// The function a compiled call runs. A program that is one fused kernel over parameters
    /// calls the kernel directly from the closure: each layer between the call and the kernel
    /// cost a retain and release, a tenth of a small call.
    func executable(hooks: [String: HookCallback]) -> Executable {
        let general: Executable = { params in try self.run(params, hooks: hooks) }
        guard let plan = straightLine, let kernel = plan.soleKernel else { return general }
        let (parameters, needed) = (plan.soleParameters, plan.soleParameterCount)
        return { params in
            guard params.count >= needed else { return try general(params) }
            try Evaluator.interruptCheck?()
            return [try kernel.run(parameters: parameters, of: params)]
        }
    }

    func run(_ params: [Tensor], hooks: [String: HookCallback]) throws -> [Tensor] {
        if let plan = straightLine { return try plan.run(params, hooks: hooks, pinned: pinned) }
        return try execute(Run(params: params, hooks: hooks, pinned: pinned), Scope(parent: nil, capacity: steps.count))
    }

    /// Node `id`'s value in `scope`, where the plan put it; a miss is a planning bug, named by `what`.
    static func placed(_ id: Int, in scope: Scope, _ what: String) throws -> Tensor {
        guard let v = scope.lookup(id)?.first else {
            throw NxError(module: "RuntimeError", message: "SwiftNx.JIT: \(what) is missing")
        }
        return v
    }

    /// Runs the steps in `scope`, whose parents hold the values of enclosing programs.
    func execute(_ run: Run, _ scope: Scope) throws -> [Tensor] {
        for (i, step) in steps.enumerated() {
            // Every few steps: a check (a closure call) costs about as much as a small op.
            if i % JITProgram.interruptInterval == 0 { try Evaluator.interruptCheck?() }
            switch step {
            case .node(let t):
                guard let node = t.expr else { continue }
                if case .parameter(let p) = node.op, p < run.params.count {
                    scope.values[node.id] = [run.params[p]]
                } else {
                    scope.values[node.id] = try run.compute(t, node, scope)
                }
            case .rewritten(let t, let id):
                guard let node = t.expr else { continue }
                scope.values[id] = try run.compute(t, node, scope)
            case .dotUpdate(let update, let id):
                scope.values[id] = [try update.run(try update.inputs.map { try run.value($0, scope) })]
            case .kernel(let kernel, let id):
                scope.values[id] = [try kernel.run { try JITProgram.placed($0, in: scope, "an input of a fused kernel") }]
            case .storingKernel(let kernel, let id, let storedId):
                let inputs = try kernel.leaves.map { try JITProgram.placed($0.node, in: scope, "an input of a fused kernel") }
                let (result, stored) = try withExtendedLifetime(inputs) { try kernel.runStoringOnHeldInputs { inputs[$0] } }
                scope.values[id] = [result]
                scope.values[storedId] = [stored!]
            case .whileLoop(let loop, let preamble, let condition, let body, let id):
                var state = try loop.initial.map { try run.value($0, scope) }
                let invariant = Scope(parent: scope)
                _ = try preamble.execute(run, invariant)
                while true {
                    try Evaluator.interruptCheck?()
                    let inner = Scope(parent: invariant)
                    for (p, v) in zip(loop.parameters, state) { if let pid = p.expr?.id { inner.values[pid] = [v] } }
                    if try Nx.toNumber(try condition.execute(run, inner)[0]).doubleValue == 0 { break }
                    state = try body.execute(run, inner)
                }
                scope.values[id] = state
            case .loop(let program, let initial, let id):
                scope.values[id] = try program.run(initial: try initial.map { try run.value($0, scope) }, params: run.params) {
                    try JITProgram.placed($0, in: scope, "a value a loop reads")
                }
            case .cond(let clauses, let last, let id):
                var taken = last
                for clause in clauses where try Nx.toNumber(try clause.pred.execute(run, Scope(parent: scope))[0]).doubleValue != 0 {
                    taken = clause.outputs
                    break
                }
                scope.values[id] = try taken.execute(run, Scope(parent: scope))
            }
            for id in drops[i] { scope.values[id] = nil }
        }
        return try outputs.map { try run.value($0, scope) }
    }
}
