/// How atoms are written back as Elixir source: `:ok`, `:"with space"`, `Foo.Bar`,
/// `:+`, and as keyword keys (`ok:`, `"my key":`), following `Macro.inspect_atom/2`.
enum AtomText {
    enum Kind {
        /// `Elixir.Foo.Bar`: printed as the alias `Foo.Bar`.
        case alias
        /// Written after `:` as is (identifiers, operators, `:Foo`, `:%{}` ...).
        case unquoted
        /// Needs quotes: `:"foo-bar"`.
        case quoted
    }

    /// `inspect(atom)`.
    static func literal(_ name: String) -> String {
        if name == "nil" || name == "true" || name == "false" { return name }
        switch classify(name) {
        case .alias:
            if name == "Elixir" || name == "Elixir.Elixir" || name.hasPrefix("Elixir.Elixir.") { return name }
            return String(name.dropFirst("Elixir.".count))
        case .unquoted: return ":" + name
        case .quoted: return ":\"" + StringEscape.escape(Array(name.utf8), quote: "\"").escaped + "\""
        }
    }

    /// The atom as a keyword key, colon included.
    static func key(_ name: String) -> String {
        switch classify(name) {
        case .unquoted: return name + ":"
        case .alias, .quoted: return "\"" + StringEscape.escape(Array(name.utf8), quote: "\"").escaped + "\":"
        }
    }

    /// Atoms that are never called as functions but print unquoted.
    private static let notCallable: Set<String> = ["%", "%{}", "{}", "<<>>", "...", "..", ".", "..//", "->"]
    private static let quotedOperators: Set<String> = ["::", "//"]
    /// Elixir's unary and binary operators.
    private static let operators: Set<String> = [
        "!", "^", "not", "+", "-", "~~~", "&", "@",
        "===", "!==", "==", "!=", "<=", ">=", "&&", "||", "<>", "++", "--", "\\\\", "<-",
        "..", "|>", "=~", "<", ">", "->", "*", "/", "=", "|", ".", "and", "or", "when", "in",
        "~>>", "<<~", "~>", "<~", "<~>", "<|>", "<<<", ">>>", "|||", "&&&", "^^^", "**", "+++", "---",
    ]

    static func classify(_ name: String) -> Kind {
        if notCallable.contains(name) { return .unquoted }
        if quotedOperators.contains(name) { return .quoted }
        if operators.contains(name) { return .unquoted }
        if isAlias(name) { return .alias }
        return isIdentifierAtom(name) ? .unquoted : .quoted
    }

    /// `Elixir` followed by `.Segment` pieces, each an uppercase ASCII letter then word characters.
    private static func isAlias(_ name: String) -> Bool {
        guard name.hasPrefix("Elixir") else { return false }
        var rest = Substring(name.dropFirst(6))
        while !rest.isEmpty {
            guard rest.first == ".", let c = rest.dropFirst().first, c >= "A" && c <= "Z" else { return false }
            rest = rest.dropFirst(2).drop { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        }
        return true
    }

    /// An identifier (`foo`, `Foo`, `_x1`, `ok?`, `héllo`, `node@host`) as the tokenizer reads it.
    private static func isIdentifierAtom(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first,
              first == "_" || first.properties.isXIDStart else { return false }
        var i = 1
        while i < scalars.count {
            let s = scalars[i]
            if s == "?" || s == "!" { return i == scalars.count - 1 }
            guard s == "@" || s.properties.isXIDContinue else { return false }
            i += 1
        }
        return true
    }
}
