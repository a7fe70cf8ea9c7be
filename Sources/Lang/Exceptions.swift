/// The exceptions the language core raises, worded as Elixir 1.14 words them.
public enum Exceptions {
    static func inspect(_ v: Value) -> String { Inspector.inspect(v) }

    static func match(_ value: Value) -> ElixirError {
        .exception("MatchError", "no match of right hand side value: \(inspect(value))", fields: [("term", value)])
    }

    static func caseClause(_ value: Value) -> ElixirError {
        .exception("CaseClauseError", "no case clause matching: \(inspect(value))", fields: [("term", value)])
    }

    static func withClause(_ value: Value) -> ElixirError {
        .exception("WithClauseError", "no with clause matching: \(inspect(value))", fields: [("term", value)])
    }

    static func tryClause(_ value: Value) -> ElixirError {
        .exception("TryClauseError", "no try clause matching: \(inspect(value))", fields: [("term", value)])
    }

    static var condClause: ElixirError {
        .exception("CondClauseError", "no cond clause evaluated to a truthy value")
    }

    /// `no function clause matching in Mod.fun/N`; the arguments are kept for the banner.
    public static func functionClause(_ name: String, _ args: [Value]) -> ElixirError {
        .exception("FunctionClauseError", "no function clause matching in \(name)/\(args.count)",
                   fields: [("args", .list(args)), ("blame", .string(name))])
    }

    /// The text after `** (FunctionClauseError) ` when uncaught: the message, then the
    /// arguments that were given (as Elixir's blame adds them).
    static func functionClauseBanner(_ message: String, name: String, args: [Value]) -> String {
        guard !args.isEmpty else { return message }
        var text = message + "\n\n    The following arguments were given to \(name)/\(args.count):\n"
        for (i, a) in args.enumerated() {
            let shown = inspect(a).split(separator: "\n", omittingEmptySubsequences: false)
                .map { "        " + $0 }.joined(separator: "\n")
            text += "\n        # \(i + 1)\n\(shown)\n"
        }
        return text
    }

    /// ArithmeticError whose uncaught banner names the failed operation (`: 10 / 0`), as
    /// Elixir's blame does; the message itself stays the plain one.
    static func badArith(_ operation: String) -> ElixirError {
        .exception("ArithmeticError", "bad argument in arithmetic expression",
                   fields: [("blame", .string(": " + operation))])
    }

    static func badArity(_ f: Value, arity: Int, args: [Value]) -> ElixirError {
        let given = args.map { inspect($0) }.joined(separator: ", ")
        let plural = args.count == 1 ? "argument" : "arguments"
        return .exception("BadArityError",
                          "\(inspect(f)) with arity \(arity) called with \(args.count) \(plural) (\(given))")
    }

    static func badFunction(_ v: Value) -> ElixirError {
        .exception("BadFunctionError", "expected a function, got: \(inspect(v))", fields: [("term", v)])
    }

    static func undefinedFunction(_ module: String, _ name: String, _ arity: Int, moduleExists: Bool,
                                  isPrivate: Bool = false) -> ElixirError {
        let shown = moduleDisplay(module)
        let fname = "\(shown).\(name)/\(arity)"
        let message: String
        if !moduleExists {
            message = "function \(fname) is undefined (module \(shown) is not available)"
        } else {
            message = "function \(fname) is undefined or private"
        }
        return .exception("UndefinedFunctionError", message,
                          fields: [("module", atomFor(module)), ("function", .atom(name)), ("arity", .int(arity))])
    }

    static func key(_ key: Value, in term: Value) -> ElixirError {
        .exception("KeyError", "key \(inspect(key)) not found in: \(inspect(term))",
                   fields: [("key", key), ("term", term)])
    }

    static func badMap(_ v: Value) -> ElixirError {
        .exception("BadMapError", "expected a map, got: \(inspect(v))", fields: [("term", v)])
    }

    static func badBoolean(_ op: String, _ v: Value) -> ElixirError {
        .exception("BadBooleanError", "expected a boolean on left-side of \"\(op)\", got: \(inspect(v))",
                   fields: [("term", v), ("operator", .atom(op))])
    }

    static func badStruct(_ module: String, _ v: Value) -> ElixirError {
        .exception("BadStructError", "expected a struct named \(moduleDisplay(module)), got: \(inspect(v))")
    }

    static func compile(_ file: String, _ line: Int, _ message: String) -> ElixirError {
        .exception("CompileError", "\(file):\(line): \(message)",
                   fields: [("file", .string(file)), ("line", .int(line)), ("description", .string(message))])
    }

    /// `Elixir.Foo` → `Foo`, `math` → `:math`.
    static func moduleDisplay(_ module: String) -> String {
        if module.hasPrefix("Elixir.") { return String(module.dropFirst(7)) }
        if module.hasPrefix(":") { return module }
        if let f = module.first, f.isUppercase { return module }
        return ":" + module
    }

    /// The atom for a module key ("Foo" → Elixir.Foo, ":math" → math).
    static func atomFor(_ module: String) -> Value {
        if module.hasPrefix(":") { return .atom(String(module.dropFirst())) }
        if module.hasPrefix("Elixir.") { return .atom(module) }
        return .module(module)
    }

    /// ArgumentError in the shape of an Erlang BIF's error.
    static func erlangArgument(_ detail: String, position: Int = 1) -> ElixirError {
        let ordinal = ["1st", "2nd", "3rd"].indices.contains(position - 1) ? ["1st", "2nd", "3rd"][position - 1] : "\(position)th"
        return .argument("errors were found at the given arguments:\n\n  * \(ordinal) argument: \(detail)\n")
    }
}
