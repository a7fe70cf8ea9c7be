import NxCore

/// `Nx.Defn.Evaluator`: walks the graph node by node on the native backend. Each value is
/// dropped after its last use in its scope; `cond` evaluates only the taken branch and
/// `while` re-runs its body graph without re-tracing.
public struct Evaluator: DefnCompiler {
    public init() {}

    /// The most values the last top-level run held at once (a measure of intermediate freeing).
    public static var lastPeakLiveValues = 0

    /// Called between nodes and loop iterations; throws to stop a run (cooperative interrupts,
    /// DESIGN.md decision 9). The language sets it to its interrupt check.
    public static var interruptCheck: (() throws -> Void)?

    public func compile(outputs: [Tensor], hooks: [String: HookCallback]) -> Executable {
        let pinned = Evaluator.referencedFromSubgraphs(outputs)
        return { params in
            let run = Run(params: params, hooks: hooks, pinned: pinned)
            let result = try run.evaluate(outputs, parent: nil)
            Evaluator.lastPeakLiveValues = run.peakLive
            return result
        }
    }

    /// Nodes read inside cond branches and while bodies: kept alive for the whole run.
    static func referencedFromSubgraphs(_ outputs: [Tensor]) -> Set<Int> {
        var pinned = Set<Int>(), seen = Set<Int>()
        var stack = outputs
        var inSub: [Bool] = Array(repeating: false, count: outputs.count)
        while let t = stack.popLast() {
            let sub = inSub.removeLast()
            guard let node = t.expr else { continue }
            if sub { pinned.insert(node.id) }
            guard seen.insert(node.id).inserted else { continue }
            for a in node.args { stack.append(a); inSub.append(sub) }
            for s in subgraphRoots(node) { stack.append(s); inSub.append(true) }
        }
        return pinned
    }

    static func subgraphRoots(_ node: ExprNode) -> [Tensor] {
        switch node.op {
        case .cond(let c): return c.clauses.flatMap { [$0.pred] + $0.outputs } + c.last
        case .whileLoop(let w): return [w.condition] + w.body
        case .token(let hooks): return hooks.map { $0.expr }
        default: return []
        }
    }
}

/// Values of one scope (the graph, a branch, one loop iteration).
final class Scope {
    let parent: Scope?
    var values: [Int: [Tensor]]
    init(parent: Scope?, capacity: Int = 0) {
        self.parent = parent
        values = Dictionary(minimumCapacity: capacity)
    }

    func lookup(_ id: Int) -> [Tensor]? {
        if let v = values[id] { return v }
        return parent?.lookup(id)
    }
}

final class Run {
    let params: [Tensor]
    let hooks: [String: HookCallback]
    let pinned: Set<Int>
    let native = NativeBackend.shared
    var peakLive = 0

    init(params: [Tensor], hooks: [String: HookCallback], pinned: Set<Int>) {
        self.params = params
        self.hooks = hooks
        self.pinned = pinned
    }

    /// Evaluates `outputs` in a new scope under `parent` (whose values it reads).
    func evaluate(_ outputs: [Tensor], parent: Scope?, bind: [(Tensor, Tensor)] = []) throws -> [Tensor] {
        let scope = Scope(parent: parent)
        for (p, v) in bind { if let id = p.expr?.id { scope.values[id] = [v] } }
        // Post-order of the nodes this scope must compute, with use counts.
        var order: [Tensor] = []
        var uses: [Int: Int] = [:]
        var seen = Set<Int>()
        var stack: [(Tensor, Bool)] = outputs.reversed().map { ($0, false) }
        while let (t, expanded) = stack.popLast() {
            guard let node = t.expr else { continue }
            if expanded { order.append(t); continue }
            if scope.lookup(node.id) != nil || seen.contains(node.id) { continue }
            seen.insert(node.id)
            stack.append((t, true))
            for a in node.args.reversed() {
                if let id = a.expr?.id { uses[id, default: 0] += 1 }
                stack.append((a, false))
            }
        }
        for o in outputs { if let id = o.expr?.id { uses[id, default: 0] += 1 } }
        for t in order {
            guard let node = t.expr else { continue }
            try Evaluator.interruptCheck?()
            scope.values[node.id] = try compute(t, node, scope)
            if parent == nil { peakLive = max(peakLive, scope.values.count) }
            for a in node.args {
                guard let id = a.expr?.id, scope.values[id] != nil, !pinned.contains(id) else { continue }
                uses[id, default: 1] -= 1
                if uses[id] == 0 { scope.values[id] = nil }
            }
        }
        return try outputs.map { try value($0, scope) }
    }

    func value(_ t: Tensor, _ scope: Scope) throws -> Tensor {
        guard let node = t.expr else { return t }
        guard let v = scope.lookup(node.id)?.first else {
            throw NxError(module: "RuntimeError", message: "defn evaluator: value of a node is missing")
        }
        return v
    }

    func compute(_ t: Tensor, _ node: ExprNode, _ scope: Scope) throws -> [Tensor] {
        switch node.op {
        case .elem(let i):
            guard let tuple = scope.lookup(node.args[0].expr?.id ?? -1), i < tuple.count else {
                throw NxError(module: "RuntimeError", message: "defn evaluator: missing tuple element")
            }
            return [tuple[i]]
        case .cond(let c):
            for (pred, outs) in c.clauses {
                let p = try evaluate([pred], parent: scope)[0]
                if try Nx.toNumber(p).doubleValue != 0 { return try evaluate(outs, parent: scope) }
            }
            return try evaluate(c.last, parent: scope)
        case .whileLoop(let w):
            var state = try w.initial.map { try value($0, scope) }
            while true {
                try Evaluator.interruptCheck?()
                let bind = Array(zip(w.parameters, state))
                let p = try evaluate([w.condition], parent: scope, bind: bind)[0]
                if try Nx.toNumber(p).doubleValue == 0 { break }
                state = try evaluate(w.body, parent: scope, bind: bind)
            }
            return state
        default:
            return try apply(t, node, try node.args.map { try value($0, scope) })
        }
    }

    /// Runs a node that reads only its arguments' values `a` (not control flow, not `elem`).
    func apply(_ t: Tensor, _ node: ExprNode, _ a: [Tensor]) throws -> [Tensor] {
        let out = t.template
        switch node.op {
        case .parameter(let i):
            guard i < params.count else {
                throw NxError(module: "RuntimeError", message: "defn evaluator: parameter \(i) is not bound")
            }
            return [params[i]]
        case .constant(let n): return [try native.constant(out, n)]
        case .tensor(let value): return [value]
        case .metadata, .customGrad: return [a[0]]
        case .elem, .cond, .whileLoop:
            preconditionFailure("control flow and tuple reads run through compute(_:_:_:)")
        case .token(let hs):
            for (h, v) in zip(hs, a) {
                if let cb = hooks[h.name] ?? h.callback { try cb(v) }
            }
            return a
        case .attachToken: return [a[1]]
        case .iota(let axis): return [try native.iota(out, axis: axis)]
        case .eye: return [try native.eye(out)]
        case .asType: return [try native.asType(out, a[0])]
        case .bitcast: return [try native.bitcast(out, a[0])]
        case .reshape: return [try native.reshape(out, a[0])]
        case .broadcast(let axes): return [try native.broadcast(out, a[0], axes: axes)]
        case .transpose(let axes): return [try native.transpose(out, a[0], axes: axes)]
        case .reverse(let axes): return [try native.reverse(out, a[0], axes: axes)]
        case .slice(let starts, let strides): return [try native.slice(out, a[0], starts: starts, strides: strides)]
        case .concatenate(let axis): return [try native.concatenate(out, a, axis: axis)]
        case .unary(let op): return [try native.unary(op, out, a[0])]
        case .binary(let op): return [try native.binary(op, out, a[0], a[1])]
        case .select: return [try native.select(out, a[0], a[1], a[2])]
        case .reduce(let op, let axes, _, _): return [try native.reduce(op, out, a[0], axes: axes)]
        case .argReduce(let max, let axis, let high): return [try native.argReduce(max: max, out, a[0], axis: axis, tieBreakHigh: high)]
        case .pad(let config): return [try native.pad(out, a[0], value: a[1], config: config)]
        case .gather: return [try native.gather(out, a[0], indices: a[1])]
        case .indexedUpdate(let add): return [try native.indexedUpdate(out, a[0], indices: a[1], updates: a[2], add: add)]
        case .take(let axis): return [try native.take(out, a[0], indices: a[1], axis: axis)]
        case .takeAlongAxis(let axis): return [try native.takeAlongAxis(out, a[0], indices: a[1], axis: axis)]
        case .putSlice(let starts): return [try native.putSlice(out, a[0], starts: starts, slice: a[1])]
        case .sort(let axis, let desc, let indices): return [try native.sort(out, a[0], axis: axis, descending: desc, indices: indices)]
        case .cumulative(let op, let axis, let reverse): return [try native.cumulative(op, out, a[0], axis: axis, reverse: reverse)]
        case .dot(let ca, let ba, let cb, let bb):
            return [try native.dot(out, a[0], contract: ca, batch: ba, a[1], contract: cb, batch: bb)]
        case .window(let op, let geometry): return [try native.window(op, out, a[0], geometry)]
        case .conv(let plan): return [try native.conv(out, a[0], a[1], plan)]
        case .linalg(let op, let outs): return try native.linalg(op, outs, a)
        }
    }
}
