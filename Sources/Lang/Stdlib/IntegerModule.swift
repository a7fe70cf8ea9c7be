import BigInt

/// Elixir's `Integer` module: parsing and printing in any base, digits, powers, gcd and
/// floored division. Integers are arbitrary precision throughout.
enum IntegerModule {
    static func install(into r: Registry) {
        r.document(module: "Integer", "Functions for integers: parsing and printing in bases 2 to 36, digit lists, powers, greatest common divisors and floored division.")

        r.native("Integer", "parse", 1, 2, doc: "Reads an integer from the start of a binary, in an optional base (10 by default), returning `{integer, rest}` or `:error` when no digit is found.") { c in
            let base = try Self.base(c, at: 1)
            let bytes = try c.bytes(0)
            guard let (n, used) = Self.leadingInteger(bytes, base: base) else { return .atom("error") }
            return .tuple2(.integer(n), .binary(Array(bytes[used...])))
        }

        r.native("Integer", "to_string", 1, 2, doc: "The text of an integer in a base from 2 to 36 (10 by default), with uppercase letters for digits above 9.") { c in
            .string(try Self.text(c))
        }

        r.native("Integer", "to_charlist", 1, 2, doc: "Like `Integer.to_string/2`, but returns a charlist.") { c in
            .list(try Self.text(c).unicodeScalars.map { Value.int(Int($0.value)) })
        }

        r.native("Integer", "digits", 1, 2, doc: "The digits of an integer in a base (10 by default), most significant first; a negative integer gives negative digits.") { c in
            let n = try c.integer(0)
            let base = c.arity > 1 ? try c.integer(1) : 10
            guard base >= 2 else { throw c.noClause() }
            if n.isZero { return .list([Value.int(0)]) }
            var digits: [Value] = []
            var rest = n
            while !rest.isZero {
                let (q, r) = rest.quotientAndRemainder(dividingBy: base)
                digits.append(.integer(r))
                rest = q
            }
            return .list(digits.reversed())
        }

        r.native("Integer", "undigits", 1, 2, doc: "The integer whose digits in a base (10 by default) are the given list; each digit must be smaller than the base.") { c in
            guard let digits = c[0].listElements else { throw c.noClause() }
            let base = c.arity > 1 ? try c.integer(1) : 10
            guard base >= 2 else { throw c.noClause() }
            var n = BigInt(0)
            for d in digits {
                guard let digit = d.bigIntValue else { throw c.noClause() }
                guard digit < base else {
                    throw ElixirError.argument("invalid digit \(digit) in base \(base)")
                }
                n = n * base + digit
            }
            return .integer(n)
        }

        r.native("Integer", "pow", 2, doc: "`base` raised to a non-negative integer `exponent`, exactly.") { c in
            _ = try c.integer(0)
            let exponent = try c.integer(1)
            guard exponent >= 0 else { throw ElixirError.arithmetic() }
            guard Int(exactly: exponent) != nil else {
                throw ElixirError.exception("SystemLimitError", "a system limit has been reached")
            }
            return try Value.power(c[0], c[1])
        }

        r.native("Integer", "gcd", 2, doc: "The greatest common divisor of two integers, always non-negative; `gcd(0, 0)` is 0.") { c in
            .integer(try c.integer(0).greatestCommonDivisor(with: try c.integer(1)))
        }

        r.native("Integer", "mod", 2, doc: "The remainder of floored division: it has the sign of the divisor.") { c in
            let (a, b) = (try c.integer(0), try c.integer(1))
            guard !b.isZero else { throw ElixirError.arithmetic() }
            let r = a % b
            return .integer(!r.isZero && (r.sign != b.sign) ? r + b : r)
        }

        r.native("Integer", "floor_div", 2, doc: "Integer division rounding toward negative infinity.") { c in
            let (a, b) = (try c.integer(0), try c.integer(1))
            guard !b.isZero else { throw ElixirError.arithmetic() }
            let (q, r) = a.quotientAndRemainder(dividingBy: b)
            return .integer(!r.isZero && (r.sign != b.sign) ? q - 1 : q)
        }

        r.native("Integer", "is_odd", 1, doc: "True for odd integers; false for even integers and for anything that is not an integer.") { c in
            guard let n = c[0].bigIntValue else { return .false }
            return .bool(!(n % 2).isZero)
        }

        r.native("Integer", "is_even", 1, doc: "True for even integers; false for odd integers and for anything that is not an integer.") { c in
            guard let n = c[0].bigIntValue else { return .false }
            return .bool((n % 2).isZero)
        }
    }

    /// The base argument at `i` (10 when absent); Elixir raises for bases outside 2..36.
    private static func base(_ c: NativeCall, at i: Int) throws -> Int {
        guard let v = c.optional(i) else { return 10 }
        guard case .int(let b) = v, (2...36).contains(b) else {
            throw ElixirError.argument("invalid base \(Inspector.inspect(v))")
        }
        return b
    }

    /// `Integer.to_string/2`: Erlang's `integer_to_binary/2` errors for bad arguments.
    private static func text(_ c: NativeCall) throws -> String {
        guard let n = c[0].bigIntValue else { throw Errors.badArgument(position: 1, "not an integer") }
        var base = 10
        if let v = c.optional(1) {
            guard case .int(let b) = v, (2...36).contains(b) else {
                throw Errors.badArgument(position: 2, "not an integer in the range 2 through 36")
            }
            base = b
        }
        return String(n, radix: base, uppercase: true)
    }

    /// A leading `[+-]digits` in `base`: the value and the number of bytes read.
    static func leadingInteger(_ bytes: [UInt8], base: Int) -> (BigInt, Int)? {
        var i = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            i = 1
        }
        let start = i
        var n = BigInt(0)
        while i < bytes.count, let d = digitValue(bytes[i]), d < base {
            n = n * BigInt(base) + BigInt(d)
            i += 1
        }
        guard i > start else { return nil }
        return (negative ? -n : n, i)
    }

    static func digitValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(b - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(b - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
