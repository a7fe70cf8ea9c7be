/// The syntax tree the parser builds: plain data, every node with its source line.
public indirect enum Node {
    case literal(Value, line: Int)
    /// A string with interpolation: literal text and expressions (converted with to_string).
    case interpolated([Piece], line: Int)
    /// A charlist with interpolation.
    case interpolatedCharlist([Piece], line: Int)
    case variable(String, line: Int)
    /// A dotted module name such as `Foo.Bar` (resolved against aliases later).
    case alias([String], line: Int)
    case list([Node], tail: Node?, line: Int)
    case tuple([Node], line: Int)
    case map([(Node, Node)], update: Node?, line: Int)
    /// `%Mod{...}` or `%Mod{base | ...}`.
    case structure(module: Node, fields: [(Node, Node)], update: Node?, line: Int)
    case bitstring([Segment], line: Int)
    case unary(String, Node, line: Int)
    case binary(String, Node, Node, line: Int)
    /// `first..last//step`
    case range(Node, Node, step: Node?, line: Int)
    /// A call to a name without a receiver: `foo(1)`, `if x, do: y`.
    case call(String, [Node], line: Int)
    /// `target.name(args)`; `parens` is false for `map.key` and `Mod.fun` without brackets.
    case remote(Node, String, [Node], parens: Bool, line: Int)
    /// `fun.(args)`
    case apply(Node, [Node], line: Int)
    case access(Node, Node, line: Int)
    case fn([Clause], line: Int)
    /// `&1` inside a capture.
    case captureArg(Int, line: Int)
    /// `&expr`
    case capture(Node, line: Int)
    case block([Node], line: Int)
    /// `@name` (read) or `@name value` (set, inside a module body).
    case attribute(String, Node?, line: Int)
    /// The clauses of a `do ... end` section written with `->`.
    case clauses([Clause], line: Int)
    case sigil(Character, [Piece], modifiers: String, line: Int)

    public var line: Int {
        switch self {
        case .literal(_, let l), .interpolated(_, let l), .interpolatedCharlist(_, let l), .variable(_, let l),
             .alias(_, let l), .list(_, _, let l), .tuple(_, let l), .map(_, _, let l),
             .structure(_, _, _, let l), .bitstring(_, let l), .unary(_, _, let l), .binary(_, _, _, let l),
             .range(_, _, _, let l), .call(_, _, let l), .remote(_, _, _, _, let l), .apply(_, _, let l),
             .access(_, _, let l), .fn(_, let l), .captureArg(_, let l), .capture(_, let l),
             .block(_, let l), .attribute(_, _, let l), .clauses(_, let l), .sigil(_, _, _, let l):
            return l
        }
    }

    /// The keyword key of a `[key: value]` pair written as a tuple node, if it is one.
    var keywordPair: (String, Node)? {
        if case .tuple(let items, _) = self, items.count == 2, case .literal(.atom(let k), _) = items[0] {
            return (k, items[1])
        }
        return nil
    }

    /// A keyword list literal's pairs (`[do: x, else: y]`), or nil.
    var keywordPairs: [(String, Node)]? {
        guard case .list(let items, nil, _) = self, !items.isEmpty else { return nil }
        var out: [(String, Node)] = []
        for item in items {
            guard let p = item.keywordPair else { return nil }
            out.append(p)
        }
        return out
    }
}

/// A part of an interpolated string: literal text or an expression.
public enum Piece {
    case text(String)
    case code(Node)
}

/// One `patterns when guard -> body` clause of fn, case, receive, rescue...
public struct Clause {
    public var patterns: [Node]
    public var guardExpr: Node?
    public var body: Node
    public var line: Int
}

/// One `value::type-size(n)` segment of a bitstring.
public struct Segment {
    public var value: Node
    /// The modifiers after `::`, e.g. ["binary"], ["integer", "little"], or a size.
    public var type: Node?
}
