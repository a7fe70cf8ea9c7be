import BigInt

/// One call of a built-in function: its arguments, the interpreter context, and the
/// argument checks every stdlib module shares. A failed check raises what Elixir raises
/// when no clause of `Module.name/arity` matches.
struct NativeCall {
    let module: String
    let name: String
    let args: [Value]
    let ctx: Context
    /// The arity Elixir names in errors: functions with default arguments fail in their
    /// full arity (`Enum.at/3` for `Enum.at(list, :x)`).
    var clauseArity: Int? = nil

    var arity: Int { args.count }

    subscript(_ i: Int) -> Value { args[i] }

    /// `FunctionClauseError` for this function with these arguments.
    func noClause() -> ElixirError {
        let padded = args + Array(repeating: Value.nil, count: max((clauseArity ?? 0) - args.count, 0))
        return Errors.functionClause(module, name, padded)
    }

    /// The argument at `i` as a machine integer, or no clause matches.
    func int(_ i: Int) throws -> Int {
        guard case .int(let v) = args[i] else { throw noClause() }
        return v
    }

    /// The argument at `i` as a non-negative machine integer.
    func nonNegative(_ i: Int) throws -> Int {
        let v = try int(i)
        guard v >= 0 else { throw noClause() }
        return v
    }

    /// The argument at `i`, to be called with `arity` arguments. Most Enum functions do not
    /// guard their function argument: a bad one fails when called (BadFunctionError,
    /// BadArityError), and not at all for an empty enumerable. Elsewhere it is guarded.
    func function(_ i: Int, arity: Int) throws -> Value {
        if module == "Enum" { return args[i] }
        return try guardedFunction(i, arity: arity)
    }

    /// The argument at `i` as a function of `arity` arguments, or no clause matches.
    func guardedFunction(_ i: Int, arity: Int) throws -> Value {
        guard case .function(let f) = args[i], f.arity == arity else { throw noClause() }
        return args[i]
    }

    /// The argument at `i` as a proper list.
    func list(_ i: Int) throws -> [Value] {
        guard let items = args[i].listElements else { throw noClause() }
        return items
    }

    /// The argument at `i` as a map (`BadMapError` otherwise, as Elixir's Map functions raise).
    func map(_ i: Int) throws -> MapValue {
        guard let m = args[i].mapFields else { throw Errors.badMap(args[i]) }
        return m
    }

    /// The elements of the enumerable at `i`.
    func elements(_ i: Int) throws -> [Value] { try args[i].elements(ctx) }

    func call(_ fn: Value, _ callArgs: Value...) throws -> Value { try ctx.call(fn, callArgs) }
}

/// Elixir's exceptions as the standard library raises them (built by the language's `Exceptions`).
enum Errors {
    /// Raised with the arguments, which the uncaught-error banner lists as Elixir's blame does.
    static func functionClause(_ module: String, _ name: String, _ args: [Value]) -> ElixirError {
        Exceptions.functionClause("\(module).\(name)", args)
    }

    static func badMap(_ term: Value) -> ElixirError { Exceptions.badMap(term) }

    static func keyNotFound(_ key: Value, in term: Value) -> ElixirError { Exceptions.key(key, in: term) }

    static var emptyError: ElixirError { ElixirError.exception("Enum.EmptyError", "empty error") }
    static var outOfBounds: ElixirError { ElixirError.exception("Enum.OutOfBoundsError", "out of bounds error") }

    /// `RuntimeError`, what a bare `raise "message"` produces.
    static func runtime(_ message: String) -> ElixirError { ElixirError.exception("RuntimeError", message) }

    /// The ArgumentError an Erlang BIF raises, naming the offending argument.
    static func badArgument(position: Int, _ reason: String) -> ElixirError {
        Exceptions.erlangArgument(reason, position: position)
    }

    static func bigIntNotSupported(_ what: String) -> ElixirError {
        ElixirError.argument("\(what) does not support integers this large")
    }
}

extension Registry {
    /// Defines `module.name` for each arity in `arities` with a body that sees a `NativeCall`.
    /// `clauseArity` is the full arity of a function with default arguments, which errors name.
    func native(_ module: String, _ name: String, _ arities: Int..., clauseArity: Int? = nil, doc: String? = nil,
                _ body: @escaping (NativeCall) throws -> Value) {
        for arity in arities {
            define(module, name, arity: arity, doc: doc) { args, ctx in
                try body(NativeCall(module: module, name: name, args: args, ctx: ctx, clauseArity: clauseArity))
            }
        }
    }
}

extension Value {
    /// `{:ok, value}`
    static func ok(_ v: Value) -> Value { .tuple([.atom("ok"), v]) }
    static var error: Value { .atom("error") }
    static var okAtom: Value { .atom("ok") }

    /// A two-element tuple's parts.
    var pair: (Value, Value)? {
        if case .tuple(let t) = self, t.count == 2 { return (t[0], t[1]) }
        return nil
    }

    var isAtom: Bool { if case .atom = self { return true }; return false }
}
