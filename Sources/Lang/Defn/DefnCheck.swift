/// The checks Nx makes when a defn is defined: one clause per defn, single-clause `fn`s,
/// and local calls only to other defns and transforms (CompileError otherwise).
enum DefnCheck {
    static func check(_ clause: Clause, function def: FunctionDef, module m: ModuleDef, file: String) throws {
        let kindName = def.kind == .defnp ? "defnp" : "defn"
        if !def.defnClauses.isEmpty {
            throw Exceptions.compile(file, clause.line, "cannot compile \(kindName) \(def.name)/\(def.arity) with multiple clauses")
        }
        try visit(clause.body, m, file)
    }

    static func visit(_ node: Node, _ m: ModuleDef, _ file: String) throws {
        switch node {
        case .fn(let clauses, let line) where clauses.count > 1:
            throw Exceptions.compile(file, line, "only a single clause is allowed inside fn")
        case .call(let name, let args, let line):
            if let f = m.function(name, args.count), f.kind == .def || f.kind == .defp {
                throw Exceptions.compile(file, line, "cannot use function \(name)/\(args.count) inside defn because it was not defined with defn")
            }
        default:
            break
        }
        var failure: Error?
        node.forEachChild { child in
            guard failure == nil else { return }
            do { try visit(child, m, file) } catch { failure = error }
        }
        if let e = failure { throw e }
    }
}
