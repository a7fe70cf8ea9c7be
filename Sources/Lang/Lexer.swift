import BigInt

/// Turns Elixir source text into tokens. Newlines are kept (they separate expressions)
/// except where Elixir continues the expression: after an operator or comma, inside
/// brackets' leading positions (the parser skips those), and before a line that starts
/// with a binary operator such as `|>`.
public struct Lexer {
    private let chars: [Character]
    private var pos = 0
    private var line: Int
    private var lineStart = 0
    private var tokens: [Token] = []
    private var sawSpace = false

    public init(_ source: String, line: Int = 1) {
        chars = Array(source)
        self.line = line
    }

    public static func tokenize(_ source: String, line: Int = 1) throws -> [Token] {
        var lexer = Lexer(source, line: line)
        return try lexer.run()
    }

    /// Operators, longest first so that `===` wins over `==`.
    static let operators: [String] = [
        "===", "!==", "~~~", "<<<", ">>>", "<<~", "~>>", "<~>", "|||", "&&&", "^^^", "...", "+++", "---",
        "\\\\", "==", "!=", "<=", ">=", "=~", "&&", "||", "|>", "++", "--", "..", "<>", "->", "=>",
        "::", "<-", "<~", "~>", "**", "//",
        "+", "-", "*", "/", "=", "<", ">", "!", "^", "&", "|", "@",
    ]

    /// Binary operators that continue the previous line when a line starts with them.
    static let continuationOperators: Set<String> = [
        "|>", "++", "--", "<>", "==", "!=", "===", "!==", "<=", ">=", "&&", "||", "&&&", "|||",
        "<<<", ">>>", "*", "/", "..", "=~", "**", "<~>", "~>", "<~", "~>>", "<<~", "//", "=",
        "->", "=>", "::", "<-", "\\\\", "|",
    ]

    private var current: Character? { pos < chars.count ? chars[pos] : nil }
    private func peek(_ offset: Int = 1) -> Character? {
        pos + offset < chars.count ? chars[pos + offset] : nil
    }
    private var column: Int { pos - lineStart + 1 }

    private func issue(_ message: String, incomplete: Bool = false, line: Int? = nil, column: Int? = nil) -> SyntaxIssue {
        SyntaxIssue(message: message, line: line ?? self.line, column: column ?? self.column, incomplete: incomplete)
    }

    private mutating func add(_ kind: Token.Kind, line: Int, column: Int) {
        tokens.append(Token(kind: kind, line: line, column: column, spaceBefore: sawSpace))
        sawSpace = false
    }

    private mutating func run() throws -> [Token] {
        while let c = current {
            let startLine = line, startCol = column
            if c == " " || c == "\t" || c == "\r" || c == "\u{FEFF}" {
                pos += 1; sawSpace = true; continue
            }
            if c == "\\" && peek() == "\n" { pos += 2; newLine(); sawSpace = true; continue }
            if c == "#" {
                while let d = current, d != "\n" { pos += 1 }
                continue
            }
            if c == "\n" {
                pos += 1
                newLine()
                addNewline(line: startLine, column: startCol)
                sawSpace = true
                continue
            }
            if c == ";" {
                pos += 1
                add(.punct(";"), line: startLine, column: startCol)
                continue
            }
            if c.isNumber && c.isASCII { try lexNumber(); continue }
            if c == "\"" || c == "'" {
                try lexQuotedLiteral(c, line: startLine, column: startCol)
                continue
            }
            if c == "?" , let next = peek() {
                pos += 2
                var code = next
                if next == "\\", let esc = current {
                    pos += 1
                    code = Lexer.escape(esc) ?? esc
                }
                add(.integer(.int(Int(code.unicodeScalars.first!.value))), line: startLine, column: startCol)
                continue
            }
            if c == ":" && peek() != ":" { if try lexAtom() { continue } }
            if c == "~", let letter = peek(), letter.isLetter {
                try lexSigil(letter)
                continue
            }
            if c == "&", let d = peek(), d.isNumber {
                pos += 1
                var n = 0
                while let d = current, let v = d.wholeNumberValue, d.isASCII {
                    n = n > 1_000_000 ? n : n * 10 + v
                    pos += 1
                }
                add(.captureArg(n), line: startLine, column: startCol)
                continue
            }
            if c.isLetter || c == "_" {
                lexName()
                continue
            }
            if "()[]{},".contains(c) {
                pos += 1
                add(.punct(String(c)), line: startLine, column: startCol)
                continue
            }
            if c == "%" {
                pos += 1
                if current == "{" { pos += 1; add(.punct("%{"), line: startLine, column: startCol) }
                else { add(.punct("%"), line: startLine, column: startCol) }
                continue
            }
            if c == "<" && peek() == "<" && peek(2) != "<" && peek(2) != "~" {
                pos += 2
                add(.punct("<<"), line: startLine, column: startCol)
                continue
            }
            if c == ">" && peek() == ">" && peek(2) != ">" {
                pos += 2
                add(.punct(">>"), line: startLine, column: startCol)
                continue
            }
            if c == "." && peek() != "." {
                pos += 1
                add(.punct("."), line: startLine, column: startCol)
                continue
            }
            if let op = matchOperator() {
                pos += op.count
                if op == "..." { add(.identifier("..."), line: startLine, column: startCol); continue }
                add(.op(op), line: startLine, column: startCol)
                continue
            }
            throw issue("unexpected token: \"\(c)\"")
        }
        add(.eof, line: line, column: column)
        return tokens
    }

    /// A string or charlist (`"..."`, `'...'`, or a triple-quoted heredoc), or a quoted
    /// keyword key (`"my key": 1`).
    private mutating func lexQuotedLiteral(_ quote: Character, line: Int, column: Int) throws {
        let isString = quote == "\""
        if peek() == quote && peek(2) == quote {
            let parts = try lexHeredoc(quote: quote)
            add(isString ? .heredoc(parts) : .charlist(parts), line: line, column: column)
            return
        }
        pos += 1
        let parts = try lexQuoted(close: quote, interpolate: true, startLine: line, startCol: column)
        if current == ":" && peek() != ":" && isKeywordEnd(peek()) {
            pos += 1
            add(.keyword(plainText(parts)), line: line, column: column)
        } else {
            add(isString ? .string(parts) : .charlist(parts), line: line, column: column)
        }
    }

    private mutating func newLine() {
        line += 1
        lineStart = pos
    }

    /// Adds a newline token unless the expression continues (after an operator, comma or
    /// opening bracket, or before a line that starts with a binary operator).
    private mutating func addNewline(line: Int, column: Int) {
        guard let last = tokens.last else { return }
        switch last.kind {
        case .newline, .op, .keyword:
            return
        case .punct(let p) where [",", "(", "[", "{", "%{", "<<", ";", "."].contains(p):
            return
        case .identifier(let w) where ["when", "and", "or", "in"].contains(w):
            return
        default:
            break
        }
        // Look ahead past blank space and comments for a continuation operator.
        var p = pos
        while p < chars.count {
            let c = chars[p]
            if c == " " || c == "\t" || c == "\r" || c == "\n" { p += 1; continue }
            if c == "#" { while p < chars.count && chars[p] != "\n" { p += 1 }; continue }
            break
        }
        for op in Lexer.continuationOperators.sorted(by: { $0.count > $1.count }) {
            let opChars = Array(op)
            if p + opChars.count <= chars.count && Array(chars[p..<(p + opChars.count)]) == opChars {
                // `..` at line start continues; `.` alone (method chain) continues too.
                return
            }
        }
        if p < chars.count && chars[p] == "." && (p + 1 < chars.count && chars[p + 1] != ".") { return }
        add(.newline, line: line, column: column)
    }

    private func matchOperator() -> String? {
        for op in Lexer.operators {
            let opChars = Array(op)
            if pos + opChars.count <= chars.count && Array(chars[pos..<(pos + opChars.count)]) == opChars {
                return op
            }
        }
        return nil
    }

    private func isKeywordEnd(_ c: Character?) -> Bool {
        guard let c = c else { return true }
        return c == " " || c == "\n" || c == "\t" || c == "\r"
    }

    private func plainText(_ parts: [StringPart]) -> String {
        parts.map { if case .text(let t) = $0 { return t }; return "" }.joined()
    }

    private mutating func lexName() {
        let startLine = line, startCol = column
        let start = pos
        while let c = current, c.isLetter || c.isNumber || c == "_" { pos += 1 }
        if let c = current, c == "?" || c == "!" { pos += 1 }
        let name = String(chars[start..<pos])
        // `foo:` is a keyword key (but not `foo::`).
        if current == ":" && peek() != ":" && isKeywordEnd(peek()) {
            pos += 1
            add(.keyword(name), line: startLine, column: startCol)
            return
        }
        if let first = name.first, first.isUppercase {
            add(.alias(name), line: startLine, column: startCol)
        } else {
            add(.identifier(name), line: startLine, column: startCol)
        }
    }

    private mutating func lexNumber() throws {
        let startLine = line, startCol = column
        if current == "0", let p = peek(), p == "x" || p == "b" || p == "o" {
            let radix = p == "x" ? 16 : (p == "b" ? 2 : 8)
            pos += 2
            var digits = ""
            while let c = current, c.isHexDigit || c == "_" {
                if c != "_" { digits.append(c) }
                pos += 1
            }
            guard let v = BigInt(digits, radix: radix) else { throw issue("invalid number literal") }
            add(.integer(.integer(v)), line: startLine, column: startCol)
            return
        }
        var text = ""
        while let c = current, (c.isNumber && c.isASCII) || c == "_" {
            if c != "_" { text.append(c) }
            pos += 1
        }
        var isFloat = false
        if current == ".", let d = peek(), d.isNumber, d.isASCII {
            isFloat = true
            text.append(".")
            pos += 1
            while let c = current, (c.isNumber && c.isASCII) || c == "_" {
                if c != "_" { text.append(c) }
                pos += 1
            }
            if let e = current, e == "e" || e == "E" {
                var look = pos + 1
                if look < chars.count && (chars[look] == "-" || chars[look] == "+") { look += 1 }
                if look < chars.count && chars[look].isNumber {
                    text.append("e")
                    pos += 1
                    if current == "-" || current == "+" { text.append(current!); pos += 1 }
                    while let c = current, c.isNumber && c.isASCII { text.append(c); pos += 1 }
                }
            }
        }
        if isFloat {
            guard let d = Double(text) else { throw issue("invalid float literal") }
            add(.float(d), line: startLine, column: startCol)
        } else {
            if let i = Int(text) {
                add(.integer(.int(i)), line: startLine, column: startCol)
            } else if let b = BigInt(text) {
                add(.integer(.integer(b)), line: startLine, column: startCol)
            } else {
                throw issue("invalid number literal")
            }
        }
    }

    /// `:ok`, `:"quoted"`, `:+`, `:Foo`; returns false when `:` is not an atom start.
    private mutating func lexAtom() throws -> Bool {
        let startLine = line, startCol = column
        guard let next = peek() else { return false }
        if next == "\"" {
            pos += 2
            let parts = try lexQuoted(close: "\"", interpolate: true, startLine: startLine, startCol: startCol)
            add(.atom(plainText(parts)), line: startLine, column: startCol)
            return true
        }
        if next.isLetter || next == "_" {
            pos += 1
            let start = pos
            while let c = current, c.isLetter || c.isNumber || c == "_" || c == "@" { pos += 1 }
            if let c = current, c == "?" || c == "!" { pos += 1 }
            // Dotted Erlang-style names like :"Elixir.Foo" need quotes; aliases are plain.
            add(.atom(String(chars[start..<pos])), line: startLine, column: startCol)
            return true
        }
        pos += 1
        if let op = matchOperator() {
            // Operator atoms such as :+, :==, :"::"
            pos += op.count
            add(.atom(op), line: startLine, column: startCol)
            return true
        }
        for word in ["{}", "%{}", "%", "<<>>", "."] {
            let w = Array(word)
            if pos + w.count <= chars.count && Array(chars[pos..<(pos + w.count)]) == w {
                pos += w.count
                add(.atom(word), line: startLine, column: startCol)
                return true
            }
        }
        pos -= 1
        return false
    }

    static func escape(_ c: Character) -> Character? {
        switch c {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "0": return "\0"
        case "s": return " "
        case "e": return "\u{1B}"
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "d": return "\u{7F}"
        case "\\": return "\\"
        case "\"": return "\""
        case "'": return "'"
        case "#": return "#"
        default: return nil
        }
    }

    /// Reads an escape after a backslash (already consumed) into `text`.
    private mutating func readEscape(into text: inout String) throws {
        guard let e = current else { throw issue("missing terminator", incomplete: true) }
        pos += 1
        if e == "\n" { newLine(); return }
        // `\xHH` and `\uHHHH`, or either with braces: `\x{H...}`, `\u{H...}`.
        if e == "x" || e == "u" {
            var hex = ""
            if current == "{" {
                pos += 1
                while let c = current, c != "}" { hex.append(c); pos += 1 }
                pos += 1
            } else {
                let digits = e == "x" ? 2 : 4
                while hex.count < digits, let c = current, c.isHexDigit { hex.append(c); pos += 1 }
            }
            if let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) { text.unicodeScalars.append(s) }
            return
        }
        if let esc = Lexer.escape(e) { text.append(esc) } else { text.append(e) }
    }

    /// The body of a quoted literal after its opening delimiter, up to `close`.
    private mutating func lexQuoted(close: Character, interpolate: Bool, escapes: Bool = true,
                                    startLine: Int, startCol: Int, open: Character? = nil) throws -> [StringPart] {
        var parts: [StringPart] = []
        var text = ""
        var depth = 0
        while true {
            guard let c = current else {
                throw issue("missing terminator: \(close) (for \"\(open ?? close)\" starting at line \(startLine))",
                            incomplete: true, line: startLine, column: startCol)
            }
            if c == close && depth == 0 { pos += 1; break }
            if let o = open, o != close {
                if c == o { depth += 1 } else if c == close { depth -= 1 }
            }
            if c == "\\" {
                pos += 1
                if escapes {
                    try readEscape(into: &text)
                } else if let n = current, n == close || n == "\\" || (open != nil && n == open!) {
                    // Raw sigils still escape their own delimiter.
                    if n == "\\" { text.append("\\") }
                    text.append(n); pos += 1
                } else {
                    text.append("\\")
                }
                continue
            }
            if interpolate && c == "#" && peek() == "{" {
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                pos += 2
                let codeLine = line
                let code = try readInterpolation()
                parts.append(.code(code, line: codeLine))
                continue
            }
            if c == "\n" { pos += 1; newLine(); text.append("\n"); continue }
            text.append(c)
            pos += 1
        }
        if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
        return parts
    }

    /// The source between `#{` and its matching `}`, skipping nested strings and braces.
    private mutating func readInterpolation() throws -> String {
        var depth = 0
        var out = ""
        var quote: Character? = nil
        while let c = current {
            if let q = quote {
                out.append(c); pos += 1
                if c == "\\", let n = current { out.append(n); pos += 1; continue }
                if c == q { quote = nil }
                if c == "\n" { newLine() }
                continue
            }
            if c == "\"" || c == "'" { quote = c; out.append(c); pos += 1; continue }
            if c == "{" { depth += 1 }
            if c == "}" {
                if depth == 0 { pos += 1; return out }
                depth -= 1
            }
            if c == "\n" { pos += 1; newLine(); out.append(c); continue }
            out.append(c)
            pos += 1
        }
        throw issue("missing interpolation terminator: \"}\"", incomplete: true)
    }

    /// `"""` heredocs: the body starts on the next line; the closing line's indentation is
    /// removed from every line.
    private mutating func lexHeredoc(quote: Character) throws -> [StringPart] {
        let startLine = line, startCol = column
        pos += 3
        while let c = current, c != "\n" { pos += 1 }
        guard current == "\n" else {
            throw issue("missing terminator: \(quote)\(quote)\(quote)", incomplete: true, line: startLine, column: startCol)
        }
        pos += 1
        newLine()
        // Find the closing delimiter to learn the indentation.
        var scan = pos
        var indent = 0
        var found = false
        var lineBegin = scan
        while scan < chars.count {
            if chars[scan] == "\n" { scan += 1; lineBegin = scan; continue }
            var k = lineBegin
            while k < chars.count && (chars[k] == " " || chars[k] == "\t") { k += 1 }
            if k + 2 < chars.count && chars[k] == quote && chars[k + 1] == quote && chars[k + 2] == quote && scan <= k {
                indent = k - lineBegin
                found = true
                break
            }
            while scan < chars.count && chars[scan] != "\n" { scan += 1 }
        }
        guard found else {
            throw issue("missing terminator: \(quote)\(quote)\(quote) (for heredoc starting at line \(startLine))",
                        incomplete: true, line: startLine, column: startCol)
        }
        var parts: [StringPart] = []
        var text = ""
        var atLineStart = true
        while true {
            if atLineStart {
                var skipped = 0
                while skipped < indent, let c = current, c == " " || c == "\t" { pos += 1; skipped += 1 }
                atLineStart = false
                if current == quote && peek() == quote && peek(2) == quote { pos += 3; break }
            }
            guard let c = current else { break }
            if c == "\\" { pos += 1; try readEscape(into: &text); continue }
            if c == "#" && peek() == "{" {
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                pos += 2
                let codeLine = line
                parts.append(.code(try readInterpolation(), line: codeLine))
                continue
            }
            pos += 1
            text.append(c)
            if c == "\n" { newLine(); atLineStart = true }
        }
        if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
        return parts
    }

    private mutating func lexSigil(_ letter: Character) throws {
        let startLine = line, startCol = column
        pos += 2
        guard let open = current else { throw issue("invalid sigil delimiter") }
        let pairs: [Character: Character] = ["(": ")", "[": "]", "{": "}", "<": ">"]
        let close = pairs[open] ?? open
        let interpolate = letter.isLowercase
        var parts: [StringPart]
        if open == "\"" && peek() == "\"" && peek(2) == "\"" {
            parts = try lexHeredoc(quote: "\"")
        } else {
            pos += 1
            parts = try lexQuoted(close: close, interpolate: interpolate,
                                  escapes: interpolate && letter != "r", startLine: startLine,
                                  startCol: startCol, open: pairs[open] != nil ? open : nil)
        }
        var modifiers = ""
        while let c = current, c.isLetter && c.isASCII { modifiers.append(c); pos += 1 }
        add(.sigil(letter: letter, parts: parts, modifiers: modifiers), line: startLine, column: startCol)
    }
}
