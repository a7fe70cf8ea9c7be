import NxCore

/// Reverse-mode automatic differentiation on the expression graph (`Nx.Defn.Grad`): the
/// gradient is built as more graph, so any compiler runs it and grads of grads work.
/// Per-op rules live in GradRules.swift; this file walks the graph and handles the syntax
/// nodes (metadata, custom_grad, elem, cond, while).
public enum Grad {
    /// The gradients of `output` (summed over its elements when not a scalar) with respect to
    /// each of `variables`.
    public static func gradients(of output: Tensor, wrt variables: [Tensor]) throws -> [Tensor] {
        let out = try ExprBackend.toExpr(output)
        // Nx seeds with an f32 constant 1.0 of the output's shape (a graph constant, so the
        // backward graph folds it away).
        let seed = ExprBackend.constant(TensorTemplate(type: .f32, shape: out.shape), .float(1.0))
        return try vjp(outputs: [out], cotangents: [seed], wrt: variables)
    }

    /// The vector-Jacobian product: the gradients with respect to `variables` of
    /// sum(outputs[i] * cotangents[i]). Variables the outputs do not depend on get zeros.
    static func vjp(outputs: [Tensor], cotangents: [Tensor?], wrt variables: [Tensor]) throws -> [Tensor] {
        var walk = GradWalk(variables: variables)
        for (o, ct) in zip(outputs, cotangents) {
            guard let ct = ct, let node = o.expr, walk.depends(node) else { continue }
            try walk.accumulate(node, 0, ct, as: o.template)
        }
        try walk.propagate(from: outputs)
        return try variables.map { v in
            if let id = v.expr?.id, let g = walk.cotangents[id]?[0] {
                return try fit(g, v.template)
            }
            // No path from the outputs: an f32 zero broadcast to the variable, as Nx gives.
            return try zeros(TensorTemplate(type: .f32, shape: v.shape))
        }
    }

    static func zeros(_ t: TensorTemplate) throws -> Tensor {
        try Nx.broadcast(.tensor(ExprBackend.constant(TensorTemplate(type: gradType(t.type), shape: []), .float(0))), t.shape)
    }

    /// Gradients are floating: an integer variable's gradient is f32, as in Nx.
    static func gradType(_ t: DType) -> DType { t.isInteger ? .f32 : t }

    /// `g` with the shape of `t` (a gradient reaching a variable through broadcasting).
    static func fit(_ g: Tensor, _ t: TensorTemplate) throws -> Tensor {
        g.shape == t.shape ? g : try Nx.broadcast(.tensor(g), t.shape)
    }
}

/// One backward pass: cotangents accumulated per node (per output for tuple nodes), nodes
/// visited in reverse topological order.
struct GradWalk {
    let variableIds: Set<Int>
    let variables: [Tensor]
    var cotangents: [Int: [Int: Tensor]] = [:]
    private var dependsMemo: [Int: Bool] = [:]

    init(variables: [Tensor]) {
        self.variables = variables
        variableIds = Set(variables.compactMap { $0.expr?.id })
    }

    /// The tensors a node's gradient flows to (custom_grad: its declared inputs).
    static func gradArgs(_ node: ExprNode) -> [Tensor] {
        switch node.op {
        case .customGrad(let inputs, _): return inputs
        case .metadata(name: "stop_grad", _): return []
        case .attachToken: return [node.args[1]]
        case .token: return []
        default: return node.args
        }
    }

    /// Subgraphs (branches, loop bodies) whose nodes may reach the variables.
    static func subgraphs(_ node: ExprNode) -> [Tensor] {
        switch node.op {
        case .cond(let c): return c.clauses.flatMap { $0.outputs } + c.last
        case .whileLoop(let w): return w.body
        default: return []
        }
    }

    /// Whether `node` depends on a variable (through arguments or subgraphs). Iterative, so
    /// long chains (unrolled loops) cannot exhaust the stack.
    mutating func depends(_ root: ExprNode) -> Bool {
        if variableIds.contains(root.id) { return true }
        if let d = dependsMemo[root.id] { return d }
        var stack: [(ExprNode, Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                let inputs = GradWalk.gradArgs(node) + GradWalk.subgraphs(node)
                dependsMemo[node.id] = inputs.contains { a in
                    guard let n = a.expr else { return false }
                    return variableIds.contains(n.id) || dependsMemo[n.id] == true
                }
                continue
            }
            if variableIds.contains(node.id) || dependsMemo[node.id] != nil { continue }
            dependsMemo[node.id] = false  // provisional: cycles cannot occur, repeats are skipped
            stack.append((node, true))
            for a in GradWalk.gradArgs(node) + GradWalk.subgraphs(node) {
                if let n = a.expr, !variableIds.contains(n.id), dependsMemo[n.id] == nil { stack.append((n, false)) }
            }
        }
        return dependsMemo[root.id] ?? false
    }

    mutating func accumulate(_ node: ExprNode, _ index: Int, _ gradient: Tensor, as out: TensorTemplate) throws {
        var g = gradient
        // A cotangent narrower than the float node it reaches (the f32 seed against f64 math
        // whose constants kept their f32 number type) is widened, so f64 grads stay f64.
        if out.type.isFloat, g.type.isFloat, out.type.bits > g.type.bits {
            g = try Nx.asType(.tensor(g), out.type)
        }
        if let old = cotangents[node.id]?[index] {
            cotangents[node.id]![index] = try Nx.add(.tensor(old), .tensor(g))
        } else {
            cotangents[node.id, default: [:]][index] = g
        }
    }

    /// The nodes reachable from `outputs` that depend on a variable, outputs first.
    mutating func reverseTopologicalOrder(_ outputs: [Tensor]) -> [Tensor] {
        var order: [Tensor] = []
        var seen = Set<Int>()
        var stack: [(Tensor, Bool)] = outputs.map { ($0, false) }
        while let (t, expanded) = stack.popLast() {
            guard let node = t.expr else { continue }
            if expanded { order.append(t); continue }
            guard !seen.contains(node.id), depends(node) else { continue }
            seen.insert(node.id)
            stack.append((t, true))
            if variableIds.contains(node.id) { continue }
            for a in GradWalk.gradArgs(node) { stack.append((a, false)) }
        }
        return order.reversed()
    }

    mutating func propagate(from outputs: [Tensor]) throws {
        for t in reverseTopologicalOrder(outputs) {
            guard let node = t.expr, !variableIds.contains(node.id), let cts = cotangents[node.id] else { continue }
            switch node.op {
            case .elem(let i):
                if let g = cts[0], let tuple = node.args[0].expr { try accumulate(tuple, i, g, as: t.template) }
            case .cond(let c):
                try condGradient(node, c, cts)
            case .whileLoop(let w):
                try whileGradient(node, w, cts)
            case .customGrad(let inputs, let gradient):
                guard let g = cts[0] else { continue }
                let grads = try gradient(g)
                for (input, dg) in zip(inputs, grads) {
                    if let n = input.expr, depends(n) { try accumulate(n, 0, try reduceTo(dg, input.template), as: input.template) }
                }
            case .linalg(let op, let outs) where outs.count > 1:
                // A decomposition's rule sees every output and its cotangent (zeros if unused).
                let results = outs.enumerated().map { i, tt in ExprBackend.node(tt, .elem(i), [t]) }
                let grads = try GradRules.decomposition(op, node, results, try outputCotangents(cts, outs))
                for (arg, dg) in zip(node.args, grads) {
                    guard let dg = dg, let n = arg.expr, depends(n) else { continue }
                    try accumulate(n, 0, try reduceTo(dg, arg.template), as: arg.template)
                }
            default:
                guard let g = cts[0] else { continue }
                let grads = try GradRules.backward(node, t, g)
                for (arg, dg) in zip(node.args, grads) {
                    guard let dg = dg, let n = arg.expr, depends(n) else { continue }
                    try accumulate(n, 0, try reduceTo(dg, arg.template), as: arg.template)
                }
            }
        }
    }

    /// A gradient with the argument's shape: sums the axes broadcasting added.
    func reduceTo(_ g: Tensor, _ t: TensorTemplate) throws -> Tensor {
        try GradRules.unbroadcast(g, t.shape)
    }

    /// The cotangents of a multi-output node, zeros where an output got none.
    func outputCotangents(_ cts: [Int: Tensor], _ templates: [TensorTemplate]) throws -> [Tensor] {
        try templates.enumerated().map { i, t in try cts[i] ?? Grad.zeros(t) }
    }

    /// cond: each branch differentiated on its own, all the way to the variables; a new cond
    /// with the same predicates picks the taken branch's gradients.
    mutating func condGradient(_ node: ExprNode, _ c: CondBranches, _ cts: [Int: Tensor]) throws {
        let cotangentList = try outputCotangents(cts, c.last.map { $0.template })
        var clauses: [(pred: Tensor, outputs: [Operand])] = []
        for clause in c.clauses {
            let grads = try Grad.vjp(outputs: clause.outputs, cotangents: cotangentList, wrt: variables)
            clauses.append((clause.pred, grads.map { .tensor($0) }))
        }
        let last = try Grad.vjp(outputs: c.last, cotangents: cotangentList, wrt: variables).map { Operand.tensor($0) }
        let picked = try ExprBackend.cond(clauses: clauses, last: last)
        for (v, g) in zip(variables, picked) {
            if let n = v.expr { try accumulate(n, 0, g, as: v.template) }
        }
    }

    mutating func whileGradient(_ node: ExprNode, _ w: WhileLoop, _ cts: [Int: Tensor]) throws {
        let cotangentList = try outputCotangents(cts, w.initial.map { $0.template })
        let (initialGrads, variableGrads) = try WhileGrad.backward(w, cotangentList, variables: variables)
        for (arg, g) in zip(w.initial, initialGrads) {
            if let n = arg.expr, depends(n) { try accumulate(n, 0, g, as: arg.template) }
        }
        for (v, g) in zip(variables, variableGrads) {
            if let n = v.expr, let g = g { try accumulate(n, 0, g, as: v.template) }
        }
    }
}
