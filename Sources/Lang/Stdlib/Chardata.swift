/// Chardata: nested lists of code points and binaries, flattened into one binary, as
/// `List.to_string/1` and `Enum.join/2` do.
enum Chardata {
    /// UTF-8 bytes of chardata: integers are Unicode code points, binaries are copied.
    static func toBinary(_ value: Value) throws -> [UInt8] {
        var out: [UInt8] = []
        try append(value, to: &out)
        return out
    }

    private static func append(_ value: Value, to out: inout [UInt8]) throws {
        switch value {
        case .binary(let b): out.append(contentsOf: b)
        case .list(var cell):
            while let c = cell {
                try appendElement(c.head, to: &out)
                switch c.tail {
                case .list(let next): cell = next
                case .binary(let b): out.append(contentsOf: b); cell = nil
                default: throw invalid(value)
                }
            }
        default: throw invalid(value)
        }
    }

    private static func appendElement(_ v: Value, to out: inout [UInt8]) throws {
        switch v {
        case .int(let i):
            guard i >= 0, let scalar = Unicode.Scalar(UInt32(clamping: i)) else { throw invalid(v) }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        case .binary, .list: try append(v, to: &out)
        default: throw invalid(v)
        }
    }

    private static func invalid(_ v: Value) -> ElixirError {
        ElixirError.exception("UnicodeConversionError", "invalid code point \(Inspector.inspect(v))")
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
