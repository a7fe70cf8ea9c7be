/// Formats a float as Erlang's `float_to_binary(x, [:short])` does, which is what Nx's
/// inspect prints: the shortest digits that read back to the same f64, in plain notation
/// (`123456792.0`, `0.001`) unless scientific (`1.0e3`, `1.0e-5`) is shorter. Elixir's own
/// `Float.to_string/1` lays the same digits out by another rule (Lang's `FloatText`).
public enum FloatFormat {
    public static func elixir(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
        let sign = value.sign == .minus ? "-" : ""
        let (digits, place) = shortestDigits(Swift.abs(value))
        if digits.isEmpty { return sign + "0.0" }
        return sign + placeDecimal(digits, place)
    }

    /// Digits `d1d2...` and `place` such that value = 0.d1d2... × 10^place (no leading/trailing zeros).
    public static func shortestDigits(_ v: Double) -> ([Character], Int) {
        let text = v.description  // Swift prints the shortest round-tripping digits
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var digits: [Character] = []
        var integerLength = 0
        var seenDot = false
        for c in mantissa {
            if c == "." { seenDot = true; continue }
            digits.append(c)
            if !seenDot { integerLength += 1 }
        }
        var place = integerLength + exponent
        while let first = digits.first, first == "0" { digits.removeFirst(); place -= 1 }
        while let last = digits.last, last == "0" { digits.removeLast() }
        return (digits, place)
    }

    /// Erlang's choice between plain and exponent form: whichever is not longer, plain on ties.
    static func placeDecimal(_ digits: [Character], _ place: Int) -> String {
        let s = String(digits)
        let count = digits.count
        if place > 0 && place < count {
            let i = s.index(s.startIndex, offsetBy: place)
            return s[..<i] + "." + s[i...]
        }
        if place == 0 { return "0." + s }
        let exponent = String(place - 1)
        let exponentCost = exponent.count + 1 + (count == 1 ? 2 : 1)
        if place < 0 {
            if 2 - place <= exponentCost { return "0." + String(repeating: "0", count: -place) + s }
        } else if place - count + 2 <= exponentCost {
            return s + String(repeating: "0", count: place - count) + ".0"
        }
        let head = String(digits[0])
        let tail = count == 1 ? "0" : String(digits[1...])
        return head + "." + tail + "e" + exponent
    }
}
