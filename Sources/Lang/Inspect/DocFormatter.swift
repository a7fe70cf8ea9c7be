/// Lays a `Doc` out within a width, deciding group by group whether breaks render flat
/// (as their text) or as newlines: the algorithm of Elixir's `Inspect.Algebra.format/2`
/// (Lindig's "Strictly Pretty" with flex breaks). Iterative, so deep documents cannot
/// overflow the stack.
public enum DocFormatter {
    enum Mode { case flat, broken }

    struct Entry {
        var indent: Int
        var mode: Mode
        var doc: Doc
    }

    /// The rendered text; `width` nil means unlimited (nothing breaks unless forced by a line).
    public static func format(_ doc: Doc, width: Int?) -> String {
        var out = ""
        var column = 0
        // The work stack: its last element is the next piece to lay out.
        var stack = [Entry(indent: 0, mode: .flat, doc: doc)]
        while let entry = stack.popLast() {
            let i = entry.indent, mode = entry.mode
            switch entry.doc {
            case .empty:
                break
            case .line:
                out += newline(i)
                column = i
            case .concat(let docs):
                for d in docs.reversed() { stack.append(Entry(indent: i, mode: mode, doc: d)) }
            case let .text(s, w):
                out += s
                column += w
            case .forceUnfit(let x):
                stack.append(Entry(indent: i, mode: mode, doc: x))
            case let .breakable(s, flex):
                let after = column + s.utf8.count
                let staysFlat: Bool
                if flex {
                    staysFlat = width == nil || mode == .flat
                        || fits(width!, after, brokeBefore: true, [], rest: stack)
                } else {
                    staysFlat = mode == .flat
                }
                if staysFlat {
                    out += s
                    column = after
                } else {
                    out += newline(i)
                    column = i
                }
            case let .nest(x, nesting, onlyWhenBroken):
                let indent = (!onlyWhenBroken || mode == .broken) ? nested(i, column, nesting) : i
                stack.append(Entry(indent: indent, mode: mode, doc: x))
            case let .group(x, inherit):
                if inherit && mode == .broken {
                    stack.append(Entry(indent: i, mode: .broken, doc: x))
                } else {
                    let flat = width == nil
                        || fits(width!, column, brokeBefore: false, [Entry(indent: i, mode: .flat, doc: x)], rest: [])
                    stack.append(Entry(indent: i, mode: flat ? .flat : .broken, doc: x))
                }
            }
        }
        return out
    }

    private static func newline(_ indent: Int) -> String {
        "\n" + String(repeating: " ", count: indent)
    }

    private static func nested(_ indent: Int, _ column: Int, _ nesting: Doc.Nesting) -> Int {
        switch nesting {
        case .by(let j): return indent + j
        case .cursor: return column
        case .reset: return 0
        }
    }

    /// Whether the pieces fit in the rest of the line. A line only counts as overflowing
    /// once a break was seen (a long unbreakable text has no choice but to overflow).
    /// `pending` is examined first, then `rest` (a format stack, read from its top).
    private static func fits(_ width: Int, _ startColumn: Int, brokeBefore: Bool,
                             _ pending: [Entry], rest: [Entry]) -> Bool {
        enum Item { case doc(Entry), restoreBroke(Bool) }
        var column = startColumn
        var broke = brokeBefore
        var local = pending.reversed().map { Item.doc($0) }
        var restIndex = rest.count
        while true {
            if column > width && broke { return false }
            let item: Item
            if let next = local.popLast() {
                item = next
            } else if restIndex > 0 {
                restIndex -= 1
                item = .doc(rest[restIndex])
            } else {
                return true
            }
            guard case .doc(let e) = item else {
                if case .restoreBroke(let b) = item { broke = b }
                continue
            }
            switch e.doc {
            case .breakable(let s, _):
                if e.mode == .broken { return true }
                column += s.utf8.count
                broke = true
            case .line:
                if e.mode == .broken { return true }
                column = e.indent
                broke = false
            case .group(let x, _):
                local.append(.restoreBroke(broke))
                local.append(.doc(Entry(indent: e.indent, mode: .flat, doc: x)))
            case .empty:
                break
            case let .text(_, w):
                column += w
            case .forceUnfit:
                return false
            case let .nest(x, nesting, onlyWhenBroken):
                let indent = onlyWhenBroken ? e.indent : nested(e.indent, column, nesting)
                local.append(.doc(Entry(indent: indent, mode: e.mode, doc: x)))
            case .concat(let docs):
                for d in docs.reversed() { local.append(.doc(Entry(indent: e.indent, mode: e.mode, doc: d))) }
            }
        }
    }
}
