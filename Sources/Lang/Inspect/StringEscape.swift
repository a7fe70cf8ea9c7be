/// Which binaries and charlists print as text, and how their characters are escaped
/// inside quotes (`String.printable?/2`, `List.ascii_printable?/2`, `Code.Identifier.escape`).
enum StringEscape {
    /// Decodes one UTF-8 code point at `i`, as Erlang's `<<c::utf8>>` does (no overlong
    /// forms, no surrogates); nil for an invalid byte.
    static func decodeScalar(_ bytes: [UInt8], at i: Int) -> (value: UInt32, length: Int)? {
        let b0 = bytes[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let length: Int, initial: UInt32, minimum: UInt32
        switch b0 {
        case 0xC2...0xDF: (length, initial, minimum) = (2, UInt32(b0 & 0x1F), 0x80)
        case 0xE0...0xEF: (length, initial, minimum) = (3, UInt32(b0 & 0x0F), 0x800)
        case 0xF0...0xF4: (length, initial, minimum) = (4, UInt32(b0 & 0x07), 0x10000)
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        var value = initial
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
        return (value, length)
    }

    /// Control characters that have a backslash form and count as printable.
    private static let namedEscapes: [UInt32: String] = [
        0x07: "\\a", 0x08: "\\b", 0x7F: "\\d", 0x1B: "\\e", 0x0C: "\\f",
        0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x0B: "\\v", 0x5C: "\\\\",
    ]

    static func isPrintableScalar(_ c: UInt32) -> Bool {
        (0x20...0x7E).contains(c) || (0xA0...0xD7FF).contains(c)
            || (0xE000...0xFFFD).contains(c) || (0x10000...0x10FFFF).contains(c)
    }

    /// `String.printable?(bytes, limit)`: only the first `limit` characters are checked.
    static func isPrintable(_ bytes: [UInt8], limit: Int?) -> Bool {
        var i = 0, remaining = limit ?? Int.max
        while i < bytes.count {
            if remaining == 0 { return true }
            guard let (c, n) = decodeScalar(bytes, at: i) else { return false }
            guard isPrintableScalar(c) || (namedEscapes[c] != nil && c != 0x5C) else { return false }
            i += n
            remaining -= 1
        }
        return true
    }

    /// `List.ascii_printable?(list, limit)` over the elements of a proper list.
    static func isAsciiPrintable(_ items: [Value], limit: Int?) -> Bool {
        var remaining = limit ?? Int.max
        for item in items {
            if remaining == 0 { return true }
            guard case .int(let c) = item,
                  (32...126).contains(c) || [10, 13, 9, 11, 8, 12, 27, 7].contains(c) else { return false }
            remaining -= 1
        }
        return true
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    private static func hex(_ value: UInt32, digits: Int) -> String {
        var s = ""
        for k in stride(from: digits - 1, through: 0, by: -1) {
            s.append(hexDigits[Int((value >> (4 * UInt32(k))) & 0xF)])
        }
        return s
    }

    private static func escapeScalar(_ c: UInt32) -> String {
        if let named = namedEscapes[c] { return named }
        if c == 0 { return "\\0" }
        if c == 0xFEFF { return "\\uFEFF" }
        if isPrintableScalar(c), let scalar = Unicode.Scalar(c) { return String(Character(scalar)) }
        if c < 0x100 { return "\\x" + hex(c, digits: 2) }
        if c < 0x10000 { return "\\x{" + hex(c, digits: 4) + "}" }
        return "\\x{" + hex(c, digits: 6) + "}"
    }

    /// The text between the quotes: `quote` and `#{` are escaped, control characters get
    /// their backslash forms, invalid bytes print as `\xHH`. Stops after `limit` characters,
    /// reporting that the rest was cut.
    static func escape(_ bytes: [UInt8], quote: Character, limit: Int? = nil) -> (escaped: String, truncated: Bool) {
        let quoteByte = quote.asciiValue ?? 0x22
        var out = ""
        var i = 0, remaining = limit ?? Int.max
        while i < bytes.count {
            if remaining == 0 { return (out, true) }
            remaining -= 1
            let b = bytes[i]
            if b == quoteByte {
                out += "\\" + String(quote)
                i += 1
            } else if b == UInt8(ascii: "#"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
                out += "\\#{"
                i += 2
            } else if let (c, n) = decodeScalar(bytes, at: i) {
                out += escapeScalar(c)
                i += n
            } else {
                out += "\\x" + hex(UInt32(b), digits: 2)
                i += 1
            }
        }
        return (out, false)
    }
}
