import NxCore
import Defn

/// `Nx.Defn.Kernel`: the operators and special forms of defn bodies. Operators compute on
/// numbers as Elixir does and trace on tensors through the Nx front end; `__cond__` and
/// `__while__` (what DefnRewrite turns `if`/`cond`/`while` into) build graph nodes.
enum DefnKernelModule {
    static let module = "Nx.Defn.Kernel"

    /// Operator → the Nx function it calls on tensors.
    static let tensorOperators: [String: String] = [
        "+": "add", "-": "subtract", "*": "multiply", "/": "divide", "**": "pow",
        "<": "less", ">": "greater", "<=": "less_equal", ">=": "greater_equal", "==": "equal", "!=": "not_equal",
        "and": "logical_and", "or": "logical_or", "&&&": "bitwise_and", "|||": "bitwise_or", "^^^": "bitwise_xor",
        "<<<": "left_shift", ">>>": "right_shift", "max": "max", "min": "min", "rem": "remainder", "div": "quotient",
    ]

    /// Where each operator goes for host values.
    static let hostOwners: [String: String] = [
        "&&&": "Bitwise", "|||": "Bitwise", "^^^": "Bitwise", "<<<": "Bitwise", ">>>": "Bitwise",
    ]

    static func isTensorLike(_ v: Value) -> Bool {
        if case .tensor = v { return true }
        return false
    }

    static func install(into r: Registry) {
        Evaluator.interruptCheck = { try DefnRuntime.shared.interruptSignal?.check() }
        r.document(module: module, "The operators and forms available inside `defn`: arithmetic, comparison, logical and bitwise operators on tensors, `if`/`cond`/`while` as graph nodes, hooks, `print_expr`, `stop_grad`, `custom_grad`, `keyword!`.")
        for (op, nxName) in tensorOperators {
            r.define(module, op, arity: 2, doc: "`\(op)` on tensors (`Nx.\(nxName)/2`) or numbers.") { a, ctx in
                if isTensorLike(a[0]) || isTensorLike(a[1]) || (op == "and" || op == "or") && (NxValues.number(a[0]) != nil) {
                    return try ctx.callRemote(module: "Nx", name: nxName, a)
                }
                return try hostOperator(op, a, ctx)
            }
        }
        r.define(module, "-", arity: 1, doc: "Negation of a tensor or number.") { a, ctx in
            if isTensorLike(a[0]) { return try ctx.callRemote(module: "Nx", name: "negate", a) }
            return try Value.negate(a[0])
        }
        r.define(module, "+", arity: 1, doc: "Unary plus: the tensor or number itself.") { a, _ in
            guard isTensorLike(a[0]) || NxValues.number(a[0]) != nil else {
                throw ElixirError.arithmetic("bad argument in arithmetic expression: +(\(Inspector.inspect(a[0])))")
            }
            return a[0]
        }
        r.define(module, "not", arity: 1, doc: "Logical not of a tensor (0 is false) or boolean.") { a, ctx in
            if isTensorLike(a[0]) || NxValues.number(a[0]) != nil { return try ctx.callRemote(module: "Nx", name: "logical_not", a) }
            return try ctx.callRemote(module: "Kernel", name: "not", a)
        }
        r.define(module, "~~~", arity: 1, doc: "Bitwise not of a tensor or integer.") { a, ctx in
            if isTensorLike(a[0]) { return try ctx.callRemote(module: "Nx", name: "bitwise_not", a) }
            return try ctx.callRemote(module: "Bitwise", name: "~~~", a)
        }
        r.define(module, "__cond__", arity: 1) { a, ctx in try DefnControl.cond(a[0], ctx) }
        r.define(module, "__while__", arity: 4) { a, ctx in try DefnControl.whileLoop(a[0], condition: a[1], body: a[2], options: a[3], ctx) }
        r.define(module, "__while_range__", arity: 4) { a, ctx in
            try DefnControl.whileRange(a[0], range: a[1], body: a[2], options: a[3], ctx)
        }
        r.define(module, "__remote__", arity: 3) { a, ctx in try remote(a[0], a[1], a[2].listElements ?? [], ctx) }
        r.define(module, "keyword!", arity: 2, doc: "Validates keyword options against the allowed keys and their defaults.") { a, _ in
            try keywordBang(a[0], a[1])
        }
        DefnHooks.install(into: r)
    }

    /// `Mod.fun(args)` inside defn: defns and transforms of user modules and the Nx modules run;
    /// other Elixir functions raise, as Nx does.
    static func remote(_ moduleAtom: Value, _ nameAtom: Value, _ args: [Value], _ ctx: Context) throws -> Value {
        guard case .atom(let atom) = moduleAtom, case .atom(let name) = nameAtom else {
            throw ElixirError.argument("invalid remote call in defn")
        }
        let module = Compiler.moduleKey(atom)
        let allowed: Bool
        if let interp = ctx as? Interpreter, let m = interp.modules[module] {
            let kind = m.function(name, args.count)?.kind
            allowed = kind == nil || kind == .defn || kind == .defnp || kind == .deftransform || kind == .deftransformp
        } else {
            allowed = module == "Nx" || module.hasPrefix("Nx.") || module == "Complex" || module == "Kernel"
                || ctx.callRemoteIsMissing(module, name, args.count)
        }
        guard allowed else {
            let mfa = "\(Exceptions.moduleDisplay(module)).\(name)/\(args.count)"
            let detail = module == "IO"
                ? ". To print the runtime value of a tensor, use print_value/2. To print the tensor expression, use print_expr/2" : ""
            throw ElixirError.exception("RuntimeError", "cannot invoke \(mfa) inside defn because it was not defined with defn" + detail)
        }
        return try ctx.callRemote(module: module, name: name, args)
    }

    static func hostOperator(_ op: String, _ a: [Value], _ ctx: Context) throws -> Value {
        switch op {
        case "and", "or":
            return try ctx.callRemote(module: "Kernel", name: op == "and" ? "and" : "or", a)
        case "max", "min", "rem", "div":
            return try ctx.callRemote(module: "Kernel", name: op, a)
        default:
            return try ctx.callRemote(module: hostOwners[op] ?? "Kernel", name: op, a)
        }
    }

    /// `keyword!(opts, defaults)`: unknown keys raise; missing keys take their default.
    static func keywordBang(_ opts: Value, _ defaults: Value) throws -> Value {
        guard let given = opts.listElements, let allowed = defaults.listElements else {
            throw ElixirError.argument("keyword!/2 expects a keyword list, got: \(Inspector.inspect(opts))")
        }
        func key(_ v: Value) -> Value? {
            if case .tuple(let kv) = v, kv.count == 2 { return kv[0] }
            if case .atom = v { return v }
            return nil
        }
        let allowedKeys = allowed.compactMap(key)
        var result: [(Value, Value)] = allowed.compactMap { item in
            if case .tuple(let kv) = item, kv.count == 2 { return (kv[0], kv[1]) }
            return nil
        }
        for item in given {
            guard case .tuple(let kv) = item, kv.count == 2 else {
                throw ElixirError.argument("keyword!/2 expects a keyword list, got: \(Inspector.inspect(opts))")
            }
            guard allowedKeys.contains(where: { Value.strictlyEqual($0, kv[0]) }) else {
                throw ElixirError.argument("unknown key \(Inspector.inspect(kv[0])) in \(Inspector.inspect(opts)), expected one of \(Inspector.inspect(.list(allowedKeys)))")
            }
            if let i = result.firstIndex(where: { Value.strictlyEqual($0.0, kv[0]) }) {
                result[i].1 = kv[1]
            } else {
                result.append((kv[0], kv[1]))
            }
        }
        return .list(result.map { .tuple([$0.0, $0.1]) })
    }
}

extension Context {
    /// Whether no built-in `module.name/arity` exists (the call then raises Elixir's undefined error).
    func callRemoteIsMissing(_ module: String, _ name: String, _ arity: Int) -> Bool {
        guard let interp = self as? Interpreter else { return false }
        return interp.registry.lookup(module, name, arity: arity) == nil
    }
}
