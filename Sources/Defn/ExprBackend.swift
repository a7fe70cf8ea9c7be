import NxCore

/// `Nx.Defn.Expr` as a backend: every primitive records a node instead of computing, after
/// Nx's build-time simplifications (constant folding, `x + 0`, `x * 1`, constants moved to
/// the left of commutative ops, broadcast constants staying constants).
public final class ExprBackend: Backend {
    public static let shared = ExprBackend()
    public var name: String { "Nx.Defn.Expr" }

    // MARK: - Building nodes

    static func node(_ out: TensorTemplate, _ op: ExprOp, _ args: [Tensor], tupleSize: Int? = nil) -> Tensor {
        Tensor(out, data: ExprNode(op: op, args: args, tupleSize: tupleSize))
    }

    /// A tensor as an expression: scalars of concrete tensors become constants, other
    /// concrete tensors `tensor` nodes.
    public static func toExpr(_ t: Tensor) throws -> Tensor {
        if t.expr != nil { return t }
        if t.backend is TemplateBackend {
            throw NxError(module: "RuntimeError", message: "cannot perform operations on a Nx.TemplateBackend tensor")
        }
        if t.rank == 0, let n = try t.backend.toNumbers(t, limit: 1).first {
            return constant(t.template, n)
        }
        return node(t.template, .tensor(t), [])
    }

    public static func constant(_ out: TensorTemplate, _ n: NxNumber) -> Tensor { node(out, .constant(n), []) }

    public static func parameter(_ template: TensorTemplate, _ index: Int) -> Tensor {
        node(template, .parameter(index), [])
    }

    /// A node wrapping `t` for compilers and grad (`stop_grad`, custom grads...).
    public static func metadata(_ t: Tensor, name: String, inspect: String?) throws -> Tensor {
        let e = try toExpr(t)
        return node(e.template, .metadata(name: name, inspect: inspect), [e])
    }

    /// `custom_grad(expr, inputs, fun)`: `t` carrying its own gradient rule for grad.
    public static func customGrad(_ t: Tensor, inputs: [Tensor], gradient: @escaping GradientFunction) throws -> Tensor {
        let e = try toExpr(t)
        return node(e.template, .customGrad(inputs: try inputs.map(toExpr), gradient: gradient), [e])
    }

    /// The outputs of a node that produces `count` values: the node itself for one, else
    /// `elem` nodes of a tuple node.
    static func outputs(_ templates: [TensorTemplate], _ op: ExprOp, _ args: [Tensor]) -> [Tensor] {
        if templates.count == 1 { return [node(templates[0], op, args)] }
        let tuple = node(TensorTemplate(type: .u8, shape: []), op, args, tupleSize: templates.count)
        return templates.enumerated().map { i, tt in node(tt, .elem(i), [tuple]) }
    }

    /// A `cond` node: the outputs of every branch merged (types) and broadcast (shapes) per
    /// position, as Nx does.
    public static func cond(clauses: [(pred: Tensor, outputs: [Operand])], last: [Operand]) throws -> [Tensor] {
        let all = clauses.map { $0.outputs } + [last]
        var merged: [[Tensor]] = Array(repeating: [], count: all.count)
        var templates: [TensorTemplate] = []
        for pos in 0..<last.count {
            // Types merge as Nx.Type.binary_type does, starting from the last branch (a number adapts).
            var typeSoFar = all.last![pos]
            var shape = all.last![pos].shape
            var names: [String?] = Array(repeating: nil, count: shape.count)
            if case .tensor(let t) = all.last![pos] { names = t.names }
            for branch in all.dropLast() {
                let x = branch[pos]
                typeSoFar = .tensor(TemplateBackend.tensor(TensorTemplate(type: Nx.binaryType(typeSoFar, x), shape: [])))
                var xNames: [String?] = Array(repeating: nil, count: x.shape.count)
                if case .tensor(let t) = x { xNames = t.names }
                (shape, names) = try Shape.broadcast(shape, names, x.shape, xNames)
            }
            let type = typeSoFar.type
            for (i, branch) in all.enumerated() {
                let t = try Nx.toTensor(branch[pos], backend: shared)
                let typed = try Nx.asType(.tensor(try toExpr(t)), type)
                merged[i].append(try Nx.broadcast(.tensor(typed), shape, names: names))
            }
            templates.append(TensorTemplate(type: type, shape: shape, names: names))
        }
        let spec = CondBranches(clauses: zip(clauses, merged).map { ($0.0.pred, $0.1) }, last: merged.last!)
        return outputs(templates, .cond(spec), [])
    }

    /// A `while` node over an already traced condition and body.
    public static func whileLoop(_ loop: WhileLoop) -> [Tensor] {
        outputs(loop.initial.map { $0.template }, .whileLoop(loop), loop.initial)
    }

    /// `hook`: a token holding the hook, attached to `expr` so the hook runs when it is computed.
    public static func hook(_ expr: Tensor, name: String, callback: HookCallback?) throws -> Tensor {
        let e = try toExpr(expr)
        let token = node(TensorTemplate(type: .u8, shape: []), .token([Hook(name: name, expr: e, callback: callback)]),
                         [e], tupleSize: 1)
        return node(e.template, .attachToken, [token, e])
    }

    // MARK: - Simplifications

    static func isConstant(_ t: Tensor, _ value: Double) -> Bool {
        guard let n = t.expr?.constantValue else { return false }
        switch n {
        case .int(let i): return Double(i) == value
        case .uint(let u): return Double(u) == value
        case .float(let d): return d == value
        case .complex(let re, let im): return re == value && im == 0
        }
    }

    /// `t` as the template `out` (Nx's `ensure_compatible`): cast, broadcast, renamed.
    static func ensureCompatible(_ t: Tensor, _ out: TensorTemplate) throws -> Tensor {
        var r = try Nx.asType(.tensor(t), out.type)
        if r.shape != out.shape { r = try Nx.broadcast(.tensor(r), out.shape) }
        return Tensor(out, data: r.data)
    }

    /// Folds an op over constant scalars on the native backend.
    static func fold(_ out: TensorTemplate, _ compute: (TensorTemplate) throws -> Tensor) throws -> Tensor {
        let scalar = TensorTemplate(type: out.type, shape: [])
        let value = try Nx.toNumber(try compute(scalar))
        return constant(out, value)
    }

    static func native(_ t: Tensor) throws -> Tensor {
        guard let n = t.expr?.constantValue else { return t }
        return try NativeBackend.shared.constant(TensorTemplate(type: t.type, shape: []), n)
    }

    static func binaryExpr(_ op: BinaryOp, _ out: TensorTemplate, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        if a.expr?.constantValue != nil, b.expr?.constantValue != nil {
            return try fold(out) { try NativeBackend.shared.binary(op, $0, try native(a), try native(b)) }
        }
        return node(out, .binary(op), [a, b])
    }

    static func isBinary(_ t: Tensor, _ op: BinaryOp) -> (Tensor, Tensor)? {
        guard let e = t.expr, case .binary(let o) = e.op, o == op else { return nil }
        return (e.args[0], e.args[1])
    }

    /// Commutative ops keep their constant on the left, merging nested constants.
    static func commute(_ op: BinaryOp, _ out: TensorTemplate, _ t1: Tensor, _ t2: Tensor) throws -> Tensor {
        let scalar = TensorTemplate(type: out.type, shape: [])
        let front: (Operand, Operand) throws -> Tensor = { try Nx.binary(op, $0, $1) }
        var a1 = t1, a2 = t2
        if let (c, t3) = isBinary(t2, op), let s2 = c.expr?.constantValue {
            if let s1 = t1.expr?.constantValue {
                let folded = try fold(scalar) {
                    try NativeBackend.shared.binary(op, $0, try native(constant(TensorTemplate(type: out.type, shape: []), s1)),
                                                    try native(constant(TensorTemplate(type: out.type, shape: []), s2)))
                }
                a1 = folded
                a2 = try broadcastTo(t3, out.shape)
            } else {
                a1 = constant(scalar, s2)
                a2 = try broadcastTo(try front(.tensor(t1), .tensor(t3)), out.shape)
            }
        } else if let (c, t3) = isBinary(t1, op), let s1 = c.expr?.constantValue {
            a1 = constant(scalar, s1)
            a2 = try broadcastTo(try front(.tensor(t2), .tensor(t3)), out.shape)
        }
        return try binaryExpr(op, out, a1, a2)
    }

    static func broadcastTo(_ t: Tensor, _ shape: [Int]) throws -> Tensor {
        t.shape == shape ? t : try Nx.broadcast(.tensor(t), shape)
    }

    // MARK: - Backend

    public func constant(_ out: TensorTemplate, _ value: NxNumber) throws -> Tensor { ExprBackend.constant(out, value) }

    public func fromNumbers(_ out: TensorTemplate, _ values: [NxNumber]) throws -> Tensor {
        try ExprBackend.toExpr(try NativeBackend.shared.fromNumbers(out, values))
    }

    public func fromBinary(_ out: TensorTemplate, _ bytes: [UInt8]) throws -> Tensor {
        try ExprBackend.toExpr(try NativeBackend.shared.fromBinary(out, bytes))
    }

    private func undefined(_ what: String) -> NxError {
        .argument("cannot invoke \(what) on Nx.Defn.Expr.\n\nThis typically means you are invoking an unsupported Nx function\ninside `defn` or inside JIT compiled code")
    }

    public func toBinary(_ t: Tensor, limit: Int?) throws -> [UInt8] { throw undefined("to_binary/2") }
    public func toNumbers(_ t: Tensor, limit: Int?) throws -> [NxNumber] {
        if let n = t.expr?.constantValue { return Array(repeating: n, count: min(limit ?? t.size, t.size)) }
        throw undefined("to_binary/2")
    }

    public func iota(_ out: TensorTemplate, axis: Int?) throws -> Tensor { ExprBackend.node(out, .iota(axis: axis), []) }
    public func eye(_ out: TensorTemplate) throws -> Tensor { ExprBackend.node(out, .eye, []) }

    private func unaryNode(_ out: TensorTemplate, _ op: ExprOp, _ t: Tensor,
                           _ fold: (TensorTemplate, Tensor) throws -> Tensor) throws -> Tensor {
        let e = try ExprBackend.toExpr(t)
        if e.expr?.constantValue != nil {
            return try ExprBackend.fold(out) { try fold($0, try ExprBackend.native(e)) }
        }
        return ExprBackend.node(out, op, [e])
    }

    public func asType(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor {
        try unaryNode(out, .asType, t) { try NativeBackend.shared.asType($0, $1) }
    }
    public func bitcast(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor {
        try unaryNode(out, .bitcast, t) { try NativeBackend.shared.bitcast($0, $1) }
    }
    public func unary(_ op: UnaryOp, _ out: TensorTemplate, _ t: Tensor) throws -> Tensor {
        try unaryNode(out, .unary(op), t) { try NativeBackend.shared.unary(op, $0, $1) }
    }

    public func reshape(_ out: TensorTemplate, _ t: Tensor) throws -> Tensor {
        let e = try ExprBackend.toExpr(t)
        // Renaming (same shape) changes only the template, as in Nx.
        if e.shape == out.shape { return Tensor(out, data: e.data) }
        return ExprBackend.node(out, .reshape, [e])
    }

    public func broadcast(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor {
        let e = try ExprBackend.toExpr(t)
        if let c = e.expr?.constantValue { return ExprBackend.constant(out, c) }
        return ExprBackend.node(out, .broadcast(axes: axes), [e])
    }

    private func shaped(_ out: TensorTemplate, _ op: ExprOp, _ ts: [Tensor]) throws -> Tensor {
        ExprBackend.node(out, op, try ts.map(ExprBackend.toExpr))
    }

    public func transpose(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor { try shaped(out, .transpose(axes: axes), [t]) }
    public func reverse(_ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor { try shaped(out, .reverse(axes: axes), [t]) }
    public func slice(_ out: TensorTemplate, _ t: Tensor, starts: [Int], strides: [Int]) throws -> Tensor {
        try shaped(out, .slice(starts: starts, strides: strides), [t])
    }
    public func concatenate(_ out: TensorTemplate, _ ts: [Tensor], axis: Int) throws -> Tensor { try shaped(out, .concatenate(axis: axis), ts) }

    public func binary(_ op: BinaryOp, _ out: TensorTemplate, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let t1 = try ExprBackend.toExpr(a), t2 = try ExprBackend.toExpr(b)
        switch op {
        case .add, .multiply:
            let unit: Double = op == .add ? 0 : 1
            if ExprBackend.isConstant(t1, unit) { return try ExprBackend.ensureCompatible(t2, out) }
            if ExprBackend.isConstant(t2, unit) { return try ExprBackend.ensureCompatible(t1, out) }
            if t2.expr?.constantValue != nil { return try ExprBackend.commute(op, out, t2, t1) }
            let inverse: BinaryOp = op == .add ? .subtract : .divide
            if let (c, t3) = ExprBackend.isBinary(t2, inverse), ExprBackend.isConstant(c, unit) {
                return try ExprBackend.binaryExpr(inverse, out, t1, t3)
            }
            return try ExprBackend.commute(op, out, t1, t2)
        case .subtract:
            if ExprBackend.isConstant(t2, 0) { return try ExprBackend.ensureCompatible(t1, out) }
        case .divide, .pow:
            if ExprBackend.isConstant(t2, 1) { return try ExprBackend.ensureCompatible(t1, out) }
        default: break
        }
        return try ExprBackend.binaryExpr(op, out, t1, t2)
    }

    public func select(_ out: TensorTemplate, _ pred: Tensor, _ onTrue: Tensor, _ onFalse: Tensor) throws -> Tensor {
        try shaped(out, .select, [pred, onTrue, onFalse])
    }

    public func reduce(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, axes: [Int]) throws -> Tensor {
        let all = axes.count == t.rank
        let keep = out.rank == t.rank && t.rank > 0
        return try shaped(out, .reduce(op, axes: axes, allAxes: all && !keep, keepAxes: keep), [t])
    }
    public func argReduce(max: Bool, _ out: TensorTemplate, _ t: Tensor, axis: Int?, tieBreakHigh: Bool) throws -> Tensor {
        try shaped(out, .argReduce(max: max, axis: axis, tieBreakHigh: tieBreakHigh), [t])
    }
    public func pad(_ out: TensorTemplate, _ t: Tensor, value: Tensor, config: [(Int, Int, Int)]) throws -> Tensor {
        try shaped(out, .pad(config: config), [t, value])
    }
    public func gather(_ out: TensorTemplate, _ t: Tensor, indices: Tensor) throws -> Tensor { try shaped(out, .gather, [t, indices]) }
    public func indexedUpdate(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, updates: Tensor, add: Bool) throws -> Tensor {
        try shaped(out, .indexedUpdate(add: add), [t, indices, updates])
    }
    public func take(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, axis: Int) throws -> Tensor {
        try shaped(out, .take(axis: axis), [t, indices])
    }
    public func takeAlongAxis(_ out: TensorTemplate, _ t: Tensor, indices: Tensor, axis: Int) throws -> Tensor {
        try shaped(out, .takeAlongAxis(axis: axis), [t, indices])
    }
    public func putSlice(_ out: TensorTemplate, _ t: Tensor, starts: [Int], slice: Tensor) throws -> Tensor {
        try shaped(out, .putSlice(starts: starts), [t, slice])
    }
    public func sort(_ out: TensorTemplate, _ t: Tensor, axis: Int, descending: Bool, indices: Bool) throws -> Tensor {
        try shaped(out, .sort(axis: axis, descending: descending, indices: indices), [t])
    }
    public func cumulative(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, axis: Int, reverse: Bool) throws -> Tensor {
        try shaped(out, .cumulative(op, axis: axis, reverse: reverse), [t])
    }
    public func dot(_ out: TensorTemplate, _ a: Tensor, contract ca: [Int], batch ba: [Int],
                    _ b: Tensor, contract cb: [Int], batch bb: [Int]) throws -> Tensor {
        try shaped(out, .dot(contractA: ca, batchA: ba, contractB: cb, batchB: bb), [a, b])
    }

    public func window(_ op: ReduceOp, _ out: TensorTemplate, _ t: Tensor, _ geometry: Nx.WindowGeometry) throws -> Tensor {
        ExprBackend.node(out, .window(op, geometry), [try ExprBackend.toExpr(t)])
    }

    public func conv(_ out: TensorTemplate, _ input: Tensor, _ kernel: Tensor, _ plan: Nx.ConvPlan) throws -> Tensor {
        ExprBackend.node(out, .conv(plan), [try ExprBackend.toExpr(input), try ExprBackend.toExpr(kernel)])
    }

    public func linalg(_ op: LinAlgOp, _ outs: [TensorTemplate], _ inputs: [Tensor]) throws -> [Tensor] {
        ExprBackend.outputs(outs, .linalg(op, outs: outs), try inputs.map(ExprBackend.toExpr))
    }
}

