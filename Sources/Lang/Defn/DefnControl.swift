import NxCore
import Defn

/// `if`/`unless`/`cond` and `while` inside defn: branches and loop bodies are traced (as
/// functions the rewritten body passes in) and recorded as `cond` and `while` nodes.
enum DefnControl {
    static func compileError(_ message: String) -> ElixirError { .exception("CompileError", message) }

    /// A predicate as a scalar tensor expression (booleans and numbers become constants).
    static func predicate(_ v: Value, _ form: String) throws -> Tensor {
        switch v {
        case .atom("true"), .atom("false"):
            return ExprBackend.constant(TensorTemplate(type: .u8, shape: []), .int(v.isAtom("true") ? 1 : 0))
        case .tensor(let t):
            guard t.rank == 0 else {
                throw compileError("condition must be a scalar tensor, got: \(Inspector.inspect(v)), consider using Nx.all/1 or Nx.any/1 to obtain a scalar predicate from tensor")
            }
            return try NxBridge.run { try ExprBackend.toExpr(t) }
        default:
            if let n = NxValues.number(v) { return ExprBackend.constant(TensorTemplate(type: n.defaultType, shape: []), n) }
            throw compileError("\(form) in defn expects the predicate to be true, false, or a scalar tensor where 0 is false and everything else is true. Unsupported value: \(Inspector.inspect(v))")
        }
    }

    /// The tensors and numbers of a branch result, in flattening order.
    static func operands(_ v: Value, into out: inout [Operand]) throws {
        switch v {
        case .tensor(let t): out.append(.tensor(t))
        case .tuple(let items): for i in items { try operands(i, into: &out) }
        case .map(let m) where m.structName == nil: for x in m.values { try operands(x, into: &out) }
        default:
            if let n = NxValues.number(v) { out.append(.number(n)); return }
        }
    }

    static func cond(_ clauses: Value, _ ctx: Context) throws -> Value {
        var pending: [(Tensor, Value)] = []
        for clause in clauses.listElements ?? [] {
            guard case .tuple(let pair) = clause, pair.count == 2 else { continue }
            let pred = try predicate(try ctx.call(pair[0], []), "cond")
            if let n = pred.expr?.constantValue {
                // Clauses that can never match are dropped; one that always matches ends the cond.
                if n.doubleValue == 0 { continue }
                if pending.isEmpty { return try ctx.call(pair[1], []) }
                return try build(pending, last: pair[1], ctx)
            }
            pending.append((pred, pair[1]))
        }
        throw compileError("cond/if expects at least one branch to always evaluate to true")
    }

    static func build(_ pending: [(Tensor, Value)], last lastFn: Value, _ ctx: Context) throws -> Value {
        var clauses: [(pred: Tensor, outputs: [Operand])] = []
        for (pred, fn) in pending {
            var outs: [Operand] = []
            try operands(try ctx.call(fn, []), into: &outs)
            clauses.append((pred, outs))
        }
        let last = try ctx.call(lastFn, [])
        var lastOuts: [Operand] = []
        try operands(last, into: &lastOuts)
        for c in clauses where c.outputs.count != lastOuts.count {
            throw compileError("cond/if expects all branches to return compatible tensor types")
        }
        let outputs = try NxBridge.run { try ExprBackend.cond(clauses: clauses, last: lastOuts) }
        return try DefnContainers.rebuild([last], with: outputs)[0]
    }

    static func typeShape(_ ts: [Tensor]) -> String {
        let parts = ts.map { TensorInspect.header($0.template) }
        return parts.count == 1 ? parts[0] : "{" + parts.joined(separator: ", ") + "}"
    }

    /// Traces one loop: `state` becomes parameters, then condition and body are traced on them.
    static func loop(_ initial: [Tensor], condition: ([Tensor]) throws -> Tensor,
                     body: ([Tensor]) throws -> [Tensor]) throws -> [Tensor] {
        let exprs = try NxBridge.run { try initial.map(ExprBackend.toExpr) }
        let params = exprs.enumerated().map { ExprBackend.parameter($0.element.template, $0.offset) }
        let pred = try condition(params)
        let next = try NxBridge.run { try body(params).map(ExprBackend.toExpr) }
        guard next.count == exprs.count, zip(next, exprs).allSatisfy({ $0.template == $1.template }) else {
            throw compileError("the do-block in while must return tensors with the same shape, type, and names as the initial arguments. Got body \(typeShape(next)) and initial \(typeShape(exprs))")
        }
        return ExprBackend.whileLoop(WhileLoop(initial: exprs, parameters: params, condition: pred, body: next))
    }

    static func whileLoop(_ initial: Value, condition: Value, body: Value, options: Value, _ ctx: Context) throws -> Value {
        let tensors = try DefnContainers.flatten([initial])
        let outputs = try loop(tensors, condition: { params in
            let state = try DefnContainers.rebuild([initial], with: params)[0]
            return try predicate(try ctx.call(condition, [state]), "while")
        }, body: { params in
            let state = try DefnContainers.rebuild([initial], with: params)[0]
            return try DefnContainers.flatten([try ctx.call(body, [state])])
        })
        return try DefnContainers.rebuild([initial], with: outputs)[0]
    }

    /// `while acc, i <- first..last//step`: unrolled at trace time with `unroll: true`,
    /// otherwise a loop whose state carries the index.
    static func whileRange(_ initial: Value, range: Value, body: Value, options: Value, _ ctx: Context) throws -> Value {
        guard case .range(let first, let last, let step) = range else {
            throw compileError("while/3 expects a range in its generator, got: \(Inspector.inspect(range))")
        }
        let unroll = (options.listElements ?? []).contains {
            if case .tuple(let kv) = $0, kv.count == 2, kv[0].isAtom("unroll") { return kv[1].isAtom("true") }
            return false
        }
        if unroll {
            var acc = initial
            for i in stride(from: first, through: last, by: step) { acc = try ctx.call(body, [acc, .int(i)]) }
            return acc
        }
        let tensors = try DefnContainers.flatten([initial]) + [try NxBridge.run { try Nx.toTensor(.int(Int64(first))) }]
        let outputs = try loop(tensors, condition: { params in
            let cmp: BinaryOp = step > 0 ? .less_equal : .greater_equal
            return try NxBridge.run { try Nx.binary(cmp, .tensor(params.last!), .int(Int64(last))) }
        }, body: { params in
            let state = try DefnContainers.rebuild([initial], with: Array(params.dropLast()))[0]
            let next = try DefnContainers.flatten([try ctx.call(body, [state, .tensor(params.last!)])])
            return next + [try NxBridge.run { try Nx.add(.tensor(params.last!), .int(Int64(step))) }]
        })
        return try DefnContainers.rebuild([initial], with: Array(outputs.dropLast()))[0]
    }
}
