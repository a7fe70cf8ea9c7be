import Foundation

/// Runs Elixir code: holds the modules, the top-level bindings and the I/O channels,
/// and calls functions for natives (it is their `Context`).
///
/// Each top-level expression is resolved (`Compiler`) and then run before the next one is
/// resolved, so `alias`, `import` and `defmodule` take effect in order, as in a script.
public final class Interpreter: Context {
    public let registry: Registry
    var modules: [String: ModuleDef] = [:]
    /// Bumped when a module is (re)defined, so call sites drop cached lookups.
    var generation = 0

    public var output: (String, OutputDevice) -> Void
    public var input: ((String) -> String?)?

    /// Set from another thread to stop the running evaluation (`interruptFlag` is its address).
    let interruptSignal = InterruptSignal()
    private let interruptFlag: UnsafeMutablePointer<Bool>

    /// The top level: its variables and their values persist across `evaluate` calls.
    let topScope = FunctionScope(parent: nil)
    var topFrame = Frame.make(size: 0)
    var topAliases: [String: String] = [:]
    var topImports: [Import] = []
    var fnCounter = 0
    /// The line of the top-level expression being run, for stacktraces.
    public private(set) var currentLine = 0
    /// A call in tail position of a `def` body, left for `callDefinition` to jump to.
    var pendingTailCall: (FunctionDef, [Value])?

    public init(registry: Registry = Registry(),
                output: @escaping (String, OutputDevice) -> Void = { text, _ in print(text, terminator: "") },
                input: ((String) -> String?)? = nil) {
        self.registry = registry
        self.output = output
        self.input = input
        interruptFlag = interruptSignal.raised
        if registry.lookup("Kernel", "+", arity: 2) == nil {
            KernelModule.install(into: registry)
            IOModule.install(into: registry)
            Stdlib.install(into: registry)
        }
    }

    // MARK: - Evaluation

    /// Parses and runs `code`; returns the value of the last expression.
    public func evaluate(_ code: String, file: String = "nofile") throws -> Value {
        let program: Node
        do {
            program = try Parser.parse(code)
        } catch let issue as SyntaxIssue {
            throw issue.exception(file: file)
        }
        interruptFlag.pointee = false
        installInspectHooks()
        guard case .block(let exprs, _) = program else { return .nil }
        // A failed evaluation leaves the bindings as they were before it (as IEx does).
        let savedVars = topScope.vars
        do {
            return try run(exprs, file: file)
        } catch {
            topScope.vars = savedVars
            pendingTailCall = nil
            throw error
        }
    }

    /// The aliases in effect at the top level (`Defn` → `Nx.Defn` after `alias Nx.Defn`).
    public var aliases: [String: String] { topAliases }

    /// Imports `module` (all its functions) at the top level for the inputs that follow,
    /// as IEx imports `IEx.Helpers` into the shell.
    public func importAtTopLevel(_ module: String) {
        guard !topImports.contains(where: { $0.module == module }) else { return }
        topImports.append(Import(module: module, only: nil, except: []))
    }

    private func run(_ exprs: [Node], file: String) throws -> Value {
        var result = Value.nil
        for expr in exprs {
            currentLine = expr.line
            let compiler = Compiler(interpreter: self, file: file, scope: topScope,
                                    aliases: topAliases, imports: topImports, module: nil)
            let eval = try compiler.compile(expr)
            topAliases = compiler.aliases
            topImports = compiler.imports
            topFrame = topFrame.grown(to: topScope.size)
            result = try eval(topFrame)
        }
        return result
    }

    /// Evaluates one syntax tree with the given variables bound, resolving local calls in
    /// `module` (for engines that run stored bodies, such as defn's).
    public func evaluate(_ node: Node, bindings: [(String, Value)], module name: String?, file: String = "nofile") throws -> Value {
        let scope = FunctionScope(parent: nil)
        let slots = bindings.map { scope.bind($0.0) }
        let m = name.flatMap { modules[$0] }
        let compiler = Compiler(interpreter: self, file: file, scope: scope, aliases: m?.aliases ?? topAliases,
                                imports: m?.imports ?? topImports, module: m)
        let eval = try compiler.compile(node)
        let frame = Frame.make(size: scope.size)
        for (slot, (_, value)) in zip(slots, bindings) { frame[slot] = value }
        return try eval(frame)
    }

    /// Lets `inspect` print this interpreter's structs in declaration order, and regexes
    /// as `~r/.../`.
    private func installInspectHooks() {
        Inspector.structFieldOrder = { [weak self] module in
            guard let m = self?.modules[Compiler.moduleKey(module)] else { return nil }
            return m.structFields?.map { $0.0 }
        }
        Inspector.structInspectors["Regex"] = { map, _ in .text(RegexValue.literal(.map(map))) }
    }

    /// Top-level variables and their values, in binding order (latest binding of each name).
    public var bindings: [(String, Value)] {
        topScope.vars.filter { !$0.key.hasPrefix("_") && !$0.key.hasPrefix("&") }
            .sorted { $0.value < $1.value }
            .compactMap { name, slot in slot < topFrame.count ? (name, topFrame[slot]) : nil }
    }

    /// Modules defined by the user: module → function name → arities (public ones).
    public var userModules: [String: [String: Set<Int>]] {
        var out: [String: [String: Set<Int>]] = [:]
        for (name, m) in modules {
            var fs: [String: Set<Int>] = [:]
            for (f, arities) in m.functions {
                for (a, d) in arities where !d.isPrivate { fs[f, default: []].insert(a) }
            }
            out[name] = fs
        }
        return out
    }

    /// The `@doc` of a user function, if any.
    public func documentation(module: String, name: String, arity: Int) -> String? {
        modules[module]?.function(name, arity)?.doc
    }

    public func moduleDoc(_ module: String) -> String? { modules[module]?.moduledoc }

    /// Asks the running evaluation to stop at its next check.
    public func interrupt() { interruptFlag.pointee = true }

    // MARK: - Context

    public func checkInterrupt() throws { try interruptSignal.check() }

    public func write(_ text: String, to device: OutputDevice) { output(text, device) }

    public func readLine(prompt: String) -> String? { input?(prompt) }

    public func call(_ function: Value, _ args: [Value]) throws -> Value {
        guard case .function(let f) = function else { throw Exceptions.badFunction(function) }
        guard f.arity == args.count else { throw Exceptions.badArity(function, arity: f.arity, args: args) }
        switch f.body {
        case .closure(let object):
            guard let closure = object as? Closure else { throw Exceptions.badFunction(function) }
            return try callClosure(closure, args)
        case .native(let body):
            return try body(args, self)
        case .capture(let module, let name):
            return try callRemote(module: module, name: name, args)
        }
    }

    func callClosure(_ closure: Closure, _ args: [Value]) throws -> Value {
        if interruptFlag.pointee { try checkInterrupt() }
        try StackGuard.check()
        let code = closure.code
        let frame = Frame.make(size: code.frameSize)
        for i in 0..<code.captureSlots.count { frame[code.captureSlots[i]] = closure.captured[i] }
        for clause in code.clauses where try clause.matches(args, frame) {
            return try clause.body(frame)
        }
        throw Exceptions.functionClause("anonymous fn", args)
    }

    public func callRemote(module: String, name: String, _ args: [Value]) throws -> Value {
        if let m = modules[module] {
            if let f = m.function(name, args.count), !f.isPrivate {
                return try callDefinition(f, args)
            }
            if let v = try structFunction(m, name, args) { return v }
        }
        if let entry = registry.lookup(module, name, arity: args.count) {
            return try entry.call(args, self)
        }
        throw undefined(module, name, args.count)
    }

    /// `__struct__/0,1` and `exception/1`, `message/1` of user structs and exceptions.
    func structFunction(_ m: ModuleDef, _ name: String, _ args: [Value]) throws -> Value? {
        guard m.structFields != nil else { return nil }
        switch (name, args.count) {
        case ("__struct__", 0): return .map(structValue(m))
        case ("__struct__", 1): return try buildStruct(m, fields: args[0])
        case ("exception", 1) where m.isException:
            if case .binary = args[0] { return try buildStruct(m, fields: .list([.tuple([.atom("message"), args[0]])])) }
            return try buildStruct(m, fields: args[0])
        case ("message", 1) where m.isException:
            if case .map(let e) = args[0], let msg = e[.atom("message")] { return msg }
            return nil
        default: return nil
        }
    }

    func structValue(_ m: ModuleDef) -> MapValue {
        var map = MapValue()
        map[.atom("__struct__")] = .module(m.name)
        if m.isException { map[.atom("__exception__")] = .true }
        for (k, v) in m.structFields ?? [] { map[.atom(k)] = v }
        return map
    }

    /// `struct(Mod, fields)`: defaults overridden by the given keyword list or map;
    /// unknown keys are an error when `strict`.
    func buildStruct(_ m: ModuleDef, fields: Value, strict: Bool = true) throws -> Value {
        var map = structValue(m)
        let pairs: [Value] = try fields.elements(self)
        for p in pairs {
            guard case .tuple(let kv) = p, kv.count == 2 else { throw ElixirError.argument("expected a keyword list") }
            if map[kv[0]] == nil || kv[0].isAtom("__struct__") {
                if strict { throw Exceptions.key(kv[0], in: .map(structValue(m))) }
                continue
            }
            map[kv[0]] = kv[1]
        }
        return .map(map)
    }

    func undefined(_ module: String, _ name: String, _ arity: Int) -> ElixirError {
        let exists = modules[module] != nil || registry.hasModule(module)
        return Exceptions.undefinedFunction(module.hasPrefix(":") ? module : "Elixir." + module, name, arity,
                                            moduleExists: exists)
    }

    /// Runs a user function (any visibility: the caller already checked access).
    func callDefinition(_ f: FunctionDef, _ args: [Value]) throws -> Value {
        if interruptFlag.pointee { try checkInterrupt() }
        if f.isDefn { return try DefnRuntime.shared.call(f, args, interp: self) }
        return try runClauses(f, args)
    }

    /// How many function frames an uncaught error keeps (the BEAM's default backtrace depth).
    static let stacktraceDepth = 8

    /// Runs a function's compiled clauses (a defn's when it is inlined into a trace), adding
    /// its frame to the stacktrace of an error that leaves it.
    func runClauses(_ f: FunctionDef, _ args: [Value]) throws -> Value {
        try StackGuard.check()
        var function = f, arguments = args
        var frame = Frame.make(size: function.frameSize)
        var clauseLine = 0
        do {
            return try runClauses(&function, &arguments, &frame, &clauseLine)
        } catch var e as ElixirError {
            // The frame Elixir prints for this call (a tail call replaced its caller's frame,
            // as on the BEAM, which also keeps only the innermost few).
            if e.stacktrace.count < Interpreter.stacktraceDepth {
                let file = modules[function.module]?.file ?? "nofile"
                let name = "\(Exceptions.moduleDisplay(function.module)).\(function.name)/\(function.arity)"
                e.stacktrace.append("\(file):\(e.line ?? clauseLine): \(name)")
            }
            e.line = nil
            throw e
        }
    }

    private func runClauses(_ function: inout FunctionDef, _ arguments: inout [Value], _ frame: inout Frame,
                            _ clauseLine: inout Int) throws -> Value {
        while true {
            var result: Value? = nil
            clauseLine = function.clauses.first?.line ?? 0
            for clause in function.clauses where try clause.matches(arguments, frame) {
                clauseLine = clause.bodyLine
                result = try clause.body(frame)
                break
            }
            guard let value = result else {
                throw Exceptions.functionClause("\(Exceptions.moduleDisplay(function.module)).\(function.name)", arguments)
            }
            guard let (next, nextArgs) = pendingTailCall else { return value }
            pendingTailCall = nil
            if next.isDefn { return try DefnRuntime.shared.call(next, nextArgs, interp: self) }
            if interruptFlag.pointee { try checkInterrupt() }
            // A self tail call reuses the frame: every slot is written before it is read,
            // and closures copied what they captured.
            if next !== function { frame = Frame.make(size: next.frameSize) }
            function = next
            arguments = nextArgs
        }
    }

    /// A function value for `&Mod.fun/arity`; its call site caches the target.
    func captureValue(module: String, name: String, arity: Int) -> Value {
        let text = "&\(Exceptions.moduleDisplay(module)).\(name)/\(arity)"
        // A built-in is called directly; a user function through a site that follows redefinitions.
        if modules[module] == nil, let entry = registry.lookup(module, name, arity: arity) {
            return .function(Function(arity: arity, body: .native(entry.call), inspectText: text))
        }
        let site = RemoteSite(module: module, name: name, arity: arity)
        return .function(Function(arity: arity, body: .native({ [unowned self] args, _ in
            try site.call(args, self, allowPrivate: false)
        }), inspectText: text))
    }

    func newFnId() -> Int {
        fnCounter += 1
        return fnCounter
    }
}

/// An interpreter's interrupt flag, in its own object so running graphs can check it without
/// reading a weak reference to the interpreter (a cost on the scale of a small op's work).
final class InterruptSignal {
    let raised = UnsafeMutablePointer<Bool>.allocate(capacity: 1)

    init() { raised.initialize(to: false) }
    deinit { raised.deallocate() }

    /// Clears a raised flag and throws the interrupt.
    @inline(__always) func check() throws {
        if raised.pointee {
            raised.pointee = false
            throw ElixirError.interrupted
        }
    }
}
