import BigInt

/// Elixir's `Float` module. Rounding to a number of decimal places works on the exact
/// binary value of the float, as Elixir does: `Float.round(2.675, 2)` is 2.67 because
/// 2.675 is stored as 2.67499999...
enum FloatModule {
    enum Rounding { case halfUp, floor, ceil }

    static func install(into r: Registry) {
        r.document(module: "Float", "Functions for floats: decimal rounding on the exact stored value, parsing, shortest printing and exact ratios.")

        r.native("Float", "round", 1, 2, doc: "Rounds a float to a number of decimal places (0 to 15, default 0), halves away from zero, judged on the exact stored value.") { c in
            .float(try Self.round(c, .halfUp))
        }
        r.native("Float", "floor", 1, 2, doc: "Rounds a float down to a number of decimal places (0 to 15, default 0).") { c in
            .float(try Self.round(c, .floor))
        }
        r.native("Float", "ceil", 1, 2, doc: "Rounds a float up to a number of decimal places (0 to 15, default 0).") { c in
            .float(try Self.round(c, .ceil))
        }

        r.native("Float", "parse", 1, doc: "Reads a float from the start of a binary (digits, an optional fraction and exponent), returning `{float, rest}` or `:error`.") { c in
            let bytes = try c.bytes(0)
            guard let (f, used) = try Self.leadingFloat(bytes) else { return .atom("error") }
            return .tuple2(.float(f), .binary(Array(bytes[used...])))
        }

        r.native("Float", "to_string", 1, doc: "The shortest text that reads back as the same float, in Erlang's plain or exponent layout.") { c in
            .string(FloatText.shortest(try c.float(0)))
        }
        r.native("Float", "to_charlist", 1, doc: "Like `Float.to_string/1`, but returns a charlist.") { c in
            .list(FloatText.shortest(try c.float(0)).unicodeScalars.map { Value.int(Int($0.value)) })
        }

        r.native("Float", "ratio", 1, doc: "The float as an exact fraction `{numerator, denominator}` in lowest terms, with a positive denominator.") { c in
            let f = try c.float(0)
            let (n, d) = Self.ratio(f)
            return .tuple2(.integer(n), .integer(d))
        }

        r.native("Float", "max_finite", 0, doc: "The largest finite float, 1.7976931348623157e308.") { _ in
            .float(Double.greatestFiniteMagnitude)
        }
        r.native("Float", "min_finite", 0, doc: "The most negative finite float, -1.7976931348623157e308.") { _ in
            .float(-Double.greatestFiniteMagnitude)
        }
    }

    private static func round(_ c: NativeCall, _ mode: Rounding) throws -> Double {
        let f = try c.float(0)
        let precision = c.arity > 1 ? try c.int(1) : 0
        guard (0...15).contains(precision) else {
            throw ElixirError.argument("precision \(precision) is out of valid range of 0..15")
        }
        return roundDecimal(f, precision, mode)
    }

    /// The exact value of a finite float as `numerator / 2^shift` (shift ≥ 0).
    static func exactBinary(_ f: Double) -> (numerator: BigInt, shift: Int) {
        let significand = BigInt(f.significandBitPattern) + (f.isNormal ? BigInt(1) << 52 : 0)
        let exponent = (f.isNormal ? Int(f.exponentBitPattern) : 1) - 1075
        var n = f.sign == .minus ? -significand : significand
        if exponent >= 0 { return (n << exponent, 0) }
        var shift = -exponent
        while shift > 0 && !n.isZero && n % 2 == 0 { n >>= 1; shift -= 1 }
        return (n, shift)
    }

    /// Rounds `f` to `precision` decimal places on its exact value, then back to the
    /// nearest float.
    static func roundDecimal(_ f: Double, _ precision: Int, _ mode: Rounding) -> Double {
        guard f.isFinite, f != 0 else { return f }
        let (numerator, shift) = exactBinary(abs(f))
        let scaled = numerator * BigInt(10).power(precision)
        let denominator = BigInt(1) << shift
        var (q, r) = scaled.quotientAndRemainder(dividingBy: denominator)
        let negative = f < 0
        switch mode {
        case .halfUp: if r * 2 >= denominator { q += 1 }
        case .floor: if negative && !r.isZero { q += 1 }
        case .ceil: if !negative && !r.isZero { q += 1 }
        }
        if q.isZero { return negative ? -0.0 : 0.0 }
        // Decimal text reads back correctly rounded.
        let value = Double("\(q)e-\(precision)") ?? 0
        return negative ? -value : value
    }

    static func ratio(_ f: Double) -> (BigInt, BigInt) {
        if f == 0 { return (0, 1) }
        let (n, shift) = exactBinary(f)
        return (n, BigInt(1) << shift)
    }

    /// A leading float in Elixir's `Float.parse/1` syntax: `[+-]digits[.digits][e[+-]digits]`.
    static func leadingFloat(_ bytes: [UInt8]) throws -> (Double, Int)? {
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 48 && bytes[i] <= 57 }
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        guard isDigit(i) else { return nil }
        while isDigit(i) { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "."), isDigit(i + 1) {
            i += 1
            while isDigit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "+") { j += 1 }
            if isDigit(j) {
                while isDigit(j) { j += 1 }
                i = j
            }
        }
        let text = String(decoding: bytes[..<i], as: UTF8.self)
        guard let f = Double(text), f.isFinite else {
            throw Errors.badArgument(position: 1, "not a textual representation of a float")
        }
        return (f, i)
    }
}
