/// Chardata: nested lists of code points and binaries, flattened into one binary, as
/// `List.to_string/1` and `Enum.join/2` do.
enum Chardata {
    /// What a list integer stands for: a Unicode code point (chardata) or a byte (iodata).
    enum Unit { case codePoint, byte }

    /// The first element (or improper list) that is neither a binary, a list nor a unit.
    struct Invalid: Error {
        let value: Value
    }

    /// UTF-8 bytes of chardata: integers are Unicode code points, binaries are copied.
    static func toBinary(_ value: Value) throws -> [UInt8] {
        do {
            return try flatten(value, .codePoint)
        } catch let invalid as Invalid {
            throw ElixirError.exception("UnicodeConversionError", "invalid code point \(Inspector.inspect(invalid.value))")
        }
    }

    /// The bytes of chardata or iodata, nested lists flattened; throws `Invalid`.
    static func flatten(_ value: Value, _ unit: Unit) throws -> [UInt8] {
        var out: [UInt8] = []
        try append(value, unit, to: &out)
        return out
    }

    private static func append(_ value: Value, _ unit: Unit, to out: inout [UInt8]) throws {
        switch value {
        case .binary(let b): out.append(contentsOf: b)
        case .list(var cell):
            while let c = cell {
                try appendElement(c.head, unit, to: &out)
                switch c.tail {
                case .list(let next): cell = next
                case .binary(let b): out.append(contentsOf: b); cell = nil
                default: throw Invalid(value: value)
                }
            }
        default: throw Invalid(value: value)
        }
    }

    private static func appendElement(_ v: Value, _ unit: Unit, to out: inout [UInt8]) throws {
        switch (v, unit) {
        case (.int(let i), .codePoint):
            guard i >= 0, let scalar = Unicode.Scalar(UInt32(clamping: i)) else { throw Invalid(value: v) }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        case (.int(let i), .byte):
            guard let byte = UInt8(exactly: i) else { throw Invalid(value: v) }
            out.append(byte)
        case (.binary, _), (.list, _): try append(v, unit, to: &out)
        default: throw Invalid(value: v)
        }
    }

    /// `to_string/1` of one element as `Enum.join/2` and `Enum.map_join/3` see it.
    static func string(of value: Value) throws -> [UInt8] {
        switch value {
        case .binary(let b): return b
        case .list: return try toBinary(value)
        default: return Array(try Inspector.toString(value).utf8)
        }
    }
}
