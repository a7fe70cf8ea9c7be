import NxCore

/// Floats as Elixir 1.14 on OTP 25 writes them: the shortest digits that read back as the
/// same double, laid out in plain or exponent form by Erlang's `io_lib_format:fwrite_g/1`
/// rule (which `Float.to_string/1` and `to_string/1` use); `inspect` additionally writes
/// whole floats below 1.0e16 in full (`1000000000000000.0`).
public enum FloatText {
    /// `Float.to_string/1`.
    public static func shortest(_ f: Double) -> String {
        if f == 0 { return f.sign == .minus ? "-0.0" : "0.0" }
        guard f.isFinite else { return f.isNaN ? "NaN" : (f < 0 ? "-Inf" : "Inf") }
        let (digits, place) = shortestDigits(abs(f))
        let body = layout(digits, place, magnitude: abs(f))
        return f < 0 ? "-" + body : body
    }

    /// `inspect/1` of a float.
    public static func inspect(_ f: Double) -> String {
        let a = abs(f)
        if a >= 1.0 && a < 1.0e16 && f.rounded(.towardZero) == f {
            return String(Int(f)) + ".0"
        }
        return shortest(f)
    }

    /// The shortest round-trip digits (no leading or trailing zeros) and the power of ten
    /// of the last digit: value = digits × 10^place; f is positive.
    static func shortestDigits(_ f: Double) -> (digits: String, place: Int) {
        let (digits, place) = FloatFormat.shortestDigits(f)
        return (String(digits), place - digits.count)
    }

    /// Plain notation unless the exponent form is shorter (ties stay plain for whole
    /// numbers), and always the exponent form for whole numbers from 2^53 up.
    static func layout(_ s: String, _ place: Int, magnitude: Double) -> String {
        let length = s.count
        let exponent = place + length - 1
        let exponentText = String(exponent)
        let exponentCost = exponentText.count + 2
        if place < 0 {
            if exponent >= 0 {
                let split = s.index(s.startIndex, offsetBy: length + place)
                return s[..<split] + "." + s[split...]
            }
            if 2 - place - length <= exponentCost {
                return "0." + String(repeating: "0", count: -place - length) + s
            }
            return exponentForm(s, exponentText)
        }
        let dot = length == 1 ? 1 : 0
        if exponentCost + dot >= place + 2 && magnitude < 9007199254740992.0 {
            return s + String(repeating: "0", count: place) + ".0"
        }
        return exponentForm(s, exponentText)
    }

    private static func exponentForm(_ s: String, _ exponentText: String) -> String {
        let first = s.prefix(1), rest = s.dropFirst()
        return first + "." + (rest.isEmpty ? "0" : rest) + "e" + exponentText
    }
}
