/// A lazy enumerable built by `Stream` functions: a recipe for a pull iterator, so
/// stages compose, stop early (take, take_while) and zip infinite sources.
final class LazyStream: LazyEnumerable {
    typealias Next = () throws -> Value?
    let inspectText: String
    private let start: (Context) throws -> Next

    init(_ inspectText: String, _ start: @escaping (Context) throws -> Next) {
        self.inspectText = inspectText
        self.start = start
    }

    func iterator(_ ctx: Context) throws -> Next { try start(ctx) }

    func forEach(_ context: Context, _ body: (Value) throws -> Bool) throws {
        let next = try start(context)
        while let x = try next() {
            try context.checkInterrupt()
            guard try body(x) else { return }
        }
    }
}

extension Value {
    /// A pull iterator over any enumerable. Lists, ranges, maps and streams are pulled one
    /// element at a time; other lazy enumerables are collected first.
    func iterator(_ ctx: Context) throws -> LazyStream.Next {
        switch self {
        case .list(var cell):
            let whole = self
            return {
                guard let c = cell else { return nil }
                guard case .list(let next) = c.tail else {
                    throw Errors.functionClause("Enumerable.List", "reduce", [whole])
                }
                cell = next
                return c.head
            }
        case let .range(first, last, step):
            let count = RangeModule.size(first, last, step)
            var i = 0
            return {
                guard i < count else { return nil }
                defer { i += 1 }
                return .int(first &+ i &* step)
            }
        case .opaque(let s as LazyStream):
            return try s.iterator(ctx)
        default:
            var items = try elements(ctx)[...]
            return { items.popFirst() }
        }
    }
}

/// `Stream`: lazy versions of the Enum transforms, and generators (iterate, unfold, cycle...).
enum StreamModule {
    static func install(into r: Registry) {
        r.document(module: "Stream", "Lazy, composable enumerables: nothing runs until an Enum function consumes the stream.")
        installTransforms(r)
        installSlicing(r)
        installCombining(r)
        installGenerators(r)
        r.native("Stream", "run", 1, doc: "Consumes the stream for its side effects; returns :ok.") { c in
            try c[0].forEachElement(c.ctx) { _ in true }
            return .okAtom
        }
    }

    private static func stream(_ name: String, _ source: Value, _ start: @escaping (Context) throws -> LazyStream.Next) -> Value {
        .opaque(LazyStream("#Stream<[enum: \(Inspector.inspect(source)), funs: [\(name)]]>", start))
    }

    private static func generator(_ name: String, _ start: @escaping (Context) throws -> LazyStream.Next) -> Value {
        .opaque(LazyStream("#Stream<\(name)>", start))
    }

    /// Checks now, as Elixir does, that the source is enumerable at all.
    private static func enumerable(_ c: NativeCall, _ i: Int) throws -> Value {
        switch c[i] {
        case .list, .range, .opaque(is LazyEnumerable): return c[i]
        case .map(let m) where m.structName == nil: return c[i]
        default:
            try c[i].forEachElement(c.ctx) { _ in false }  // raises Protocol.UndefinedError
            return c[i]
        }
    }

    private static func installTransforms(_ r: Registry) {
        r.native("Stream", "map", 2, doc: "Lazily applies the function to each element.") { c in
            let src = try enumerable(c, 0), fn = try c.function(1, arity: 1)
            return stream("map", src) { ctx in
                let next = try src.iterator(ctx)
                return { try next().map { try ctx.call(fn, [$0]) } }
            }
        }
        for (name, keep) in [("filter", true), ("reject", false)] {
            r.native("Stream", name, 2, doc: "Lazily keeps the elements for which the function is \(keep ? "truthy" : "falsy").") { c in
                let src = try enumerable(c, 0), fn = try c.function(1, arity: 1)
                return stream(name, src) { ctx in
                    let next = try src.iterator(ctx)
                    return {
                        while let x = try next() { if try ctx.call(fn, [x]).isTruthy == keep { return x } }
                        return nil
                    }
                }
            }
        }
        r.native("Stream", "each", 2, doc: "Lazily calls the function on each element as it passes.") { c in
            let src = try enumerable(c, 0), fn = try c.function(1, arity: 1)
            return stream("each", src) { ctx in
                let next = try src.iterator(ctx)
                return { try next().map { x in _ = try ctx.call(fn, [x]); return x } }
            }
        }
        r.native("Stream", "flat_map", 2, doc: "Lazily maps each element to an enumerable and emits its elements.") { c in
            let src = try enumerable(c, 0), fn = try c.function(1, arity: 1)
            return stream("flat_map", src) { ctx in
                concatenating(try src.iterator(ctx)) { try ctx.call(fn, [$0]).iterator(ctx) }
            }
        }
        r.native("Stream", "with_index", 1, 2, doc: "Lazily pairs elements with their index: {element, index} (from an offset), or calls fn element, index.") { c in
            let src = try enumerable(c, 0)
            var offset = Value.int(0)
            var fn: Value? = nil
            if c.arity == 2 {
                if case .function = c[1] { fn = try c.function(1, arity: 2) } else { offset = c[1] }
                guard fn != nil || offset.isInteger else { throw c.noClause() }
            }
            return stream("with_index", src) { ctx in
                let next = try src.iterator(ctx)
                var i = offset
                return {
                    guard let x = try next() else { return nil }
                    let index = i
                    i = try Value.add(i, .int(1))
                    return try fn.map { try ctx.call($0, [x, index]) } ?? .tuple([x, index])
                }
            }
        }
        r.native("Stream", "scan", 2, 3, doc: "Lazily emits the successive accumulated values of a fold.") { c in
            let src = try enumerable(c, 0), fn = try c.function(c.arity - 1, arity: 2)
            let initial: Value? = c.arity == 3 ? c[1] : nil
            return stream("scan", src) { ctx in
                let next = try src.iterator(ctx)
                var acc = initial
                return {
                    guard let x = try next() else { return nil }
                    let v = try acc.map { try ctx.call(fn, [x, $0]) } ?? x
                    acc = v
                    return v
                }
            }
        }
        r.native("Stream", "dedup", 1, doc: "Lazily drops elements equal (===) to the one before.") { c in
            let src = try enumerable(c, 0)
            return stream("dedup", src) { ctx in
                let next = try src.iterator(ctx)
                var last: Value? = nil
                return {
                    while let x = try next() {
                        defer { last = x }
                        if last.map({ !Value.strictlyEqual($0, x) }) ?? true { return x }
                    }
                    return nil
                }
            }
        }
        r.native("Stream", "chunk_by", 2, doc: "Lazily emits runs of consecutive elements with the same function result.") { c in
            let src = try enumerable(c, 0), fn = try c.function(1, arity: 1)
            return stream("chunk_by", src) { ctx in
                let next = try src.iterator(ctx)
                var run: [Value] = []
                var runKey: Value? = nil
                return {
                    while let x = try next() {
                        let k = try ctx.call(fn, [x])
                        defer { runKey = k }
                        if let rk = runKey, !Value.strictlyEqual(rk, k) {
                            let chunk = Value.list(run)
                            run = [x]
                            return chunk
                        }
                        run.append(x)
                    }
                    guard !run.isEmpty else { return nil }
                    defer { run = [] }
                    return .list(run)
                }
            }
        }
        r.native("Stream", "uniq", 1, doc: "Lazily drops elements already seen (===).") { c in
            let src = try enumerable(c, 0)
            return stream("uniq", src) { ctx in
                let next = try src.iterator(ctx)
                var seen = MapValue()
                return {
                    while let x = try next() {
                        if seen[x] == nil { seen[x] = .true; return x }
                    }
                    return nil
                }
            }
        }
        r.native("Stream", "intersperse", 2, doc: "Lazily puts the separator between elements.") { c in
            let src = try enumerable(c, 0), sep = c[1]
            return stream("intersperse", src) { ctx in
                let next = try src.iterator(ctx)
                var pending: Value? = nil
                var started = false
                return {
                    if let p = pending { pending = nil; return p }
                    guard let x = try next() else { return nil }
                    if !started { started = true; return x }
                    pending = x
                    return sep
                }
            }
        }
        r.native("Stream", "transform", 3, doc: "Lazily maps with an accumulator: fn element, acc -> {enumerable, acc} | {:halt, acc} end.") { c in
            let src = try enumerable(c, 0), initial = c[1], fn = try c.function(2, arity: 2)
            return stream("transform", src) { ctx in
                let next = try src.iterator(ctx)
                var acc = initial
                var inner: LazyStream.Next? = nil
                var halted = false
                return {
                    while true {
                        if let i = inner, let x = try i() { return x }
                        guard !halted, let outer = try next() else { return nil }
                        let r = try ctx.call(fn, [outer, acc])
                        guard let (items, newAcc) = r.pair else { throw EnumModule.badReturn("transform", r) }
                        acc = newAcc
                        if case .atom("halt") = items { halted = true; inner = nil; continue }
                        inner = try items.iterator(ctx)
                    }
                }
            }
        }
    }

    private static func installSlicing(_ r: Registry) {
        r.native("Stream", "take", 2, doc: "Lazily takes the first n elements (the last -n, when negative, by consuming the source).") { c in
            let src = try enumerable(c, 0), n = try c.int(1)
            return stream("take", src) { ctx in
                if n < 0 {
                    var tail = try src.elements(ctx).suffix(n == Int.min ? Int.max : -n)[...]
                    return { tail.popFirst() }
                }
                var left = n
                var next: LazyStream.Next? = nil
                return {
                    guard left > 0 else { return nil }
                    if next == nil { next = try src.iterator(ctx) }
                    left -= 1
                    return try next?()
                }
            }
        }
        r.native("Stream", "drop", 2, doc: "Lazily skips the first n elements (the last -n, when negative).") { c in
            let src = try enumerable(c, 0), n = try c.int(1)
            return stream("drop", src) { ctx in
                if n < 0 {
                    var items = try src.elements(ctx).dropLast(n == Int.min ? Int.max : -n)[...]
                    return { items.popFirst() }
                }
                let next = try src.iterator(ctx)
                var skip = n
                return {
                    while skip > 0 { skip -= 1; guard try next() != nil else { return nil } }
                    return try next()
                }
            }
        }
        r.native("Stream", "take_while", 2, doc: "Lazily takes elements while the function is truthy.") { c in
            let src = try enumerable(c, 0), fn = try c.function(1, arity: 1)
            return stream("take_while", src) { ctx in
                let next = try src.iterator(ctx)
                var done = false
                return {
                    guard !done, let x = try next() else { return nil }
                    if try ctx.call(fn, [x]).isTruthy { return x }
                    done = true
                    return nil
                }
            }
        }
        r.native("Stream", "drop_while", 2, doc: "Lazily skips elements while the function is truthy.") { c in
            let src = try enumerable(c, 0), fn = try c.function(1, arity: 1)
            return stream("drop_while", src) { ctx in
                let next = try src.iterator(ctx)
                var dropping = true
                return {
                    while let x = try next() {
                        if dropping, try ctx.call(fn, [x]).isTruthy { continue }
                        dropping = false
                        return x
                    }
                    return nil
                }
            }
        }
        r.native("Stream", "take_every", 2, doc: "Lazily takes the first element and every nth after it.") { c in
            let src = try enumerable(c, 0), nth = try c.nonNegative(1)
            return stream("take_every", src) { ctx in
                let next = try src.iterator(ctx)
                var i = 0
                return {
                    guard nth > 0 else { return nil }
                    while let x = try next() {
                        defer { i += 1 }
                        if i % nth == 0 { return x }
                    }
                    return nil
                }
            }
        }
        r.native("Stream", "chunk_every", 2, 3, 4, clauseArity: 4, doc: "Lazily emits chunks of count elements every step, padding or dropping the last one like Enum.chunk_every/4.") { c in
            let src = try enumerable(c, 0), count = try c.int(1)
            let step = c.arity >= 3 ? try c.int(2) : count
            guard count > 0, step > 0 else { throw c.noClause() }
            var leftover: [Value]? = []
            if c.arity == 4 {
                if case .atom("discard") = c[3] { leftover = nil } else { leftover = try c[3].elements(c.ctx) }
            }
            return stream("chunk_every", src) { ctx in
                let next = try src.iterator(ctx)
                var buffer: [Value] = []
                var skip = 0
                var finished = false
                return {
                    guard !finished else { return nil }
                    while buffer.count < count {
                        guard let x = try next() else {
                            finished = true
                            guard let pad = leftover, !buffer.isEmpty else { return nil }
                            return .list(buffer + pad.prefix(count - buffer.count))
                        }
                        if skip > 0 { skip -= 1; continue }
                        buffer.append(x)
                    }
                    let chunk = Value.list(buffer)
                    if step < count { buffer.removeFirst(step) } else { buffer = []; skip = step - count }
                    return chunk
                }
            }
        }
    }

    /// The elements of each enumerable that `outer` yields, in turn (`inner` opens one).
    private static func concatenating(_ outer: @escaping LazyStream.Next,
                                      _ inner: @escaping (Value) throws -> LazyStream.Next) -> LazyStream.Next {
        var current: LazyStream.Next? = nil
        return {
            while true {
                if let i = current, let x = try i() { return x }
                guard let next = try outer() else { return nil }
                current = try inner(next)
            }
        }
    }

    private static func installCombining(_ r: Registry) {
        r.native("Stream", "concat", 1, 2, doc: "Lazily emits the elements of each enumerable in turn.") { c in
            let sources: Value = c.arity == 2 ? .list([try enumerable(c, 0), try enumerable(c, 1)]) : try enumerable(c, 0)
            return stream("concat", sources) { ctx in
                concatenating(try sources.iterator(ctx)) { try $0.iterator(ctx) }
            }
        }
        r.native("Stream", "zip", 1, 2, doc: "Lazily emits tuples of corresponding elements, stopping at the shortest.") { c in
            let sources: Value = c.arity == 2 ? .list([try enumerable(c, 0), try enumerable(c, 1)]) : try enumerable(c, 0)
            return stream("zip", sources) { ctx in
                let next = try rows(try sources.elements(ctx), ctx)
                return { try next().map(Value.tuple) }
            }
        }
        r.native("Stream", "zip_with", 2, 3, doc: "Lazily calls the function with corresponding elements, stopping at the shortest.") { c in
            let spread = c.arity == 3
            let sources: Value = spread ? .list([try enumerable(c, 0), try enumerable(c, 1)]) : try enumerable(c, 0)
            let fn = try c.function(c.arity - 1, arity: spread ? 2 : 1)
            return stream("zip_with", sources) { ctx in
                let next = try rows(try sources.elements(ctx), ctx)
                return { try next().map { try ctx.call(fn, spread ? $0 : [.list($0)]) } }
            }
        }
    }

    /// A pull iterator of rows: one element from each source, until the shortest ends.
    static func rows(_ sources: [Value], _ ctx: Context) throws -> () throws -> [Value]? {
        let iterators = try sources.map { try $0.iterator(ctx) }
        var done = iterators.isEmpty
        return {
            guard !done else { return nil }
            var row: [Value] = []
            for next in iterators {
                guard let x = try next() else { done = true; return nil }
                row.append(x)
            }
            return row
        }
    }

    private static func installGenerators(_ r: Registry) {
        r.native("Stream", "iterate", 2, doc: "start, f(start), f(f(start)), ... forever.") { c in
            let first = c[0], fn = try c.function(1, arity: 1)
            return generator("iterate") { ctx in
                var current: Value? = nil
                return {
                    let v = try current.map { try ctx.call(fn, [$0]) } ?? first
                    current = v
                    return v
                }
            }
        }
        r.native("Stream", "unfold", 2, doc: "Emits from fn acc -> {element, next acc} | nil end until it returns nil.") { c in
            let initial = c[0], fn = try c.function(1, arity: 1)
            return generator("unfold") { ctx in
                var acc: Value? = initial
                return {
                    guard let a = acc else { return nil }
                    let r = try ctx.call(fn, [a])
                    if r.isNil { acc = nil; return nil }
                    guard let (x, next) = r.pair else {
                        throw ElixirError.exception("CaseClauseError", "no case clause matching: \(Inspector.inspect(r))",
                                                    fields: [("term", r)])
                    }
                    acc = next
                    return x
                }
            }
        }
        r.native("Stream", "resource", 3, doc: "Emits from next(acc) -> {elements, acc} | {:halt, acc}, after start() -> acc; calls after(acc) at the end.") { c in
            let start = try c.function(0, arity: 0), nextFn = try c.function(1, arity: 1), after = try c.function(2, arity: 1)
            return generator("resource") { ctx in
                var acc = try ctx.call(start, [])
                var pending: LazyStream.Next? = nil
                var finished = false
                return {
                    while !finished {
                        if let p = pending, let x = try p() { return x }
                        let r = try ctx.call(nextFn, [acc])
                        guard let (items, newAcc) = r.pair else { throw EnumModule.badReturn("resource", r) }
                        acc = newAcc
                        if case .atom("halt") = items {
                            finished = true
                            _ = try ctx.call(after, [acc])
                            return nil
                        }
                        pending = try items.iterator(ctx)
                    }
                    return nil
                }
            }
        }
        r.native("Stream", "repeatedly", 1, doc: "Calls the zero-arity function for each element, forever.") { c in
            let fn = try c.function(0, arity: 0)
            return generator("repeatedly") { ctx in { try ctx.call(fn, []) } }
        }
        r.native("Stream", "cycle", 1, doc: "Repeats the enumerable's elements forever.") { c in
            let src = try enumerable(c, 0)
            if try EnumModule.count(src, c.ctx) == 0 {
                throw ElixirError.argument("cannot cycle over an empty enumerable")
            }
            return stream("cycle", src) { ctx in
                var next = try src.iterator(ctx)
                return {
                    if let x = try next() { return x }
                    next = try src.iterator(ctx)
                    return try next()
                }
            }
        }
        r.native("Stream", "duplicate", 2, doc: "The value repeated n times, lazily.") { c in
            let value = c[0], n = try c.nonNegative(1)
            return generator("duplicate") { _ in
                var left = n
                return {
                    guard left > 0 else { return nil }
                    left -= 1
                    return value
                }
            }
        }
    }
}
