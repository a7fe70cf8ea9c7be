import NxCore
import Defn

/// `hook`, `print_value`/`inspect_value` (hooks that print), `print_expr`/`inspect_expr`
/// (print at trace time), `stop_grad` and `custom_grad` (metadata nodes for grad).
enum DefnHooks {
    static let module = "Nx.Defn.Kernel"
    static var counter = 0

    static func callback(_ fun: Value, _ ctx: Context) -> HookCallback {
        { t in _ = try ctx.call(fun, [.tensor(t)]) }
    }

    static func eachTensor(_ v: Value, _ f: (Tensor) throws -> Tensor) throws -> Value {
        var tensors: [Tensor] = []
        try DefnContainers.flatten(v, into: &tensors)
        var i = 0
        return try DefnContainers.rebuild(v) {
            defer { i += 1 }
            return try f(tensors[i])
        }
    }

    static func install(into r: Registry) {
        r.define(module, "hook", arities: [2, 3], doc: "Calls a function (or the `hooks:` option's entry for the name) with the value of an expression when it is computed.") { a, ctx in
            var name: String, fun: Value?
            if case .atom(let n) = a[1] {
                name = n
                fun = a.count == 3 ? a[2] : nil
            } else {
                counter += 1
                name = "hook_\(counter)"
                fun = a[1]
            }
            let cb = fun.map { callback($0, ctx) }
            return try eachTensor(a[0]) { t in try NxBridge.run { try ExprBackend.hook(t, name: name, callback: cb) } }
        }
        for name in ["print_value", "inspect_value"] {
            r.define(module, name, arities: [1, 2], doc: "Prints the value of the expression when it is computed; returns the expression.") { a, ctx in
                let opts = a.count > 1 ? a[1] : .emptyList
                let cb: HookCallback = { t in _ = try ctx.callRemote(module: "IO", name: "inspect", [.tensor(t), opts]) }
                return try eachTensor(a[0]) { t in try NxBridge.run { try ExprBackend.hook(t, name: name, callback: cb) } }
            }
        }
        for name in ["print_expr", "inspect_expr"] {
            r.define(module, name, arities: [1, 2], doc: "Prints the expression (its graph) when the defn is traced; returns it.") { a, ctx in
                _ = try ctx.callRemote(module: "IO", name: "inspect", [a[0], a.count > 1 ? a[1] : .emptyList])
                return a[0]
            }
        }
        r.define(module, "stop_grad", arity: 1, doc: "Marks an expression as constant for grad.") { a, _ in
            try eachTensor(a[0]) { t in try NxBridge.run { try ExprBackend.metadata(t, name: "stop_grad", inspect: ":stop_grad") } }
        }
        r.define(module, "custom_grad", arity: 3, doc: "Defines the gradient of an expression with respect to the given inputs: `fun` receives the output's gradient and returns one gradient per input.") { a, ctx in
            let inputs = try DefnContainers.flatten(a[1].listElements ?? [a[1]])
            let fun = a[2]
            let gradient: GradientFunction = { g in
                let result = try ctx.call(fun, [.tensor(g)])
                guard let items = result.listElements, items.allSatisfy({ if case .tensor = $0 { return true }; return false }) else {
                    throw ElixirError.exception("RuntimeError", "custom_grad/3 must return a list of tensors that map directly to the inputs")
                }
                return try DefnContainers.flatten(items)
            }
            return try eachTensor(a[0]) { t in try NxBridge.run { try ExprBackend.customGrad(t, inputs: inputs, gradient: gradient) } }
        }
    }
}
