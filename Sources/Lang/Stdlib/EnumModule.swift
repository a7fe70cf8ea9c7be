import BigInt

/// `Enum`: eager functions over any enumerable (lists, ranges, maps, streams).
enum EnumModule {
    static func install(into r: Registry) {
        r.document(module: "Enum", "Functions for working with collections (enumerables): lists, ranges, maps and streams.")
        installPredicates(r)
        installAccess(r)
        installTransforms(r)
        installReductions(r)
        installOrdering(r)
        installSlicing(r)
        installGrouping(r)
        installZipping(r)
        installRandom(r)
    }

    // MARK: - Truth tests and searches

    private static func installPredicates(_ r: Registry) {
        r.native("Enum", "all?", 1, 2, doc: "Returns true if the function (or truthiness) holds for every element.") { c in
            let fn = c.arity == 2 ? try c.function(1, arity: 1) : nil
            var result = true
            try c[0].forEachElement(c.ctx) { x in
                let v = try fn.map { try c.call($0, x) } ?? x
                if !v.isTruthy { result = false }
                return result
            }
            return .bool(result)
        }
        r.native("Enum", "any?", 1, 2, doc: "Returns true if the function (or truthiness) holds for at least one element.") { c in
            let fn = c.arity == 2 ? try c.function(1, arity: 1) : nil
            var result = false
            try c[0].forEachElement(c.ctx) { x in
                let v = try fn.map { try c.call($0, x) } ?? x
                if v.isTruthy { result = true }
                return !result
            }
            return .bool(result)
        }
        r.native("Enum", "empty?", 1, doc: "Returns true if the enumerable has no elements.") { c in
            if case .map(let m) = c[0], m.structName == nil { return .bool(m.isEmpty) }
            var empty = true
            try c[0].forEachElement(c.ctx) { _ in empty = false; return false }
            return .bool(empty)
        }
        r.native("Enum", "member?", 2, doc: "Returns true if the element is in the enumerable (compared with ===, ranges by value).") { c in
            if case let .range(first, last, step) = c[0] {
                guard case .int(let x) = c[1] else { return .false }
                return .bool(RangeModule.contains(first, last, step, x))
            }
            if case .map(let m) = c[0], m.structName == nil {
                guard let (k, v) = c[1].pair, let found = m[k] else { return .false }
                return .bool(Value.strictlyEqual(found, v))
            }
            var found = false
            try c[0].forEachElement(c.ctx) { x in
                found = Value.strictlyEqual(x, c[1])
                return !found
            }
            return .bool(found)
        }
        r.native("Enum", "find", 2, 3, clauseArity: 3, doc: "The first element for which the function is truthy, else the default (nil).") { c in
            let fn = try c.function(c.arity - 1, arity: 1)
            var found: Value? = nil
            try c[0].forEachElement(c.ctx) { x in
                if try c.call(fn, x).isTruthy { found = x }
                return found == nil
            }
            return found ?? (c.arity == 3 ? c[1] : .nil)
        }
        r.native("Enum", "find_index", 2, doc: "The index of the first element for which the function is truthy, or nil.") { c in
            let fn = try c.function(1, arity: 1)
            var index = 0
            var found = false
            try c[0].forEachElement(c.ctx) { x in
                if try c.call(fn, x).isTruthy { found = true; return false }
                index += 1
                return true
            }
            return found ? .int(index) : .nil
        }
        r.native("Enum", "find_value", 2, 3, clauseArity: 3, doc: "The first truthy value the function returns, else the default (nil).") { c in
            let fn = try c.function(c.arity - 1, arity: 1)
            var found: Value? = nil
            try c[0].forEachElement(c.ctx) { x in
                let v = try c.call(fn, x)
                if v.isTruthy { found = v }
                return found == nil
            }
            return found ?? (c.arity == 3 ? c[1] : .nil)
        }
        r.native("Enum", "count", 1, 2, doc: "The number of elements, or of those for which the function is truthy.") { c in
            if c.arity == 1 { return .int(try count(c[0], c.ctx)) }
            let fn = try c.function(1, arity: 1)
            var n = 0
            try c[0].forEachElement(c.ctx) { x in
                if try c.call(fn, x).isTruthy { n += 1 }
                return true
            }
            return .int(n)
        }
    }

    /// The number of elements, without walking ranges and maps.
    static func count(_ v: Value, _ ctx: Context) throws -> Int {
        switch v {
        case let .range(first, last, step): return RangeModule.size(first, last, step)
        case .map(let m) where m.structName == nil: return m.count
        default:
            var n = 0
            try v.forEachElement(ctx) { _ in n += 1; return true }
            return n
        }
    }

    // MARK: - Positional access

    private static func installAccess(_ r: Registry) {
        r.native("Enum", "at", 2, 3, clauseArity: 3, doc: "The element at a zero-based index (negative counts from the end), else the default (nil).") { c in
            let i = try c.int(1)
            return try element(c[0], at: i, c) ?? (c.arity == 3 ? c[2] : .nil)
        }
        r.native("Enum", "fetch", 2, doc: "{:ok, element} at a zero-based index, or :error.") { c in
            let i = try c.int(1)
            return try element(c[0], at: i, c).map(Value.ok) ?? .error
        }
        r.native("Enum", "fetch!", 2, doc: "The element at a zero-based index; raises Enum.OutOfBoundsError when out of range.") { c in
            let i = try c.int(1)
            guard let v = try element(c[0], at: i, c) else { throw Errors.outOfBounds }
            return v
        }
    }

    static func element(_ enumerable: Value, at index: Int, _ c: NativeCall) throws -> Value? {
        if case let .range(first, last, step) = enumerable {
            let n = RangeModule.size(first, last, step)
            let i = index < 0 ? n + index : index
            guard i >= 0 && i < n else { return nil }
            return .int(first &+ i &* step)  // lies between first and last, so it fits
        }
        if index < 0 {
            let items = try enumerable.elements(c.ctx)
            let i = items.count + index
            return i >= 0 ? items[i] : nil
        }
        var i = 0
        var found: Value? = nil
        try enumerable.forEachElement(c.ctx) { x in
            if i == index { found = x; return false }
            i += 1
            return true
        }
        return found
    }

    // MARK: - Element-wise transforms

    private static func installTransforms(_ r: Registry) {
        r.native("Enum", "map", 2, doc: "A list of the function applied to each element.") { c in
            let fn = try c.function(1, arity: 1)
            var out: [Value] = []
            try c[0].forEachElement(c.ctx) { out.append(try c.call(fn, $0)); return true }
            return .list(out)
        }
        r.native("Enum", "each", 2, doc: "Calls the function on each element for its side effects; returns :ok.") { c in
            let fn = try c.function(1, arity: 1)
            try c[0].forEachElement(c.ctx) { _ = try c.call(fn, $0); return true }
            return .okAtom
        }
        for (name, keep) in [("filter", true), ("reject", false)] {
            r.native("Enum", name, 2, doc: "The elements for which the function is \(keep ? "truthy" : "falsy").") { c in
                let fn = try c.function(1, arity: 1)
                var out: [Value] = []
                try c[0].forEachElement(c.ctx) { x in
                    if try c.call(fn, x).isTruthy == keep { out.append(x) }
                    return true
                }
                return .list(out)
            }
        }
        r.native("Enum", "flat_map", 2, doc: "Maps each element to an enumerable and concatenates the results.") { c in
            let fn = try c.function(1, arity: 1)
            var out: [Value] = []
            try c[0].forEachElement(c.ctx) { x in
                out.append(contentsOf: try c.call(fn, x).elements(c.ctx))
                return true
            }
            return .list(out)
        }
        r.native("Enum", "map_every", 3, doc: "Applies the function to the first element and every nth after it.") { c in
            let nth = try c.nonNegative(1)
            let fn = try c.function(2, arity: 1)
            var out: [Value] = []
            var i = 0
            try c[0].forEachElement(c.ctx) { x in
                out.append(nth > 0 && i % nth == 0 ? try c.call(fn, x) : x)
                i += 1
                return true
            }
            return .list(out)
        }
        r.native("Enum", "intersperse", 2, doc: "Puts the separator between each pair of elements.") { c in
            var out: [Value] = []
            try c[0].forEachElement(c.ctx) { x in
                if !out.isEmpty { out.append(c[1]) }
                out.append(x)
                return true
            }
            return .list(out)
        }
        r.native("Enum", "map_intersperse", 3, doc: "Maps each element and puts the separator between the results.") { c in
            let fn = try c.function(2, arity: 1)
            var out: [Value] = []
            try c[0].forEachElement(c.ctx) { x in
                if !out.isEmpty { out.append(c[1]) }
                out.append(try c.call(fn, x))
                return true
            }
            return .list(out)
        }
        r.native("Enum", "with_index", 1, 2, clauseArity: 2, doc: "Pairs each element with its index: {element, index}, counting from an offset (0) or passed to a function.") { c in
            var out: [Value] = []
            if c.arity == 2, case .function = c[1] {
                let fn = try c.guardedFunction(1, arity: 2)
                var i = 0
                try c[0].forEachElement(c.ctx) { x in
                    out.append(try c.call(fn, x, .int(i))); i += 1; return true
                }
                return .list(out)
            }
            // An offset may be any integer; counting with Value.add grows past Int like Elixir.
            var index = c.arity == 2 ? c[1] : .int(0)
            guard index.isInteger else { throw c.noClause() }
            try c[0].forEachElement(c.ctx) { x in
                out.append(.tuple([x, index])); index = try Value.add(index, .int(1)); return true
            }
            return .list(out)
        }
        r.native("Enum", "to_list", 1, doc: "The elements as a list.") { c in
            if case .list = c[0] { return c[0] }
            return .list(try c.elements(0))
        }
        r.native("Enum", "reverse", 1, 2, doc: "The elements in reverse order, followed by the tail (when given).") { c in
            var items = try c.elements(0)
            items.reverse()
            if c.arity == 2 { items += try c.elements(1) }
            return .list(items)
        }
        r.native("Enum", "concat", 1, 2, doc: "Concatenates an enumerable of enumerables (or two enumerables) into a list.") { c in
            var out: [Value] = []
            if c.arity == 2 {
                out = try c.elements(0)
                out += try c.elements(1)
                return .list(out)
            }
            try c[0].forEachElement(c.ctx) { out.append(contentsOf: try $0.elements(c.ctx)); return true }
            return .list(out)
        }
        r.native("Enum", "into", 2, 3, doc: "Collects the elements (mapped by the function, when given) into a collectable: a list, map or binary.") { c in
            var items = try c.elements(0)
            if c.arity == 3 {
                let fn = try c.function(2, arity: 1)
                items = try items.map { try c.call(fn, $0) }
            }
            return try Collectable.into(c[1], items)
        }
        r.native("Enum", "join", 1, 2, clauseArity: 2, doc: "Joins the elements' string forms, with a separator (\"\").") { c in
            let sep = try joiner(c, at: 1)
            var out: [UInt8] = []
            var first = true
            try c[0].forEachElement(c.ctx) { x in
                if !first { out += sep }
                first = false
                out += try Chardata.string(of: x)
                return true
            }
            return .binary(out)
        }
        r.native("Enum", "map_join", 2, 3, clauseArity: 3, doc: "Maps each element and joins the results' string forms, with a separator (\"\").") { c in
            let sep = c.arity == 3 ? try joiner(c, at: 1) : []
            let fn = try c.function(c.arity - 1, arity: 1)
            var out: [UInt8] = []
            var first = true
            try c[0].forEachElement(c.ctx) { x in
                if !first { out += sep }
                first = false
                out += try Chardata.string(of: try c.call(fn, x))
                return true
            }
            return .binary(out)
        }
        r.native("Enum", "dedup", 1, doc: "Collapses runs of equal (===) consecutive elements into one.") { c in
            try dedup(c) { $0 }
        }
        r.native("Enum", "dedup_by", 2, doc: "Collapses consecutive elements whose function results are equal (===).") { c in
            let fn = try c.function(1, arity: 1)
            return try dedup(c) { try c.call(fn, $0) }
        }
        r.native("Enum", "uniq", 1, doc: "The elements without repetitions (===), keeping first occurrences.") { c in
            try uniq(c) { $0 }
        }
        r.native("Enum", "uniq_by", 2, doc: "The elements without repetitions of the function's result, keeping first occurrences.") { c in
            let fn = try c.function(1, arity: 1)
            return try uniq(c) { try c.call(fn, $0) }
        }
        r.native("Enum", "unzip", 1, doc: "Splits {a, b} tuples into a tuple of two lists.") { c in
            var lefts: [Value] = [], rights: [Value] = []
            try c[0].forEachElement(c.ctx) { x in
                guard let (a, b) = x.pair else { throw Errors.functionClause("Enum", "unzip", [c[0]]) }
                lefts.append(a); rights.append(b)
                return true
            }
            return .tuple([.list(lefts), .list(rights)])
        }
    }

    private static func joiner(_ c: NativeCall, at i: Int) throws -> [UInt8] {
        guard c.arity > i else { return [] }
        guard case .binary(let b) = c[i] else { throw c.noClause() }
        return b
    }

    private static func dedup(_ c: NativeCall, _ key: (Value) throws -> Value) throws -> Value {
        var out: [Value] = []
        var last: Value? = nil
        try c[0].forEachElement(c.ctx) { x in
            let k = try key(x)
            if last.map({ !Value.strictlyEqual($0, k) }) ?? true { out.append(x) }
            last = k
            return true
        }
        return .list(out)
    }

    private static func uniq(_ c: NativeCall, _ key: (Value) throws -> Value) throws -> Value {
        var seen = MapValue()
        var out: [Value] = []
        try c[0].forEachElement(c.ctx) { x in
            let k = try key(x)
            if seen[k] == nil { seen[k] = .true; out.append(x) }
            return true
        }
        return .list(out)
    }

    // MARK: - Reductions

    private static func installReductions(_ r: Registry) {
        r.native("Enum", "reduce", 2, 3, doc: "Folds the elements with fn element, acc -> new acc end, from an initial acc (or the first element).") { c in
            let fn = try c.function(c.arity - 1, arity: 2)
            if c.arity == 3 { return try fold(c[0], c[1], fn, c.ctx) }
            var acc: Value? = nil
            try c[0].forEachElement(c.ctx) { x in
                if let a = acc { acc = try c.ctx.call(fn, [x, a]) } else { acc = x }
                return true
            }
            guard let result = acc else { throw Errors.emptyError }
            return result
        }
        r.native("Enum", "reduce_while", 3, doc: "Folds while the function returns {:cont, acc}; stops at {:halt, acc}.") { c in
            let fn = try c.function(2, arity: 2)
            var acc = c[1]
            try c[0].forEachElement(c.ctx) { x in
                let r = try c.ctx.call(fn, [x, acc])
                guard let (tag, next) = r.pair, case .atom(let t) = tag, t == "cont" || t == "halt" else {
                    throw ElixirError.exception("CaseClauseError", "no case clause matching: \(Inspector.inspect(r))",
                                                fields: [("term", r)])
                }
                acc = next
                return t == "cont"
            }
            return acc
        }
        r.native("Enum", "map_reduce", 3, doc: "Maps and folds at once: the function returns {mapped, acc}; the result is {list, acc}.") { c in
            let fn = try c.function(2, arity: 2)
            var acc = c[1]
            var out: [Value] = []
            try c[0].forEachElement(c.ctx) { x in
                let r = try c.ctx.call(fn, [x, acc])
                guard let (mapped, next) = r.pair else { throw badReturn("map_reduce", r) }
                out.append(mapped); acc = next
                return true
            }
            return .tuple([.list(out), acc])
        }
        r.native("Enum", "flat_map_reduce", 3, doc: "Like map_reduce but each step returns {enumerable, acc}, or {:halt, acc} to stop.") { c in
            let fn = try c.function(2, arity: 2)
            var acc = c[1]
            var out: [Value] = []
            try c[0].forEachElement(c.ctx) { x in
                let r = try c.ctx.call(fn, [x, acc])
                guard let (items, next) = r.pair else { throw badReturn("flat_map_reduce", r) }
                acc = next
                if case .atom("halt") = items { return false }
                out.append(contentsOf: try items.elements(c.ctx))
                return true
            }
            return .tuple([.list(out), acc])
        }
        r.native("Enum", "scan", 2, 3, doc: "The successive accumulated values of a fold.") { c in
            let fn = try c.function(c.arity - 1, arity: 2)
            var acc: Value? = c.arity == 3 ? c[1] : nil
            var out: [Value] = []
            try c[0].forEachElement(c.ctx) { x in
                let next = try acc.map { try c.ctx.call(fn, [x, $0]) } ?? x
                out.append(next); acc = next
                return true
            }
            return .list(out)
        }
        r.native("Enum", "sum", 1, doc: "The sum of the numbers (0 when empty).") { c in
            if case let .range(first, last, step) = c[0] { return RangeModule.sum(first, last, step) }
            var acc = Value.int(0)
            try c[0].forEachElement(c.ctx) { acc = try Value.add(acc, $0); return true }
            return acc
        }
        r.native("Enum", "product", 1, doc: "The product of the numbers (1 when empty).") { c in
            var acc = Value.int(1)
            try c[0].forEachElement(c.ctx) { acc = try Value.multiply(acc, $0); return true }
            return acc
        }
        r.native("Enum", "frequencies", 1, doc: "A map from each element to how many times it occurs.") { c in
            var counts = MapValue()
            try c[0].forEachElement(c.ctx) { x in
                counts[x] = try Value.add(counts[x] ?? .int(0), .int(1)); return true
            }
            return .map(counts)
        }
        r.native("Enum", "frequencies_by", 2, doc: "A map from each function result to how many elements produce it.") { c in
            let fn = try c.function(1, arity: 1)
            var counts = MapValue()
            try c[0].forEachElement(c.ctx) { x in
                let k = try c.call(fn, x)
                counts[k] = try Value.add(counts[k] ?? .int(0), .int(1)); return true
            }
            return .map(counts)
        }
        installExtremes(r)
    }

    /// `Enum.reduce/3`, with ranges and lists walked in plain loops: this is the hot path
    /// of numeric scripts (`Enum.reduce(1..10_000_000, 0, &+/2)`).
    static func fold(_ enumerable: Value, _ initial: Value, _ fn: Value, _ ctx: Context) throws -> Value {
        var acc = initial
        switch enumerable {
        case let .range(first, last, step):
            var x = first
            for _ in 0..<RangeModule.size(first, last, step) {
                acc = try ctx.call(fn, [.int(x), acc])
                x &+= step
            }
        case .list(var cell):
            while let c = cell {
                acc = try ctx.call(fn, [c.head, acc])
                guard case .list(let next) = c.tail else {
                    throw Errors.functionClause("Enumerable.List", "reduce", [enumerable])
                }
                cell = next
            }
        default:
            try enumerable.forEachElement(ctx) { x in acc = try ctx.call(fn, [x, acc]); return true }
        }
        return acc
    }

    static func badReturn(_ name: String, _ r: Value) -> ElixirError {
        ElixirError.exception("MatchError", "no match of right hand side value: \(Inspector.inspect(r))",
                              fields: [("term", r)])
    }

    /// max/min and their _by forms: the first extreme element wins ties, as in Elixir.
    private static func installExtremes(_ r: Registry) {
        for (name, defaultBefore, moduleOrder) in [("max", Sorting.descending, "lt"), ("min", Sorting.ascending, "gt")] {
            r.native("Enum", name, 1, 2, 3, clauseArity: 3, doc: "The \(name)imum element (by term order or a sorter); raises Enum.EmptyError when empty unless a fallback function is given.") { c in
                let (before, fallback) = try extremeOptions(c, from: 1, defaultBefore, moduleOrder)
                return try extreme(c, key: nil, before: before, fallback: fallback)
            }
            r.native("Enum", name + "_by", 2, 3, 4, clauseArity: 4, doc: "The element whose function result is the \(name)imum; raises Enum.EmptyError when empty unless a fallback function is given.") { c in
                let fn = try c.function(1, arity: 1)
                let (before, fallback) = try extremeOptions(c, from: 2, defaultBefore, moduleOrder)
                return try extreme(c, key: fn, before: before, fallback: fallback)
            }
        }
        r.native("Enum", "min_max", 1, 2, clauseArity: 2, doc: "{min, max} of the elements; raises Enum.EmptyError when empty unless a fallback function is given.") { c in
            let fallback = c.arity == 2 ? try c.guardedFunction(1, arity: 0) : nil
            return try minMax(c, key: nil, less: { Value.compare($0, $1) < 0 }, fallback: fallback)
        }
        r.native("Enum", "min_max_by", 2, 3, 4, clauseArity: 4, doc: "{min, max} of the elements by the function's result.") { c in
            let fn = try c.function(1, arity: 1)
            var less: Sorting.Before = { Value.compare($0, $1) < 0 }
            var fallback: Value? = nil
            if c.arity >= 3 {
                if case .function(let f) = c[2], f.arity == 0, c.arity == 3 { fallback = c[2] } else {
                    less = try lessThan(c[2], c)
                }
            }
            if c.arity == 4 { fallback = try c.guardedFunction(3, arity: 0) }
            return try minMax(c, key: fn, less: less, fallback: fallback)
        }
    }

    /// A strict "less" from a sorter argument (a 2-arity function or a module with compare/2).
    private static func lessThan(_ sorter: Value, _ c: NativeCall) throws -> Sorting.Before {
        if case .atom(let m) = sorter, m.hasPrefix("Elixir.") {
            return Sorting.strict(Sorting.moduleCompare(m, notBeing: "gt", c))
        }
        guard case .function(let f) = sorter, f.arity == 2 else { throw c.noClause() }
        return { try c.ctx.call(sorter, [$0, $1]).isTruthy }
    }

    private static func extremeOptions(_ c: NativeCall, from i: Int, _ defaultBefore: @escaping Sorting.Before,
                                       _ moduleOrder: String) throws -> (Sorting.Before, Value?) {
        var before = defaultBefore
        var fallback: Value? = nil
        if c.arity > i {
            switch c[i] {
            case .function(let f) where f.arity == 0 && c.arity == i + 1: fallback = c[i]
            case .function(let f) where f.arity == 2: before = { try c.ctx.call(c[i], [$0, $1]).isTruthy }
            case .atom(let m) where m.hasPrefix("Elixir."): before = Sorting.moduleCompare(m, notBeing: moduleOrder, c)
            default: throw c.noClause()
            }
        }
        if c.arity > i + 1 { fallback = try c.guardedFunction(i + 1, arity: 0) }
        return (before, fallback)
    }

    /// Keeps the current extreme while `before(current, candidate)` holds.
    private static func extreme(_ c: NativeCall, key: Value?, before: Sorting.Before, fallback: Value?) throws -> Value {
        var best: (element: Value, key: Value)? = nil
        try c[0].forEachElement(c.ctx) { x in
            let k = try key.map { try c.call($0, x) } ?? x
            if let b = best { if !(try before(b.key, k)) { best = (x, k) } } else { best = (x, k) }
            return true
        }
        if let b = best { return b.element }
        if let f = fallback { return try c.ctx.call(f, []) }
        throw Errors.emptyError
    }

    private static func minMax(_ c: NativeCall, key: Value?, less: Sorting.Before, fallback: Value?) throws -> Value {
        var lo: (Value, Value)? = nil, hi: (Value, Value)? = nil
        try c[0].forEachElement(c.ctx) { x in
            let k = try key.map { try c.call($0, x) } ?? x
            if let l = lo { if try less(k, l.1) { lo = (x, k) } } else { lo = (x, k) }
            if let h = hi { if try less(h.1, k) { hi = (x, k) } } else { hi = (x, k) }
            return true
        }
        if let l = lo, let h = hi { return .tuple([l.0, h.0]) }
        if let f = fallback { return try c.ctx.call(f, []) }
        throw Errors.emptyError
    }

    // MARK: - Ordering

    private static func installOrdering(_ r: Registry) {
        r.native("Enum", "sort", 1, 2, doc: "Sorts by term order, :asc/:desc, or a function fn a, b -> a should come first end (stable).") { c in
            let before = c.arity == 2 ? try Sorting.predicate(c[1], c) : Sorting.ascending
            return .list(try Sorting.sort(try c.elements(0), before))
        }
        r.native("Enum", "sort_by", 2, 3, clauseArity: 3, doc: "Sorts by the function's result, :asc (default), :desc or with a sorter function (stable).") { c in
            let fn = try c.function(1, arity: 1)
            let before = c.arity == 3 ? try Sorting.predicate(c[2], c) : Sorting.ascending
            let keyed = try c.elements(0).map { Value.tuple([try c.call(fn, $0), $0]) }
            let sorted = try Sorting.sort(keyed) { a, b in
                guard case .tuple(let x) = a, case .tuple(let y) = b else { return true }
                return try before(x[0], y[0])
            }
            return .list(sorted.map { if case .tuple(let t) = $0 { return t[1] }; return $0 })
        }
    }

    // MARK: - Taking, dropping, splitting, slicing

    private static func installSlicing(_ r: Registry) {
        r.native("Enum", "take", 2, doc: "The first n elements (the last -n when negative).") { c in
            let n = try c.int(1)
            if n >= 0 {
                var out: [Value] = []
                if n == 0 { return .emptyList }
                try c[0].forEachElement(c.ctx) { out.append($0); return out.count < n }
                return .list(out)
            }
            let items = try c.elements(0)
            return .list(items.suffix(n == Int.min ? items.count : min(-n, items.count)))
        }
        r.native("Enum", "drop", 2, doc: "All but the first n elements (the last -n when negative).") { c in
            let n = try c.int(1)
            let items = try c.elements(0)
            if n >= 0 { return .list(items.dropFirst(min(n, items.count))) }
            return .list(items.dropLast(n == Int.min ? items.count : min(-n, items.count)))
        }
        r.native("Enum", "split", 2, doc: "{first n elements, the rest} (counting from the end when negative).") { c in
            let n = try c.int(1)
            let items = try c.elements(0)
            let at = n >= 0 ? min(n, items.count) : max(items.count - (n == Int.min ? items.count : -n), 0)
            return .tuple([.list(items[..<at]), .list(items[at...])])
        }
        r.native("Enum", "take_while", 2, doc: "The leading elements for which the function is truthy.") { c in
            let fn = try c.function(1, arity: 1)
            var out: [Value] = []
            try c[0].forEachElement(c.ctx) { x in
                guard try c.call(fn, x).isTruthy else { return false }
                out.append(x)
                return true
            }
            return .list(out)
        }
        r.native("Enum", "drop_while", 2, doc: "The elements after the leading ones for which the function is truthy.") { c in
            let fn = try c.function(1, arity: 1)
            let items = try c.elements(0)
            var i = 0
            while i < items.count, try c.call(fn, items[i]).isTruthy { i += 1 }
            return .list(items[i...])
        }
        r.native("Enum", "split_while", 2, doc: "{leading elements for which the function is truthy, the rest}.") { c in
            let fn = try c.function(1, arity: 1)
            let items = try c.elements(0)
            var i = 0
            while i < items.count, try c.call(fn, items[i]).isTruthy { i += 1 }
            return .tuple([.list(items[..<i]), .list(items[i...])])
        }
        r.native("Enum", "split_with", 2, doc: "{elements for which the function is truthy, the others}.") { c in
            let fn = try c.function(1, arity: 1)
            var yes: [Value] = [], no: [Value] = []
            try c[0].forEachElement(c.ctx) { x in
                if try c.call(fn, x).isTruthy { yes.append(x) } else { no.append(x) }
                return true
            }
            return .tuple([.list(yes), .list(no)])
        }
        r.native("Enum", "drop_every", 2, doc: "All but the first element and every nth after it.") { c in
            let nth = try c.nonNegative(1)
            var out: [Value] = []
            var i = 0
            try c[0].forEachElement(c.ctx) { x in
                if nth == 0 || i % nth != 0 { out.append(x) }
                i += 1
                return true
            }
            return .list(out)
        }
        r.native("Enum", "count_until", 2, 3, doc: "The count of elements (matching the function), counting no further than the limit.") { c in
            let limit = try c.int(c.arity - 1)
            guard limit > 0 else { throw c.noClause() }
            let fn = c.arity == 3 ? try c.function(1, arity: 1) : nil
            var n = 0
            try c[0].forEachElement(c.ctx) { x in
                if try fn.map({ try c.call($0, x).isTruthy }) ?? true { n += 1 }
                return n < limit
            }
            return .int(n)
        }
        r.native("Enum", "take_every", 2, doc: "The first element and every nth after it.") { c in
            let nth = try c.nonNegative(1)
            if nth == 0 { return .emptyList }
            var out: [Value] = []
            var i = 0
            try c[0].forEachElement(c.ctx) { x in
                if i % nth == 0 { out.append(x) }
                i += 1
                return true
            }
            return .list(out)
        }
        r.native("Enum", "slice", 2, 3, doc: "The elements in an index range, or `amount` elements from a start index (negative indices count from the end).") { c in
            if c.arity == 3 {
                var start = try c.int(1)
                let amount = try c.nonNegative(2)
                // Non-negative positions need only a prefix, so streams may be infinite.
                let items = start >= 0 ? try prefix(c[0], start.addingReportingOverflow(amount), c.ctx)
                                       : try c.elements(0)
                if start < 0 { start += items.count }
                guard start >= 0, start < items.count else { return .emptyList }
                return .list(items[start..<(start + min(amount, items.count - start))])
            }
            guard case let .range(first, last, step) = c[1] else { throw c.noClause() }
            let items = first >= 0 && last >= 0 && step > 0 ? try prefix(c[0], last.addingReportingOverflow(1), c.ctx)
                                                             : try c.elements(0)
            guard let indices = sliceIndices(first, last, step, count: items.count) else {
                throw ElixirError.argument(
                    "Enum.slice/2 does not accept ranges with negative steps, got: \(Inspector.inspect(c[1]))")
            }
            return .list(indices.map { items[$0] })
        }
        r.native("Enum", "slide", 3, doc: "Moves an element (or a contiguous index range) so it starts at the insertion index.") { c in
            var items = try c.elements(0)
            let n = items.count
            func norm(_ i: Int) -> Int { i < 0 ? i + n : i }
            var (from, to): (Int, Int)
            switch c[1] {
            case .int(let i): (from, to) = (norm(i), norm(i))
            case let .range(first, last, step) where step == 1 || (step == -1 && first > last):
                (from, to) = (norm(first), norm(last))
            default: throw c.noClause()
            }
            let insert = norm(try c.int(2))
            guard from >= 0, from < n, from <= to else { return .list(items) }
            to = min(to, n - 1)
            guard insert >= 0 && insert <= n else { throw ElixirError.argument("index out of range") }
            if insert >= from && insert <= to { return .list(items) }
            let moved = Array(items[from...to])
            items.removeSubrange(from...to)
            let at = insert > to ? insert - moved.count + 1 : insert
            items.insert(contentsOf: moved, at: min(at, items.count))
            return .list(items)
        }
    }

    /// The first `count` elements (all of them when the count overflowed), stopping early.
    static func prefix(_ enumerable: Value, _ count: (partialValue: Int, overflow: Bool), _ ctx: Context) throws -> [Value] {
        if count.overflow { return try enumerable.elements(ctx) }
        var out: [Value] = []
        guard count.partialValue > 0 else { return out }
        try enumerable.forEachElement(ctx) { out.append($0); return out.count < count.partialValue }
        return out
    }

    /// The indices an index range selects, or nil for a negative step (Elixir 1.14 rejects those,
    /// except a decreasing `first..last` with the implicit step -1, read as step 1).
    static func sliceIndices(_ first: Int, _ last: Int, _ step: Int, count n: Int) -> [Int]? {
        var step = step
        if step == -1 && first > last { step = 1 }
        guard step > 0 else { return nil }
        let a = first < 0 ? max(first + n, 0) : first
        var b = last < 0 ? last + n : last
        guard a >= 0, a < n else { return [] }
        b = min(b, n - 1)
        guard a <= b else { return [] }
        return Array(stride(from: a, through: b, by: step))
    }

    // MARK: - Grouping and chunking

    private static func installGrouping(_ r: Registry) {
        r.native("Enum", "chunk_every", 2, 3, 4, clauseArity: 4, doc: "Chunks of `count` elements, starting every `step` (count); the last chunk is padded from `leftover` ([]) or dropped when it is :discard.") { c in
            let count = try c.int(1)
            let step = c.arity >= 3 ? try c.int(2) : count
            guard count > 0, step > 0 else { throw c.noClause() }
            var leftover: [Value]? = []
            if c.arity == 4 {
                if case .atom("discard") = c[3] { leftover = nil } else { leftover = try c[3].elements(c.ctx) }
            }
            let items = try c.elements(0)
            var out: [Value] = []
            var start = 0
            while start < items.count {
                let end = start + count
                if end <= items.count {
                    out.append(.list(items[start..<end]))
                } else {
                    if let pad = leftover {
                        out.append(.list(Array(items[start...]) + pad.prefix(end - items.count)))
                    }
                    break
                }
                start += step
            }
            return .list(out)
        }
        r.native("Enum", "chunk_while", 4, doc: "Chunks with an accumulator: fun returns {:cont, chunk, acc} to emit, {:cont, acc} to go on or {:halt, acc}; after(acc) returns {:cont, chunk, acc} or {:cont, acc}.") { c in
            let fn = try c.function(2, arity: 2), after = try c.function(3, arity: 1)
            var acc = c[1]
            var out: [Value] = []
            func step(_ r: Value) throws -> Bool {
                guard case .tuple(let t) = r, let tag = t.first, case .atom(let kind) = tag else {
                    throw EnumModule.badReturn("chunk_while", r)
                }
                switch (kind, t.count) {
                case ("cont", 3): out.append(t[1]); acc = t[2]; return true
                case ("cont", 2): acc = t[1]; return true
                case ("halt", 2): acc = t[1]; return false
                default: throw EnumModule.badReturn("chunk_while", r)
                }
            }
            try c[0].forEachElement(c.ctx) { x in try step(try c.ctx.call(fn, [x, acc])) }
            _ = try step(try c.ctx.call(after, [acc]))
            return .list(out)
        }
        r.native("Enum", "chunk_by", 2, doc: "Splits into runs of consecutive elements with the same function result.") { c in
            let fn = try c.function(1, arity: 1)
            var out: [Value] = []
            var run: [Value] = []
            var runKey: Value? = nil
            try c[0].forEachElement(c.ctx) { x in
                let k = try c.call(fn, x)
                if let rk = runKey, !Value.strictlyEqual(rk, k) { out.append(.list(run)); run = [] }
                run.append(x); runKey = k
                return true
            }
            if !run.isEmpty { out.append(.list(run)) }
            return .list(out)
        }
        r.native("Enum", "group_by", 2, 3, doc: "A map from each key-function result to the elements (or value-function results) with that key, in order.") { c in
            let keyFn = try c.function(1, arity: 1)
            let valueFn = c.arity == 3 ? try c.function(2, arity: 1) : nil
            var groups: [Value] = []
            var index = MapValue()
            var members: [[Value]] = []
            try c[0].forEachElement(c.ctx) { x in
                let k = try c.call(keyFn, x)
                let v = try valueFn.map { try c.call($0, x) } ?? x
                if case .int(let i)? = index[k] { members[i].append(v) } else {
                    index[k] = .int(members.count); groups.append(k); members.append([v])
                }
                return true
            }
            return .map(MapValue(zip(groups, members.map { Value.list($0) })))
        }
    }

    // MARK: - Zipping

    private static func installZipping(_ r: Registry) {
        r.native("Enum", "zip", 1, 2, doc: "Tuples of corresponding elements, stopping at the shortest enumerable.") { c in
            var out: [Value] = []
            try forEachRow(try zipSources(c, pair: c.arity == 2), c.ctx) { out.append(.tuple($0)) }
            return .list(out)
        }
        r.native("Enum", "zip_with", 2, 3, doc: "Calls the function with corresponding elements, stopping at the shortest enumerable.") { c in
            let spread = c.arity == 3
            let fn = spread ? try c.guardedFunction(2, arity: 2) : try c.function(1, arity: 1)
            var out: [Value] = []
            try forEachRow(try zipSources(c, pair: spread), c.ctx) { row in
                out.append(try c.ctx.call(fn, spread ? row : [.list(row)]))
            }
            return .list(out)
        }
        r.native("Enum", "zip_reduce", 3, 4, doc: "Folds over corresponding elements: fn left, right, acc (4 arguments) or fn list, acc (3 arguments).") { c in
            let spread = c.arity == 4
            let fn = try c.function(c.arity - 1, arity: spread ? 3 : 2)
            var acc = c[c.arity - 2]
            try forEachRow(try zipSources(c, pair: spread), c.ctx) { row in
                acc = try c.ctx.call(fn, spread ? row + [acc] : [.list(row), acc])
            }
            return acc
        }
    }

    /// The enumerables to zip: the first two arguments, or the elements of the first.
    private static func zipSources(_ c: NativeCall, pair: Bool) throws -> [Value] {
        pair ? [c[0], c[1]] : try c.elements(0)
    }

    /// Calls `body` with one element from each source per row, stopping at the shortest;
    /// elements are pulled, so infinite streams zip with finite enumerables.
    static func forEachRow(_ sources: [Value], _ ctx: Context, _ body: ([Value]) throws -> Void) throws {
        let next = try StreamModule.rows(sources, ctx)
        while let row = try next() { try body(row) }
    }

    // MARK: - Randomness (through :rand's process generator)

    /// A uniform index in 0..<n. Like Elixir, a single choice draws no random number,
    /// which keeps seeded sequences in step with the BEAM.
    static func randomIndex(below n: Int, _ rand: RandState) -> Int {
        n == 1 ? 0 : rand.uniform(n) - 1
    }

    private static func installRandom(_ r: Registry) {
        r.native("Enum", "random", 1, doc: "A random element; raises Enum.EmptyError when empty.") { c in
            if case let .range(first, last, step) = c[0] {
                let n = RangeModule.size(first, last, step)
                guard n > 0 else { throw Errors.emptyError }
                guard n <= 1 << 58 else { throw Errors.bigIntNotSupported("Enum.random/1 on this range") }
                return .integer(BigInt(first) + BigInt(randomIndex(below: n, RandModule.state(c.ctx))) * BigInt(step))
            }
            let items = try c.elements(0)
            guard !items.isEmpty else { throw Errors.emptyError }
            return items[randomIndex(below: items.count, RandModule.state(c.ctx))]
        }
        r.native("Enum", "shuffle", 1, doc: "The elements in a random order.") { c in
            let rand = RandModule.state(c.ctx)
            let keyed = try c.elements(0).map { (rand.uniform(), $0) }
            // Elixir sorts by key and unwraps onto a list head-first: decreasing key order.
            return .list(keyed.enumerated().sorted { a, b in
                a.element.0 != b.element.0 ? a.element.0 > b.element.0 : a.offset > b.offset
            }.map { $0.element.1 })
        }
        r.native("Enum", "take_random", 2, doc: "`count` random elements in a random order (all of them when count exceeds the size).") { c in
            let count = try c.nonNegative(1)
            if count == 0 { return .emptyList }
            let rand = RandModule.state(c.ctx)
            if count == 1 {
                // One pass keeping the i-th element with probability 1/i.
                var current: Value? = nil
                var seen = 0
                try c[0].forEachElement(c.ctx) { x in
                    seen += 1
                    if seen == 1 || rand.uniform(seen) == 1 { current = x }
                    return true
                }
                return .list(current.map { [$0] } ?? [])
            }
            // Reservoir sampling with Elixir's swaps, so seeded results agree.
            var sample: [Value] = []
            var index = 0
            try c[0].forEachElement(c.ctx) { x in
                let j = randomIndex(below: index + 1, rand)
                if index < count {
                    sample.append(j < sample.count ? sample[j] : x)
                    sample[j] = x
                } else if j < count {
                    sample[j] = x
                }
                index += 1
                return true
            }
            return .list(sample)
        }
    }
}

extension Sorting {
    /// For a "may come first" predicate p, the strict order "a before b" is !p(b, a).
    static func strict(_ f: @escaping Before) -> Before { { a, b in !(try f(b, a)) } }
}
