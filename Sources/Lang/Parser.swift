/// Builds the syntax tree from tokens with Elixir's operator precedence (a Pratt parser).
///
/// Elixir's grammar has two subtle parts handled here: calls without parentheses
/// (`IO.puts "a"`, `if x, do: y`) and `do ... end` blocks, which attach to the outermost
/// call without parentheses (`if foo x do` gives the block to `if`).
public struct Parser {
    private var tokens: [Token]
    private var pos = 0
    /// While > 0, calls do not take `do` blocks (we are inside a no-parens call's arguments).
    private var noDoDepth = 0

    public init(tokens: [Token]) { self.tokens = tokens }

    /// Parses a whole program into a block of expressions.
    public static func parse(_ source: String, line: Int = 1) throws -> Node {
        var parser = Parser(tokens: try Lexer.tokenize(source, line: line))
        return try parser.parseProgram()
    }

    // MARK: - Precedence

    struct Infix { let power: Int; let right: Bool }

    static let infix: [String: Infix] = [
        "<-": Infix(power: 10, right: false), "\\\\": Infix(power: 10, right: false),
        "when": Infix(power: 20, right: true),
        "::": Infix(power: 30, right: true),
        "|": Infix(power: 40, right: true),
        "=>": Infix(power: 50, right: true),
        "=": Infix(power: 70, right: true),
        "||": Infix(power: 80, right: false), "|||": Infix(power: 80, right: false), "or": Infix(power: 80, right: false),
        "&&": Infix(power: 90, right: false), "&&&": Infix(power: 90, right: false), "and": Infix(power: 90, right: false),
        "==": Infix(power: 100, right: false), "!=": Infix(power: 100, right: false), "=~": Infix(power: 100, right: false),
        "===": Infix(power: 100, right: false), "!==": Infix(power: 100, right: false),
        "<": Infix(power: 110, right: false), ">": Infix(power: 110, right: false),
        "<=": Infix(power: 110, right: false), ">=": Infix(power: 110, right: false),
        "|>": Infix(power: 120, right: false), "<<<": Infix(power: 120, right: false), ">>>": Infix(power: 120, right: false),
        "<<~": Infix(power: 120, right: false), "~>>": Infix(power: 120, right: false), "<~": Infix(power: 120, right: false),
        "~>": Infix(power: 120, right: false), "<~>": Infix(power: 120, right: false), "^^^": Infix(power: 120, right: false),
        "in": Infix(power: 130, right: false), "not in": Infix(power: 130, right: false),
        "++": Infix(power: 140, right: true), "--": Infix(power: 140, right: true), "+++": Infix(power: 140, right: true),
        "---": Infix(power: 140, right: true), "..": Infix(power: 140, right: true), "<>": Infix(power: 140, right: true),
        "+": Infix(power: 150, right: false), "-": Infix(power: 150, right: false),
        "*": Infix(power: 160, right: false), "/": Infix(power: 160, right: false),
        "**": Infix(power: 170, right: true),
    ]
    static let capturePower = 60
    static let unaryPower = 180

    static let blockKeywords: Set<String> = ["do", "end", "else", "rescue", "catch", "after"]

    // MARK: - Token helpers

    private var token: Token { tokens[pos] }
    private var kind: Token.Kind { tokens[pos].kind }
    private func kindAt(_ offset: Int) -> Token.Kind {
        pos + offset < tokens.count ? tokens[pos + offset].kind : .eof
    }

    private mutating func advance() { if pos < tokens.count - 1 { pos += 1 } }

    private func isPunct(_ p: String) -> Bool { if case .punct(p) = kind { return true }; return false }
    private func isOp(_ o: String) -> Bool { if case .op(o) = kind { return true }; return false }
    private func isWord(_ w: String) -> Bool { if case .identifier(w) = kind { return true }; return false }
    private var atEOF: Bool { if case .eof = kind { return true }; return false }
    private var atNewline: Bool { if case .newline = kind { return true }; return false }

    private mutating func skipNewlines() {
        while true {
            switch kind {
            case .newline: advance()
            case .punct(";"): advance()
            default: return
            }
        }
    }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .integer(let v): return "\"\(Inspector.inspect(v))\""
        case .float(let f): return "\"\(f)\""
        case .string, .heredoc: return "string"
        case .charlist: return "charlist"
        case .atom(let a): return "\":\(a)\""
        case .keyword(let k): return "keyword \"\(k):\""
        case .identifier(let n): return Parser.blockKeywords.contains(n) || n == "fn" ? "reserved word: \(n)" : n
        case .alias(let n): return n
        case .captureArg(let n): return "\"&\(n)\""
        case .sigil: return "sigil"
        case .op(let o), .punct(let o): return "'\(o)'"
        case .newline: return "newline"
        case .eof: return "end of file"
        }
    }

    private func error(_ message: String? = nil, at t: Token? = nil) -> SyntaxIssue {
        let t = t ?? token
        if case .eof = t.kind {
            return SyntaxIssue(message: message ?? "syntax error: expression is incomplete", line: t.line,
                               column: t.column, incomplete: true)
        }
        let shown = describe(t)
        let m = message ?? (shown.hasPrefix("reserved word: ") ? "unexpected " + shown : "syntax error before: " + shown)
        return SyntaxIssue(message: m, line: t.line, column: t.column, incomplete: false)
    }

    private mutating func expectPunct(_ p: String, opener: Token) throws {
        skipNewlines()
        guard isPunct(p) else {
            if atEOF {
                throw SyntaxIssue(message: "missing terminator: \(p) (for \"\(describe(opener).trimmingCharacters(in: ["'"]))\" starting at line \(opener.line))",
                                  line: token.line, column: token.column, incomplete: true)
            }
            throw error()
        }
        advance()
    }

    // MARK: - Blocks

    private mutating func parseProgram() throws -> Node {
        let line = token.line
        var exprs: [Node] = []
        skipNewlines()
        while !atEOF {
            if case .identifier(let w) = kind, Parser.blockKeywords.contains(w) { throw error() }
            exprs.append(try parseExpression())
            try endOfExpression()
            skipNewlines()
        }
        return .block(exprs, line: line)
    }

    /// After an expression: a newline, `;`, a terminator or the end must follow.
    private mutating func endOfExpression() throws {
        switch kind {
        case .newline, .eof, .punct(";"), .punct(")"): return
        case .identifier(let w) where Parser.blockKeywords.contains(w): return
        default: throw error()
        }
    }

    private func atTerminator(_ terminators: Set<String>) -> Bool {
        if case .identifier(let w) = kind, terminators.contains(w) { return true }
        if case .punct(")") = kind, terminators.contains(")") { return true }
        return atEOF
    }

    /// The body of a `do` section or `fn`: either `->` clauses or a plain block.
    private mutating func parseStabOrBlock(_ terminators: Set<String>, line: Int) throws -> Node {
        skipNewlines()
        if atTerminator(terminators) { return .block([], line: line) }
        if isOp("->") { return .clauses(try parseClauses(first: nil, terminators), line: line) }
        if let heads = try parenthesizedHead() {
            return .clauses(try parseClauses(first: nil, terminators, heads: heads), line: line)
        }
        let first = try parseExpression()
        if isOp("->") || isPunct(",") {
            return .clauses(try parseClauses(first: first, terminators), line: line)
        }
        var exprs = [first]
        try endOfExpression()
        skipNewlines()
        while !atTerminator(terminators) {
            exprs.append(try parseExpression())
            try endOfExpression()
            skipNewlines()
        }
        return exprs.count == 1 ? first : .block(exprs, line: first.line)
    }

    /// `(a, b) ->` or `(a, b) when g ->`: a clause head written in parentheses.
    private mutating func parenthesizedHead() throws -> [Node]? {
        guard isPunct("(") else { return nil }
        var depth = 0
        var i = pos
        while i < tokens.count {
            switch tokens[i].kind {
            case .punct("("), .punct("["), .punct("{"), .punct("%{"), .punct("<<"): depth += 1
            case .punct(")"), .punct("]"), .punct("}"), .punct(">>"): depth -= 1
            case .eof: return nil
            default: break
            }
            if depth == 0 { break }
            i += 1
        }
        guard i + 1 < tokens.count else { return nil }
        switch tokens[i + 1].kind {
        case .op("->"): break
        case .identifier("when"): break
        default: return nil
        }
        let open = token
        advance()
        var heads = try parseSequence(close: ")", opener: open)
        if isWord("when") {
            advance()
            let g = try parseExpression(Parser.infix["when"]!.power - 1)
            let last = heads.popLast() ?? .block([], line: open.line)
            heads.append(.binary("when", last, g, line: open.line))
        }
        return heads
    }

    private mutating func parseClauses(first: Node?, _ terminators: Set<String>, heads given: [Node]? = nil) throws -> [Clause] {
        var clauses: [Clause] = []
        var heads: [Node] = given ?? (first.map { [$0] } ?? [])
        var headLine = first?.line ?? token.line
        while true {
            while isPunct(",") {
                advance(); skipNewlines()
                heads.append(try parseExpression())
            }
            guard isOp("->") else { throw error() }
            advance()
            var guardExpr: Node? = nil
            if let last = heads.last, case .binary("when", let p, let g, _) = last {
                heads[heads.count - 1] = p
                guardExpr = g
            }
            // A single parenthesized head `(a, b) ->` arrives as a block.
            var body: [Node] = []
            var nextHead: Node? = nil
            skipNewlines()
            var nextHeads: [Node]? = nil
            while !atTerminator(terminators) {
                if isOp("->") { nextHead = nil; break }
                if let hs = try parenthesizedHead() { nextHeads = hs; break }
                let e = try parseExpression()
                if isOp("->") || isPunct(",") { nextHead = e; break }
                body.append(e)
                try endOfExpression()
                skipNewlines()
            }
            let bodyNode: Node = body.count == 1 ? body[0] : .block(body, line: body.first?.line ?? headLine)
            clauses.append(Clause(patterns: heads, guardExpr: guardExpr, body: bodyNode, line: headLine))
            if let hs = nextHeads {
                heads = hs
                headLine = token.line
                continue
            }
            if let n = nextHead {
                heads = [n]
                headLine = n.line
                continue
            }
            if isOp("->") { heads = []; headLine = token.line; continue }
            return clauses
        }
    }

    /// `do ... (else|rescue|catch|after ...) end` as a keyword list node.
    private mutating func parseDoBlock() throws -> Node {
        let doToken = token
        advance()
        var pairs: [Node] = []
        var section = "do"
        let terminators: Set<String> = ["end", "else", "rescue", "catch", "after"]
        let saved = noDoDepth
        noDoDepth = 0
        defer { noDoDepth = saved }
        while true {
            let body = try parseStabOrBlock(terminators, line: token.line)
            pairs.append(.tuple([.literal(.atom(section), line: doToken.line), body], line: doToken.line))
            guard case .identifier(let w) = kind else {
                throw SyntaxIssue(message: "missing terminator: end (for \"do\" starting at line \(doToken.line))",
                                  line: token.line, column: token.column, incomplete: true)
            }
            advance()
            if w == "end" { break }
            section = w
        }
        return .list(pairs, tail: nil, line: doToken.line)
    }

    // MARK: - Expressions

    mutating func parseExpression(_ minPower: Int = 0) throws -> Node {
        var left = try parseUnary()
        while true {
            guard let (op, opToken) = currentInfix() else { break }
            guard let info = Parser.infix[op], info.power > minPower else { break }
            if op == "=>" || (op == "|" && minPower >= Parser.infix["|"]!.power) { break }
            advance()
            if op == "not in" { advance() }
            skipNewlines()
            let right = try parseExpression(info.right ? info.power - 1 : info.power)
            if op == ".." {
                var step: Node? = nil
                if isOp("//") {
                    advance(); skipNewlines()
                    step = try parseExpression(info.power)
                }
                left = .range(left, right, step: step, line: opToken.line)
            } else {
                left = .binary(op, left, right, line: opToken.line)
            }
        }
        return left
    }

    /// The binary operator at the current token, if any.
    private func currentInfix() -> (String, Token)? {
        switch kind {
        case .op(let o) where Parser.infix[o] != nil: return (o, token)
        case .identifier(let w) where w == "and" || w == "or" || w == "in" || w == "when": return (w, token)
        case .identifier("not"):
            if case .identifier("in") = kindAt(1) { return ("not in", token) }
            return nil
        default: return nil
        }
    }

    private mutating func parseUnary() throws -> Node {
        let t = token
        switch t.kind {
        case .op(let o) where o == "-" || o == "+" || o == "!" || o == "^":
            advance()
            let operand = try parseExpression(Parser.unaryPower)
            if o == "-", case .literal(let v, _) = operand {
                if case .int = v, let n = try? Value.negate(v) { return .literal(n, line: t.line) }
                if case .bigint = v, let n = try? Value.negate(v) { return .literal(n, line: t.line) }
                if case .float(let f) = v { return .literal(.float(-f), line: t.line) }
            }
            if o == "+", case .literal = operand { return operand }
            return .unary(o, operand, line: t.line)
        case .identifier("not"):
            advance()
            return .unary("not", try parseExpression(Parser.unaryPower), line: t.line)
        case .op("~~~"):
            advance()
            return .call("~~~", [try parseExpression(Parser.unaryPower)], line: t.line)
        case .op(".."):
            // `..` alone is the full range `0..-1//1`.
            advance()
            return .literal(.range(first: 0, last: -1, step: 1), line: t.line)
        case .op("@"):
            advance()
            guard case .identifier(let name) = kind else { throw error() }
            let nameToken = token
            advance()
            if canStartNoParensArgument(after: nameToken) {
                noDoDepth += 1
                defer { noDoDepth -= 1 }
                let value = try parseExpression()
                return .attribute(name, value, line: t.line)
            }
            return try parsePostfix(.attribute(name, nil, line: t.line))
        case .op("&"):
            advance()
            // `&+/2`, `&&&/2`: an operator captured by name and arity.
            if case .op(let o) = kind, case .op("/") = kindAt(1) {
                advance(); advance()
                let arity = try parseUnary()
                return .capture(.binary("/", .call(o, [], line: t.line), arity, line: t.line), line: t.line)
            }
            return .capture(try parseExpression(Parser.capturePower), line: t.line)
        default:
            return try parsePostfix(try parsePrimary())
        }
    }

    /// Whether the token after `previous` begins an argument of a call without parentheses.
    private func canStartNoParensArgument(after previous: Token) -> Bool {
        let t = token
        guard t.spaceBefore else { return false }
        switch t.kind {
        case .integer, .float, .string, .charlist, .heredoc, .atom, .keyword, .alias, .captureArg, .sigil:
            return true
        case .identifier(let w):
            return !Parser.blockKeywords.contains(w) && !["and", "or", "in", "when"].contains(w)
                && !(w == "not" && { if case .identifier("in") = kindAt(1) { return true }; return false }())
        case .punct(let p):
            return p == "[" || p == "{" || p == "%{" || p == "%" || p == "<<" || p == "("
        case .op(let o):
            if o == "&" || o == "@" || o == "!" || o == "^" { return true }
            if o == "-" || o == "+" {
                return pos + 1 < tokens.count && !tokens[pos + 1].spaceBefore
            }
            return false
        default:
            return false
        }
    }

    private mutating func parsePrimary() throws -> Node {
        let t = token
        switch t.kind {
        case .integer(let v): advance(); return .literal(v, line: t.line)
        case .float(let f): advance(); return .literal(.float(f), line: t.line)
        case .atom(let a): advance(); return .literal(.atom(a), line: t.line)
        case .string(let parts), .heredoc(let parts):
            advance()
            return try stringNode(parts, line: t.line, charlist: false)
        case .charlist(let parts):
            advance()
            return try stringNode(parts, line: t.line, charlist: true)
        case .sigil(let letter, let parts, let modifiers):
            advance()
            return .sigil(letter, try pieces(parts), modifiers: modifiers, line: t.line)
        case .captureArg(let n): advance(); return .captureArg(n, line: t.line)
        case .alias(let name): advance(); return .alias([name], line: t.line)
        case .keyword:
            // A bare keyword list as an expression, e.g. a no-parens argument `do: x`.
            return .list(try parseKeywordPairs(), tail: nil, line: t.line)
        case .identifier(let name):
            switch name {
            case "true": advance(); return .literal(.true, line: t.line)
            case "false": advance(); return .literal(.false, line: t.line)
            case "nil": advance(); return .literal(.nil, line: t.line)
            case "fn": return try parseFn()
            default:
                if Parser.blockKeywords.contains(name) { throw error() }
                return try parseIdentifier()
            }
        case .punct("("):
            advance()
            let saved = noDoDepth
            noDoDepth = 0
            defer { noDoDepth = saved }
            skipNewlines()
            if isPunct(")") { advance(); return .block([], line: t.line) }
            // A parenthesized block, or `(pattern -> body)` clauses (as in `rescue: (e -> e)`).
            let inner = try parseStabOrBlock([")"], line: t.line)
            try expectPunct(")", opener: t)
            return inner
        case .punct("["):
            advance()
            return try parseList(opener: t)
        case .punct("{"):
            advance()
            let items = try parseSequence(close: "}", opener: t)
            return .tuple(items, line: t.line)
        case .punct("%{"):
            advance()
            return try parseMapBody(opener: t, module: nil)
        case .punct("%"):
            advance()
            let module: Node
            switch kind {
            case .alias(let n):
                advance()
                var parts = [n]
                while isPunct("."), case .alias(let more) = kindAt(1) { advance(); advance(); parts.append(more) }
                module = .alias(parts, line: t.line)
            case .identifier("__MODULE__"):
                advance(); module = .call("__MODULE__", [], line: t.line)
            default:
                throw error()
            }
            guard isPunct("{") else { throw error() }
            let open = token
            advance()
            return try parseMapBody(opener: open, module: module)
        case .punct("<<"):
            advance()
            return try parseBitstring(opener: t)
        case .eof:
            throw error()
        default:
            throw error()
        }
    }

    private mutating func stringNode(_ parts: [StringPart], line: Int, charlist: Bool) throws -> Node {
        let ps = try pieces(parts)
        if ps.count == 1, case .text(let s) = ps[0] {
            if charlist { return .literal(.list(s.unicodeScalars.map { .int(Int($0.value)) }), line: line) }
            return .literal(.string(s), line: line)
        }
        return charlist ? .interpolatedCharlist(ps, line: line) : .interpolated(ps, line: line)
    }

    private func pieces(_ parts: [StringPart]) throws -> [Piece] {
        try parts.map { part in
            switch part {
            case .text(let s): return .text(s)
            case .code(let src, let line):
                let block = try Parser.parse(src, line: line)
                if case .block(let exprs, _) = block, exprs.count == 1 { return .code(exprs[0]) }
                return .code(block)
            }
        }
    }

    private mutating func parseKeywordPairs() throws -> [Node] {
        var pairs: [Node] = []
        while case .keyword(let k) = kind {
            let line = token.line
            advance()
            skipNewlines()
            let value = try parseExpression()
            pairs.append(.tuple([.literal(.atom(k), line: line), value], line: line))
            guard isPunct(","), case .keyword = kindAt(1) else {
                if isPunct(","), case .newline = kindAt(1) {
                    // A trailing keyword continued on the next line.
                    var look = pos + 1
                    while look < tokens.count, case .newline = tokens[look].kind { look += 1 }
                    if look < tokens.count, case .keyword = tokens[look].kind {
                        advance(); skipNewlines(); continue
                    }
                }
                break
            }
            advance()
        }
        return pairs
    }

    /// Comma-separated expressions up to `close`, with trailing keyword pairs as one list.
    private mutating func parseSequence(close: String, opener: Token) throws -> [Node] {
        let saved = noDoDepth
        noDoDepth = 0
        defer { noDoDepth = saved }
        var items: [Node] = []
        skipNewlines()
        while !isPunct(close) {
            if atEOF { try expectPunct(close, opener: opener) }
            if case .keyword = kind {
                let line = token.line
                items.append(.list(try parseKeywordPairs(), tail: nil, line: line))
            } else {
                items.append(try parseExpression())
            }
            skipNewlines()
            if isPunct(",") { advance(); skipNewlines(); continue }
            if !isPunct(close) { try expectPunct(close, opener: opener) }
        }
        advance()
        return items
    }

    private mutating func parseList(opener: Token) throws -> Node {
        let saved = noDoDepth
        noDoDepth = 0
        defer { noDoDepth = saved }
        var items: [Node] = []
        var tail: Node? = nil
        skipNewlines()
        while !isPunct("]") {
            if atEOF { try expectPunct("]", opener: opener) }
            if case .keyword = kind {
                items.append(contentsOf: try parseKeywordPairs())
            } else {
                items.append(try parseExpression(Parser.infix["|"]!.power))
            }
            skipNewlines()
            if isOp("|") {
                advance(); skipNewlines()
                tail = try parseExpression(Parser.infix["|"]!.power - 1)
                skipNewlines()
                try expectPunct("]", opener: opener)
                return .list(items, tail: tail, line: opener.line)
            }
            if isPunct(",") { advance(); skipNewlines(); continue }
            if !isPunct("]") { try expectPunct("]", opener: opener) }
        }
        advance()
        return .list(items, tail: tail, line: opener.line)
    }

    private mutating func parseMapBody(opener: Token, module: Node?) throws -> Node {
        let saved = noDoDepth
        noDoDepth = 0
        defer { noDoDepth = saved }
        var pairs: [(Node, Node)] = []
        var update: Node? = nil
        skipNewlines()
        // `%{base | k: v}`: the first expression followed by `|`.
        if !isPunct("}"), !({ if case .keyword = kind { return true }; return false }()) {
            let start = pos
            let first = try parseExpression(Parser.infix["|"]!.power)
            skipNewlines()
            if isOp("|") {
                advance(); skipNewlines()
                update = first
            } else {
                pos = start
            }
        }
        while !isPunct("}") {
            if atEOF { try expectPunct("}", opener: opener) }
            if case .keyword = kind {
                for p in try parseKeywordPairs() {
                    if case .tuple(let kv, _) = p { pairs.append((kv[0], kv[1])) }
                }
            } else {
                let key = try parseExpression(Parser.infix["=>"]!.power)
                skipNewlines()
                guard isOp("=>") else { throw error() }
                advance(); skipNewlines()
                let value = try parseExpression(Parser.infix["=>"]!.power - 1)
                pairs.append((key, value))
            }
            skipNewlines()
            if isPunct(",") { advance(); skipNewlines(); continue }
            if !isPunct("}") { try expectPunct("}", opener: opener) }
        }
        advance()
        if let m = module { return .structure(module: m, fields: pairs, update: update, line: opener.line) }
        return .map(pairs, update: update, line: opener.line)
    }

    private mutating func parseBitstring(opener: Token) throws -> Node {
        let saved = noDoDepth
        noDoDepth = 0
        defer { noDoDepth = saved }
        var segments: [Segment] = []
        skipNewlines()
        while !isPunct(">>") {
            if atEOF { try expectPunct(">>", opener: opener) }
            // `value::type`, or a generator `pattern::type <- binary` inside `for`.
            let expr = try parseExpression()
            if case .binary("::", let value, let type, _) = expr {
                segments.append(Segment(value: value, type: type))
            } else {
                segments.append(Segment(value: expr, type: nil))
            }
            skipNewlines()
            if isPunct(",") { advance(); skipNewlines(); continue }
            if !isPunct(">>") { try expectPunct(">>", opener: opener) }
        }
        advance()
        return .bitstring(segments, line: opener.line)
    }

    private mutating func parseFn() throws -> Node {
        let t = token
        advance()
        let saved = noDoDepth
        noDoDepth = 0
        defer { noDoDepth = saved }
        let body = try parseStabOrBlock(["end"], line: t.line)
        guard isWord("end") else {
            throw SyntaxIssue(message: "missing terminator: end (for \"fn\" starting at line \(t.line))",
                              line: token.line, column: token.column, incomplete: atEOF)
        }
        advance()
        guard case .clauses(let clauses, _) = body else {
            throw SyntaxIssue(message: "expected anonymous functions to be defined with -> inside: 'fn'",
                              line: t.line, column: t.column, incomplete: false)
        }
        return .fn(clauses, line: t.line)
    }

    /// A name: a variable, a call with parentheses, or a call without them.
    private mutating func parseIdentifier() throws -> Node {
        let t = token
        guard case .identifier(let name) = t.kind else { throw error() }
        advance()
        if isPunct("(") && !token.spaceBefore {
            let open = token
            advance()
            let args = try parseSequence(close: ")", opener: open)
            return try withDoBlock(.call(name, args, line: t.line))
        }
        if noDoDepth == 0, isWord("do") {
            return try withDoBlock(.call(name, [], line: t.line))
        }
        if canStartNoParensArgument(after: t) {
            let args = try parseNoParensArguments()
            return try withDoBlock(.call(name, args, line: t.line))
        }
        return .variable(name, line: t.line)
    }

    private mutating func parseNoParensArguments() throws -> [Node] {
        noDoDepth += 1
        defer { noDoDepth -= 1 }
        var args: [Node] = []
        while true {
            if case .keyword = kind {
                let line = token.line
                args.append(.list(try parseKeywordPairs(), tail: nil, line: line))
                break
            }
            args.append(try parseExpression())
            guard isPunct(",") else { break }
            advance()
            skipNewlines()
        }
        return args
    }

    /// Appends a following `do ... end` block (unless inside a no-parens call's arguments).
    private mutating func withDoBlock(_ call: Node) throws -> Node {
        guard noDoDepth == 0, isWord("do") else { return call }
        let block = try parseDoBlock()
        switch call {
        case .call(let name, var args, let line):
            args.append(block)
            return .call(name, args, line: line)
        case .remote(let target, let name, var args, _, let line):
            args.append(block)
            return .remote(target, name, args, parens: true, line: line)
        default:
            return call
        }
    }

    // MARK: - Postfix: dots, access, fun.()

    private mutating func parsePostfix(_ start: Node) throws -> Node {
        var node = start
        while true {
            if isPunct(".") {
                let dot = token
                advance()
                switch kind {
                case .alias(let more):
                    advance()
                    if case .alias(let parts, let line) = node {
                        node = .alias(parts + [more], line: line)
                    } else {
                        node = .remote(node, more, [], parens: false, line: dot.line)
                    }
                case .punct("("):
                    let open = token
                    advance()
                    node = .apply(node, try parseSequence(close: ")", opener: open), line: dot.line)
                case .identifier(let name), .op(let name):
                    let nameToken = token
                    advance()
                    node = try parseRemoteCall(node, name, nameToken: nameToken, line: dot.line)
                case .string(let parts):
                    advance()
                    let name = parts.map { if case .text(let s) = $0 { return s }; return "" }.joined()
                    node = try parseRemoteCall(node, name, nameToken: token, line: dot.line)
                case .keyword(let name):
                    // `Mod.fun arg:` is rare; treat `Mod.fun:` as an error.
                    throw error("syntax error before: \(name)")
                case .punct("{"):
                    // `alias Foo.{A, B}`
                    let open = token
                    advance()
                    let items = try parseSequence(close: "}", opener: open)
                    node = .remote(node, "{}", items, parens: true, line: dot.line)
                default:
                    throw error()
                }
                continue
            }
            if isPunct("["), !token.spaceBefore {
                let open = token
                advance()
                let saved = noDoDepth
                noDoDepth = 0
                skipNewlines()
                let key = try parseExpression()
                noDoDepth = saved
                try expectPunct("]", opener: open)
                node = .access(node, key, line: open.line)
                continue
            }
            return node
        }
    }

    private mutating func parseRemoteCall(_ target: Node, _ name: String, nameToken: Token, line: Int) throws -> Node {
        if isPunct("("), !token.spaceBefore {
            let open = token
            advance()
            let args = try parseSequence(close: ")", opener: open)
            return try withDoBlock(.remote(target, name, args, parens: true, line: line))
        }
        if case .alias = target, noDoDepth == 0, isWord("do") {
            return try withDoBlock(.remote(target, name, [], parens: true, line: line))
        }
        if canStartNoParensArgument(after: nameToken) {
            let args = try parseNoParensArguments()
            return try withDoBlock(.remote(target, name, args, parens: true, line: line))
        }
        return .remote(target, name, [], parens: false, line: line)
    }
}
