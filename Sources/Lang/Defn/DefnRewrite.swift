/// A defn body as plain Elixir for the interpreter (DESIGN.md decision 8): operators become
/// `Nx.Defn.Kernel` calls (which trace on tensors and compute on numbers), and `if`,
/// `unless`, `cond` and `while` become calls that build graph nodes from their branches
/// passed as functions. Patterns are left alone.
enum DefnRewrite {
    static let kernel = Node.alias(["Nx", "Defn", "Kernel"], line: 0)
    static let operators: Set<String> = ["+", "-", "*", "/", "**", "<", ">", "<=", ">=", "==", "!=", "and", "or",
                                         "&&&", "|||", "^^^", "<<<", ">>>"]

    static func clause(_ c: Clause) -> Clause {
        Clause(patterns: c.patterns, guardExpr: c.guardExpr, body: rewrite(c.body), line: c.line)
    }

    static func call(_ name: String, _ args: [Node], _ line: Int) -> Node {
        .remote(kernel, name, args, parens: true, line: line)
    }

    static func thunk(_ body: Node) -> Node {
        .fn([Clause(patterns: [], guardExpr: nil, body: body, line: body.line)], line: body.line)
    }

    static func rewrite(_ node: Node) -> Node {
        switch node {
        case .binary("|>", let lhs, let rhs, let line):
            return rewrite(Compiler.pipe(lhs, into: rhs, line: line))
        case .capture(.binary("/", _, _, _), _):
            // `&fun/arity` names a function: its `/` is not division.
            return node
        case .binary("=", let pattern, let value, let line):
            return .binary("=", pattern, rewrite(value), line: line)
        case .binary(let op, let lhs, let rhs, let line) where operators.contains(op):
            return call(op, [rewrite(lhs), rewrite(rhs)], line)
        case .unary(let op, let operand, let line) where op == "-" || op == "+" || op == "not":
            if op == "-", case .literal(let v, _) = operand, v.isNumber { return node }
            return call(op, [rewrite(operand)], line)
        case .call(let name, let args, let line) where name == "if" || name == "unless":
            let (positional, options) = Compiler.splitKeywords(args)
            guard positional.count == 1, let doBody = Compiler.option(options, "do") else { break }
            let elseBody = Compiler.option(options, "else") ?? .literal(.nil, line: line)
            let (yes, no) = name == "if" ? (doBody, elseBody) : (elseBody, doBody)
            return call("__cond__", [.list([
                .tuple([thunk(rewrite(positional[0])), thunk(rewrite(yes))], line: line),
                .tuple([thunk(.literal(.true, line: line)), thunk(rewrite(no))], line: line),
            ], tail: nil, line: line)], line)
        case .call("cond", let args, let line):
            let (_, options) = Compiler.splitKeywords(args)
            guard case .clauses(let cs, _)? = Compiler.option(options, "do") else { break }
            return call("__cond__", [.list(cs.map { c in
                .tuple([thunk(rewrite(c.patterns.first ?? .literal(.nil, line: c.line))), thunk(rewrite(c.body))], line: c.line)
            }, tail: nil, line: line)], line)
        case .remote(.alias(let parts, let l), let name, let args, _, let line) where parts.first != "Nx":
            // Remote calls are checked when traced: only defns, transforms and Nx are allowed.
            return call("__remote__", [.alias(parts, line: l), .literal(.atom(name), line: line),
                                       .list(args.map(rewrite), tail: nil, line: line)], line)
        case .call("while", let args, let line):
            if let loop = rewriteWhile(args, line: line) { return loop }
        default:
            break
        }
        return node.mapChildren(rewriteChild)
    }

    /// Children of a node: clause patterns stay patterns, everything else is rewritten.
    static func rewriteChild(_ node: Node) -> Node { rewrite(node) }

    /// `while initial, condition, opts, do: body` and `while initial, i <- range, do: body`
    /// become `__while__(initial_value, fn state -> condition end, fn state -> body end, opts)`.
    static func rewriteWhile(_ args: [Node], line: Int) -> Node? {
        let (positional, options) = Compiler.splitKeywords(args)
        guard positional.count == 2, let body = Compiler.option(options, "do") else { return nil }
        let opts = Node.list(options.filter { $0.0 != "do" }.map {
            .tuple([.literal(.atom($0.0), line: line), rewrite($0.1)], line: line)
        }, tail: nil, line: line)
        let initial = positional[0]
        let value = initialValue(initial), pattern = statePattern(initial)
        if case .binary("<-", let index, let range, _) = positional[1] {
            let bodyFn = Node.fn([Clause(patterns: [pattern, index], guardExpr: nil, body: rewrite(body), line: line)], line: line)
            return call("__while_range__", [rewrite(value), rewrite(range), bodyFn, opts], line)
        }
        let condFn = Node.fn([Clause(patterns: [pattern], guardExpr: nil, body: rewrite(positional[1]), line: line)], line: line)
        let bodyFn = Node.fn([Clause(patterns: [pattern], guardExpr: nil, body: rewrite(body), line: line)], line: line)
        return call("__while__", [rewrite(value), condFn, bodyFn, opts], line)
    }

    /// The initial state: `{x, i = 0}` is `{x, 0}`.
    static func initialValue(_ node: Node) -> Node {
        switch node {
        case .binary("=", _, let value, _): return value
        case .tuple(let items, let line): return .tuple(items.map(initialValue), line: line)
        case .map(let pairs, nil, let line): return .map(pairs.map { ($0.0, initialValue($0.1)) }, update: nil, line: line)
        default: return node
        }
    }

    /// The state pattern: `{x, i = 0}` binds `{x, i}`.
    static func statePattern(_ node: Node) -> Node {
        switch node {
        case .binary("=", let pattern, _, _): return pattern
        case .tuple(let items, let line): return .tuple(items.map(statePattern), line: line)
        case .map(let pairs, nil, let line): return .map(pairs.map { ($0.0, statePattern($0.1)) }, update: nil, line: line)
        default: return node
        }
    }
}
