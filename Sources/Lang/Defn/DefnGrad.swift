import NxCore
import Defn

/// `grad` and `value_and_grad` of `Nx.Defn` (on plain functions, jit-compiled when called
/// outside a trace) and of `Nx.Defn.Kernel` (inside defn).
enum DefnGrad {
    static func install(into r: Registry) {
        for module in ["Nx.Defn", "Nx.Defn.Kernel"] {
            r.define(module, "grad", arity: 2, doc: "The gradient of `fun` with respect to `var_or_vars` (a tensor, or a tuple or map of tensors).") { a, ctx in
                guard case .tuple(let vg) = try valueAndGrad(a[0], a[1], nil, ctx), vg.count == 2 else { return .nil }
                return vg[1]
            }
            r.define(module, "value_and_grad", arity: 3, doc: "`{value, gradient}` of `fun` at `var_or_vars`; the gradient is of `transform.(value)`.") { a, ctx in
                try valueAndGrad(a[0], a[1], a[2], ctx)
            }
        }
        r.define("Nx.Defn.Kernel", "value_and_grad", arity: 2, doc: "`{value, gradient}` of `fun` at `var_or_vars`.") { a, ctx in
            try valueAndGrad(a[0], a[1], nil, ctx)
        }
        r.define("Nx.Defn", "grad", arity: 1, doc: "A function returning the gradient of `fun` (of arity 1) at its argument.") { a, ctx in
            let fun = a[0]
            try checkArity1(fun)
            return .function(Function(arity: 1, body: .native({ args, ctx in
                guard case .tuple(let vg) = try valueAndGrad(args[0], fun, nil, ctx), vg.count == 2 else { return .nil }
                return vg[1]
            }), inspectText: "#Function<grad>"))
        }
        r.define("Nx.Defn", "value_and_grad", arity: 1, doc: "A function returning `{value, gradient}` of `fun` (of arity 1) at its argument.") { a, ctx in
            try valueAndGradFunction(a[0], nil)
        }
        r.define("Nx.Defn", "value_and_grad", arity: 2, doc: "`value_and_grad(fun, transform)`: a function returning `{value, gradient}`; or `value_and_grad(var_or_vars, fun)`.") { a, ctx in
            if case .function(let f) = a[0], f.arity == 1, case .function = a[1] {
                return try valueAndGradFunction(a[0], a[1])
            }
            return try valueAndGrad(a[0], a[1], nil, ctx)
        }
    }

    static func checkArity1(_ fun: Value) throws {
        guard case .function(let f) = fun, f.arity == 1 else {
            throw ElixirError.exception("FunctionClauseError", "no function clause matching in Nx.Defn.grad/1")
        }
    }

    static func valueAndGradFunction(_ fun: Value, _ transform: Value?) throws -> Value {
        try checkArity1(fun)
        return .function(Function(arity: 1, body: .native({ args, ctx in try valueAndGrad(args[0], fun, transform, ctx) }),
                                  inspectText: "#Function<value_and_grad>"))
    }

    /// `{value, grad}`: traced directly inside a trace, otherwise jit-compiled (cached per function).
    static func valueAndGrad(_ vars: Value, _ fun: Value, _ transform: Value?, _ ctx: Context) throws -> Value {
        if DefnRuntime.shared.tracing > 0 { return try traced(vars, fun, transform, ctx) }
        if let interp = ctx as? Interpreter { DefnRuntime.shared.interpreter = interp }
        var key = "grad:" + DefnModule.functionKey(fun)
        var keep = DefnContainers.functions(fun)
        if let tr = transform {
            key += "/" + DefnModule.functionKey(tr)
            keep += DefnContainers.functions(tr)
        }
        return try DefnRuntime.shared.run(key: key, args: [vars], hooks: [:], keepAlive: keep) { args in
            try traced(args[0], fun, transform, ctx)
        }
    }

    static func traced(_ vars: Value, _ fun: Value, _ transform: Value?, _ ctx: Context) throws -> Value {
        var tensors: [Tensor] = []
        try DefnContainers.flatten(vars, into: &tensors)
        // Each variable is a new (invisible) node, as in Nx: tensors the function captures
        // from outside, the original variables included, stay constants.
        let variables = try NxBridge.run {
            try tensors.map { try ExprBackend.metadata($0, name: "to_grad", inspect: nil) }
        }
        var i = 0
        let bound = try DefnContainers.rebuild(vars) {
            defer { i += 1 }
            return variables[i]
        }
        let value = try ctx.call(fun, [bound])
        let target = try transform.map { try ctx.call($0, [value]) } ?? value
        let outputs = try DefnContainers.flatten([target])
        for o in outputs where o.expr == nil && !(NxValues.number(target) != nil) {
            throw ElixirError.argument("can only compute gradients of tensor expressions, got: \(Inspector.inspect(.tensor(o)))")
        }
        for o in outputs where !o.vectorizedAxes.isEmpty {
            throw ElixirError.argument("grad of a vectorized result is not supported in SwiftNx yet, got: \(Inspector.inspect(.tensor(o)))")
        }
        guard !outputs.isEmpty else {
            throw ElixirError.argument("expected the function given to grad to return a tensor, got: \(Inspector.inspect(target))")
        }
        let grads = try NxBridge.run { () -> [Tensor] in
            var total: [Tensor]? = nil
            for o in outputs {
                let g = try Grad.gradients(of: o, wrt: variables)
                if let sum = total {
                    total = try zip(sum, g).map { try Nx.add(.tensor($0), .tensor($1)) }
                } else {
                    total = g
                }
            }
            return total ?? []
        }
        let gradValue = try DefnContainers.rebuild([bound], with: grads)[0]
        return .tuple([value, gradValue])
    }
}
