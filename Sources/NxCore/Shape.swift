/// Shape helpers: validation, printing as Nx's tuple, named axes, broadcasting.
/// A shape is `[Int]`; names are `[String?]` of the same length (nil = unnamed axis).
public enum Shape {
    /// Prints a shape as Elixir prints the tuple: `{2, 3}`, `{}`.
    public static func string(_ shape: [Int]) -> String {
        "{" + shape.map(String.init).joined(separator: ", ") + "}"
    }

    /// Prints names as an Elixir list: `[:x, nil]`.
    public static func namesString(_ names: [String?]) -> String {
        "[" + names.map { $0.map { ":" + $0 } ?? "nil" }.joined(separator: ", ") + "]"
    }

    public static func size(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides in elements.
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = acc
            acc *= shape[i]
        }
        return strides
    }

    /// The row-major coordinates of element `flat` of `shape`, written into `index`
    /// (reused across calls so hot loops allocate nothing).
    @inline(__always)
    public static func unravel(_ flat: Int, _ shape: [Int], into index: inout [Int]) {
        var rest = flat
        for k in stride(from: shape.count - 1, through: 0, by: -1) {
            index[k] = rest % shape[k]
            rest /= shape[k]
        }
    }

    /// Nx 0.7.2 accepts only positive dimensions.
    public static func validate(_ shape: [Int]) throws {
        var size = 1
        for (i, d) in shape.enumerated() {
            if d <= 0 {
                throw NxError.argument("invalid dimension in axis \(i) found in shape. Each dimension must be a positive integer, got \(d) in shape \(string(shape))")
            }
            // The byte count of any element type (at most 16 bytes) must fit an Int too.
            let (product, overflow) = size.multipliedReportingOverflow(by: d)
            if overflow || product > Int.max / 16 {
                throw NxError.argument("shape \(string(shape)) has more elements than can be addressed")
            }
            size = product
        }
    }

    /// Checks user-given names against a rank; empty names mean all nil.
    public static func names(_ names: [String?]?, rank: Int) throws -> [String?] {
        guard let names = names, !names.isEmpty || rank == 0 else { return Array(repeating: nil, count: rank) }
        if names.count != rank {
            throw NxError.argument("invalid names for tensor of rank \(rank), when specifying names every dimension must have a name or be nil")
        }
        return names
    }

    /// Resolves one axis (negative counts from the end, a name looks up `names`).
    public static func axis(_ axis: Axis, rank: Int, names: [String?]) throws -> Int {
        switch axis {
        case .index(let i):
            let resolved = i < 0 ? rank + i : i
            guard resolved >= 0 && resolved < rank else {
                throw NxError.argument("given axis (\(i)) invalid for shape with rank \(rank)")
            }
            return resolved
        case .name(let n):
            guard let i = names.firstIndex(of: n) else {
                throw NxError.argument("key :\(n) not found in tensor with names \(namesString(names))")
            }
            return i
        }
    }

    /// Resolves a list of axes, rejecting duplicates as Nx does.
    public static func axes(_ axes: [Axis], rank: Int, names: [String?]) throws -> [Int] {
        var seen = Set<Int>()
        var out: [Int] = []
        for a in axes {
            let i = try axis(a, rank: rank, names: names)
            if !seen.insert(i).inserted {
                throw NxError.argument("axes \(axesString(axes)) must be unique integers between 0 and \(rank - 1)")
            }
            out.append(i)
        }
        return out
    }

    static func axesString(_ axes: [Axis]) -> String {
        "[" + axes.map { $0.description }.joined(separator: ", ") + "]"
    }

    /// Merges two names of the same axis: nil yields to a name, two names must agree.
    static func mergeName(_ a: String?, _ b: String?, axis: Int) throws -> String? {
        switch (a, b) {
        case (nil, let n), (let n, nil): return n
        case let (x?, y?):
            if x == y { return x }
            throw NxError.argument("cannot merge name :\(x) on axis \(axis) with name :\(y) on axis \(axis)")
        }
    }

    /// Nx's binary broadcast of two shapes with names (aligned from the right).
    public static func broadcast(_ s1: [Int], _ n1: [String?], _ s2: [Int], _ n2: [String?]) throws -> ([Int], [String?]) {
        if s1 == s2 && n1 == n2 { return (s1, n1) }
        let rank = max(s1.count, s2.count)
        var shape = [Int](repeating: 1, count: rank)
        var names = [String?](repeating: nil, count: rank)
        for i in 0..<rank {
            let i1 = i - (rank - s1.count), i2 = i - (rank - s2.count)
            let d1 = i1 >= 0 ? s1[i1] : 1, d2 = i2 >= 0 ? s2[i2] : 1
            let name1 = i1 >= 0 ? n1[i1] : nil, name2 = i2 >= 0 ? n2[i2] : nil
            if d1 == d2 || d2 == 1 { shape[i] = d1 } else if d1 == 1 { shape[i] = d2 } else {
                throw NxError.argument("cannot broadcast tensor of dimensions \(string(s1)) to \(string(s2))")
            }
            names[i] = try mergeName(name1, name2, axis: i)
        }
        return (shape, names)
    }

    /// Checks `Nx.broadcast(t, shape, axes:)`: each old axis maps, in order, to a new axis of equal size or from 1.
    public static func checkBroadcast(_ old: [Int], to new: [Int], axes: [Int]) throws {
        if axes.count != old.count {
            throw NxError.argument("expected length of axes (\(axes.count)) to match rank of shape (\(old.count))")
        }
        var last = -1
        for (i, a) in axes.enumerated() {
            if a < last { throw NxError.argument("broadcast axes must be ordered, got \(a) after \(last)") }
            last = a
            guard a >= 0 && a < new.count && (old[i] == 1 || old[i] == new[a]) else {
                throw NxError.argument("cannot broadcast tensor of dimensions \(string(old)) to \(string(new)) with axes [\(axes.map(String.init).joined(separator: ", "))]")
            }
        }
        if old.count > new.count {
            throw NxError.argument("cannot broadcast tensor of dimensions \(string(old)) to \(string(new)) with axes [\(axes.map(String.init).joined(separator: ", "))]")
        }
    }
}

/// An axis as the user gives it: an integer (possibly negative) or a name.
public enum Axis: Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case index(Int)
    case name(String)
    public init(integerLiteral value: Int) { self = .index(value) }
    public init(stringLiteral value: String) { self = .name(value) }
    public var description: String {
        switch self { case .index(let i): return String(i); case .name(let n): return ":" + n }
    }
}
