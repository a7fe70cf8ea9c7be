import NxCore
import Defn

/// `Nx.Defn`: jit, compile, debug_expr, stream and the default options.
enum DefnModule {
    static let module = "Nx.Defn"
    static var globalOptions: Value = .emptyList
    static let optionsKey = Value.tuple([.module("Nx.Defn"), .atom("default_options")])

    static func install(into r: Registry) {
        DefnKernelModule.install(into: r)
        r.document(module: module, "Numerical definitions: `defn` functions traced into expression graphs and run by a compiler (`Nx.Defn.Evaluator` by default).")
        r.define(module, "debug_expr", arities: [1, 2], doc: "Returns a function that traces `fun` and returns its expression instead of computing it.") { a, ctx in
            let fun = a[0]
            let arity = try functionArity(fun)
            return .function(Function(arity: arity, body: .native({ args, ctx in try debugExpr(fun, args, ctx) }),
                                      inspectText: "#Function<debug_expr>"))
        }
        r.define(module, "debug_expr_apply", arities: [2, 3], doc: "Traces `fun` with `args` and returns its expression.") { a, ctx in
            try debugExpr(a[0], a[1].listElements ?? [], ctx)
        }
        r.define(module, "jit", arities: [1, 2], doc: "Returns a function that traces, compiles (cached by input templates) and runs `fun`.") { a, ctx in
            let fun = a[0], opts = a.count > 1 ? a[1] : .emptyList
            let arity = try functionArity(fun)
            let jitted = try Jitted(fun, opts, ctx)
            return .function(Function(arity: arity, body: .native({ args, ctx in try jitted.apply(args, ctx) }),
                                      inspectText: "#Function<jit>"))
        }
        r.define(module, "jit_apply", arities: [2, 3], doc: "Traces, compiles and runs `fun` on `args`.") { a, ctx in
            try jitApply(a[0], a[1].listElements ?? [], a.count > 2 ? a[2] : .emptyList, ctx)
        }
        r.define(module, "compile", arities: [2, 3], doc: "Compiles `fun` for the given templates (`Nx.template/2`) ahead of time; the result takes the tensor arguments only.") { a, ctx in
            try compile(a[0], a[1].listElements ?? [], a.count > 2 ? a[2] : .emptyList, ctx)
        }
        r.define(module, "default_options", arity: 0, doc: "The default options of jit/compile in this process.") { _, ctx in
            ctx.processState.dictionary[optionsKey] ?? globalOptions
        }
        r.define(module, "default_options", arity: 1, doc: "Sets the default options in this process; returns the previous ones.") { a, ctx in
            let previous = ctx.processState.dictionary[optionsKey] ?? globalOptions
            ctx.processState.dictionary[optionsKey] = a[0]
            return previous
        }
        r.define(module, "global_default_options", arity: 1, doc: "Sets the default options for every process; returns the previous ones.") { a, _ in
            let previous = globalOptions
            globalOptions = a[0]
            return previous
        }
        r.define(module, "to_backend", arities: [0, 1], doc: "The backend outputs of the configured compiler live on: the native backend.") { a, ctx in
            _ = try validated(a.first ?? .emptyList, ctx)
            return .tuple([.module("SwiftNx.Backend"), .emptyList])
        }
        DefnStream.install(into: r)
        DefnGrad.install(into: r)
    }

    static func functionArity(_ fun: Value) throws -> Int {
        guard case .function(let f) = fun else {
            throw ElixirError.argument("expected a function, got: \(Inspector.inspect(fun))")
        }
        return f.arity
    }

    static func debugExpr(_ fun: Value, _ args: [Value], _ ctx: Context) throws -> Value {
        let result = try DefnRuntime.shared.trace(args) { traced in try ctx.call(fun, traced) }
        return try DefnHooks.eachTensor(result) { t in try NxBridge.run { try ExprBackend.toExpr(t) } }
    }

    /// The `hooks:` option: hook name → callback.
    static func hooks(_ opts: Value, _ ctx: Context) -> [String: HookCallback] {
        var out: [String: HookCallback] = [:]
        for item in opts.listElements ?? [] {
            guard case .tuple(let kv) = item, kv.count == 2, kv[0].isAtom("hooks"), case .map(let m) = kv[1] else { continue }
            for (k, v) in m.pairs { if case .atom(let name) = k { out[name] = DefnHooks.callback(v, ctx) } }
        }
        return out
    }

    static func functionKey(_ fun: Value) -> String {
        guard case .function(let f) = fun else { return "?" }
        return "fn#\(ObjectIdentifier(f).hashValue)"
    }

    static func jitApply(_ fun: Value, _ args: [Value], _ opts: Value, _ ctx: Context) throws -> Value {
        try Jitted(fun, opts, ctx).apply(args, ctx)
    }

    /// A function with its jit options resolved once, so its compilations (hooks included)
    /// are cached for every call.
    final class Jitted {
        static var counter = 0
        let fun: Value
        let hooks: [String: HookCallback]
        let hooksKey: String
        let onConflict: DefnRuntime.Conflict
        let compiler: (name: String, compiler: DefnCompiler)

        init(_ fun: Value, _ opts: Value, _ ctx: Context) throws {
            let options = try validated(opts, ctx)
            self.fun = fun
            hooks = DefnModule.hooks(options, ctx)
            Jitted.counter += 1
            hooksKey = hooks.isEmpty ? "" : "hooks\(Jitted.counter)"
            onConflict = try DefnModule.onConflict(options)
            compiler = try DefnModule.compiler(options)
        }

        func apply(_ args: [Value], _ ctx: Context) throws -> Value {
            if let interp = ctx as? Interpreter { DefnRuntime.shared.interpreter = interp }
            let args = try NxBridge.run { try args.map(DefnContainers.materializingBatches) }
            return try DefnRuntime.shared.run(key: functionKey(fun) + "@" + compiler.name,
                                              args: args, hooks: hooks, compiler: compiler.compiler, hooksKey: hooksKey,
                                              onConflict: onConflict, keepAlive: DefnContainers.functions(fun)) { traced in try ctx.call(fun, traced) }
        }
    }

    /// The options merged over the defaults (process, then global).
    static func validated(_ opts: Value, _ ctx: Context) throws -> Value {
        let defaults = ctx.processState.dictionary[optionsKey] ?? globalOptions
        let merged = Value.list((defaults.listElements ?? []) + (opts.listElements ?? []))
        _ = try compiler(merged)
        return merged
    }

    /// The compiler the `compiler:` option names (the last one given wins), the Evaluator by default.
    static func compiler(_ opts: Value) throws -> (name: String, compiler: DefnCompiler) {
        var chosen: (name: String, compiler: DefnCompiler) = ("Nx.Defn.Evaluator", Evaluator())
        for item in opts.listElements ?? [] {
            guard case .tuple(let kv) = item, kv.count == 2, kv[0].isAtom("compiler") else { continue }
            guard case .atom(let atom) = kv[1], let c = DefnCompilers.byName[Compiler.moduleKey(atom)] else {
                let known = DefnCompilers.byName.keys.sorted().joined(separator: ", ")
                throw ElixirError.argument("unknown defn compiler \(Inspector.inspect(kv[1])), expected one of: \(known)")
            }
            chosen = (Compiler.moduleKey(atom), c)
        }
        return chosen
    }

    static func onConflict(_ opts: Value) throws -> DefnRuntime.Conflict {
        var mode = DefnRuntime.Conflict.raise
        for item in opts.listElements ?? [] {
            guard case .tuple(let kv) = item, kv.count == 2, kv[0].isAtom("on_conflict") else { continue }
            switch kv[1] {
            case .atom("raise"): mode = .raise
            case .atom("force"): mode = .force
            case .atom("reuse"): mode = .reuse
            default: throw ElixirError.argument("expected :on_conflict to be :raise, :force or :reuse, got: \(Inspector.inspect(kv[1]))")
            }
        }
        return mode
    }

    /// `Nx.Defn.compile/3`: traced now from templates; the returned function checks that its
    /// tensor arguments match them.
    static func compile(_ fun: Value, _ templates: [Value], _ opts: Value, _ ctx: Context) throws -> Value {
        let dynamic = templates.enumerated().filter { isDynamic($0.element) }.map { $0.offset }
        let options = try validated(opts, ctx)
        let result = try DefnRuntime.shared.trace(templates) { traced in try ctx.call(fun, traced) }
        let exec = try compiler(options).compiler.compile(outputs: try DefnRuntime.outputExprs(result), hooks: hooks(options, ctx))
        // Decided once: the template tensors the common call matches, and whether the result is one tensor.
        let expected = dynamic.map { pos -> Tensor? in
            guard case .tensor(let t) = templates[pos], t.vectorizedAxes.isEmpty else { return nil }
            return t
        }
        let tensorResult: Bool
        if case .tensor = result { tensorResult = true } else { tensorResult = false }
        return .function(Function(arity: dynamic.count, body: .native({ args, _ in
            if DefnRuntime.shared.tracing > 0 {
                throw ElixirError.exception("RuntimeError", "cannot invoke compiled function when there is a JIT compilation happening")
            }
            let inputs = try matchingTensors(args, expected) ?? checkedInputs(args, templates, dynamic)
            let outputs = try NxBridge.run { try exec(inputs) }
            if tensorResult, outputs.count == 1 { return .tensor(outputs[0]) }
            return try DefnContainers.rebuild([result], with: outputs)[0]
        }), inspectText: "#Function<compiled>"))
    }

    /// The arguments as the executable's inputs when each is a plain tensor of its template's
    /// type, shape and names (the common call: no key strings, no containers); nil otherwise.
    /// Read through buffer pointers: copying values and templates out of the arrays cost a
    /// retain and release each, the larger part of a small compiled call.
    static func matchingTensors(_ args: [Value], _ expected: [Tensor?]) -> [Tensor]? {
        guard args.count == expected.count else { return nil }
        return args.withUnsafeBufferPointer { args in
            expected.withUnsafeBufferPointer { expected -> [Tensor]? in
                for i in 0..<args.count {
                    guard case .tensor(let t) = args[i], let e = expected[i], t.vectorizedAxes.isEmpty,
                          sameLayout(t.template, e.template) else { return nil }
                }
                return Array(unsafeUninitializedCapacity: args.count) { tensors, count in
                    for i in 0..<args.count { if case .tensor(let t) = args[i] { (tensors.baseAddress! + i).initialize(to: t) } }
                    count = args.count
                }
            }
        }
    }

    /// Same type, shape and names, compared in place.
    @inline(__always) static func sameLayout(_ a: borrowing TensorTemplate, _ b: borrowing TensorTemplate) -> Bool {
        guard a.type == b.type, a.shape.count == b.shape.count, a.names.count == b.names.count else { return false }
        for k in 0..<a.shape.count where a.shape[k] != b.shape[k] { return false }
        for k in 0..<a.names.count where a.names[k] != b.names[k] { return false }
        return true
    }

    /// The executable's inputs after checking every argument against its template: the
    /// dynamic arguments' tensors, in order (static positions hold no tensors).
    static func checkedInputs(_ args: [Value], _ templates: [Value], _ dynamic: [Int]) throws -> [Tensor] {
        var inputs: [Tensor] = []
        inputs.reserveCapacity(args.count)
        for (i, pos) in dynamic.enumerated() {
            try checkTemplate(args[i], templates[pos], position: i)
            if case .tensor(let t) = args[i] { inputs.append(t) } else { try NxBridge.run { try DefnContainers.flatten(args[i], into: &inputs) } }
        }
        return inputs
    }

    static func isDynamic(_ v: Value) -> Bool {
        var ts: [Tensor] = []
        try? DefnContainers.flatten(v, into: &ts)
        return !ts.isEmpty
    }

    static func checkTemplate(_ arg: Value, _ template: Value, position: Int) throws {
        // The common case without building key strings: a tensor of the template's type, shape and names.
        if case .tensor(let a) = arg, case .tensor(let t) = template, a.type == t.type, a.shape == t.shape,
           a.vectorizedAxes.isEmpty, t.vectorizedAxes.isEmpty, a.names.count == t.names.count,
           !zip(a.names, t.names).contains(where: { $0 != $1 }) { return }
        guard DefnContainers.key(arg) != DefnContainers.key(template) else { return }
        func text(_ v: Value) -> String {
            if case .tensor(let t) = v { return "#Nx.Tensor<\n  \(TensorInspect.header(t.template))\n>" }
            return Inspector.inspect(v)
        }
        throw ElixirError.argument("argument at position \(position + 1) is not compatible with compiled function template.\n\n\u{1B}[32m\n<<<<< Expected <<<<<\n\(text(template))\n==========\n\u{1B}[31m\(text(arg))\n>>>>> Argument >>>>>\n\u{1B}[0m")
    }
}
