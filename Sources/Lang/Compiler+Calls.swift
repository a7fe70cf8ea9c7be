/// Resolution of calls: special forms first, then the current module's functions, then
/// imports, then Kernel; remote calls go to user modules or the registry.
extension Compiler {
    /// Splits trailing keyword lists (including `do` blocks) off a call's arguments.
    static func splitKeywords(_ args: [Node]) -> (positional: [Node], options: [(String, Node)]) {
        var positional = args
        var options: [(String, Node)] = []
        while let last = positional.last, let pairs = last.keywordPairs {
            options = pairs + options
            positional.removeLast()
        }
        return (positional, options)
    }

    static func option(_ options: [(String, Node)], _ key: String) -> Node? {
        options.first { $0.0 == key }?.1
    }

    func compileCall(_ name: String, _ args: [Node], line: Int, tail: Bool = false) throws -> Eval {
        if let special = try compileSpecialForm(name, args, line: line, tail: tail) { return special }
        let arity = args.count
        if let m = module, let def = m.function(name, arity) {
            let argEvals = try args.map(compile)
            let interp = self.interp
            if tail {
                return { f in
                    interp.pendingTailCall = (def, try argEvals.map { try $0(f) })
                    return .nil
                }
            }
            return { f in try interp.callDefinition(def, try argEvals.map { try $0(f) }) }
        }
        if let owner = importOwner(name, arity) {
            return try compileRemoteCall(module: owner, name: name, args, line: line, tail: tail)
        }
        if let slot = scope.lookup(name), arity == 1, case .unary(let op, let operand, let l) = args[0], op == "-" || op == "+" {
            // `x -1` where x is a variable is subtraction, not a call.
            _ = slot
            return try compile(.binary(op, .variable(name, line: line), operand, line: l))
        }
        throw compileError(line, "undefined function \(name)/\(arity) (there is no such import)")
    }

    /// The module that provides an unqualified `name/arity`: an import, or Kernel.
    func importOwner(_ name: String, _ arity: Int) -> String? {
        for imp in imports.reversed() where imp.allows(name, arity) {
            if let m = interp.modules[imp.module], let d = m.function(name, arity), !d.isPrivate { return imp.module }
            if interp.registry.lookup(imp.module, name, arity: arity) != nil { return imp.module }
        }
        if interp.registry.lookup("Kernel", name, arity: arity) != nil { return "Kernel" }
        return nil
    }

    /// The registry/module key for an atom naming a module (`Elixir.Foo` → `Foo`, `math` → `:math`).
    static func moduleKey(_ atom: String) -> String {
        atom.hasPrefix("Elixir.") ? String(atom.dropFirst(7)) : ":" + atom
    }

    func compileRemote(_ target: Node, _ name: String, _ args: [Node], parens: Bool, line: Int,
                       tail: Bool = false) throws -> Eval {
        switch target {
        case .alias(let parts, _):
            return try compileRemoteCall(module: resolveAlias(parts), name: name, args, line: line, tail: tail)
        case .literal(.atom(let a), _):
            return try compileRemoteCall(module: Compiler.moduleKey(a), name: name, args, line: line)
        case .call("__MODULE__", let a, _) where a.isEmpty:
            guard let m = module else { throw compileError(line, "__MODULE__ is not available outside a module") }
            return try compileRemoteCall(module: m.name, name: name, args, line: line)
        default:
            break
        }
        let t = try compile(target)
        let argEvals = try args.map(compile)
        let interp = self.interp
        return { f in
            let receiver = try t(f)
            switch receiver {
            case .map, .range where !parens && argEvals.isEmpty:
                // A range is a struct too (`range.first`).
                guard let v = receiver.mapFields?[.atom(name)] else { throw Exceptions.key(.atom(name), in: receiver) }
                return v
            case .atom(let a):
                return try interp.callRemote(module: Compiler.moduleKey(a), name: name, try argEvals.map { try $0(f) })
            case .tensor where !parens && argEvals.isEmpty:
                // Tensors are structs in Nx (`t.shape`, `t.type`); the Nx bindings answer fields.
                return try interp.callRemote(module: "Nx", name: "__field__", [receiver, .atom(name)])
            default:
                throw ElixirError.argument("you attempted to apply a function named :\(name) on \(Inspector.inspect(receiver)). If you are using Kernel.apply/3, make sure the module is an atom. If you are using the dot syntax, such as map.field or module.function(), make sure the left side of the dot is an atom or a map")
            }
        }
    }

    /// A call to `Module.name(args)`, resolved once per module generation.
    func compileRemoteCall(module: String, name: String, _ args: [Node], line: Int, tail: Bool = false) throws -> Eval {
        let argEvals = try args.map(compile)
        let site = RemoteSite(module: module, name: name, arity: args.count)
        let interp = self.interp
        let own = self.module?.name == module
        if tail {
            return { f in
                let args = try argEvals.map { try $0(f) }
                if let d = site.definition(interp, allowPrivate: own) {
                    interp.pendingTailCall = (d, args)
                    return .nil
                }
                return try site.call(args, interp, allowPrivate: own)
            }
        }
        switch argEvals.count {
        case 0: return { _ in try site.call([], interp, allowPrivate: own) }
        case 1:
            let a = argEvals[0]
            return { f in try site.call([try a(f)], interp, allowPrivate: own) }
        case 2:
            let a = argEvals[0], b = argEvals[1]
            return { f in try site.call([try a(f), try b(f)], interp, allowPrivate: own) }
        default:
            return { f in try site.call(try argEvals.map { try $0(f) }, interp, allowPrivate: own) }
        }
    }
}

/// A remote call site that remembers its target until modules change.
final class RemoteSite {
    let module: String
    let name: String
    let arity: Int
    private var generation = -1
    private var definition: FunctionDef?
    private var native: Registry.Native?

    init(module: String, name: String, arity: Int) {
        self.module = module
        self.name = name
        self.arity = arity
    }

    private func refresh(_ interp: Interpreter) {
        if generation != interp.generation {
            generation = interp.generation
            definition = interp.modules[module]?.function(name, arity)
            native = interp.registry.lookup(module, name, arity: arity)?.call
        }
    }

    /// The user function this site calls, if it is one the caller may call.
    func definition(_ interp: Interpreter, allowPrivate: Bool) -> FunctionDef? {
        refresh(interp)
        if let d = definition, allowPrivate || !d.isPrivate, !d.isDefn { return d }
        return nil
    }

    func call(_ args: [Value], _ interp: Interpreter, allowPrivate: Bool) throws -> Value {
        refresh(interp)
        if let d = definition, allowPrivate || !d.isPrivate { return try interp.callDefinition(d, args) }
        if let n = native { return try n(args, interp) }
        return try interp.callRemote(module: module, name: name, args)
    }
}
