import NxCore
import Defn

/// The `Nx` module and its companions (`Nx.Constants`, `Nx.Type`, `Complex`) bound into the
/// language: each family file registers its functions; this file installs them and the
/// hooks (Complex inspect, Access, struct checks) the rest of the language calls.
public enum NxModule {
    public static func install(into r: Registry) {
        r.document(module: "Nx", "Multi-dimensional tensors: creation, elementwise math with broadcasting, reductions, shape and indexing operations, and linear algebra, computed on SwiftNx's native backend.")
        NxCreationBindings.install(r)
        NxMetadataBindings.install(r)
        NxElementwiseBindings.install(r)
        NxReductionBindings.install(r)
        NxShapeBindings.install(r)
        NxIndexingBindings.install(r)
        NxRandomBindings.install(r)
        NxLinAlgBindings.install(r)
        NxConstantsModule.install(r)
        NxTypeModule.install(r)
        ComplexModule.install(r)
        TensorAccess.install(r)
        NxWindowBindings.install(r)
        NxVectorizeBindings.install(r)
        NxConversionBindings.install(r)
        NxBatchModule.install(r)
        // Last: wraps every Nx function installed above so it maps over vectorized axes.
        NxVectorizeBindings.wrapModule(r)
        installStructChecks(r)
        DefnModule.install(into: r)
        installHooks()
    }

    /// `is_struct/1,2` also recognize tensors as `%Nx.Tensor{}` structs (Kernel's own checks
    /// only see maps), wrapping whatever Kernel defined.
    static func installStructChecks(_ r: Registry) {
        for arity in [1, 2] {
            guard let kernel = r.lookup("Kernel", "is_struct", arity: arity) else { continue }
            r.define("Kernel", "is_struct", arity: arity, doc: kernel.doc) { args, ctx in
                if case .tensor = args[0] {
                    return .bool(arity == 1 || Value.strictlyEqual(args[1], .module("Nx.Tensor")))
                }
                return try kernel.call(args, ctx)
            }
        }
    }

    /// Concrete tensors print through Inspector's default (NxCore's TensorInspect); traced
    /// ones (inside defn) as their `Nx.Defn.Expr` graph.
    static func installHooks() {
        Inspector.tensorInspector = { t, options in
            if t.expr != nil { return ExprPrinter.inspect(t) }
            return (try? TensorInspect.inspect(t, limit: options.limit)) ?? "#Nx.Tensor<...>"
        }
        Inspector.structInspectors[ComplexModule.moduleName] = { m, _ in .text(ComplexModule.text(m)) }
        AccessModule.tensorFetch = { t, key in try TensorAccess.fetch(t, key) }
        AccessModule.tensorGetAndUpdate = { t, key, update in try TensorAccess.getAndUpdate(t, key, update) }
    }
}

/// One call of an Nx function: argument readers that raise Nx's errors.
struct NxCall {
    let name: String
    let args: [Value]
    let ctx: Context

    var count: Int { args.count }
    subscript(_ i: Int) -> Value { args[i] }

    /// Argument `i` as a tensor or number.
    func operand(_ i: Int) throws -> Operand { try NxValues.operand(args[i]) }

    /// Argument `i` converted to a tensor (numbers become scalars).
    func tensor(_ i: Int) throws -> Tensor { try NxValues.tensor(args[i]) }

    /// The keyword options at `i` (absent when the call has fewer arguments).
    func options(_ i: Int, _ allowed: [String]) throws -> NxOptions {
        try NxOptions(i < args.count ? args[i] : nil, allowed: allowed)
    }

    func int(_ i: Int, what: String) throws -> Int {
        switch args[i] {
        case .int(let v): return v
        case .tensor(let t) where t.rank == 0 && t.type.isInteger:
            if case .int(let v) = try NxBridge.run({ try Nx.toNumber(t) }) { return Int(v) }
        default: break
        }
        throw ElixirError.argument("expected \(what) to be an integer, got: \(Inspector.inspect(args[i]))")
    }

    /// Argument `i` as a list of tensors or numbers (`concatenate`, `stack`).
    func operands(_ i: Int) throws -> [Operand] {
        guard let items = args[i].listElements else {
            if case .tuple(let items) = args[i] { return try items.map(NxValues.operand) }
            throw ElixirError.argument("expected a list of tensors, got: \(Inspector.inspect(args[i]))")
        }
        return try items.map(NxValues.operand)
    }
}

extension Registry {
    /// Defines `Nx.name` (or another module's) for `arities`; NxCore errors become Elixir exceptions.
    func nx(_ name: String, _ arities: [Int], module: String = "Nx", doc: String,
            _ body: @escaping (NxCall) throws -> Value) {
        define(module, name, arities: arities, doc: doc) { args, ctx in
            try NxBridge.run { try body(NxCall(name: name, args: args, ctx: ctx)) }
        }
    }
}

extension Value {
    /// A tensor result.
    static func t(_ t: Tensor) -> Value { .tensor(t) }
}
