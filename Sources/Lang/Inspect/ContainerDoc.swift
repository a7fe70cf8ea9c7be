/// Lists, tuples, maps and structs share one layout (`Inspect.Algebra.container_doc/6`):
/// entries separated by commas, cut at the `limit` with `...`, packed several per line when
/// every entry is plain text, one per line otherwise (or always, for `.strict`).
enum ContainerDoc {
    enum Breaks {
        /// Flex when every entry is plain text, strict otherwise.
        case maybe
        case strict
        case flex
    }

    /// `items` are laid out between `left` and `right`; `tail` is an improper list's tail,
    /// printed after ` |`. Each entry is built with the limit that remains after it, so
    /// nested containers share the budget.
    static func doc<T>(_ left: String, _ items: [T], tail: T? = nil, _ right: String,
                       _ options: InspectOptions, breaks: Breaks = .maybe,
                       entry: (T, InspectOptions) -> Doc) -> Doc {
        if items.isEmpty && tail == nil { return .text(left + right) }
        var docs: [Doc] = []
        var simple = breaks == .maybe
        var limit = options.limit
        for (n, item) in items.enumerated() {
            if limit == 0 {
                docs.append(.text("..."))
                break
            }
            limit = limit.map { $0 - 1 }
            var inner = options
            inner.limit = limit
            let d = entry(item, inner)
            if n == items.count - 1, let tail {
                let t = entry(tail, inner)
                simple = simple && d.isSimple && t.isSimple
                docs.append(join(d, t, flex: simple, separator: " |"))
            } else {
                simple = simple && d.isSimple
                docs.append(d)
            }
        }
        let flex = simple || breaks == .flex
        // A flat run `d1, <break> d2, <break> ...`: laid out exactly like the right-nested
        // glues Elixir builds, without nesting as deep as the collection is long.
        var parts: [Doc] = []
        for (n, d) in docs.enumerated() {
            if n > 0 { parts.append(.text(",")); parts.append(.breakable(" ", flex: flex)) }
            parts.append(d)
        }
        let joined = Doc.concat(parts)
        if flex {
            return .group(.concat([.text(left), .nest(joined, 1), .text(right)]))
        }
        let opened = Doc.glue(.text(left), joined, breakText: "")
        return .group(.glue(.nest(opened, 2), .text(right), breakText: ""))
    }

    private static func join(_ left: Doc, _ right: Doc, flex: Bool, separator: String) -> Doc {
        let head = Doc.concat([left, .text(separator)])
        return flex ? .flexGlue(head, right) : .glue(head, right)
    }
}
