import Foundation

/// Special forms: control flow (if, case, cond, with, for, try), raise, and the
/// module-level forms handed to `Compiler+Modules`.
extension Compiler {
    func compileSpecialForm(_ name: String, _ args: [Node], line: Int, tail isTail: Bool = false) throws -> Eval? {
        switch name {
        case "if", "unless": return try compileIf(args, negate: name == "unless", line: line, tail: isTail)
        case "case": return try compileCase(args, line: line, tail: isTail)
        case "cond": return try compileCond(args, line: line, tail: isTail)
        case "with": return try compileWith(args, line: line)
        case "for": return try compileFor(args, line: line)
        case "try": return try compileTry(args, line: line)
        case "raise": return try compileRaise(args, line: line)
        case "reraise":
            guard args.count == 2 else { return nil }
            let e = try compile(args[0])
            return { f in throw try Compiler.exceptionError(try e(f), nil, self.interp) }
        case "__MODULE__":
            guard args.isEmpty else { return nil }
            let v: Value = module.map { .module($0.name) } ?? .nil
            return { _ in v }
        case "match?":
            guard args.count == 2 else { return nil }
            let value = try compile(args[1])
            let (m, g) = try scoped { () throws -> (Match, Eval?) in
                if case .binary("when", let p, let guardNode, _) = args[0] {
                    return (try compilePattern(p), try compileGuard(guardNode))
                }
                return (try compilePattern(args[0]), nil)
            }
            return { f in
                let v = try value(f)
                guard try m(v, f) else { return .false }
                guard let g = g else { return .true }
                return .bool((try? g(f))?.isTruthy ?? false)
            }
        case "__DIR__":
            let dir = (file as NSString).deletingLastPathComponent
            let v = Value.string(dir.isEmpty ? "." : dir)
            return { _ in v }
        case "__STACKTRACE__":
            return { _ in .emptyList }
        case "binding":
            guard args.isEmpty else { return nil }
            let vars = scope.vars.filter { !$0.key.hasPrefix("_") && !$0.key.hasPrefix("&") }.sorted { $0.key < $1.key }
            return { f in .list(vars.map { .tuple([.atom($0.key), f[$0.value]]) }) }
        case "receive":
            throw compileError(line, "receive is not supported (SwiftNx has no processes)")
        case "quote", "unquote", "defmacro", "defmacrop", "defprotocol", "defimpl":
            throw compileError(line, "\(name) is not supported by SwiftNx")
        default:
            return try compileModuleForm(name, args, line: line)
        }
    }

    /// The clauses of a `do` section (an empty section has none).
    func clauses(_ node: Node?) -> [Clause] {
        if case .clauses(let cs, _)? = node { return cs }
        return []
    }

    private func compileIf(_ args: [Node], negate: Bool, line: Int, tail isTail: Bool) throws -> Eval {
        let (positional, options) = Compiler.splitKeywords(args)
        guard positional.count == 1, let doNode = Compiler.option(options, "do") else {
            throw compileError(line, "invalid or duplicate keys for \(negate ? "unless" : "if"), only \"do\" and an optional \"else\" are permitted")
        }
        let condition = try compile(positional[0])
        let then = try scoped { () throws -> Eval in tail = isTail; return try compile(doNode) }
        let otherwise = try scoped { () throws -> Eval? in
            guard let e = Compiler.option(options, "else") else { return nil }
            tail = isTail
            return try compile(e)
        }
        return { f in
            if (try condition(f)).isTruthy != negate { return try then(f) }
            return try otherwise?(f) ?? .nil
        }
    }

    /// Compiles one-pattern clauses (case, with-else, rescue...) in their own scopes.
    func compileMatchClauses(_ cs: [Clause], tail isTail: Bool = false) throws -> [CompiledClause] {
        try cs.map { c in
            guard c.patterns.count == 1 else {
                throw compileError(c.line, "expected one pattern before -> in this clause, got \(c.patterns.count)")
            }
            return try scoped {
                let patterns = try compilePatterns(c.patterns)
                let guardCheck = try c.guardExpr.map { try compileGuard($0) }
                let slots = plainVariableSlots(c.patterns)
                tail = isTail
                return CompiledClause(patterns: patterns, guardCheck: guardCheck, body: try compile(c.body), line: c.line,
                                      variableSlots: c.guardExpr == nil ? slots : nil)
            }
        }
    }

    private func compileCase(_ args: [Node], line: Int, tail isTail: Bool) throws -> Eval {
        let (positional, options) = Compiler.splitKeywords(args)
        guard positional.count == 1 else { throw compileError(line, "invalid arguments for case") }
        let subject = try compile(positional[0])
        let compiled = try compileMatchClauses(clauses(Compiler.option(options, "do")), tail: isTail)
        return { f in
            let v = try subject(f)
            for c in compiled where try c.matches(v, f) { return try c.body(f) }
            throw Exceptions.caseClause(v)
        }
    }

    private func compileCond(_ args: [Node], line: Int, tail isTail: Bool) throws -> Eval {
        let (_, options) = Compiler.splitKeywords(args)
        let cs = try clauses(Compiler.option(options, "do")).map { c -> (Eval, Eval) in
            try scoped {
                let test = try compile(c.patterns.first ?? .literal(.nil, line: c.line))
                tail = isTail
                return (test, try compile(c.body))
            }
        }
        return { f in
            for (test, body) in cs where (try test(f)).isTruthy { return try body(f) }
            throw Exceptions.condClause
        }
    }

    /// The left side of `pattern when guard <- value` (in `with` and `for`): the pattern, the
    /// slot it binds when it is a plain variable, and the guard.
    private func compileArrowPattern(_ lhs: Node) throws -> (Match, Int?, Eval?) {
        var pattern = lhs
        var guardNode: Node? = nil
        if case .binary("when", let p, let g, _) = lhs { pattern = p; guardNode = g }
        let m = try compilePattern(pattern)
        let slot = plainVariableSlots([pattern]).flatMap { $0.first }.flatMap { $0 >= 0 ? $0 : nil }
        return (m, guardNode == nil ? slot : nil, try guardNode.map { try compileGuard($0) })
    }

    private func compileWith(_ args: [Node], line: Int) throws -> Eval {
        let (steps, options) = Compiler.splitKeywords(args)
        let saved = scope.vars
        defer { scope.vars = saved }
        enum Step { case match(Match, Eval?, Eval), run(Eval) }
        var compiled: [Step] = []
        for step in steps {
            if case .binary("<-", let lhs, let rhs, _) = step {
                let value = try compile(rhs)
                let (m, _, g) = try compileArrowPattern(lhs)
                compiled.append(.match(m, g, value))
            } else {
                compiled.append(.run(try compile(step)))
            }
        }
        let body = try compile(Compiler.option(options, "do") ?? .literal(.nil, line: line))
        scope.vars = saved
        let elseClauses = try compileMatchClauses(clauses(Compiler.option(options, "else")))
        let hasElse = Compiler.option(options, "else") != nil
        return { f in
            for step in compiled {
                switch step {
                case .run(let e): _ = try e(f)
                case .match(let m, let g, let value):
                    let v = try value(f)
                    let ok = try m(v, f) && ((try? g?(f))??.isTruthy ?? (g == nil))
                    if !ok {
                        guard hasElse else { return v }
                        for c in elseClauses where try c.matches(v, f) { return try c.body(f) }
                        throw Exceptions.withClause(v)
                    }
                }
            }
            return try body(f)
        }
    }

    // MARK: - for

    /// The state of one run of a comprehension.
    final class ForState {
        var results: [Value] = []
        var acc: Value = .nil
        var seen = Set<HashableValue>()
        var unique = false
    }
    typealias ForStage = (Frame, ForState) throws -> Void

    /// A comprehension becomes a chain of stages built once: each generator loops and calls
    /// the next stage, each filter tests, and the innermost stage collects or reduces.
    private func compileFor(_ args: [Node], line: Int) throws -> Eval {
        let (steps, options) = Compiler.splitKeywords(args)
        let saved = scope.vars
        defer { scope.vars = saved }
        let interp = self.interp
        enum Step { case generator(Match, Int?, Eval?, Eval), bitGenerator(Match, Eval), filter(Eval) }
        var compiled: [Step] = []
        for step in steps {
            if case .binary("<-", let lhs, let rhs, _) = step {
                let source = try compile(rhs)
                let (m, slot, g) = try compileArrowPattern(lhs)
                compiled.append(.generator(m, slot, g, source))
            } else if case .bitstring(let segs, _) = step, segs.count == 1,
                      case .binary("<-", let lhs, let rhs, _) = segs[0].value {
                let source = try compile(rhs)
                var element = Segment(value: lhs, type: nil)
                if case .binary("::", let v, let t, _) = lhs { element = Segment(value: v, type: t) }
                let m = try compileBitstringPattern([element], line: line)
                compiled.append(.bitGenerator(m, source))
            } else {
                compiled.append(.filter(try compile(step)))
            }
        }
        let reduceInit = try Compiler.option(options, "reduce").map(compile)
        let into = try Compiler.option(options, "into").map(compile)
        let uniq = try Compiler.option(options, "uniq").map(compile)
        let doNode = Compiler.option(options, "do") ?? .literal(.nil, line: line)

        var stage: ForStage
        if reduceInit != nil {
            let clauses = try compileMatchClauses(clauses(doNode))
            if clauses.count == 1, let accSlot = clauses[0].variableSlots?.first, accSlot >= 0 {
                let body = clauses[0].body
                stage = { f, st in
                    f[accSlot] = st.acc
                    st.acc = try body(f)
                }
            } else {
                stage = { f, st in
                    for c in clauses where try c.matches(st.acc, f) {
                        st.acc = try c.body(f)
                        return
                    }
                    throw Exceptions.functionClause("anonymous fn", [st.acc])
                }
            }
        } else {
            let body = try compile(doNode)
            stage = { f, st in
                let v = try body(f)
                if st.unique, !st.seen.insert(HashableValue(v)).inserted { return }
                st.results.append(v)
            }
        }
        for step in compiled.reversed() {
            let next = stage
            switch step {
            case .filter(let e):
                stage = { f, st in if (try e(f)).isTruthy { try next(f, st) } }
            case .generator(let m, let slot, let g, let source):
                let accept: (Value, Frame) throws -> Bool
                if let s = slot, g == nil {
                    accept = { v, f in f[s] = v; return true }
                } else {
                    accept = { v, f in try m(v, f) && (g == nil || ((try? g!(f))?.isTruthy ?? false)) }
                }
                stage = { f, st in
                    let enumerable = try source(f)
                    if case let .range(first, last, step) = enumerable {
                        if step > 0 ? first > last : first < last { return }
                        var i = first
                        while true {
                            try interp.checkInterrupt()
                            if try accept(.int(i), f) { try next(f, st) }
                            let (n, overflow) = i.addingReportingOverflow(step)
                            if overflow || (step > 0 ? n > last : n < last) { return }
                            i = n
                        }
                    }
                    try enumerable.forEachElement(interp) { item in
                        try interp.checkInterrupt()
                        if try accept(item, f) { try next(f, st) }
                        return true
                    }
                }
            case .bitGenerator(let m, let source):
                stage = { f, st in
                    guard case .binary(let bytes) = try source(f) else { return }
                    var rest = bytes[...]
                    while !rest.isEmpty {
                        guard let consumed = try BitstringMatcher.generatorStep(m, rest, f) else { break }
                        rest = rest.dropFirst(consumed)
                        try next(f, st)
                    }
                }
            }
        }
        let run = stage
        return { f in
            let state = ForState()
            state.acc = try reduceInit?(f) ?? .nil
            state.unique = try uniq?(f).isTruthy ?? false
            try run(f, state)
            if reduceInit != nil { return state.acc }
            if let intoEval = into {
                return try Compiler.collect(state.results, into: try intoEval(f), interp)
            }
            return .list(state.results)
        }
    }

    /// `for ..., into: target`: lists, maps and binaries directly, other collectables via Enum.into.
    static func collect(_ items: [Value], into target: Value, _ interp: Interpreter) throws -> Value {
        switch target {
        case .list:
            guard let start = target.listElements else { break }
            return .list(start + items)
        case .map(var m) where m.structName == nil:
            for item in items {
                guard case .tuple(let kv) = item, kv.count == 2 else {
                    throw ElixirError.argument("collecting into a map requires {key, value} tuples, got: \(Inspector.inspect(item))")
                }
                m[kv[0]] = kv[1]
            }
            return .map(m)
        case .binary(var bytes):
            for item in items {
                guard case .binary(let b) = item else {
                    throw ElixirError.argument("collecting into a binary requires a bitstring, got: \(Inspector.inspect(item))")
                }
                bytes.append(contentsOf: b)
            }
            return .binary(bytes)
        default: break
        }
        return try interp.callRemote(module: "Enum", name: "into", [.list(items), target])
    }

    // MARK: - try / raise

    private func compileTry(_ args: [Node], line: Int) throws -> Eval {
        let (_, options) = Compiler.splitKeywords(args)
        let body = try scoped { try compile(Compiler.option(options, "do") ?? .literal(.nil, line: line)) }
        let rescues = try clauses(Compiler.option(options, "rescue")).map { try compileRescue($0) }
        let catches = try clauses(Compiler.option(options, "catch")).map { c -> (Match, Match, Eval?, Eval) in
            try scoped {
                let kindPattern: Node = c.patterns.count == 2 ? c.patterns[0] : .literal(.atom("throw"), line: c.line)
                let valuePattern = c.patterns.count == 2 ? c.patterns[1] : c.patterns[0]
                let ms = try compilePatterns([kindPattern, valuePattern])
                return (ms[0], ms[1], try c.guardExpr.map { try compileGuard($0) }, try compile(c.body))
            }
        }
        let elseClauses = try compileMatchClauses(clauses(Compiler.option(options, "else")))
        let hasElse = Compiler.option(options, "else") != nil
        let after = try scoped { try Compiler.option(options, "after").map(compile) }
        return { f in
            defer { if let a = after { _ = try? a(f) } }
            let value: Value
            do {
                value = try body(f)
            } catch let error as ElixirError {
                if error.exceptionModule == "SwiftNx.Interrupted" { throw error }
                if error.kind == .error {
                    for (test, run) in rescues where try test(error.value, f) { return try run(f) }
                }
                let kind = Value.atom(error.kind.rawValue)
                for (km, vm, g, run) in catches {
                    if try km(kind, f), try vm(error.value, f), (g == nil || ((try? g!(f))?.isTruthy ?? false)) {
                        return try run(f)
                    }
                }
                throw error
            }
            guard hasElse else { return value }
            for c in elseClauses where try c.matches(value, f) { return try c.body(f) }
            throw Exceptions.tryClause(value)
        }
    }

    /// `e in [A, B] ->`, `A ->`, `e ->`: a test on the exception value and the body.
    private func compileRescue(_ c: Clause) throws -> (Match, Eval) {
        try scoped {
            guard let head = c.patterns.first else { throw compileError(c.line, "invalid rescue clause") }
            var binding: Node? = nil
            var modules: [String]? = nil
            switch head {
            case .binary("in", let v, let mods, _):
                binding = v
                switch mods {
                case .alias(let parts, _): modules = [resolveAlias(parts)]
                case .list(let items, _, _):
                    modules = try items.map { item in
                        guard case .alias(let parts, _) = item else { throw compileError(c.line, "invalid rescue clause") }
                        return resolveAlias(parts)
                    }
                default: throw compileError(c.line, "invalid rescue clause")
                }
            case .alias(let parts, _):
                modules = [resolveAlias(parts)]
            default:
                binding = head
            }
            let bind = try binding.map { try compilePattern($0) }
            let accepted = modules.map { Set($0.map { "Elixir." + $0 }) }
            let test: Match = { v, f in
                if let acc = accepted {
                    guard case .map(let m) = v, let s = m.structName, acc.contains(s) else { return false }
                }
                return try bind?(v, f) ?? true
            }
            return (test, try compile(c.body))
        }
    }

    private func compileRaise(_ args: [Node], line: Int) throws -> Eval? {
        guard args.count == 1 || args.count == 2 else { return nil }
        let a = try compile(args[0])
        let b = try args.count == 2 ? compile(args[1]) : nil
        let interp = self.interp
        return { f in throw try Compiler.exceptionError(try a(f), try b?(f), interp) }
    }

    /// The error `raise a` / `raise a, b` raises.
    static func exceptionError(_ a: Value, _ b: Value?, _ interp: Interpreter) throws -> ElixirError {
        switch a {
        case .binary:
            if b == nil { return ElixirError.exception("RuntimeError", a.stringValue ?? "") }
        case .map(let m) where (m[.atom("__exception__")]?.isAtom("true") ?? false):
            return ElixirError(kind: .error, value: a)
        case .atom(let name) where name.hasPrefix("Elixir."):
            let key = String(name.dropFirst(7))
            if let user = interp.modules[key], user.isException {
                var attrs = b ?? .emptyList
                if case .binary = attrs { attrs = .list([.tuple([.atom("message"), attrs])]) }
                if let f = user.function("exception", 1) {
                    return ElixirError(kind: .error, value: try interp.callDefinition(f, [attrs]))
                }
                return ElixirError(kind: .error, value: try interp.buildStruct(user, fields: attrs))
            }
            guard builtinExceptions.contains(key) else {
                throw Exceptions.undefinedFunction(name, "exception", 1, moduleExists: false)
            }
            return builtinException(key, b)
        default: break
        }
        return ElixirError.argument("raise/\(b == nil ? 1 : 2) expects a module name, string or exception as the first argument, got: \(Inspector.inspect(a))")
    }

    static let builtinExceptions: Set<String> = [
        "RuntimeError", "ArgumentError", "ArithmeticError", "KeyError", "MatchError", "CaseClauseError",
        "FunctionClauseError", "BadMapError", "BadArityError", "BadFunctionError", "UndefinedFunctionError",
        "SystemLimitError", "Enum.EmptyError", "Enum.OutOfBoundsError", "File.Error", "Protocol.UndefinedError",
        "CompileError", "SyntaxError", "TokenMissingError", "ErlangError", "UnicodeConversionError",
        "CondClauseError", "WithClauseError", "TryClauseError", "BadStructError", "BadBooleanError",
        "Inspect.Error", "RuntimeError", "Regex.CompileError",
    ]

    /// ArgumentError, RuntimeError... built from a message or keyword list.
    static func builtinException(_ module: String, _ attrs: Value?) -> ElixirError {
        let defaults: [String: String] = [
            "RuntimeError": "runtime error", "ArgumentError": "argument error",
            "ArithmeticError": "bad argument in arithmetic expression", "SystemLimitError": "a system limit has been reached",
        ]
        var message = defaults[module] ?? "\(module) exception"
        var fields: [(String, Value)] = []
        if let attrs = attrs {
            if let s = attrs.stringValue { message = s }
            else if let items = attrs.listElements {
                for item in items {
                    if case .tuple(let kv) = item, kv.count == 2, case .atom(let k) = kv[0] {
                        if k == "message", let s = kv[1].stringValue { message = s } else { fields.append((k, kv[1])) }
                    }
                }
            }
        }
        return ElixirError.exception(module, message, fields: fields)
    }
}

/// A value usable as a Set/Dictionary key with Elixir's strict equality.
struct HashableValue: Hashable {
    let value: Value
    init(_ v: Value) { value = v }
    static func == (a: HashableValue, b: HashableValue) -> Bool { Value.strictlyEqual(a.value, b.value) }
    func hash(into hasher: inout Hasher) {
        switch value {
        case .int(let i): hasher.combine(i)
        case .float(let d): hasher.combine(d)
        case .atom(let a): hasher.combine(a)
        case .binary(let b): hasher.combine(b)
        case .tuple(let t): hasher.combine(t.count)
        default: hasher.combine(0)
        }
    }
}
