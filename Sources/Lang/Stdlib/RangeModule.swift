import BigInt

/// `Range`: `first..last//step` values and their arithmetic (size, membership, sum) done
/// without walking the elements.
enum RangeModule {
    static func install(into r: Registry) {
        r.document(module: "Range", "Ranges first..last//step: integer sequences stored as their bounds.")
        r.native("Range", "new", 2, 3, doc: "The range first..last (step -1 when last < first) or first..last//step.") { c in
            guard case .int(let first) = c[0], case .int(let last) = c[1] else {
                if c.arity == 3 { throw badRange(c) }
                throw ElixirError.argument("ranges (first..last) expect both sides to be integers, got: "
                                           + "\(Inspector.inspect(c[0]))..\(Inspector.inspect(c[1]))")
            }
            guard c.arity == 3 else { return .range(first: first, last: last, step: last >= first ? 1 : -1) }
            guard case .int(let step) = c[2], step != 0 else { throw badRange(c) }
            return .range(first: first, last: last, step: step)
        }
        r.native("Range", "size", 1, doc: "The number of integers in the range.") { c in
            guard case let .range(first, last, step) = c[0] else { throw c.noClause() }
            return .int(size(first, last, step))
        }
        r.native("Range", "shift", 2, doc: "The range moved by `steps` steps.") { c in
            guard case let .range(first, last, step) = c[0] else { throw c.noClause() }
            let n = try c.int(1)
            let (d, o1) = n.multipliedReportingOverflow(by: step)
            let (f, o2) = first.addingReportingOverflow(d), (l, o3) = last.addingReportingOverflow(d)
            guard !(o1 || o2 || o3) else { throw ElixirError.arithmetic() }
            return .range(first: f, last: l, step: step)
        }
    }

    private static func badRange(_ c: NativeCall) -> ElixirError {
        ElixirError.argument("ranges (first..last//step) expect both sides to be integers and the step to be a "
            + "non-zero integer, got: \(Inspector.inspect(c[0]))..\(Inspector.inspect(c[1]))//\(Inspector.inspect(c[2]))")
    }

    /// How many integers `first..last//step` holds (saturating at Int.max).
    static func size(_ first: Int, _ last: Int, _ step: Int) -> Int {
        if step > 0 ? first > last : first < last { return 0 }
        let span = BigInt(last) - BigInt(first)
        return Int(exactly: span / BigInt(step) + 1) ?? Int.max
    }

    static func contains(_ first: Int, _ last: Int, _ step: Int, _ x: Int) -> Bool {
        let inside = step > 0 ? (first <= x && x <= last) : (last <= x && x <= first)
        return inside && (BigInt(x) - BigInt(first)) % BigInt(step) == 0
    }

    /// The sum of a range in closed form: n * (first + last_element) / 2.
    static func sum(_ first: Int, _ last: Int, _ step: Int) -> Value {
        let n = BigInt(size(first, last, step))
        if n == 0 { return .int(0) }
        let lastElement = BigInt(first) + (n - 1) * BigInt(step)
        return .integer(n * (BigInt(first) + lastElement) / 2)
    }
}
