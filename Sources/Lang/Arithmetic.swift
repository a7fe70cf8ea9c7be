import BigInt

/// Elixir's arithmetic on host numbers: integers never overflow (they grow into BigInt),
/// integer op float gives a float, and bad operands raise `ArithmeticError`.
extension Value {
    /// The value as a BigInt, for integers.
    public var bigIntValue: BigInt? {
        switch self {
        case .int(let i): return BigInt(i)
        case .bigint(let b): return b
        default: return nil
        }
    }

    public var isInteger: Bool {
        switch self { case .int, .bigint: return true; default: return false }
    }

    public var isNumber: Bool {
        switch self { case .int, .bigint, .float: return true; default: return false }
    }

    /// The value as a Double, for any number.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .bigint(let b): return Double(b)
        case .float(let f): return f
        default: return nil
        }
    }

    private static func integerOp(_ a: Value, _ b: Value,
                                  small: (Int, Int) -> (partialValue: Int, overflow: Bool),
                                  big: (BigInt, BigInt) -> BigInt,
                                  float: (Double, Double) -> Double) throws -> Value {
        if case .int(let x) = a, case .int(let y) = b {
            let r = small(x, y)
            return r.overflow ? .integer(big(BigInt(x), BigInt(y))) : .int(r.partialValue)
        }
        if let x = a.bigIntValue, let y = b.bigIntValue { return .integer(big(x, y)) }
        guard let x = a.doubleValue, let y = b.doubleValue else { throw ElixirError.arithmetic() }
        return try checkedFloat(float(x, y))
    }

    /// Elixir raises instead of producing infinities or NaN from float arithmetic.
    static func checkedFloat(_ f: Double) throws -> Value {
        guard f.isFinite else { throw ElixirError.arithmetic() }
        return .float(f)
    }

    public static func add(_ a: Value, _ b: Value) throws -> Value {
        try integerOp(a, b, small: { $0.addingReportingOverflow($1) }, big: +, float: +)
    }

    public static func subtract(_ a: Value, _ b: Value) throws -> Value {
        try integerOp(a, b, small: { $0.subtractingReportingOverflow($1) }, big: -, float: -)
    }

    public static func multiply(_ a: Value, _ b: Value) throws -> Value {
        try integerOp(a, b, small: { $0.multipliedReportingOverflow(by: $1) }, big: *, float: *)
    }

    /// `/` always returns a float.
    public static func divide(_ a: Value, _ b: Value) throws -> Value {
        guard let x = a.doubleValue, let y = b.doubleValue else { throw ElixirError.arithmetic() }
        if y == 0 { throw ElixirError.arithmetic() }
        return try checkedFloat(x / y)
    }

    public static func negate(_ a: Value) throws -> Value {
        switch a {
        case .int(let i): return i == Int.min ? .integer(-BigInt(i)) : .int(-i)
        case .bigint(let b): return .integer(-b)
        case .float(let f): return .float(-f)
        default: throw ElixirError.arithmetic()
        }
    }

    /// `div/2`: integer division truncating toward zero.
    public static func intDiv(_ a: Value, _ b: Value) throws -> Value {
        guard let x = a.bigIntValue, let y = b.bigIntValue, !y.isZero else { throw ElixirError.arithmetic() }
        if case .int(let p) = a, case .int(let q) = b, !(p == Int.min && q == -1) { return .int(p / q) }
        return .integer(x / y)
    }

    /// `rem/2`: remainder with the sign of the dividend.
    public static func remainder(_ a: Value, _ b: Value) throws -> Value {
        guard let x = a.bigIntValue, let y = b.bigIntValue, !y.isZero else { throw ElixirError.arithmetic() }
        if case .int(let p) = a, case .int(let q) = b, q != -1 { return .int(p % q) }
        return .integer(x % y)
    }

    /// `**`: integer powers stay integers (negative exponents raise), floats otherwise.
    public static func power(_ a: Value, _ b: Value) throws -> Value {
        if let base = a.bigIntValue, let exp = b.bigIntValue {
            guard exp >= 0 else { throw ElixirError.arithmetic() }
            return .integer(base.power(Int(exp)))
        }
        guard let x = a.doubleValue, let y = b.doubleValue else { throw ElixirError.arithmetic() }
        return try checkedFloat(Foundation_pow(x, y))
    }
}

#if canImport(Glibc)
import Glibc
private func Foundation_pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
#else
import Darwin
private func Foundation_pow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) }
#endif
