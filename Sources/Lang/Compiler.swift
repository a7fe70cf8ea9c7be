import BigInt

/// Resolves a syntax tree into closures over frames: variables become slots, calls become
/// direct references to their targets (user functions, natives), and special forms
/// (`case`, `fn`, `for`...) become control flow. This is the "resolved AST" the
/// interpreter walks (DESIGN.md decision 7).
final class Compiler {
    let interp: Interpreter
    let file: String
    var scope: FunctionScope
    var aliases: [String: String]
    var imports: [Import]
    let module: ModuleDef?
    /// Inside a `&(...)` capture: the highest `&N` seen.
    var inCapture = false
    /// Set just before compiling an expression in tail position of a `def` body: calls to
    /// user functions there become jumps (no Swift stack growth for tail recursion).
    var tail = false
    /// `name/arity` of the `def` being resolved, for how its anonymous functions print.
    var enclosingFunction: String?
    /// The second number in `#Function<N.UNIQ/arity ...>`; stable so output is reproducible.
    static let functionUniq = 3316493

    init(interpreter: Interpreter, file: String, scope: FunctionScope, aliases: [String: String],
         imports: [Import], module: ModuleDef?) {
        interp = interpreter
        self.file = file
        self.scope = scope
        self.aliases = aliases
        self.imports = imports
        self.module = module
    }

    func compileError(_ line: Int, _ message: String) -> ElixirError {
        Exceptions.compile(file, line, message)
    }

    /// Runs `body` with the variable bindings restored afterwards (a clause's own scope).
    func scoped<T>(_ body: () throws -> T) rethrows -> T {
        let saved = scope.vars
        defer { scope.vars = saved }
        return try body()
    }

    // MARK: - Expressions

    func compile(_ node: Node) throws -> Eval {
        let isTail = tail
        tail = false
        switch node {
        case .literal(let v, _):
            return { _ in v }
        case .interpolated(let pieces, _):
            return try compileInterpolation(pieces)
        case .interpolatedCharlist(let pieces, _):
            let s = try compileInterpolation(pieces)
            return { f in
                let text = try s(f).stringValue ?? ""
                return .list(text.unicodeScalars.map { .int(Int($0.value)) })
            }
        case .variable(let name, let line):
            return try compileVariable(name, line: line)
        case .alias(let parts, _):
            let atom = Value.module(resolveAlias(parts))
            return { _ in atom }
        case .list(let items, let tail, _):
            let evals = try items.map(compile)
            let tailEval = try tail.map(compile)
            return { f in
                var acc = try tailEval?(f) ?? .emptyList
                var values = [Value]()
                values.reserveCapacity(evals.count)
                for e in evals { values.append(try e(f)) }
                for v in values.reversed() { acc = .list(ListCell(v, acc)) }
                return acc
            }
        case .tuple(let items, _):
            let evals = try items.map(compile)
            return { f in .tuple(try evals.map { try $0(f) }) }
        case .map(let pairs, let update, let line):
            return try compileMap(pairs, update: update, line: line)
        case .structure(let moduleNode, let fields, let update, let line):
            return try compileStruct(moduleNode, fields, update: update, line: line)
        case .bitstring(let segments, let line):
            return try compileBitstring(segments, line: line)
        case .unary(let op, let operand, let line):
            return try compileUnary(op, operand, line: line)
        case .binary(let op, let lhs, let rhs, let line):
            return try compileBinary(op, lhs, rhs, line: line)
        case .range(let first, let last, let step, _):
            let a = try compile(first), b = try compile(last), s = try step.map(compile)
            return { f in try Compiler.makeRange(try a(f), try b(f), try s?(f)) }
        case .call(let name, let args, let line):
            return try compileCall(name, args, line: line, tail: isTail)
        case .remote(let target, let name, let args, let parens, let line):
            return try compileRemote(target, name, args, parens: parens, line: line, tail: isTail)
        case .apply(let target, let args, _):
            let t = try compile(target)
            let a = try args.map(compile)
            let interp = self.interp
            return { f in
                let fun = try t(f)
                return try interp.call(fun, try a.map { try $0(f) })
            }
        case .access(let target, let key, _):
            let t = try compile(target), k = try compile(key)
            let interp = self.interp
            return { f in try Compiler.access(try t(f), try k(f), interp) }
        case .fn(let clauses, let line):
            return try compileFn(clauses, line: line)
        case .captureArg(_, let line):
            throw compileError(line, "capture argument &N must be used within the capture operator &")
        case .capture(let inner, let line):
            return try compileCapture(inner, line: line)
        case .block(let exprs, _):
            return try compileBlock(exprs, tail: isTail)
        case .attribute(let name, let value, let line):
            return try compileAttribute(name, value, line: line)
        case .clauses(_, let line):
            throw compileError(line, "unexpected -> clauses")
        case .sigil(let letter, let pieces, let modifiers, let line):
            return try compileSigil(letter, pieces, modifiers, line: line)
        }
    }

    func compileBlock(_ exprs: [Node], tail isTail: Bool = false) throws -> Eval {
        if exprs.isEmpty { return { _ in .nil } }
        var evals = try exprs.dropLast().map(compile)
        tail = isTail
        evals.append(try compile(exprs[exprs.count - 1]))
        // Inside a module, an error remembers the line of the statement it left from, for
        // the function's stacktrace frame (the top level reports its own line).
        if module != nil {
            let lines = exprs.map(\.line)
            return { f in
                var result = Value.nil
                var i = 0
                do {
                    while i < evals.count { result = try evals[i](f); i += 1 }
                } catch var e as ElixirError where e.line == nil {
                    e.line = lines[i]
                    throw e
                }
                return result
            }
        }
        if evals.count == 1 { return evals[0] }
        return { f in
            var result = Value.nil
            for e in evals { result = try e(f) }
            return result
        }
    }

    private func compileInterpolation(_ pieces: [Piece]) throws -> Eval {
        let parts: [Eval] = try pieces.map { piece in
            switch piece {
            case .text(let s): let v = Value.string(s); return { _ in v }
            case .code(let node):
                let e = try compile(node)
                return { f in
                    let v = try e(f)
                    if case .binary = v { return v }
                    return .string(try Inspector.toString(v))
                }
            }
        }
        return { f in
            var bytes: [UInt8] = []
            for p in parts {
                if case .binary(let b) = try p(f) { bytes.append(contentsOf: b) }
            }
            return .binary(bytes)
        }
    }

    private func compileVariable(_ name: String, line: Int) throws -> Eval {
        if let slot = scope.lookup(name) {
            return { f in f[slot] }
        }
        if name == "_" { throw compileError(line, "invalid use of _. \"_\" represents a value to be ignored in a pattern and cannot be used in expressions") }
        // A zero-arity call written without parentheses (`names` for `names()`).
        if let call = try? compileCall(name, [], line: line) { return call }
        throw compileError(line, "undefined function \(name)/0 (there is no such import)")
    }

    /// `Foo.Bar` with the first segment expanded through `alias`.
    func resolveAlias(_ parts: [String]) -> String {
        guard let first = parts.first else { return "" }
        if let target = aliases[first] {
            return ([target] + parts.dropFirst()).joined(separator: ".")
        }
        if first == "Elixir" && parts.count > 1 { return parts.dropFirst().joined(separator: ".") }
        return parts.joined(separator: ".")
    }

    static func makeRange(_ a: Value, _ b: Value, _ s: Value?) throws -> Value {
        guard case .int(let first) = a, case .int(let last) = b else {
            throw ElixirError.argument("ranges (first..last) expect both sides to be integers, got: \(Inspector.inspect(a))..\(Inspector.inspect(b))")
        }
        if let s = s {
            guard case .int(let step) = s, step != 0 else {
                throw ElixirError.argument("the step to be a non-zero integer, got: \(Inspector.inspect(s))")
            }
            return .range(first: first, last: last, step: step)
        }
        return .range(first: first, last: last, step: last >= first ? 1 : -1)
    }

    /// `data[key]` (the Access protocol: maps, keyword lists, nil, tensors).
    static func access(_ data: Value, _ key: Value, _ ctx: Context) throws -> Value {
        try AccessModule.get(data, key)
    }

    // MARK: - Maps and structs

    private func compileMap(_ pairs: [(Node, Node)], update: Node?, line: Int) throws -> Eval {
        let keyEvals = try pairs.map { try compile($0.0) }
        let valueEvals = try pairs.map { try compile($0.1) }
        if let base = update {
            let b = try compile(base)
            return { f in
                let v = try b(f)
                guard case .map(var m) = v else { throw Exceptions.badMap(v) }
                for i in 0..<keyEvals.count {
                    let k = try keyEvals[i](f)
                    guard m[k] != nil else { throw Exceptions.key(k, in: v) }
                    m[k] = try valueEvals[i](f)
                }
                return .map(m)
            }
        }
        return { f in
            var m = MapValue()
            for i in 0..<keyEvals.count { m[try keyEvals[i](f)] = try valueEvals[i](f) }
            return .map(m)
        }
    }

    func structModule(_ node: Node, line: Int) throws -> String {
        switch node {
        case .alias(let parts, _): return resolveAlias(parts)
        case .call("__MODULE__", _, _):
            guard let m = module else { throw compileError(line, "__MODULE__ is nil") }
            return m.name
        default: throw compileError(line, "expected struct name to be a compile time atom or alias")
        }
    }

    private func compileStruct(_ moduleNode: Node, _ fields: [(Node, Node)], update: Node?, line: Int) throws -> Eval {
        let name = try structModule(moduleNode, line: line)
        let keyEvals = try fields.map { try compile($0.0) }
        let valueEvals = try fields.map { try compile($0.1) }
        let base = try update.map(compile)
        let interp = self.interp
        let file = self.file
        return { f in
            guard let m = interp.modules[name], m.structFields != nil else {
                throw Exceptions.compile(file, line, "\(name).__struct__/1 is undefined, cannot expand struct \(name). Make sure the struct name is correct. If the struct name exists and is correct but it still cannot be found, you likely have cyclic module usage in your code")
            }
            var map: MapValue
            if let b = base {
                let v = try b(f)
                guard case .map(let existing) = v, existing.structName == "Elixir." + name else {
                    throw Exceptions.badStruct("Elixir." + name, v)
                }
                map = existing
            } else {
                map = interp.structValue(m)
            }
            for i in 0..<keyEvals.count {
                let k = try keyEvals[i](f)
                guard map[k] != nil, !k.isAtom("__struct__") else {
                    throw Exceptions.key(k, in: .map(interp.structValue(m)))
                }
                map[k] = try valueEvals[i](f)
            }
            return .map(map)
        }
    }

    // MARK: - Operators

    private func compileUnary(_ op: String, _ operand: Node, line: Int) throws -> Eval {
        let e = try compile(operand)
        switch op {
        case "-":
            return { f in
                let v = try e(f)
                do { return try Value.negate(v) } catch {
                    throw Exceptions.badArith("-(\(Inspector.inspect(v)))")
                }
            }
        case "+":
            return { f in
                let v = try e(f)
                guard v.isNumber else { throw Exceptions.badArith("+(\(Inspector.inspect(v)))") }
                return v
            }
        case "!":
            return { f in .bool(!(try e(f)).isTruthy) }
        case "not":
            return { f in
                let v = try e(f)
                switch v {
                case .atom("true"): return .false
                case .atom("false"): return .true
                default: throw ElixirError.argument("argument error: \(Inspector.inspect(v))")
                }
            }
        case "^":
            throw compileError(line, "cannot use ^\(Compiler.describe(operand)) outside of match clauses")
        default:
            throw compileError(line, "unknown unary operator \(op)")
        }
    }

    static func describe(_ node: Node) -> String {
        if case .variable(let n, _) = node { return n }
        return "expression"
    }

    private func compileBinary(_ op: String, _ lhs: Node, _ rhs: Node, line: Int) throws -> Eval {
        switch op {
        case "=":
            let value = try compile(rhs)
            let pattern = try compilePattern(lhs)
            return { f in
                let v = try value(f)
                guard try pattern(v, f) else { throw Exceptions.match(v) }
                return v
            }
        case "|>":
            return try compile(Compiler.pipe(lhs, into: rhs, line: line))
        case "&&":
            let a = try compile(lhs), b = try compile(rhs)
            return { f in
                let v = try a(f)
                return v.isTruthy ? try b(f) : v
            }
        case "||":
            let a = try compile(lhs), b = try compile(rhs)
            return { f in
                let v = try a(f)
                return v.isTruthy ? v : try b(f)
            }
        case "and":
            let a = try compile(lhs), b = try compile(rhs)
            return { f in
                switch try a(f) {
                case .atom("true"): return try b(f)
                case .atom("false"): return .false
                case let v: throw Exceptions.badBoolean("and", v)
                }
            }
        case "or":
            let a = try compile(lhs), b = try compile(rhs)
            return { f in
                switch try a(f) {
                case .atom("true"): return .true
                case .atom("false"): return try b(f)
                case let v: throw Exceptions.badBoolean("or", v)
                }
            }
        case "in", "not in":
            let a = try compile(lhs), b = try compile(rhs)
            let negate = op == "not in"
            let interp = self.interp
            return { f in
                let found = try Compiler.member(try b(f), try a(f), interp)
                return .bool(found != negate)
            }
        case "when", "<-", "\\\\", "|", "::", "=>":
            throw compileError(line, "misplaced operator \(op)")
        case "+": return try arithmetic(lhs, rhs, op, { x, y in x.addingReportingOverflow(y) }, slow: Value.add)
        case "-": return try arithmetic(lhs, rhs, op, { x, y in x.subtractingReportingOverflow(y) }, slow: Value.subtract)
        case "*": return try arithmetic(lhs, rhs, op, { x, y in x.multipliedReportingOverflow(by: y) }, slow: Value.multiply)
        case "<", ">", "<=", ">=":
            let a = try compile(lhs), b = try compile(rhs)
            let test: (Int) -> Bool
            switch op {
            case "<": test = { $0 < 0 }
            case ">": test = { $0 > 0 }
            case "<=": test = { $0 <= 0 }
            default: test = { $0 >= 0 }
            }
            return { f in
                let x = try a(f), y = try b(f)
                if case .int(let i) = x, case .int(let j) = y { return .bool(test(i < j ? -1 : (i == j ? 0 : 1))) }
                return .bool(test(Value.compare(x, y)))
            }
        case "==", "!=":
            let a = try compile(lhs), b = try compile(rhs)
            let negate = op == "!="
            return { f in .bool(Value.looselyEqual(try a(f), try b(f)) != negate) }
        case "===", "!==":
            let a = try compile(lhs), b = try compile(rhs)
            let negate = op == "!=="
            return { f in .bool(Value.strictlyEqual(try a(f), try b(f)) != negate) }
        default:
            // Every other operator is a Kernel (or imported Bitwise) function.
            return try compileCall(op, [lhs, rhs], line: line)
        }
    }

    /// `+ - *` with an inline fast path for machine integers.
    private func arithmetic(_ lhs: Node, _ rhs: Node, _ op: String,
                            _ fast: @escaping (Int, Int) -> (partialValue: Int, overflow: Bool),
                            slow: @escaping (Value, Value) throws -> Value) throws -> Eval {
        let a = try compile(lhs), b = try compile(rhs)
        return { f in
            let x = try a(f), y = try b(f)
            if case .int(let i) = x, case .int(let j) = y {
                let r = fast(i, j)
                if !r.overflow { return .int(r.partialValue) }
            }
            return try KernelModule.arith(op, x, y, slow)
        }
    }

    /// `x in enumerable`
    static func member(_ collection: Value, _ x: Value, _ ctx: Context) throws -> Bool {
        switch collection {
        case let .range(first, last, step):
            guard case .int(let i) = x else { return false }
            // Within the bounds the distance fits in a UInt, even across the whole Int range.
            if step > 0 {
                guard i >= first && i <= last else { return false }
                return UInt(bitPattern: i &- first) % UInt(step) == 0
            }
            guard i <= first && i >= last else { return false }
            return UInt(bitPattern: first &- i) % step.magnitude == 0
        case .map(let m) where m.structName == nil:
            guard case .tuple(let kv) = x, kv.count == 2, let v = m[kv[0]] else { return false }
            return Value.strictlyEqual(v, kv[1])
        default:
            var found = false
            try collection.forEachElement(ctx) { item in
                if Value.strictlyEqual(item, x) { found = true; return false }
                return true
            }
            return found
        }
    }

    /// `a |> f(b)` is `f(a, b)`.
    static func pipe(_ value: Node, into call: Node, line: Int) -> Node {
        switch call {
        case .call(let name, let args, let l): return .call(name, [value] + args, line: l)
        case .remote(let t, let name, let args, _, let l): return .remote(t, name, [value] + args, parens: true, line: l)
        case .apply(let t, let args, let l): return .apply(t, [value] + args, line: l)
        case .variable(let name, let l): return .call(name, [value], line: l)
        default: return .apply(call, [value], line: line)
        }
    }

    // MARK: - Functions

    /// Compiles clauses in a new function scope; returns them with the scope.
    func compileFunctionClauses(_ clauses: [Clause], scope fnScope: FunctionScope,
                                tailCalls: Bool = false) throws -> [CompiledClause] {
        let saved = scope
        scope = fnScope
        defer { scope = saved }
        return try clauses.map { clause in
            try scoped {
                let patterns = try compilePatterns(clause.patterns)
                let slots = plainVariableSlots(clause.patterns)
                let guardCheck = try clause.guardExpr.map { try compileGuard($0) }
                tail = tailCalls
                let body = try compile(clause.body)
                return CompiledClause(patterns: patterns, guardCheck: guardCheck, body: body, line: clause.line,
                                      bodyLine: clause.body.line,
                                      variableSlots: clause.guardExpr == nil ? slots : nil)
            }
        }
    }

    private func compileFn(_ clauses: [Clause], line: Int) throws -> Eval {
        guard let arity = clauses.first?.patterns.count else { throw compileError(line, "expected clauses in fn") }
        for c in clauses where c.patterns.count != arity {
            throw compileError(c.line, "cannot mix clauses with different arities in anonymous functions")
        }
        let fnScope = FunctionScope(parent: scope)
        let compiled = try compileFunctionClauses(clauses, scope: fnScope)
        let code = FnCode(clauses: compiled, arity: arity, frameSize: fnScope.size,
                          captureSlots: fnScope.captures.map { $0.inner }, line: line, id: interp.newFnId())
        let outerSlots = fnScope.captures.map { $0.outer }
        // Elixir names the enclosing function (`Mod.fun/N`) or, at the top level, the evaluator.
        let owner = enclosingFunction.map { "\(Exceptions.moduleDisplay(module?.name ?? "")).\($0)" } ?? ":erl_eval.expr/6"
        let text = "#Function<\(code.id).\(Compiler.functionUniq)/\(arity) in \(owner)>"
        return { f in
            let closure = Closure(code: code, captured: outerSlots.map { f[$0] })
            return .function(Function(arity: arity, body: .closure(closure), inspectText: text))
        }
    }

    /// The slots of patterns that are all distinct plain variables (`_` gives -1), or nil.
    func plainVariableSlots(_ patterns: [Node]) -> [Int]? {
        var slots: [Int] = []
        for p in patterns {
            guard case .variable(let name, _) = p else { return nil }
            if name == "_" { slots.append(-1); continue }
            guard let s = scope.vars[name], !slots.contains(s) else { return nil }
            slots.append(s)
        }
        return slots
    }

    /// `&Mod.fun/2`, `&fun/1`, `&+/2`, or `&(expr with &1...)`.
    private func compileCapture(_ inner: Node, line: Int) throws -> Eval {
        if case .binary("/", let target, .literal(.int(let arity), _), _) = inner {
            switch target {
            case .remote(let mod, let name, let args, _, _) where args.isEmpty:
                if case .alias(let parts, _) = mod {
                    let v = interp.captureValue(module: resolveAlias(parts), name: name, arity: arity)
                    return { _ in v }
                }
                if case .literal(.atom(let erl), _) = mod {
                    let v = interp.captureValue(module: ":" + erl, name: name, arity: arity)
                    return { _ in v }
                }
            case .call(let name, let args, _) where args.isEmpty:
                return try localCapture(name, arity: arity, line: line)
            case .variable(let name, _):
                return try localCapture(name, arity: arity, line: line)
            default: break
            }
        }
        // `&(&1 + &2)`: an fn whose parameters are the &N used.
        var maxArg = 0
        Compiler.visitCaptureArgs(inner) { maxArg = max(maxArg, $0) }
        guard maxArg > 0 else {
            throw compileError(line, "invalid args for &, expected one of:\n\n  * &Mod.fun/arity to capture a remote function, such as &Enum.map/2\n  * &fun/arity to capture a local or imported function, such as &is_atom/1\n  * &some_code(&1, ...) containing at least one argument as &1, such as &List.flatten(&1)\n\nGot: \(Compiler.describe(inner))")
        }
        let params = (1...maxArg).map { Node.variable("&\($0)", line: line) }
        let body = Compiler.replaceCaptureArgs(inner)
        return try compileFn([Clause(patterns: params, guardExpr: nil, body: body, line: line)], line: line)
    }

    /// A capture of a local, imported or Kernel function.
    private func localCapture(_ name: String, arity: Int, line: Int) throws -> Eval {
        if let m = module, let def = m.function(name, arity) {
            let interp = self.interp
            let text = "&\(Exceptions.moduleDisplay(m.name)).\(name)/\(arity)"
            let v = Value.function(Function(arity: arity, body: .native({ args, _ in try interp.callDefinition(def, args) }),
                                            inspectText: text))
            return { _ in v }
        }
        if let owner = importOwner(name, arity) {
            let v = interp.captureValue(module: owner, name: name, arity: arity)
            return { _ in v }
        }
        throw compileError(line, "undefined function \(name)/\(arity) (there is no such import)")
    }

    static func visitCaptureArgs(_ node: Node, _ visit: (Int) -> Void) {
        switch node {
        case .captureArg(let n, _): visit(n)
        case .capture: return
        default: node.forEachChild { visitCaptureArgs($0, visit) }
        }
    }

    static func replaceCaptureArgs(_ node: Node) -> Node {
        if case .captureArg(let n, let line) = node { return .variable("&\(n)", line: line) }
        if case .capture = node { return node }
        return node.mapChildren(replaceCaptureArgs)
    }

    // MARK: - Attributes and sigils

    private func compileAttribute(_ name: String, _ value: Node?, line: Int) throws -> Eval {
        guard let m = module else {
            throw compileError(line, value == nil ? "cannot read attribute @\(name) outside of a module" : "cannot set attribute @\(name) outside of a module")
        }
        // Typespecs and compiler hints have no run-time meaning here.
        let ignored: Set<String> = ["type", "typep", "opaque", "spec", "callback", "macrocallback", "impl",
                                    "behaviour", "dialyzer", "compile", "derive", "enforce_keys"]
        if value != nil && ignored.contains(name) { return { _ in .nil } }
        if let valueNode = value {
            let e = try compile(valueNode)
            return { f in
                let v = try e(f)
                switch name {
                case "moduledoc": m.moduledoc = v.stringValue
                default: m.attributes[name] = v
                }
                return .nil
            }
        }
        // Read at definition time: the value the attribute has when this code is resolved.
        guard let v = m.attributes[name] else {
            return { _ in .nil }
        }
        return { _ in v }
    }

    private func compileSigil(_ letter: Character, _ pieces: [Piece], _ modifiers: String, line: Int) throws -> Eval {
        let text = try compileInterpolation(pieces)
        switch letter {
        case "s", "S":
            return text
        case "c", "C":
            return { f in .list((try text(f).stringValue ?? "").unicodeScalars.map { .int(Int($0.value)) }) }
        case "w", "W":
            return { f in
                let words = (try text(f).stringValue ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
                return .list(words.map { w -> Value in
                    switch modifiers {
                    case "a": return .atom(String(w))
                    case "c": return .list(w.unicodeScalars.map { .int(Int($0.value)) })
                    default: return .string(String(w))
                    }
                })
            }
        case "r":
            return { f in
                let source = try text(f).stringValue ?? ""
                return RegexValue.make(source: source, options: modifiers)
            }
        default:
            throw compileError(line, "undefined function sigil_\(letter)/2 (there is no such import)")
        }
    }
}

extension Node {
    /// Calls `body` on each direct child node.
    func forEachChild(_ body: (Node) -> Void) {
        _ = mapChildren { body($0); return $0 }
    }

    /// The node with `transform` applied to each direct child.
    func mapChildren(_ t: (Node) -> Node) -> Node {
        func clause(_ c: Clause) -> Clause {
            Clause(patterns: c.patterns.map(t), guardExpr: c.guardExpr.map(t), body: t(c.body), line: c.line)
        }
        func piece(_ p: Piece) -> Piece { if case .code(let n) = p { return .code(t(n)) }; return p }
        switch self {
        case .literal, .variable, .alias, .captureArg: return self
        case .interpolated(let ps, let l): return .interpolated(ps.map(piece), line: l)
        case .interpolatedCharlist(let ps, let l): return .interpolatedCharlist(ps.map(piece), line: l)
        case .list(let items, let tail, let l): return .list(items.map(t), tail: tail.map(t), line: l)
        case .tuple(let items, let l): return .tuple(items.map(t), line: l)
        case .map(let pairs, let u, let l): return .map(pairs.map { (t($0.0), t($0.1)) }, update: u.map(t), line: l)
        case .structure(let m, let fields, let u, let l):
            return .structure(module: m, fields: fields.map { (t($0.0), t($0.1)) }, update: u.map(t), line: l)
        case .bitstring(let segs, let l):
            return .bitstring(segs.map { Segment(value: t($0.value), type: $0.type.map(t)) }, line: l)
        case .unary(let op, let x, let l): return .unary(op, t(x), line: l)
        case .binary(let op, let a, let b, let l): return .binary(op, t(a), t(b), line: l)
        case .range(let a, let b, let s, let l): return .range(t(a), t(b), step: s.map(t), line: l)
        case .call(let n, let args, let l): return .call(n, args.map(t), line: l)
        case .remote(let target, let n, let args, let p, let l): return .remote(t(target), n, args.map(t), parens: p, line: l)
        case .apply(let f, let args, let l): return .apply(t(f), args.map(t), line: l)
        case .access(let a, let k, let l): return .access(t(a), t(k), line: l)
        case .fn(let cs, let l): return .fn(cs.map(clause), line: l)
        case .capture(let x, let l): return .capture(t(x), line: l)
        case .block(let xs, let l): return .block(xs.map(t), line: l)
        case .attribute(let n, let v, let l): return .attribute(n, v.map(t), line: l)
        case .clauses(let cs, let l): return .clauses(cs.map(clause), line: l)
        case .sigil(let c, let ps, let m, let l): return .sigil(c, ps.map(piece), modifiers: m, line: l)
        }
    }
}
