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
        r.native("Range", "disjoint?", 2, doc: "True if the two ranges share no integer.") { c in
            guard case let .range(f1, l1, s1) = c[0], case let .range(f2, l2, s2) = c[1] else { throw c.noClause() }
            return .bool(disjoint((f1, l1, s1), (f2, l2, s2)))
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

    /// Whether two ranges share no integer: the common elements of two arithmetic
    /// progressions form one progression (Chinese remainder theorem); look for its first
    /// element inside both ranges.
    static func disjoint(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Bool {
        /// lowest element, highest element, positive step
        func ascending(_ r: (Int, Int, Int)) -> (BigInt, BigInt, BigInt)? {
            let n = size(r.0, r.1, r.2)
            guard n > 0 else { return nil }
            let end = BigInt(r.0) + BigInt(n - 1) * BigInt(r.2)
            return r.2 > 0 ? (BigInt(r.0), end, BigInt(r.2)) : (end, BigInt(r.0), -BigInt(r.2))
        }
        guard let (lo1, hi1, s1) = ascending(a), let (lo2, hi2, s2) = ascending(b) else { return true }
        let lo = Swift.max(lo1, lo2), hi = Swift.min(hi1, hi2)
        guard lo <= hi else { return true }
        // x = lo1 + s1 * k with s1 * k ≡ lo2 - lo1 (mod s2)
        let (g, inverse) = extendedGCD(s1, s2)
        let diff = lo2 - lo1
        guard diff.modulus(g) == 0 else { return true }
        let m = s2 / g
        let k = ((diff / g) * inverse).modulus(m)
        let first = lo1 + s1 * k
        let period = s1 * m
        // the smallest common element at or above lo
        let x = first + ((lo - first + period - 1) / period) * period
        let candidate = x - period >= lo ? x - period : x
        return candidate > hi
    }

    /// gcd(a, b) and a coefficient u with a * u ≡ gcd (mod b), for positive a and b.
    private static func extendedGCD(_ a: BigInt, _ b: BigInt) -> (BigInt, BigInt) {
        var (oldR, r) = (a, b), (oldU, u) = (BigInt(1), BigInt(0))
        while r != 0 {
            let q = oldR / r
            (oldR, r) = (r, oldR - q * r)
            (oldU, u) = (u, oldU - q * u)
        }
        return (oldR, oldU)
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
