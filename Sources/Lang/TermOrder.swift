import BigInt

/// Erlang's term order: number < atom < reference < function < port < pid < tuple < map
/// < list < bitstring. Numbers compare by value across integers and floats.
extension Value {
    private var typeRank: Int {
        switch self {
        case .int, .bigint, .float: return 0
        case .atom: return 1
        case .ref: return 2
        case .function, .opaque: return 3
        case .tuple: return 6
        case .map, .range, .tensor: return 7
        case .list: return 8
        case .binary: return 9
        }
    }

    /// -1, 0 or 1 as `lhs` sorts before, equal to (`==`), or after `rhs`.
    public static func compare(_ lhs: Value, _ rhs: Value) -> Int {
        compare(lhs, rhs, strict: false)
    }

    /// The order of map keys: like `compare`, but `1` and `1.0` are distinct
    /// (integers sort before floats of the same value).
    public static func compareKeys(_ lhs: Value, _ rhs: Value) -> Int {
        compare(lhs, rhs, strict: true)
    }

    /// `===`: equal and of the same number kind.
    public static func strictlyEqual(_ lhs: Value, _ rhs: Value) -> Bool {
        compare(lhs, rhs, strict: true) == 0
    }

    /// `==`
    public static func looselyEqual(_ lhs: Value, _ rhs: Value) -> Bool {
        compare(lhs, rhs, strict: false) == 0
    }

    private static func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }

    static func compare(_ lhs: Value, _ rhs: Value, strict: Bool) -> Int {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return sign(a, b)
        case let (.float(a), .float(b)): return sign(a, b)
        case let (.atom(a), .atom(b)):
            if a == b { return 0 }
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        case let (.binary(a), .binary(b)):
            if a == b { return 0 }
            return a.lexicographicallyPrecedes(b) ? -1 : 1
        default: break
        }
        if lhs.typeRank == 0 && rhs.typeRank == 0 { return compareNumbers(lhs, rhs, strict: strict) }
        let (ra, rb) = (lhs.typeRank, rhs.typeRank)
        if ra != rb { return sign(ra, rb) }
        switch (lhs, rhs) {
        case let (.ref(a), .ref(b)): return sign(a, b)
        case let (.tuple(a), .tuple(b)):
            if a.count != b.count { return sign(a.count, b.count) }
            for (x, y) in zip(a, b) {
                let c = compare(x, y, strict: strict)
                if c != 0 { return c }
            }
            return 0
        case (.list, .list): return compareLists(lhs, rhs, strict: strict)
        case (.map, _), (.range, _), (.tensor, _):
            return compareMaps(lhs.asMap, rhs.asMap, strict: strict)
        default:
            return identityOrder(lhs, rhs)
        }
    }

    private static func compareNumbers(_ lhs: Value, _ rhs: Value, strict: Bool) -> Int {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return sign(a, b)
        case let (.float(a), .float(b)): return sign(a, b)
        case let (.bigint(a), .bigint(b)): return sign(a, b)
        case let (.int(a), .bigint(b)): return sign(BigInt(a), b)
        case let (.bigint(a), .int(b)): return sign(a, BigInt(b))
        case let (.float(a), _):
            let c = compareFloat(a, rhs)
            return c == 0 && strict ? 1 : c
        case let (_, .float(b)):
            let c = -compareFloat(b, lhs)
            return c == 0 && strict ? -1 : c
        default: return 0
        }
    }

    /// Compares a float with an integer exactly (no rounding of large integers).
    private static func compareFloat(_ a: Double, _ integer: Value) -> Int {
        let big: BigInt
        switch integer {
        case .int(let i): big = BigInt(i)
        case .bigint(let b): big = b
        default: return 0
        }
        let floor = a.rounded(.down)
        let fb = BigInt(floor)
        if fb != big { return sign(fb, big) }
        return a > floor ? 1 : 0
    }

    private static func compareLists(_ lhs: Value, _ rhs: Value, strict: Bool) -> Int {
        var a = lhs, b = rhs
        while true {
            switch (a, b) {
            case (.list(nil), .list(nil)): return 0
            case (.list(nil), .list): return -1
            case (.list, .list(nil)): return 1
            case let (.list(x?), .list(y?)):
                let c = compare(x.head, y.head, strict: strict)
                if c != 0 { return c }
                a = x.tail; b = y.tail
            default:
                return compare(a, b, strict: strict)  // improper tails
            }
        }
    }

    /// Maps order by size, then by keys, then by values (Erlang's rule).
    private static func compareMaps(_ a: MapValue, _ b: MapValue, strict: Bool) -> Int {
        if a.count != b.count { return sign(a.count, b.count) }
        for (x, y) in zip(a.keys, b.keys) {
            let c = compare(x, y, strict: true)
            if c != 0 { return c }
        }
        for (x, y) in zip(a.values, b.values) {
            let c = compare(x, y, strict: strict)
            if c != 0 { return c }
        }
        return 0
    }

    private static func identityOrder(_ lhs: Value, _ rhs: Value) -> Int {
        func id(_ v: Value) -> UInt {
            switch v {
            case .function(let f): return UInt(bitPattern: ObjectIdentifier(f).hashValue)
            case .opaque(let o): return UInt(bitPattern: ObjectIdentifier(o).hashValue)
            default: return 0
            }
        }
        return sign(id(lhs), id(rhs))
    }

    /// The map view of map-like values: ranges and tensors are structs.
    public var asMap: MapValue {
        switch self {
        case .map(let m): return m
        case let .range(first, last, step):
            return MapValue([(.atom("__struct__"), .module("Range")), (.atom("first"), .int(first)),
                             (.atom("last"), .int(last)), (.atom("step"), .int(step))])
        case .tensor(let t):
            return TensorStruct.fields(t)
        default: return MapValue()
        }
    }
}
