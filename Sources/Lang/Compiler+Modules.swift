/// Module-level forms: defmodule, def/defp (and defn's kinds), defstruct, defexception,
/// import, alias, require.
extension Compiler {
    static let definitionKinds: [String: FunctionDef.Kind] = [
        "def": .def, "defp": .defp, "defn": .defn, "defnp": .defnp,
        "deftransform": .deftransform, "deftransformp": .deftransformp,
    ]

    func compileModuleForm(_ name: String, _ args: [Node], line: Int) throws -> Eval? {
        switch name {
        case "defmodule": return try compileDefmodule(args, line: line)
        case "defguard", "defguardp":
            // A guard is a function whose body is its `when` expression (guards here are plain expressions).
            guard let m = module, args.count == 1, case .binary("when", let head, let body, _) = args[0] else {
                throw compileError(line, "invalid \(name) definition")
            }
            let kw = Node.list([.tuple([.literal(.atom("do"), line: line), body], line: line)], tail: nil, line: line)
            return try compileDefinition(name == "defguard" ? .def : .defp, [head, kw], module: m, line: line)
        case "defstruct", "defexception": return try compileDefstruct(args, exception: name == "defexception", line: line)
        case "import": return try compileImport(args, line: line)
        case "alias": return try compileAlias(args, line: line)
        case "require":
            return { _ in .nil }
        case "use":
            throw compileError(line, "use is not supported by SwiftNx")
        case "defdelegate":
            throw compileError(line, "defdelegate is not supported by SwiftNx")
        default:
            guard let kind = Compiler.definitionKinds[name] else { return nil }
            guard let m = module else {
                throw compileError(line, "cannot invoke \(name)/\(args.count) outside module")
            }
            return try compileDefinition(kind, args, module: m, line: line)
        }
    }

    // MARK: - defmodule

    private func compileDefmodule(_ args: [Node], line: Int) throws -> Eval {
        let (positional, options) = Compiler.splitKeywords(args)
        guard positional.count == 1, case .alias(let parts, _) = positional[0], let body = Compiler.option(options, "do") else {
            throw compileError(line, "invalid arguments for defmodule")
        }
        let fullName = module.map { $0.name + "." + parts.joined(separator: ".") } ?? resolveAlias(parts)
        // A nested module is reachable by its short name inside the outer one.
        if module != nil, let first = parts.first { aliases[first] = module!.name + "." + first }
        let interp = self.interp, file = self.file
        let outerAliases = aliases, outerImports = imports
        let statements: [Node]
        if case .block(let exprs, _) = body { statements = exprs } else { statements = [body] }
        return { _ in
            let m = ModuleDef(name: fullName, file: file)
            interp.modules[fullName] = m
            interp.generation += 1
            Compiler.declareFunctions(statements, in: m)
            let compiler = Compiler(interpreter: interp, file: file, scope: FunctionScope(parent: nil),
                                    aliases: outerAliases, imports: outerImports, module: m)
            var frame = Frame.make(size: 0)
            var last = Value.nil
            for statement in statements {
                let eval = try compiler.compile(statement)
                frame = frame.grown(to: compiler.scope.size)
                last = try eval(frame)
            }
            m.aliases = compiler.aliases
            m.imports = compiler.imports
            interp.generation += 1
            return .tuple([.atom("module"), .module(fullName), .binary([]), last])
        }
    }

    /// The name and parameters of a definition head `name(params) when guard`.
    static func definitionHead(_ node: Node) -> (name: String, params: [Node], guardExpr: Node?)? {
        var head = node
        var guardExpr: Node? = nil
        if case .binary("when", let h, let g, _) = node { head = h; guardExpr = g }
        switch head {
        case .call(let name, let params, _): return (name, params, guardExpr)
        case .variable(let name, _): return (name, [], guardExpr)
        default: return nil
        }
    }

    static func defaultCount(_ params: [Node]) -> Int {
        params.filter { if case .binary("\\\\", _, _, _) = $0 { return true }; return false }.count
    }

    /// Creates every function a module body defines before any body is resolved, so
    /// functions can call ones defined further down.
    static func declareFunctions(_ statements: [Node], in m: ModuleDef) {
        for s in statements {
            guard case .call(let form, let args, _) = s, let first = args.first else { continue }
            var kind: FunctionDef.Kind
            var headNode = first
            if form == "defguard" || form == "defguardp", case .binary("when", let h, _, _) = first {
                kind = form == "defguard" ? .def : .defp
                headNode = h
            } else if let k = definitionKinds[form] {
                kind = k
            } else {
                continue
            }
            guard let head = definitionHead(headNode) else { continue }
            let n = head.params.count
            for arity in (n - defaultCount(head.params))...n where m.function(head.name, arity) == nil {
                m.functions[head.name, default: [:]][arity] = FunctionDef(module: m.name, name: head.name, arity: arity, kind: kind)
            }
        }
    }

    private func compileDefinition(_ kind: FunctionDef.Kind, _ args: [Node], module m: ModuleDef, line: Int) throws -> Eval {
        let (positional, options) = Compiler.splitKeywords(args)
        guard let headNode = positional.first, let head = Compiler.definitionHead(headNode) else {
            throw compileError(line, "invalid function definition")
        }
        let interp = self.interp, file = self.file
        let aliases = self.aliases, imports = self.imports
        guard var bodyNode = Compiler.option(options, "do") else {
            // A bodiless head only declares the defaults of the clauses that follow.
            return { _ in
                try Compiler.defineDefaults(head.name, head.params, module: m, interp: interp, file: file,
                                            aliases: aliases, imports: imports, line: line)
                interp.generation += 1
                return .nil
            }
        }
        // `def f do ... rescue ... end`: the body is an implicit try.
        if options.contains(where: { ["rescue", "catch", "after", "else"].contains($0.0) }) {
            let pairs = options.map { Node.tuple([.literal(.atom($0.0), line: line), $0.1], line: line) }
            bodyNode = .call("try", [.list(pairs, tail: nil, line: line)], line: line)
        }
        let arity = head.params.count
        return { _ in
            guard let def = m.function(head.name, arity) else { return .nil }
            if let doc = m.attributes.removeValue(forKey: "doc") { def.doc = doc.stringValue }
            m.attributes.removeValue(forKey: "spec")
            m.attributes.removeValue(forKey: "impl")
            let params = head.params.map { p -> Node in
                if case .binary("\\\\", let pattern, _, _) = p { return pattern }
                return p
            }
            let clause = Clause(patterns: params, guardExpr: head.guardExpr, body: bodyNode, line: line)
            if def.isDefn || kind == .defn || kind == .defnp {
                def.kind = kind
                try DefnCheck.check(clause, function: def, module: m, file: file)
                def.defnClauses.append(clause)
                // The body runs on the interpreter with Nx.Defn.Kernel's operators (DefnRewrite).
                let scope = FunctionScope(parent: nil)
                let compiler = Compiler(interpreter: interp, file: file, scope: scope, aliases: aliases,
                                        imports: imports + [Import(module: "Nx.Defn.Kernel", only: nil, except: [])],
                                        module: m)
                let compiled = try compiler.compileFunctionClauses([DefnRewrite.clause(clause)], scope: scope, tailCalls: false)
                def.clauses.append(contentsOf: compiled)
                def.frameSize = max(def.frameSize, scope.size)
            } else {
                let scope = FunctionScope(parent: nil)
                let compiler = Compiler(interpreter: interp, file: file, scope: scope, aliases: aliases,
                                        imports: imports, module: m)
                compiler.enclosingFunction = "\(head.name)/\(arity)"
                let compiled = try compiler.compileFunctionClauses([clause], scope: scope, tailCalls: true)
                def.clauses.append(contentsOf: compiled)
                def.frameSize = max(def.frameSize, scope.size)
            }
            try Compiler.defineDefaults(head.name, head.params, module: m, interp: interp, file: file,
                                        aliases: aliases, imports: imports, line: line)
            interp.generation += 1
            return .nil
        }
    }

    /// `def f(a, b \\ 1)` also defines `f/1`, which calls `f/2` with the default.
    private static func defineDefaults(_ name: String, _ params: [Node], module m: ModuleDef, interp: Interpreter,
                                       file: String, aliases: [String: String], imports: [Import], line: Int) throws {
        let defaults = defaultCount(params)
        guard defaults > 0 else { return }
        let n = params.count
        for arity in (n - defaults)..<n {
            guard let def = m.function(name, arity), def.clauses.isEmpty else { continue }
            var useArgs = defaults - (n - arity)
            var callArgs: [Node] = []
            var formals: [Node] = []
            for (i, p) in params.enumerated() {
                if case .binary("\\\\", _, let dflt, _) = p {
                    if useArgs > 0 {
                        useArgs -= 1
                    } else {
                        callArgs.append(dflt)
                        continue
                    }
                }
                let v = Node.variable("default arg \(i)", line: line)
                formals.append(v)
                callArgs.append(v)
            }
            let clause = Clause(patterns: formals, guardExpr: nil, body: .call(name, callArgs, line: line), line: line)
            let scope = FunctionScope(parent: nil)
            let compiler = Compiler(interpreter: interp, file: file, scope: scope, aliases: aliases, imports: imports, module: m)
            def.clauses = try compiler.compileFunctionClauses([clause], scope: scope, tailCalls: true)
            def.frameSize = scope.size
        }
    }

    // MARK: - defstruct / defexception

    private func compileDefstruct(_ args: [Node], exception: Bool, line: Int) throws -> Eval {
        guard let m = module else {
            throw compileError(line, "cannot invoke def\(exception ? "exception" : "struct")/1 outside module")
        }
        let fields: Eval
        if args.count == 1 {
            fields = try compile(args[0])
        } else {
            let (_, options) = Compiler.splitKeywords(args)
            fields = try compile(.list(options.map { .tuple([.literal(.atom($0.0), line: line), $0.1], line: line) }, tail: nil, line: line))
        }
        let interp = self.interp
        return { f in
            var out: [(String, Value)] = []
            for item in try fields(f).elements(interp) {
                switch item {
                case .atom(let k): out.append((k, .nil))
                case .tuple(let kv) where kv.count == 2:
                    guard case .atom(let k) = kv[0] else { fallthrough }
                    out.append((k, kv[1]))
                default:
                    throw ElixirError.argument("struct field names must be atoms, got: \(Inspector.inspect(item))")
                }
            }
            m.structFields = out
            m.isException = exception
            interp.generation += 1
            return .nil
        }
    }

    // MARK: - import / alias

    private func moduleName(_ node: Node, line: Int) throws -> String {
        switch node {
        case .alias(let parts, _): return resolveAlias(parts)
        case .literal(.atom(let a), _): return Compiler.moduleKey(a)
        default: throw compileError(line, "invalid module name")
        }
    }

    private func functionList(_ node: Node?, line: Int) throws -> [(String, Int)]? {
        guard let node = node else { return nil }
        if case .literal(.atom, _) = node { return nil } // `only: :functions`
        guard let pairs = node.keywordPairs ?? (node.listIsEmpty ? [] : nil) else {
            throw compileError(line, "invalid :only/:except option for import, expected a keyword list with integer values")
        }
        return try pairs.map { name, n in
            guard case .literal(.int(let arity), _) = n else { throw compileError(line, "invalid arity in import") }
            return (name, arity)
        }
    }

    private func compileImport(_ args: [Node], line: Int) throws -> Eval {
        let (positional, options) = Compiler.splitKeywords(args)
        guard let target = positional.first else { throw compileError(line, "invalid import") }
        let name = try moduleName(target, line: line)
        let known = interp.modules[name] != nil || interp.registry.hasModule(name) || name.hasPrefix("Nx")
        guard known else {
            throw compileError(line, "module \(name) is not loaded and could not be found")
        }
        let only = try functionList(Compiler.option(options, "only"), line: line)
        let except = try functionList(Compiler.option(options, "except"), line: line) ?? []
        imports.append(Import(module: name, only: only, except: except))
        let atom = Value.module(name)
        return { _ in atom }
    }

    private func compileAlias(_ args: [Node], line: Int) throws -> Eval {
        let (positional, options) = Compiler.splitKeywords(args)
        guard let target = positional.first else { throw compileError(line, "invalid alias") }
        if case .remote(.alias(let base, _), "{}", let items, _, _) = target {
            let prefix = resolveAlias(base)
            for item in items {
                guard case .alias(let parts, _) = item, let last = parts.last else { throw compileError(line, "invalid alias") }
                aliases[last] = prefix + "." + parts.joined(separator: ".")
            }
            return { _ in .nil }
        }
        guard case .alias(let parts, _) = target, let last = parts.last else { throw compileError(line, "invalid alias") }
        let full = resolveAlias(parts)
        var short = last
        if let asNode = Compiler.option(options, "as") {
            guard case .alias(let asParts, _) = asNode, asParts.count == 1 else { throw compileError(line, "invalid :as for alias") }
            short = asParts[0]
        }
        aliases[short] = full
        let atom = Value.module(full)
        return { _ in atom }
    }
}

extension Node {
    var listIsEmpty: Bool {
        if case .list(let items, nil, _) = self { return items.isEmpty }
        return false
    }
}
