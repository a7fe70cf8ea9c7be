import NxCore

/// A compiled defn: takes the flattened parameter tensors, returns the flattened outputs.
public typealias Executable = ([Tensor]) throws -> [Tensor]

/// Turns a traced graph into an executable (`Nx.Defn.Compiler`). The Evaluator is the
/// default; a JIT plugs in the same way.
public protocol DefnCompiler {
    /// `outputs` are the traced results; `hooks` override the callbacks of named hooks.
    func compile(outputs: [Tensor], hooks: [String: HookCallback]) -> Executable
}

/// The compilers the `compiler:` option names; `EXLA` is another name for `SwiftNx.JIT`.
public enum DefnCompilers {
    public static var byName: [String: DefnCompiler] = [
        "Nx.Defn.Evaluator": Evaluator(),
        "SwiftNx.JIT": JIT(),
        "EXLA": JIT(),
    ]

    public static func register(_ name: String, _ compiler: DefnCompiler) { byName[name] = compiler }
}
