import NxCore

/// Decides which nodes become fused kernels. A float32 elementwise node (or broadcast, or
/// constant) is folded into each consumer that iterates over its shape; it is materialized only
/// when it is an output, is read by control flow, or has a consumer that cannot fold it. A
/// reduction over trailing axes folds its whole input expression. Everything else is one
/// native step.
struct JITPlanner {
    enum Kind { case elementwise, constant, broadcastView, reduce, predicate, other }

    let outputs: [Tensor]
    /// Top-level nodes in dependency order (control-flow bodies stay inside their node).
    private var order: [Tensor] = []
    private(set) var consumers: [Int: [Tensor]] = [:]
    let outputIds: Set<Int>
    let pinned: Set<Int>
    /// Reductions whose inputs cannot be read with one stride per row: run natively instead.
    private var rejected = Set<Int>()

    /// Nodes computed by enclosing programs (and loop parameters): read, never recomputed.
    let boundary: Set<Int>

    /// Transposes that swap a dot's two result halves (gradients are full of them), by
    /// transpose id: the dot with its operands swapped gives the transposed layout directly.
    private var swappedDots: [Int: Tensor] = [:]
    /// SGD-style updates of a dot's product run as one product (JITDotUpdate.swift), by update id.
    private var dotUpdates: [Int: DotUpdate] = [:]
    /// The dots those replace or compute: never a step of their own.
    private var elided = Set<Int>()
    /// Whether a stored elementwise value and a reduction of it run as one kernel (loop programs
    /// plan kernels one result each, so they keep the two steps).
    var storesWhileReducing = true

    /// `foldsDotUpdates`: loop programs pass false (their ops run a dot as a native op into a slot).
    init(outputs: [Tensor], boundary: Set<Int> = [], foldsDotUpdates: Bool = true) {
        self.outputs = outputs
        self.boundary = boundary
        outputIds = Set(outputs.compactMap { $0.expr?.id })
        pinned = Evaluator.referencedFromSubgraphs(outputs)
        var seen = Set<Int>()
        var stack: [(Tensor, Bool)] = outputs.reversed().map { ($0, false) }
        while let (t, expanded) = stack.popLast() {
            guard let node = t.expr else { continue }
            if expanded { order.append(t); continue }
            guard !boundary.contains(node.id), seen.insert(node.id).inserted else { continue }
            stack.append((t, true))
            for a in node.args.reversed() {
                if let id = a.expr?.id { consumers[id, default: []].append(t) }
                stack.append((a, false))
            }
        }
        for t in order { findSwappedDot(t) }
        for t in order where foldsDotUpdates {
            guard let id = t.expr?.id, let update = dotUpdate(t), let dotId = update.dot.expr?.id, !elided.contains(dotId) else { continue }
            dotUpdates[id] = update
            elided.insert(dotId)
        }
    }

    /// transpose(dot(a, b), axes) where `axes` moves b's free axes before a's, and the dot has no
    /// other reader: computed as dot(b, a) (the same sums; OpenBLAS reads either layout).
    private mutating func findSwappedDot(_ t: Tensor) {
        guard let node = t.expr, case .transpose(let axes) = node.op, let dot = node.args[0].expr,
              case .dot(let contractA, let batchA, let contractB, let batchB) = dot.op, batchA.isEmpty, batchB.isEmpty,
              consumers[dot.id]?.count == 1, !outputIds.contains(dot.id), !pinned.contains(dot.id) else { return }
        let a = dot.args[0], b = dot.args[1]
        let freeA = a.rank - contractA.count, freeB = b.rank - contractB.count
        guard axes == Array(freeA..<(freeA + freeB)) + Array(0..<freeA) else { return }
        swappedDots[node.id] = ExprBackend.node(t.template, .dot(contractA: contractB, batchA: [], contractB: contractA, batchB: []), [b, a])
        elided.insert(dot.id)
    }

    mutating func plan() -> JITProgram {
        while true {
            if let program = tryPlan() { return program }
        }
    }

    /// A program, or nil after rejecting a reduction (planning then starts again without it).
    private mutating func tryPlan() -> JITProgram? {
        var steps: [JITProgram.Step] = []
        var reads: [[Int]] = []
        // Reductions already computed with the values they reduce (`storingReduction`).
        var reducedEarlier = Set<Int>()
        for t in order {
            guard let node = t.expr, materialized(t), !elided.contains(node.id), !reducedEarlier.contains(node.id) else { continue }
            if let update = dotUpdates[node.id] {
                steps.append(.dotUpdate(update, id: node.id))
                reads.append(update.inputs.compactMap { $0.expr?.id })
                continue
            }
            if let dot = swappedDots[node.id] {
                steps.append(.rewritten(dot, id: node.id))
                reads.append(dot.expr!.args.compactMap { $0.expr?.id })
                continue
            }
            switch kind(t) {
            case .elementwise:
                if let (reductionId, kernel) = storingReduction(of: t) {
                    steps.append(.storingKernel(kernel, id: reductionId, storedId: node.id))
                    reads.append(kernel.leaves.map { $0.node })
                    reducedEarlier.insert(reductionId)
                    continue
                }
                let kernel = buildKernel(root: t, reduce: nil)!
                let args = node.args.compactMap { $0.expr?.id }
                let lone = kernel.instructions.count == 1 && kernel.splats.isEmpty && Set(kernel.leaves.map(\.node)) == Set(args)
                var copies = false
                if case .copy? = kernel.instructions.first { copies = true }
                if lone && (t.size >= 8 * FusedKernel.blockSize || (copies && t.size >= FusedKernel.blockSize)) {
                    // One op over materialized inputs: the native typed loop beats a one-instruction
                    // block program (broadcast_add_2048x2048_plus_row: 0.30 vs 0.75 ms). Below eight
                    // blocks the kernel's fixed cost is the smaller one (small_op_latency; the MLP's
                    // 128×10 bias add 1.3 → 0.5 µs), except a metadata wrapper, which native passes through.
                    steps.append(.node(t))
                    reads.append(args)
                } else {
                    steps.append(.kernel(kernel, id: node.id))
                    reads.append(kernel.leaves.map { $0.node })
                }
            case .other where isControlFlow(node):
                let (step, subReads) = controlFlowStep(t, node)
                steps.append(step)
                reads.append(node.args.compactMap { $0.expr?.id } + subReads)
            case .reduce:
                guard case .reduce(let op, _, _, _) = node.op, let kernel = buildKernel(root: t, reduce: op) else {
                    rejected.insert(node.id)
                    return nil
                }
                steps.append(.kernel(kernel, id: node.id))
                reads.append(kernel.leaves.map { $0.node })
            default:
                steps.append(.node(t))
                reads.append(node.args.compactMap { $0.expr?.id })
            }
        }
        var lastUse: [Int: Int] = [:]
        for (i, ids) in reads.enumerated() { for id in ids { lastUse[id] = i } }
        var drops = Array(repeating: [Int](), count: steps.count)
        for (id, i) in lastUse where !outputIds.contains(id) && !pinned.contains(id) && !boundary.contains(id) {
            drops[i].append(id)
        }
        return JITProgram(steps: steps, drops: drops, outputs: outputs, pinned: pinned)
    }

    /// For a stored elementwise value that a fused reduction reads as its whole input (softmax's
    /// exp(x - max) and its sum): one kernel writing the values and reducing them while each block
    /// is in L1, instead of a writing pass and a reading pass. Placed at the value's step (the
    /// reduction needs nothing more), so the reduction's own step is skipped.
    func storingReduction(of t: Tensor) -> (Int, FusedKernel)? {
        guard storesWhileReducing, let id = t.expr?.id else { return nil }
        for r in consumers[id] ?? [] where kind(r) == .reduce && r.expr?.args.first?.expr?.id == id {
            guard let node = r.expr, case .reduce(let op, _, _, _) = node.op,
                  let kernel = buildKernel(root: r, reduce: op, storing: t.template) else { continue }
            return (node.id, kernel)
        }
        return nil
    }

    // MARK: - Control flow

    func isControlFlow(_ node: ExprNode) -> Bool {
        switch node.op {
        case .whileLoop, .cond: return true
        default: return false
        }
    }

    /// A loop or cond step whose bodies are compiled with this program's nodes as their boundary.
    /// Returns the outer nodes the bodies read (kept alive until the step runs; pinned anyway).
    func controlFlowStep(_ t: Tensor, _ node: ExprNode) -> (JITProgram.Step, [Int]) {
        var outer = boundary
        for o in order { if let id = o.expr?.id { outer.insert(id) } }
        func sub(_ outputs: [Tensor], extra: [Tensor] = []) -> JITProgram {
            var b = outer
            for e in extra { if let id = e.expr?.id { b.insert(id) } }
            var planner = JITPlanner(outputs: outputs, boundary: b)
            return planner.plan()
        }
        switch node.op {
        case .whileLoop(let loop):
            if let program = LoopProgram.plan(loop, outer: outer) { return (.loop(program, initial: loop.initial, id: node.id), []) }
            // Constants the loop reads are made once, before the first iteration (float32 ones
            // stay inside the kernels as splats).
            let constants = JITPlanner.constants(in: [loop.condition] + loop.body, outside: outer)
            let preamble = sub(constants)
            return (.whileLoop(loop, preamble: preamble, condition: sub([loop.condition], extra: loop.parameters + constants),
                               body: sub(loop.body, extra: loop.parameters + constants), id: node.id), [])
        case .cond(let c):
            return (.cond(clauses: c.clauses.map { (pred: sub([$0.pred]), outputs: sub($0.outputs)) },
                          last: sub(c.last), id: node.id), [])
        default:
            preconditionFailure("not a control-flow node")
        }
    }

    /// Non-float32 constant nodes reachable from `roots` without crossing `outside` or a nested body.
    static func constants(in roots: [Tensor], outside: Set<Int>) -> [Tensor] {
        var seen = Set<Int>(), found: [Tensor] = []
        var stack = roots
        while let t = stack.popLast() {
            guard let node = t.expr, !outside.contains(node.id), seen.insert(node.id).inserted else { continue }
            if case .constant = node.op, t.type != .f32 { found.append(t); continue }
            stack.append(contentsOf: node.args)
        }
        return found
    }

    // MARK: - Classification

    func kind(_ t: Tensor) -> Kind {
        guard let node = t.expr else { return .other }
        guard t.type == .f32 else {
            switch node.op {
            // A number float32 holds exactly is a splat wherever a float32 op reads it (the
            // native op converts it the same way).
            case .constant(let n) where JITPlanner.exactFloat(n, t.type) != nil: return .constant
            // A comparison of float32 values is computed as 1 / 0 inside the kernels that read it
            // (a select's predicate, a mask multiplied in), where the native op would convert its u8.
            // Compared in float32 natively too (relu's gradient compares with an integer 0).
            case .binary(let op) where BlockContext.compareOps.contains(op) && DType.merge(node.args[0].type, node.args[1].type) == .f32
                    && node.args.allSatisfy(readsAsFloat) && !boundary.contains(node.id):
                return .predicate
            default: return .other
            }
        }
        switch node.op {
        case .constant: return .constant
        case .unary(let op) where BlockContext.unaryOps.contains(op) && node.args[0].type == .f32:
            return .elementwise
        case .binary(let op) where BlockContext.binaryOps.contains(op) && node.args.allSatisfy(readsAsFloat):
            return .elementwise
        case .select where kind(node.args[0]) == .predicate && readsAsFloat(node.args[1]) && readsAsFloat(node.args[2]):
            return .elementwise
        case .metadata where node.args[0].type == .f32 && node.args[0].shape == t.shape:
            return .elementwise
        case .broadcast where node.args[0].type == .f32: return .broadcastView
        case .reduce(let op, let axes, _, _):
            let input = node.args[0]
            let rank = input.rank
            guard input.type == .f32, [.sum, .product, .reduce_max, .reduce_min].contains(op), op != .sum || fusesInput(input),
                  !rejected.contains(node.id), axes.sorted() == Array((rank - axes.count)..<rank) else { return .other }
            return .reduce
        default: return .other
        }
    }

    /// Whether a float32 kernel can read `t` as an operand: a float32 value, a predicate it
    /// recomputes, or a constant float32 holds exactly.
    func readsAsFloat(_ t: Tensor) -> Bool {
        if t.type == .f32 { return true }
        let k = kind(t)
        return k == .predicate || k == .constant
    }

    /// A constant of `type` as the float32 the native op converts it to, when that is certain:
    /// an integer float32 holds exactly, or an f64 (rounded once, as the conversion does).
    static func exactFloat(_ n: NxNumber?, _ type: DType) -> Float? {
        switch (n, type) {
        case (.int(let i)?, _) where type.isInteger || type == .f64: return Float(exactly: i)
        case (.float(let d)?, .f64): return Float(d)
        default: return nil
        }
    }

    /// A sum is fused only when its input is an expression to compute: the native backend sums
    /// a plain input as fast. Its max/min walk NaN checks per element and are slower (docs/jit.md).
    func fusesInput(_ input: Tensor) -> Bool {
        guard let node = input.expr, !outputIds.contains(node.id), !pinned.contains(node.id) else { return false }
        switch node.op {
        case .unary, .binary, .broadcast, .metadata: return true
        default: return false
        }
    }

    /// Whether `consumer`'s kernel computes `producer` inline.
    func absorbs(_ consumer: Tensor, _ producer: Tensor) -> Bool {
        switch kind(consumer) {
        case .elementwise: return kind(producer) == .constant || consumer.shape == producer.shape
        // A predicate that is also materialized (a native op reads it) needs its inputs, constants too.
        case .predicate: return !materialized(consumer) && (kind(producer) == .constant || consumer.shape == producer.shape)
        case .reduce: return consumer.expr?.args.first?.expr?.id == producer.expr?.id
        default: return false
        }
    }

    func materialized(_ t: Tensor) -> Bool {
        guard let id = t.expr?.id else { return false }
        switch kind(t) {
        case .elementwise, .constant, .broadcastView, .predicate: break
        default: return true
        }
        if outputIds.contains(id) || pinned.contains(id) { return true }
        let readers = consumers[id] ?? []
        return readers.contains { !absorbs($0, t) } || (isCostly(t) && readers.count > 1 && readers.contains { kind($0) == .reduce })
    }

    /// A transcendental read by a reduction and by something else (softmax's exp(x - max)) is
    /// computed once and stored: with 16-lane exp, recomputing it cost more than a pass over
    /// the stored values (docs/jit.md).
    func isCostly(_ t: Tensor) -> Bool {
        guard case .unary(let op)? = t.expr?.op else { return false }
        return op != .negate && op != .abs
    }

    // MARK: - Kernels

    /// The fused kernel computing `root` (elementwise) or reducing `root`'s input over its trailing
    /// axes; with `storing`, that input is computed here even if stored, and written too.
    func buildKernel(root: Tensor, reduce: ReduceOp?, storing: TensorTemplate? = nil) -> FusedKernel? {
        let top: Tensor
        let space: [Int]
        var reducedCount = 0
        if reduce != nil, let node = root.expr, case .reduce(_, let axes, _, _) = node.op {
            top = node.args[0]
            space = top.shape
            reducedCount = axes.count
        } else {
            top = root
            space = root.shape
        }
        var builder = KernelBuilder(planner: self, space: space)
        let result = builder.visit(top, isRoot: reduce == nil || storing != nil)
        // Size-1 dims never move an index: drop them from the iteration space.
        let kept = space.indices.filter { space[$0] != 1 }
        let dims = kept.map { space[$0] }
        let reducedStart = kept.filter { $0 < space.count - reducedCount }.count
        let strides = builder.leafStrides.map { s in kept.map { s[$0] } }
        func flattens(from k: Int) -> Bool {
            strides.allSatisfy { s in (k..<max(k, dims.count - 1)).allSatisfy { d in s[d] == s[d + 1] * dims[d + 1] } }
        }
        var k: Int
        if reduce != nil {
            k = reducedStart
            guard flattens(from: k) else { return nil }
        } else {
            k = 0
            while k < dims.count - 1 && !flattens(from: k) { k += 1 }
        }
        let leaves = zip(builder.leafIds, strides).map { id, s in
            FusedKernel.Leaf(node: id, outerStrides: Array(s[0..<min(k, s.count)]),
                             innerStride: k < dims.count ? s[dims.count - 1] : 0)
        }
        // exp(a - b) with b the same for a whole row (a broadcast leaf or a constant) reads b once.
        let instructions = builder.finalInstructions().map { instruction -> FusedKernel.Instruction in
            guard case .expOfDifference(let d, let a, let b) = instruction,
                  b < leaves.count ? leaves[b].innerStride == 0 : b < leaves.count + builder.splats.count else { return instruction }
            return .expOfScalarDifference(dst: d, a: a, b: b)
        }
        return FusedKernel(out: root.template, outerShape: Array(dims[0..<min(k, dims.count)]),
                           inner: dims[min(k, dims.count)...].reduce(1, *), leaves: leaves,
                           splats: builder.splats, instructions: MathFusion.apply(instructions, result: builder.register(result)),
                           result: builder.register(result), reduction: reduce, stored: storing)
    }
}

/// Collects one kernel's leaves, splatted constants and instructions from its expression tree.
struct KernelBuilder {
    enum Ref: Hashable { case leaf(Int), splat(Int), instruction(Int) }
    enum PendingInstruction { case unary(UnaryOp, Ref), binary(BinaryOp, Ref, Ref), select(Ref, Ref, Ref), copy(Ref) }

    let planner: JITPlanner
    var leafIds: [Int] = []
    /// Each leaf's element stride per dim of the iteration space (0 where it is broadcast).
    var leafStrides: [[Int]] = []
    var splats: [Float] = []
    var pending: [PendingInstruction] = []
    private var memo: [Int: Ref] = [:]
    private var leafIndex: [String: Int] = [:]
    /// The shape the kernel iterates over (its root's, or its reduction's input).
    private let space: [Int]

    init(planner: JITPlanner, space: [Int]) {
        self.planner = planner
        self.space = space
    }

    mutating func visit(_ t: Tensor, isRoot: Bool) -> Ref {
        let ref = expression(t, isRoot: isRoot)
        if isRoot, case .instruction = ref { return ref }
        if isRoot { pending.append(.copy(ref)); return .instruction(pending.count - 1) }
        return ref
    }

    private mutating func expression(_ t: Tensor, isRoot: Bool) -> Ref {
        guard let node = t.expr else { return leaf(t, strides: rightAligned(t.shape)) }
        if let r = memo[node.id] { return r }
        let ref: Ref
        switch planner.kind(t) {
        case .constant:
            ref = splat(node.constantValue, t.type)
        case .predicate:
            // Always recomputed: a materialized predicate is a u8 tensor, not a float32 leaf.
            guard case .binary(let op) = node.op else { preconditionFailure("predicate without a comparison") }
            let a = expression(node.args[0], isRoot: false)
            let b = expression(node.args[1], isRoot: false)
            pending.append(.binary(op, a, b))
            ref = .instruction(pending.count - 1)
        case .broadcastView where isRoot || !planner.materialized(t):
            guard case .broadcast(let axes) = node.op else { preconditionFailure("broadcast view without a broadcast") }
            let source = node.args[0]
            if let c = source.expr?.constantValue { ref = splat(c, source.type) } else { ref = leaf(source, strides: broadcastStrides(source.shape, axes)) }
        case .elementwise where isRoot || !planner.materialized(t):
            switch node.op {
            case .unary(let op):
                let a = expression(node.args[0], isRoot: false)
                pending.append(.unary(op, a))
                ref = .instruction(pending.count - 1)
            case .binary(let op):
                let a = expression(node.args[0], isRoot: false)
                let b = expression(node.args[1], isRoot: false)
                pending.append(.binary(op, a, b))
                ref = .instruction(pending.count - 1)
            case .select:
                let p = expression(node.args[0], isRoot: false)
                let a = expression(node.args[1], isRoot: false)
                let b = expression(node.args[2], isRoot: false)
                pending.append(.select(p, a, b))
                ref = .instruction(pending.count - 1)
            default:
                ref = expression(node.args[0], isRoot: false)  // metadata: the value itself
            }
        default:
            ref = leaf(t, strides: rightAligned(t.shape))
        }
        memo[node.id] = ref
        return ref
    }

    private mutating func splat(_ n: NxNumber?, _ type: DType) -> Ref {
        splats.append(type == .f32 ? Float(n?.doubleValue ?? .nan) : JITPlanner.exactFloat(n, type) ?? .nan)
        return .splat(splats.count - 1)
    }

    private mutating func leaf(_ t: Tensor, strides: [Int]) -> Ref {
        let id = t.expr?.id ?? -1
        let key = "\(id):\(strides)"
        if let i = leafIndex[key] { return .leaf(i) }
        leafIds.append(id)
        leafStrides.append(strides)
        leafIndex[key] = leafIds.count - 1
        return .leaf(leafIds.count - 1)
    }

    /// Implicit broadcasting (shapes aligned on the right), as backends apply it to binary ops.
    private func rightAligned(_ shape: [Int]) -> [Int] {
        let own = Shape.strides(shape)
        let offset = space.count - shape.count
        return space.indices.map { d in
            let j = d - offset
            return j >= 0 && shape[j] == space[d] ? own[j] : 0
        }
    }

    /// `broadcast(x, axes)`: x's dim j becomes dim axes[j] of the result.
    private func broadcastStrides(_ shape: [Int], _ axes: [Int]) -> [Int] {
        let own = Shape.strides(shape)
        var s = Array(repeating: 0, count: space.count)
        for (j, axis) in axes.enumerated() where axis < space.count && shape[j] == space[axis] { s[axis] = own[j] }
        return s
    }

    func register(_ ref: Ref) -> Int {
        switch ref {
        case .leaf(let i): return i
        case .splat(let i): return leafIds.count + i
        case .instruction(let i): return leafIds.count + splats.count + i
        }
    }

    /// The instructions, with each `a*b + c` whose product has no other reader as one
    /// multiply-add, and each `exp(a - b)` whose difference has no other reader as one
    /// instruction (the product's or difference's register is then never written).
    func finalInstructions() -> [FusedKernel.Instruction] {
        var readers = Array(repeating: 0, count: pending.count)
        for p in pending {
            switch p {
            case .unary(_, let a), .copy(let a): if case .instruction(let i) = a { readers[i] += 1 }
            case .binary(_, let a, let b):
                for case .instruction(let i) in [a, b] { readers[i] += 1 }
            case .select(let p, let a, let b):
                for case .instruction(let i) in [p, a, b] { readers[i] += 1 }
            }
        }
        func soleProduct(_ ref: Ref) -> (Ref, Ref)? {
            guard case .instruction(let i) = ref, readers[i] == 1, case .binary(.multiply, let a, let b) = pending[i] else { return nil }
            return (a, b)
        }
        func soleDifference(_ ref: Ref) -> (Ref, Ref)? {
            guard case .instruction(let i) = ref, readers[i] == 1, case .binary(.subtract, let a, let b) = pending[i] else { return nil }
            return (a, b)
        }
        var fused = Set<Int>()
        var out: [FusedKernel.Instruction] = []
        for (i, p) in pending.enumerated() {
            let dst = register(.instruction(i))
            switch p {
            case .unary(.exp, let x) where soleDifference(x) != nil:
                let (a, b) = soleDifference(x)!
                if case .instruction(let j) = x { fused.insert(j) }
                out.append(.expOfDifference(dst: dst, a: register(a), b: register(b)))
            case .unary(let op, let a): out.append(.unary(op, dst: dst, a: register(a)))
            case .binary(.add, let x, let y) where soleProduct(x) != nil || soleProduct(y) != nil:
                let (product, addend) = soleProduct(x) != nil ? (x, y) : (y, x)
                let (a, b) = soleProduct(product)!
                if case .instruction(let j) = product { fused.insert(j) }
                out.append(.multiplyAdd(dst: dst, a: register(a), b: register(b), c: register(addend)))
            case .binary(let op, let a, let b): out.append(.binary(op, dst: dst, a: register(a), b: register(b)))
            case .select(let p, let a, let b): out.append(.select(dst: dst, predicate: register(p), a: register(a), b: register(b)))
            case .copy(let a): out.append(.copy(dst: dst, a: register(a)))
            }
        }
        return out.filter { !fused.contains($0.dst - register(.instruction(0))) }
    }
}
