import NxCore
import Defn

/// Calling numerical definitions: tracing a function into an expression graph (its tensor
/// arguments become parameters), compiling the graph and caching the executable by
/// function, input templates and static arguments (Nx.Defn.Compiler's role).
final class DefnRuntime {
    static let shared = DefnRuntime()

    /// Depth of tracing in progress: calls to defns inside a trace inline their body.
    var tracing = 0
    /// The defns being inlined, to report recursion instead of looping forever.
    var inlining: [ObjectIdentifier] = []
    /// Compiled executables with their output shape. Keys use object identities, so each entry
    /// keeps those objects alive: an identity cannot be reused by another function while cached.
    private var cache: [String: (exec: Executable, shape: Value, keepAlive: [AnyObject])] = [:]
    /// The interpreter whose interrupt flag stops running graphs.
    weak var interpreter: Interpreter? { didSet { interruptSignal = interpreter?.interruptSignal } }
    /// That interpreter's flag, held strongly (it outlives the interpreter harmlessly).
    private(set) var interruptSignal: InterruptSignal?

    /// Traces `body` with parameters for the tensors of `args`; returns the result container
    /// whose tensors are expressions.
    func trace(_ args: [Value], _ body: ([Value]) throws -> Value) throws -> Value {
        var tensors: [Tensor] = []
        for a in args { try DefnContainers.flatten(a, into: &tensors) }
        var i = 0
        let traced = try args.map { arg in
            try DefnContainers.rebuild(arg) {
                defer { i += 1 }
                // A vectorized argument stays vectorized: the functions traced on it map over its entries.
                let p = ExprBackend.parameter(tensors[i].template, i)
                return Tensor(p.template, data: p.data, vectorizedAxes: tensors[i].vectorizedAxes)
            }
        }
        tracing += 1
        defer { tracing -= 1 }
        return try body(traced)
    }

    /// The result's tensors as expressions (numbers and concrete tensors become constants/tensor nodes).
    static func outputExprs(_ result: Value) throws -> [Tensor] {
        try DefnContainers.checkResult(result)
        return try NxBridge.run { try DefnContainers.flatten([result]).map(ExprBackend.toExpr) }
    }

    /// What a jit call does while another trace is in progress (`on_conflict:`).
    enum Conflict { case raise, force, reuse }

    /// Runs `body` as a compiled defn on `args`: traced once per `key` and templates.
    func run(key: String, args: [Value], hooks: [String: HookCallback], compiler: DefnCompiler = Evaluator(),
             hooksKey: String? = nil, onConflict: Conflict = .raise, keepAlive: [AnyObject] = [],
             _ body: ([Value]) throws -> Value) throws -> Value {
        if tracing > 0 {
            switch onConflict {
            case .raise:
                throw ElixirError.exception("RuntimeError", "cannot invoke JITed function when there is a JIT compilation happening")
            case .reuse:
                return try body(args)
            case .force:
                // A separate compilation, as if no trace were in progress.
                let (savedDepth, savedStack) = (tracing, inlining)
                (tracing, inlining) = (0, [])
                defer { (tracing, inlining) = (savedDepth, savedStack) }
                return try run(key: key, args: args, hooks: hooks, compiler: compiler, hooksKey: hooksKey,
                               keepAlive: keepAlive, body)
            }
        }
        // Hooks are compiled in: an executable with hooks is reused only under the same hooks key.
        let cacheable = hooks.isEmpty || hooksKey != nil
        let fullKey = key + "|" + (hooksKey ?? "") + "|" + args.map(DefnContainers.key).joined(separator: ";")
        let exec: Executable, shape: Value
        if cacheable, let hit = cache[fullKey] {
            (exec, shape) = (hit.exec, hit.shape)
        } else {
            let result = try trace(args, body)
            exec = compiler.compile(outputs: try DefnRuntime.outputExprs(result), hooks: hooks)
            shape = result
            if cacheable { cache[fullKey] = (exec, shape, keepAlive + args.flatMap(DefnContainers.functions)) }
        }
        let inputs = try DefnContainers.flatten(args)
        let outputs = try NxBridge.run { try exec(inputs) }
        // Compilers compute each node's data; the traced outputs say what wraps it (names given
        // by rename-like ops, vectorized axes).
        let traced = try DefnContainers.flatten([shape])
        let restored = zip(outputs, traced).map { out, t in
            out.shape == t.shape && out.type == t.type ? Tensor(t.template, data: out.data, vectorizedAxes: t.vectorizedAxes) : out
        }
        return try DefnContainers.rebuild([shape], with: restored)[0]
    }

    /// A call of a defn function from Elixir (or inlined when already tracing).
    func call(_ f: FunctionDef, _ args: [Value], interp: Interpreter) throws -> Value {
        interpreter = interp
        if tracing > 0 { return try inline(f, args, interp: interp) }
        // The compiler of the default options (`Nx.Defn.default_options/global_default_options`).
        let compiler = try DefnModule.compiler(DefnModule.validated(.emptyList, interp))
        let key = "\(f.module).\(f.name)/\(f.arity)#\(ObjectIdentifier(f).hashValue)@\(compiler.name)"
        return try run(key: key, args: args, hooks: [:], compiler: compiler.compiler, keepAlive: [f]) { traced in
            try inline(f, traced, interp: interp)
        }
    }

    func inline(_ f: FunctionDef, _ args: [Value], interp: Interpreter) throws -> Value {
        let id = ObjectIdentifier(f)
        if inlining.contains(id) {
            throw ElixirError.exception("RuntimeError",
                "recursive defn is not supported: \(Exceptions.moduleDisplay(f.module)).\(f.name)/\(f.arity) calls itself while it is being traced (Nx would loop forever)")
        }
        inlining.append(id)
        defer { inlining.removeLast() }
        return try interp.runClauses(f, args)
    }
}
