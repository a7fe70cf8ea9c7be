import NxCore

/// A `while` loop planned once into a program over preallocated buffers ("slots"): rank-0
/// values are scalar ops on raw memory, float32 tensors are fused kernels run into their
/// slot, other ops are native steps copied into theirs, and the new state is swapped in by
/// pointer. An iteration builds no scope and, without native steps, allocates nothing. Loops
/// with nested control flow, hooks or tuple-valued ops keep the general path
/// (`JITProgram.Step.whileLoop`).
final class LoopProgram {
    /// Where a slot that no op writes gets its value, once per run.
    enum Source {
        case outer(Int)
        case parameter(Int)
        case constant(NxNumber)
        case tensor(Tensor)
    }

    enum Op {
        case scalar(ScalarOp)
        case kernel(FusedKernel, inputs: [Int], dst: Int)
        /// A native step (a dot, a gather, …) on the slots' tensors; its result is copied into its slot.
        case native(Tensor, ExprNode, inputs: [Int], dst: Int)
    }

    let templates: [TensorTemplate]
    let sources: [(slot: Int, source: Source)]
    /// The loop parameters' slots: the state.
    let state: [Int]
    /// The condition's ops, then the slot holding its rank-0 value.
    let condition: [Op]
    let conditionSlot: Int
    let body: [Op]
    /// Per state value: the slot whose buffer becomes its next value, and the slot to copy
    /// into that buffer first (nil when the body wrote it in place).
    let next: [(slot: Int, copyFrom: Int?)]

    init(templates: [TensorTemplate], sources: [(slot: Int, source: Source)], state: [Int], condition: [Op],
         conditionSlot: Int, body: [Op], next: [(slot: Int, copyFrom: Int?)]) {
        self.templates = templates
        self.sources = sources
        self.state = state
        self.condition = condition
        self.conditionSlot = conditionSlot
        self.body = body
        self.next = next
    }

    /// How often an iteration checks for interrupts (a check is a call through a closure).
    static let interruptInterval = 32

    // MARK: - Running

    /// Runs the loop from `initial`; `outer` reads values of enclosing programs.
    func run(initial: [Tensor], params: [Tensor], outer: (Int) throws -> Tensor) throws -> [Tensor] {
        let native = NativeBackend.shared
        var tensors: [Tensor] = []
        tensors.reserveCapacity(templates.count)
        let slots = UnsafeMutablePointer<UnsafeMutableRawPointer>.allocate(capacity: max(1, templates.count))
        defer { slots.deallocate() }
        for (i, template) in templates.enumerated() {
            let (t, bytes) = try native.uninitialized(template)
            tensors.append(t)
            slots[i] = bytes
        }
        // Read-only values are used in place; only written slots own fresh buffers.
        for (slot, source) in sources {
            let value: Tensor
            switch source {
            case .outer(let id): value = try outer(id)
            case .parameter(let i):
                guard i < params.count else { throw NxError(module: "RuntimeError", message: "defn evaluator: parameter \(i) is not bound") }
                value = params[i]
            case .constant(let n): value = try native.constant(templates[slot], n)
            case .tensor(let t): value = t
            }
            tensors[slot] = value
            slots[slot] = try native.rawBytes(value)
        }
        for (slot, value) in zip(state, initial) {
            slots[slot].copyMemory(from: try native.rawBytes(value), byteCount: value.byteSize)
        }
        let conditionOps = condition.map { runner($0) }, bodyOps = body.map { runner($0) }
        let conditionType = templates[conditionSlot].type
        // The iteration touches only raw memory: buffers swap by pointer and `owner` records
        // which slot's tensor owns each buffer now (no array mutation, no retains per iteration).
        let owner = UnsafeMutablePointer<Int>.allocate(capacity: max(1, templates.count))
        defer { owner.deallocate() }
        for i in templates.indices { owner[i] = i }
        let swaps = UnsafeMutableBufferPointer<(Int, Int)>.allocate(capacity: state.count)
        defer { swaps.deallocate() }
        for (k, (s, n)) in zip(state, next).enumerated() { swaps[k] = (s, n.slot) }
        let pending = next.compactMap { n in n.copyFrom.map { (n.slot, $0, templates[n.slot].size * templates[n.slot].type.byteSize) } }
        let copies = UnsafeMutableBufferPointer<(Int, Int, Int)>.allocate(capacity: pending.count)
        defer { copies.deallocate() }
        for (k, c) in pending.enumerated() { copies[k] = c }
        let check = Evaluator.interruptCheck
        let evaluator = Run(params: params, hooks: [:], pinned: [])
        let hasNativeSteps = (conditionOps + bodyOps).contains { if case .native = $0 { return true }; return false }
        var iteration = 0
        while true {
            if iteration % LoopProgram.interruptInterval == 0 { try check?() }
            iteration += 1
            if hasNativeSteps { try LoopProgram.run(conditionOps, slots, tensors, owner, evaluator) } else { LoopProgram.run(conditionOps, slots) }
            if LoopProgram.isZero(slots[conditionSlot], conditionType) { break }
            if hasNativeSteps { try LoopProgram.run(bodyOps, slots, tensors, owner, evaluator) } else { LoopProgram.run(bodyOps, slots) }
            for (to, from, bytes) in copies { slots[to].copyMemory(from: slots[from], byteCount: bytes) }
            for (s, n) in swaps {
                let buffer = slots[s]
                slots[s] = slots[n]
                slots[n] = buffer
                let o = owner[s]
                owner[s] = owner[n]
                owner[n] = o
            }
        }
        return state.map { tensors[owner[$0]] }
    }

    /// An op with its per-run state (kernel registers).
    enum RunOp {
        case scalar(ScalarOp)
        case kernel(LoopKernelRunner)
        /// One reference, like the other cases: copying an op per iteration stays one retain.
        case native(NativeLoopStep)
    }

    final class NativeLoopStep {
        let t: Tensor, node: ExprNode, inputs: [Int], dst: Int
        init(_ t: Tensor, _ node: ExprNode, _ inputs: [Int], _ dst: Int) {
            (self.t, self.node, self.inputs, self.dst) = (t, node, inputs, dst)
        }
    }

    private func runner(_ op: Op) -> RunOp {
        switch op {
        case .scalar(let s): return .scalar(s)
        case .kernel(let kernel, let inputs, let dst): return .kernel(LoopKernelRunner(kernel, inputs: inputs, dst: dst))
        case .native(let t, let node, let inputs, let dst): return .native(NativeLoopStep(t, node, inputs, dst))
        }
    }

    private static func run(_ ops: [RunOp], _ slots: UnsafeMutablePointer<UnsafeMutableRawPointer>) {
        for op in ops {
            switch op {
            case .scalar(let s): s.run(slots)
            case .kernel(let k): k.run(slots)
            case .native: preconditionFailure("a loop program with native steps runs them with its tensors")
            }
        }
    }

    private static func run(_ ops: [RunOp], _ slots: UnsafeMutablePointer<UnsafeMutableRawPointer>,
                            _ tensors: [Tensor], _ owner: UnsafeMutablePointer<Int>, _ evaluator: Run) throws {
        for op in ops {
            switch op {
            case .scalar(let s): s.run(slots)
            case .kernel(let k): k.run(slots)
            case .native(let step):
                let (t, node, inputs, dst) = (step.t, step.node, step.inputs, step.dst)
                // Copied, not adopted: a native result may share its input's storage, and slot
                // buffers must stay distinct for the kernels writing into them.
                let result = try evaluator.apply(t, node, inputs.map { tensors[owner[$0]] })[0]
                guard result.byteSize == t.byteSize else {
                    throw NxError(module: "RuntimeError", message: "SwiftNx.JIT: a loop step gave a result of another size")
                }
                slots[dst].copyMemory(from: try NativeBackend.shared.rawBytes(result), byteCount: t.byteSize)
            }
        }
    }

    static func isZero(_ p: UnsafeMutableRawPointer, _ type: DType) -> Bool {
        switch type {
        case .u8, .s8: return p.load(as: UInt8.self) == 0
        case .u16, .s16: return p.load(as: UInt16.self) == 0
        case .u32, .s32: return p.load(as: UInt32.self) == 0
        case .u64, .s64: return p.load(as: UInt64.self) == 0
        case .f32: return p.load(as: Float.self) == 0
        default: return p.load(as: Double.self) == 0  // f64 (planning admits no other type)
        }
    }
}

// MARK: - Planning

extension LoopProgram {
    /// The loop's program, or nil when it needs the general path. `outer` holds the nodes of
    /// enclosing programs.
    static func plan(_ loop: WhileLoop, outer: Set<Int>) -> LoopProgram? {
        var builder = LoopBuilder()
        guard zip(loop.parameters, loop.initial).allSatisfy({ $0.template == $1.template }),
              loop.body.count == loop.parameters.count,
              zip(loop.parameters, loop.body).allSatisfy({ $0.type == $1.type && $0.shape == $1.shape }) else { return nil }
        let state = loop.parameters.map { builder.newSlot($0) }
        for (p, s) in zip(loop.parameters, state) {
            guard let id = p.expr?.id else { return nil }
            builder.slotOf[id] = s
        }
        var boundary = outer
        for p in loop.parameters { if let id = p.expr?.id { boundary.insert(id) } }
        guard let condition = builder.ops(for: [loop.condition], boundary: boundary),
              let conditionSlot = builder.slot(loop.condition),
              loop.condition.rank == 0, [.u8, .u16, .u32, .u64, .s8, .s16, .s32, .s64, .f32, .f64].contains(loop.condition.type),
              let body = builder.ops(for: loop.body, boundary: boundary) else { return nil }
        // A body output written by the body becomes the next state by swapping buffers; anything
        // else (a parameter, an outer value, an output given twice) is copied into a spare first.
        var next: [(slot: Int, copyFrom: Int?)] = []
        var swapped = Set<Int>()
        for (p, out) in zip(loop.parameters, loop.body) {
            guard let slot = builder.slot(out) else { return nil }
            if builder.written.contains(slot), swapped.insert(slot).inserted {
                next.append((slot, nil))
            } else {
                next.append((builder.newSlot(p), slot))
            }
        }
        return LoopProgram(templates: builder.templates, sources: builder.sources, state: state, condition: condition,
                           conditionSlot: conditionSlot, body: body, next: next)
    }
}

/// Assigns slots to the nodes of a loop's condition and body while turning their planned steps into ops.
struct LoopBuilder {
    var templates: [TensorTemplate] = []
    var sources: [(slot: Int, source: LoopProgram.Source)] = []
    var slotOf: [Int: Int] = [:]
    var written = Set<Int>()

    mutating func newSlot(_ t: Tensor) -> Int {
        templates.append(t.template)
        return templates.count - 1
    }

    /// The slot holding `t`'s value, if it has one.
    func slot(_ t: Tensor) -> Int? { t.expr.flatMap { slotOf[$0.id] } }

    /// The slot holding `t`'s value in `type`: a constant gets a converted copy, another value must have that type.
    mutating func slot(_ t: Tensor, as type: DType) -> Int? {
        guard let node = t.expr, let s = slotOf[node.id] else { return nil }
        if templates[s].type == type { return s }
        guard let n = node.constantValue else { return nil }
        if let c = convertedConstants[ConstantKey(id: node.id, type: type)] { return c }
        templates.append(TensorTemplate(type: type, shape: t.shape))
        let c = templates.count - 1
        sources.append((c, .constant(n)))
        convertedConstants[ConstantKey(id: node.id, type: type)] = c
        return c
    }

    struct ConstantKey: Hashable { let id: Int; let type: DType }
    private var convertedConstants: [ConstantKey: Int] = [:]

    /// A slot for a value read from outside the loop (`id` of an enclosing program's node).
    private mutating func outerSlot(_ id: Int, _ template: TensorTemplate) -> Int {
        if let s = slotOf[id] { return s }
        templates.append(template)
        let s = templates.count - 1
        sources.append((s, .outer(id)))
        slotOf[id] = s
        return s
    }

    /// The ops computing `outputs`, planned as the JIT plans a loop body; nil if a step is
    /// control flow, a hook or has several results.
    mutating func ops(for outputs: [Tensor], boundary: Set<Int>) -> [LoopProgram.Op]? {
        var planner = JITPlanner(outputs: outputs, boundary: boundary, foldsDotUpdates: false)
        planner.storesWhileReducing = false
        let program = planner.plan()
        // Boundary nodes the graph reads (kernel leaves, scalar operands, outputs) get outer slots.
        var templateOf: [Int: TensorTemplate] = [:]
        var stack = outputs
        var seen = Set<Int>()
        while let t = stack.popLast() {
            guard let node = t.expr, seen.insert(node.id).inserted else { continue }
            if boundary.contains(node.id) { templateOf[node.id] = t.template; continue }
            stack.append(contentsOf: node.args)
        }
        for (id, template) in templateOf where slotOf[id] == nil { _ = outerSlot(id, template) }
        var ops: [LoopProgram.Op] = []
        for step in program.steps {
            switch step {
            case .kernel(let kernel, let id):
                guard let op = kernelOp(kernel, id: id) else { return nil }
                ops.append(op)
            case .node(let t):
                guard let node = t.expr else { return nil }
                switch node.op {
                case .constant(let n): source(t, .constant(n))
                case .tensor(let v): source(t, .tensor(v))
                case .parameter(let i): source(t, .parameter(i))
                case .metadata:
                    guard let s = slot(node.args[0]) else { return nil }
                    slotOf[node.id] = s
                default:
                    let dst = newSlot(t)
                    if let op = ScalarOp.make(t, dst: dst, slot: { self.slot($0, as: $1) }) {
                        ops.append(.scalar(op))
                    } else if planner.kind(t) == .elementwise, t.rank > 0, let kernel = planner.buildKernel(root: t, reduce: nil),
                              let op = kernelOp(kernel, id: node.id, dst: dst) {
                        ops.append(op)  // a lone elementwise op: still a kernel here, into its slot
                    } else if LoopBuilder.runsNatively(node), let inputs = node.args.map({ slot($0) }) as [Int?]?,
                              !inputs.contains(nil), node.args.allSatisfy({ $0.expr != nil }) {
                        ops.append(.native(t, node, inputs: inputs.map { $0! }, dst: dst))
                    } else {
                        return nil
                    }
                    slotOf[node.id] = dst
                    written.insert(dst)
                }
            default:
                return nil
            }
        }
        return ops
    }

    /// Ops a loop program runs as native steps: single results computed from their arguments alone.
    static func runsNatively(_ node: ExprNode) -> Bool {
        switch node.op {
        case .token, .attachToken, .linalg, .cond, .whileLoop, .elem, .parameter, .constant, .tensor, .customGrad: return false
        default: return node.tupleSize == nil
        }
    }

    private mutating func source(_ t: Tensor, _ source: LoopProgram.Source) {
        guard let id = t.expr?.id else { return }
        let s = newSlot(t)
        sources.append((s, source))
        slotOf[id] = s
    }

    private mutating func kernelOp(_ kernel: FusedKernel, id: Int, dst given: Int? = nil) -> LoopProgram.Op? {
        var inputs: [Int] = []
        for leaf in kernel.leaves {
            guard let s = slotOf[leaf.node], templates[s].type == .f32 else { return nil }
            inputs.append(s)
        }
        let dst: Int
        if let given { dst = given } else {
            templates.append(kernel.out)
            dst = templates.count - 1
            slotOf[id] = dst
            written.insert(dst)
        }
        return .kernel(kernel, inputs: inputs, dst: dst)
    }
}
