import NxCore

/// The gradient of a `while` loop, right also when the differentiated variable is carried in
/// the loop state. The loop's iteration count is unknown at trace time, so the backward pass
/// is itself a loop running the iterations in reverse: step k recomputes the state before
/// iteration k from the initial state (a nested loop, O(n²) body runs in all, no stored
/// trajectory) and applies the body's vector-Jacobian product there.
enum WhileGrad {
    /// Returns the cotangents of the loop's initial state and of each variable the body
    /// reaches through tensors it captures (nil when it captures none).
    static func backward(_ w: WhileLoop, _ cotangents: [Tensor], variables: [Tensor]) throws -> ([Tensor], [Tensor?]) {
        let k = w.initial.count
        let index = TensorTemplate(type: .s64, shape: [])
        let one = ExprBackend.constant(index, .int(1))

        // How many times the body runs.
        let countParam = ExprBackend.parameter(index, k)
        let counted = ExprBackend.whileLoop(WhileLoop(
            initial: w.initial + [ExprBackend.constant(index, .int(0))],
            parameters: w.parameters + [countParam],
            condition: w.condition,
            body: w.body + [try Nx.add(.tensor(countParam), .tensor(one))]))
        let count = counted[k]

        // The reverse loop's state: the state's cotangents, the variables' accumulated
        // gradients, and the iteration being undone.
        let stateTemplates = w.initial.map { TensorTemplate(type: Grad.gradType($0.type), shape: $0.shape) }
        let variableTemplates = variables.map { TensorTemplate(type: Grad.gradType($0.type), shape: $0.shape) }
        let templates = stateTemplates + variableTemplates + [index]
        let params = templates.enumerated().map { ExprBackend.parameter($0.element, $0.offset) }
        let ctParams = Array(params[0..<k])
        let accParams = Array(params[k..<(k + variables.count)])
        let step = params[params.count - 1]

        // The state before iteration `step`, recomputed from the initial state.
        let j = ExprBackend.parameter(index, k)
        let recomputed = ExprBackend.whileLoop(WhileLoop(
            initial: w.initial + [ExprBackend.constant(index, .int(0))],
            parameters: w.parameters + [j],
            condition: try Nx.binary(.less, .tensor(j), .tensor(step)),
            body: w.body + [try Nx.add(.tensor(j), .tensor(one))]))
        let before = Array(recomputed[0..<k])

        let bodyGrads = try Grad.vjp(outputs: w.body, cotangents: ctParams, wrt: w.parameters + variables)
        var replacements: [Int: Tensor] = [:]
        for (p, s) in zip(w.parameters, before) { if let id = p.expr?.id { replacements[id] = s } }
        let atStep = GraphRebind.rebind(bodyGrads, replacements)

        var nextState: [Tensor] = []
        for i in 0..<k { nextState.append(try ExprBackend.ensureCompatible(atStep[i], stateTemplates[i])) }
        for (i, acc) in accParams.enumerated() {
            let sum = try Nx.add(.tensor(acc), .tensor(atStep[k + i]))
            nextState.append(try ExprBackend.ensureCompatible(sum, variableTemplates[i]))
        }
        nextState.append(try Nx.subtract(.tensor(step), .tensor(one)))

        var initial: [Tensor] = []
        for i in 0..<k { initial.append(try ExprBackend.ensureCompatible(cotangents[i], stateTemplates[i])) }
        for t in variableTemplates { initial.append(try Grad.zeros(t)) }
        initial.append(try Nx.subtract(.tensor(count), .tensor(one)))

        let reversed = ExprBackend.whileLoop(WhileLoop(
            initial: initial, parameters: params,
            condition: try Nx.binary(.greater_equal, .tensor(step), .int(0)),
            body: nextState))
        let capturesVariables = bodyCaptures(w, variables)
        let variableGrads: [Tensor?] = (0..<variables.count).map { capturesVariables ? reversed[k + $0] : nil }
        return (Array(reversed[0..<k]), variableGrads)
    }

    /// Whether the body reads a variable other than through its state.
    static func bodyCaptures(_ w: WhileLoop, _ variables: [Tensor]) -> Bool {
        var walk = GradWalk(variables: variables)
        return w.body.contains { $0.expr.map { walk.depends($0) } ?? false }
    }
}

/// Copies of a graph with some nodes replaced: every node reading a replaced one (through its
/// arguments or its branches and loop bodies) is rebuilt; the rest is shared.
enum GraphRebind {
    static func rebind(_ outputs: [Tensor], _ replacements: [Int: Tensor]) -> [Tensor] {
        var memo = replacements
        var unchanged = Set<Int>()

        func go(_ t: Tensor) -> Tensor {
            guard let node = t.expr else { return t }
            if let r = memo[node.id] { return Tensor(t.template, data: r.data) }
            if unchanged.contains(node.id) { return t }
            var changed = false
            func map(_ xs: [Tensor]) -> [Tensor] {
                xs.map { x in
                    let y = go(x)
                    if y.data !== x.data { changed = true }
                    return y
                }
            }
            let args = map(node.args)
            var op = node.op
            switch node.op {
            case .cond(let c):
                let clauses = c.clauses.map { (pred: go($0.pred), outputs: map($0.outputs)) }
                for (old, new) in zip(c.clauses, clauses) where old.pred.data !== new.pred.data { changed = true }
                op = .cond(CondBranches(clauses: clauses, last: map(c.last)))
            case .whileLoop(let w):
                op = .whileLoop(WhileLoop(initial: args, parameters: w.parameters,
                                          condition: { let c = go(w.condition); if c.data !== w.condition.data { changed = true }; return c }(),
                                          body: map(w.body)))
            case .customGrad(let inputs, let gradient):
                op = .customGrad(inputs: map(inputs), gradient: gradient)
            default: break
            }
            guard changed else {
                unchanged.insert(node.id)
                return t
            }
            let copy = Tensor(t.template, data: ExprNode(op: op, args: args, tupleSize: node.tupleSize))
            memo[node.id] = copy
            return copy
        }
        return outputs.map(go)
    }
}
