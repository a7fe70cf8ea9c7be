/// Chardata and iodata: nested lists of code points (or bytes) and binaries, flattened into
/// one binary, as `List.to_string/1`, `IO.iodata_to_binary/1` and `Enum.join/2` do.
enum Chardata {
    /// UTF-8 bytes of chardata: integers are Unicode code points, binaries are copied.
    static func toBinary(_ value: Value) throws -> [UInt8] {
        var out: [UInt8] = []
        try append(value, to: &out, codepoints: true)
        return out
    }

    /// Bytes of iodata: integers must be bytes (0...255).
    static func iodataToBinary(_ value: Value) throws -> [UInt8] {
        var out: [UInt8] = []
        try append(value, to: &out, codepoints: false)
        return out
    }

    private static func append(_ value: Value, to out: inout [UInt8], codepoints: Bool) throws {
        switch value {
        case .binary(let b): out.append(contentsOf: b)
        case .list(var cell):
            while let c = cell {
                try appendElement(c.head, to: &out, codepoints: codepoints)
                switch c.tail {
                case .list(let next): cell = next
                case .binary(let b): out.append(contentsOf: b); cell = nil
                default: throw invalid(value, codepoints)
                }
            }
        default: throw invalid(value, codepoints)
        }
    }

    private static func appendElement(_ v: Value, to out: inout [UInt8], codepoints: Bool) throws {
        switch v {
        case .int(let i) where codepoints:
            guard let scalar = Unicode.Scalar(UInt32(clamping: max(i, 0))), i >= 0 else {
                throw invalid(v, codepoints)
            }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        case .int(let i):
            guard (0...255).contains(i) else { throw invalid(v, codepoints) }
            out.append(UInt8(i))
        case .binary, .list: try append(v, to: &out, codepoints: codepoints)
        default: throw invalid(v, codepoints)
        }
    }

    private static func invalid(_ v: Value, _ codepoints: Bool) -> ElixirError {
        codepoints
            ? ElixirError.exception("UnicodeConversionError",
                                    "invalid code point \(Inspector.inspect(v))")
            : Errors.badArgument(position: 1, "not an iodata term")
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
