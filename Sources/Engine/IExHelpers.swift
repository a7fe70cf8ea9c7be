import Lang

/// An input that is one of IEx's helper calls, which the shell answers itself:
/// `h`, `h Mod.fun/arity`, `clear`. (`v` and `v(n)` are functions: see `attach(history:)`.)
enum IExHelper: Equatable {
    case help(HelpTarget?)
    case clear

    /// The helper `input` calls, or nil when it is ordinary code (including when the helper's
    /// name is a variable the user bound, as in `v = 1` then `v`).
    static func parse(_ input: String, boundNames: [String]) -> IExHelper? {
        let text = input.trimmingWhitespace
        if boundNames.contains(text) { return nil }
        switch text {
        case "h", "h()": return .help(nil)
        case "clear", "clear()": return .clear
        default: break
        }
        if let argument = argument(of: "h", in: text) {
            return HelpTarget.parse(argument).map { .help($0) }
        }
        return nil
    }

    /// The argument of `name(arg)` or `name arg`; nil when `text` is not such a call.
    private static func argument(of name: String, in text: String) -> String? {
        guard text.hasPrefix(name) else { return nil }
        let rest = text.dropFirst(name.count)
        if rest.hasPrefix("("), rest.hasSuffix(")") {
            let inner = rest.dropFirst().dropLast().trimmingWhitespace
            return inner.isEmpty ? nil : inner
        }
        // A space-separated argument must start like a name or number, so that `h = 1`
        // or `v + 1` stay ordinary code.
        guard let first = rest.first, first == " " || first == "\t" else { return nil }
        let argument = rest.trimmingWhitespace
        guard let start = argument.unicodeScalars.first,
              start == ":" || start == "-" || start == "_" || start.properties.isXIDStart
                || start.properties.numericType != nil
        else { return nil }
        return argument
    }
}

extension Session {
    /// IEx's `:"do not show this result in output"`: what helpers that print return.
    static let noResult: MimeBundle = ["text/plain": ":\"do not show this result in output\""]
    static let noResultValue = Value.atom("do not show this result in output")

    /// One input of an interactive front end (a REPL line, a notebook cell): IEx's helpers
    /// first, then the language. A successful input's result joins `history`, whose
    /// `nextNumber` is then the next prompt number (errors do not advance it, as in IEx).
    /// `ansi` says whether the output is a terminal that understands escape codes (`clear`).
    public func evaluateInteractively(_ code: String, history: ResultHistory, ansi: Bool) -> Evaluation {
        let evaluation = runHelper(code, history: history, ansi: ansi) ?? evaluate(code)
        if evaluation.error == nil { history.append(evaluation.value ?? Self.noResultValue) }
        return evaluation
    }

    /// Makes `v/0` and `v/1` callable anywhere in later inputs (`v(1) + 1`), reading
    /// `history`, as IEx imports them from `IEx.Helpers`.
    public func attach(history: ResultHistory) {
        if resultHistory == nil {
            registry.define("IEx.Helpers", "v", arities: [0, 1],
                            doc: "Returns the value of the `n`th expression in the history.") { [weak self] args, _ in
                try self?.historyValue(args) ?? .nil
            }
            interpreter.importAtTopLevel("IEx.Helpers")
        }
        resultHistory = history
    }

    /// `v(n)`: result `n` (or the `|n|`-th from the end), IEx's RuntimeError when out of range.
    private func historyValue(_ args: [Value]) throws -> Value {
        let n: Int
        switch args.first {
        case nil: n = -1
        case .int(let i)?: n = i
        default: throw Exceptions.functionClause("IEx.Helpers.v", args)
        }
        guard let history = resultHistory else { return .nil }
        switch history.result(n) {
        case .success(let value): return value
        case .failure(let outOfBounds): throw ElixirError.exception("RuntimeError", outOfBounds.message)
        }
    }

    /// Runs `code` when it is a helper call and returns its evaluation; nil for other code.
    /// Docs go to `stdout`; "no documentation" messages go to `stderr` (IEx shows them in
    /// its error color). `history` becomes what `v/0` and `v/1` read from here on.
    public func runHelper(_ code: String, history: ResultHistory, ansi: Bool) -> Evaluation? {
        attach(history: history)
        guard let helper = IExHelper.parse(code, boundNames: variableNames) else { return nil }
        switch helper {
        case .help(let target):
            let help = target.map(helpText(for:)) ?? Self.helpersOverview
            (help.found ? stdout : stderr)(ansi ? help.ansiText : help.text)
        case .clear:
            stdout(ansi ? Ansi.home + Ansi.clear
                : "Cannot clear the screen because ANSI escape codes are not enabled on this shell\n")
        }
        return Evaluation(result: nil, error: nil)
    }
}
