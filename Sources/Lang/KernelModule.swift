import BigInt
import Foundation

/// The Kernel functions: operators as functions (so `&+/2` works), type checks, tuple and
/// list basics, inspect/to_string, apply, struct helpers; plus `Exception.message` and the
/// `Mix.install` no-op. (Bitwise and the nested get_in/put_in forms live in the stdlib.)
public enum KernelModule {
    /// Runs an arithmetic op, adding the operands to ArithmeticError's message as Elixir does.
    static func arith(_ op: String, _ a: Value, _ b: Value, _ f: (Value, Value) throws -> Value) throws -> Value {
        do { return try f(a, b) } catch let e as ElixirError where e.exceptionModule == "ArithmeticError" {
            throw Exceptions.badArith("\(Inspector.inspect(a)) \(op) \(Inspector.inspect(b))")
        }
    }

    static func int(_ v: Value, _ fn: String, position: Int = 1) throws -> Int {
        if case .int(let i) = v { return i }
        throw Exceptions.erlangArgument("not an integer", position: position)
    }

    public static func install(into r: Registry) {
        let k = "Kernel"
        r.document(module: k, "Kernel: the functions and operators available without a module name.")
        // Operators.
        r.define(k, "+", arity: 2) { a, _ in
            if case .int(let x) = a[0], case .int(let y) = a[1] {
                let (s, o) = x.addingReportingOverflow(y)
                if !o { return .int(s) }
            }
            return try arith("+", a[0], a[1], Value.add)
        }
        r.define(k, "-", arity: 2) { a, _ in
            if case .int(let x) = a[0], case .int(let y) = a[1] {
                let (s, o) = x.subtractingReportingOverflow(y)
                if !o { return .int(s) }
            }
            return try arith("-", a[0], a[1], Value.subtract)
        }
        r.define(k, "*", arity: 2) { a, _ in
            if case .int(let x) = a[0], case .int(let y) = a[1] {
                let (s, o) = x.multipliedReportingOverflow(by: y)
                if !o { return .int(s) }
            }
            return try arith("*", a[0], a[1], Value.multiply)
        }
        r.define(k, "/", arity: 2) { a, _ in try arith("/", a[0], a[1], Value.divide) }
        r.define(k, "**", arity: 2) { a, _ in try arith("**", a[0], a[1], Value.power) }
        r.define(k, "-", arity: 1) { a, _ in
            do { return try Value.negate(a[0]) } catch {
                throw Exceptions.badArith("-(\(Inspector.inspect(a[0])))")
            }
        }
        r.define(k, "+", arity: 1) { a, _ in a[0] }
        r.define(k, "==", arity: 2) { a, _ in .bool(Value.looselyEqual(a[0], a[1])) }
        r.define(k, "!=", arity: 2) { a, _ in .bool(!Value.looselyEqual(a[0], a[1])) }
        r.define(k, "===", arity: 2) { a, _ in .bool(Value.strictlyEqual(a[0], a[1])) }
        r.define(k, "!==", arity: 2) { a, _ in .bool(!Value.strictlyEqual(a[0], a[1])) }
        r.define(k, "<", arity: 2) { a, _ in .bool(Value.compare(a[0], a[1]) < 0) }
        r.define(k, ">", arity: 2) { a, _ in .bool(Value.compare(a[0], a[1]) > 0) }
        r.define(k, "<=", arity: 2) { a, _ in .bool(Value.compare(a[0], a[1]) <= 0) }
        r.define(k, ">=", arity: 2) { a, _ in .bool(Value.compare(a[0], a[1]) >= 0) }
        r.define(k, "!", arity: 1) { a, _ in .bool(!a[0].isTruthy) }
        r.define(k, "not", arity: 1) { a, _ in
            guard case .atom(let b) = a[0], b == "true" || b == "false" else { throw ElixirError.argument("argument error") }
            return .bool(b == "false")
        }
        r.define(k, "++", arity: 2) { a, _ in
            guard let left = a[0].listElements else { throw ElixirError.argument("argument error") }
            return .list(left, tail: a[1])
        }
        r.define(k, "--", arity: 2) { a, _ in
            guard var left = a[0].listElements, let right = a[1].listElements else { throw ElixirError.argument("argument error") }
            for x in right {
                if let i = left.firstIndex(where: { Value.strictlyEqual($0, x) }) { left.remove(at: i) }
            }
            return .list(left)
        }
        r.define(k, "<>", arity: 2) { a, _ in
            guard case .binary(let x) = a[0], case .binary(let y) = a[1] else {
                throw ElixirError.argument("expected binary argument in <> operator but got: \(Inspector.inspect(a[0]))")
            }
            return .binary(x + y)
        }
        r.define(k, "=~", arity: 2) { a, _ in
            guard case .binary = a[0] else { throw ElixirError.argument("argument error") }
            if case .binary(let sub) = a[1] {
                let hay = a[0].stringValue ?? ""
                return .bool(sub.isEmpty || hay.contains(String(decoding: sub, as: UTF8.self)))
            }
            return .bool(try RegexValue.matches(a[1], a[0].stringValue ?? ""))
        }
        r.define(k, "..", arity: 2) { a, _ in try Compiler.makeRange(a[0], a[1], nil) }
        r.define(k, "in", arity: 2) { a, ctx in .bool(try Compiler.member(a[1], a[0], ctx)) }

        // Integer arithmetic.
        r.define(k, "div", arity: 2) { a, _ in
            do { return try Value.intDiv(a[0], a[1]) } catch {
                throw Exceptions.badArith("div(\(Inspector.inspect(a[0])), \(Inspector.inspect(a[1])))")
            }
        }
        r.define(k, "rem", arity: 2) { a, _ in
            do { return try Value.remainder(a[0], a[1]) } catch {
                throw Exceptions.badArith("rem(\(Inspector.inspect(a[0])), \(Inspector.inspect(a[1])))")
            }
        }
        r.define(k, "abs", arity: 1) { a, _ in
            switch a[0] {
            case .int(let i): return i == Int.min ? .integer(-BigInt(i)) : .int(abs(i))
            case .bigint(let b): return .integer(b < 0 ? -b : b)
            case .float(let f): return .float(abs(f))
            default: throw ElixirError.argument("bad argument in arithmetic expression")
            }
        }
        r.define(k, "max", arity: 2) { a, _ in Value.compare(a[0], a[1]) >= 0 ? a[0] : a[1] }
        r.define(k, "min", arity: 2) { a, _ in Value.compare(a[0], a[1]) <= 0 ? a[0] : a[1] }
        for (name, rule) in [("round", FloatingPointRoundingRule.toNearestOrAwayFromZero), ("trunc", .towardZero),
                             ("floor", .down), ("ceil", .up)] {
            r.define(k, name, arity: 1) { a, _ in
                switch a[0] {
                case .int, .bigint: return a[0]
                case .float(let f):
                    let rounded = f.rounded(rule)
                    if let i = Int(exactly: rounded) { return .int(i) }
                    return .integer(BigInt(rounded))
                default: throw Exceptions.erlangArgument("not a number")
                }
            }
        }

        // Type checks.
        let checks: [(String, (Value) -> Bool)] = [
            ("is_integer", { $0.isInteger }),
            ("is_float", { if case .float = $0 { return true }; return false }),
            ("is_number", { $0.isNumber }),
            ("is_atom", { if case .atom = $0 { return true }; return false }),
            ("is_boolean", { $0.isAtom("true") || $0.isAtom("false") }),
            ("is_nil", { $0.isNil }),
            ("is_binary", { if case .binary = $0 { return true }; return false }),
            ("is_bitstring", { if case .binary = $0 { return true }; return false }),
            ("is_list", { if case .list = $0 { return true }; return false }),
            ("is_tuple", { if case .tuple = $0 { return true }; return false }),
            ("is_map", { if case .map = $0 { return true }; if case .range = $0 { return true }; return false }),
            ("is_function", { if case .function = $0 { return true }; return false }),
            ("is_pid", { _ in false }), ("is_port", { _ in false }),
            ("is_reference", { if case .ref = $0 { return true }; return false }),
            ("is_struct", { if case .map(let m) = $0 { return m.structName != nil }; if case .range = $0 { return true }; return false }),
            ("is_exception", { if case .map(let m) = $0 { return (m[.atom("__exception__")]?.isAtom("true") ?? false) }; return false }),
        ]
        for (name, test) in checks {
            r.define(k, name, arity: 1) { a, _ in .bool(test(a[0])) }
        }
        r.define(k, "is_function", arity: 2) { a, _ in
            guard case .function(let f) = a[0] else { return .false }
            return .bool(f.arity == (try int(a[1], "is_function", position: 2)))
        }
        r.define(k, "is_struct", arity: 2) { a, _ in
            guard case .map(let m) = a[0], case .atom(let name) = a[1] else { return .false }
            return .bool(m.structName == name)
        }
        r.define(k, "is_exception", arity: 2) { a, _ in
            guard case .map(let m) = a[0], case .atom(let name) = a[1] else { return .false }
            return .bool(m.structName == name && (m[.atom("__exception__")]?.isAtom("true") ?? false))
        }
        r.define(k, "is_map_key", arity: 2) { a, _ in
            guard case .map(let m) = a[0] else { throw Exceptions.badMap(a[0]) }
            return .bool(m[a[1]] != nil)
        }

        // Tuples, lists, sizes.
        r.define(k, "elem", arity: 2) { a, _ in
            guard case .tuple(let t) = a[0] else { throw Exceptions.erlangArgument("not a tuple") }
            let i = try int(a[1], "elem", position: 2)
            guard i >= 0 && i < t.count else { throw Exceptions.erlangArgument("out of range", position: 2) }
            return t[i]
        }
        r.define(k, "put_elem", arity: 3) { a, _ in
            guard case .tuple(var t) = a[0] else { throw Exceptions.erlangArgument("not a tuple", position: 1) }
            let i = try int(a[1], "put_elem", position: 2)
            guard i >= 0 && i < t.count else { throw Exceptions.erlangArgument("out of range", position: 2) }
            t[i] = a[2]
            return .tuple(t)
        }
        r.define(k, "tuple_size", arity: 1) { a, _ in
            guard case .tuple(let t) = a[0] else { throw Exceptions.erlangArgument("not a tuple") }
            return .int(t.count)
        }
        r.define(k, "hd", arity: 1) { a, _ in
            guard case .list(let c?) = a[0] else { throw Exceptions.erlangArgument("not a nonempty list") }
            return c.head
        }
        r.define(k, "tl", arity: 1) { a, _ in
            guard case .list(let c?) = a[0] else { throw Exceptions.erlangArgument("not a nonempty list") }
            return c.tail
        }
        r.define(k, "length", arity: 1) { a, _ in
            guard case .list(var cell) = a[0] else { throw Exceptions.erlangArgument("not a list") }
            var n = 0
            while let c = cell {
                n += 1
                guard case .list(let next) = c.tail else { throw Exceptions.erlangArgument("not a list") }
                cell = next
            }
            return .int(n)
        }
        r.define(k, "map_size", arity: 1) { a, _ in
            guard case .map(let m) = a[0] else { throw Exceptions.badMap(a[0]) }
            return .int(m.count)
        }
        r.define(k, "byte_size", arity: 1) { a, _ in
            guard case .binary(let b) = a[0] else { throw Exceptions.erlangArgument("not a bitstring") }
            return .int(b.count)
        }
        r.define(k, "bit_size", arity: 1) { a, _ in
            guard case .binary(let b) = a[0] else { throw Exceptions.erlangArgument("not a bitstring") }
            return .int(b.count * 8)
        }
        r.define(k, "binary_part", arity: 3) { a, _ in
            guard case .binary(let b) = a[0] else { throw Exceptions.erlangArgument("not a binary") }
            let start = try int(a[1], "binary_part", position: 2), len = try int(a[2], "binary_part", position: 3)
            let (end, overflow) = start.addingReportingOverflow(len)
            let lo = min(start, end), hi = max(start, end)
            guard !overflow, lo >= 0 && hi <= b.count else { throw Exceptions.erlangArgument("out of range", position: 2) }
            return .binary(Array(b[lo..<hi]))
        }

        // Text.
        r.define(k, "inspect", arities: [1, 2]) { a, _ in
            .string(try Inspector.inspect(a[0], keyword: a.count > 1 ? a[1] : .emptyList))
        }
        r.define(k, "to_string", arity: 1) { a, _ in
            if case .list = a[0] { return .string(try IOModule.chardata(a[0])) }
            return .string(try Inspector.toString(a[0]))
        }
        r.define(k, "to_charlist", arity: 1) { a, _ in
            if case .list = a[0] { return .list(try IOModule.chardata(a[0]).unicodeScalars.map { .int(Int($0.value)) }) }
            return .list(try Inspector.toString(a[0]).unicodeScalars.map { .int(Int($0.value)) })
        }

        // Functions.
        r.define(k, "apply", arity: 2) { a, ctx in
            guard let args = a[1].listElements else { throw ElixirError.argument("argument error") }
            return try ctx.call(a[0], args)
        }
        r.define(k, "apply", arity: 3) { a, ctx in
            guard case .atom(let m) = a[0], case .atom(let f) = a[1], let args = a[2].listElements else {
                throw ElixirError.argument("argument error")
            }
            return try ctx.callRemote(module: Compiler.moduleKey(m), name: f, args)
        }
        r.define(k, "then", arity: 2) { a, ctx in try ctx.call(a[1], [a[0]]) }
        r.define(k, "tap", arity: 2) { a, ctx in _ = try ctx.call(a[1], [a[0]]); return a[0] }
        r.define(k, "function_exported?", arity: 3) { a, ctx in
            guard case .atom(let m) = a[0], case .atom(let f) = a[1], case .int(let n) = a[2] else { return .false }
            if let interp = ctx as? Interpreter, let def = interp.modules[Compiler.moduleKey(m)]?.function(f, n) {
                return .bool(!def.isPrivate)
            }
            if let interp = ctx as? Interpreter { return .bool(interp.registry.lookup(Compiler.moduleKey(m), f, arity: n) != nil) }
            return .false
        }

        // Raising.
        r.define(k, "throw", arity: 1) { a, _ in throw ElixirError(kind: .throw, value: a[0]) }
        r.define(k, "exit", arity: 1) { a, _ in throw ElixirError(kind: .exit, value: a[0]) }
        r.define(k, "raise", arities: [1, 2]) { a, ctx in
            guard let interp = ctx as? Interpreter else { throw ElixirError.argument("raise needs the interpreter") }
            throw try Compiler.exceptionError(a[0], a.count > 1 ? a[1] : nil, interp)
        }

        // References and structs.
        var nextRef = 0
        r.define(k, "make_ref", arity: 0) { _, _ in
            nextRef += 1
            return .ref(nextRef)
        }
        r.define(k, "struct", arities: [1, 2]) { a, ctx in try makeStruct(a, ctx, strict: false) }
        r.define(k, "struct!", arities: [1, 2]) { a, ctx in try makeStruct(a, ctx, strict: true) }

        installException(into: r)
        r.define("Mix", "install", arities: [1, 2], doc: "Accepted for compatibility: dependencies are built in.") { _, _ in .atom("ok") }
    }

    static func makeStruct(_ a: [Value], _ ctx: Context, strict: Bool) throws -> Value {
        guard let interp = ctx as? Interpreter else { throw ElixirError.argument("struct needs the interpreter") }
        let fields = a.count > 1 ? a[1] : .emptyList
        switch a[0] {
        case .atom(let name):
            guard let m = interp.modules[Compiler.moduleKey(name)], m.structFields != nil else {
                throw ElixirError.exception("UndefinedFunctionError",
                    "function \(Exceptions.moduleDisplay(name)).__struct__/1 is undefined (module \(Exceptions.moduleDisplay(name)) is not available)")
            }
            return try interp.buildStruct(m, fields: fields, strict: strict)
        case .map(let existing):
            guard let s = existing.structName, let m = interp.modules[Compiler.moduleKey(s)] else {
                throw ElixirError.argument("expected a struct name or a struct, got: \(Inspector.inspect(a[0]))")
            }
            var map = existing
            for p in try fields.elements(ctx) {
                guard case .tuple(let kv) = p, kv.count == 2 else { continue }
                if map[kv[0]] == nil || kv[0].isAtom("__struct__") {
                    if strict { throw Exceptions.key(kv[0], in: .map(interp.structValue(m))) }
                    continue
                }
                map[kv[0]] = kv[1]
            }
            return .map(map)
        default:
            throw ElixirError.argument("expected a struct name or a struct, got: \(Inspector.inspect(a[0]))")
        }
    }

    private static func installException(into r: Registry) {
        r.define("Exception", "message", arity: 1) { a, ctx in
            guard case .map(let m) = a[0], let s = m.structName else {
                throw ElixirError.argument("expected an exception, got: \(Inspector.inspect(a[0]))")
            }
            if let interp = ctx as? Interpreter, let user = interp.modules[Compiler.moduleKey(s)],
               let f = user.function("message", 1) {
                return try interp.callDefinition(f, [a[0]])
            }
            return m[.atom("message")] ?? .string("")
        }
        r.define("Exception", "format_banner", arities: [2, 3]) { a, _ in
            guard case .atom(let kind) = a[0] else { return .string("") }
            let err = ElixirError(kind: ElixirError.Kind(rawValue: kind) ?? .error, value: a[1])
            return .string(ErrorFormatter.banner(err))
        }
    }
}
