/// One lexical token of Elixir source, with the position it starts at.
public struct Token {
    public enum Kind {
        case integer(Value)
        case float(Double)
        /// A string literal split into literal text and interpolated source code.
        case string([StringPart])
        case charlist([StringPart])
        case heredoc([StringPart])
        case atom(String)
        /// `foo:` or `"foo":` — the key of a keyword pair.
        case keyword(String)
        case identifier(String)
        /// A capitalized name (`Enum`, `Foo`); dotted aliases are joined by the parser.
        case alias(String)
        case captureArg(Int)
        case sigil(letter: Character, parts: [StringPart], modifiers: String)
        case op(String)
        /// Brackets and separators: ( ) [ ] { } %{ % << >> , ; and `.`.
        case punct(String)
        case newline
        case eof
    }

    public var kind: Kind
    public var line: Int
    public var column: Int
    /// Whether whitespace separates this token from the one before (decides `f [1]` vs `f[1]`).
    public var spaceBefore: Bool
}

/// A piece of a string literal: text, or the source of an `#{...}` interpolation.
public enum StringPart {
    case text(String)
    case code(String, line: Int)
}
