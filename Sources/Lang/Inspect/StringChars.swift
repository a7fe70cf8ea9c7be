import BigInt

/// `to_string/1` (the String.Chars protocol) and chardata (`IO.chardata_to_string/1`).
extension Inspector {
    /// Binaries as they are, atoms by name (`nil` is empty, `Foo` is `Elixir.Foo`), numbers
    /// (floats in shortest form), charlists and iodata as text. Anything else raises
    /// `Protocol.UndefinedError`.
    public static func toString(_ value: Value) throws -> String {
        String(decoding: try toStringBytes(value), as: UTF8.self)
    }

    /// `to_string/1` as raw bytes (a binary may hold invalid UTF-8).
    public static func toStringBytes(_ value: Value) throws -> [UInt8] {
        switch value {
        case .binary(let b): return b
        case .atom(let a): return a == "nil" ? [] : Array(a.utf8)
        case .int(let i): return Array(String(i).utf8)
        case .bigint(let b): return Array(b.description.utf8)
        case .float(let f): return Array(FloatText.shortest(f).utf8)
        case .list: return try chardataBytes(value)
        // The complex package implements String.Chars with its `to_string/1`.
        case .map(let m) where m.structName == ComplexModule.structName: return Array(ComplexModule.text(m).utf8)
        default:
            throw ElixirError.exception(
                "Protocol.UndefinedError",
                "protocol String.Chars not implemented for \(inspect(value)) of type \(value.typeName)",
                fields: [("protocol", .module("String.Chars")), ("value", value)])
        }
    }

    /// The UTF-8 bytes of chardata: a possibly nested list of code points and binaries
    /// (an improper tail may be a binary). Raises `ArgumentError` otherwise.
    public static func chardataBytes(_ value: Value) throws -> [UInt8] {
        guard let bytes = try? Chardata.flatten(value, .codePoint) else {
            throw ElixirError.argument("""
                cannot convert the given list to a string.

                To be converted to a string, a list must either be empty or only
                contain the following elements:

                  * strings
                  * integers representing Unicode code points
                  * a list containing one of these three elements

                Please check the given list or call inspect/1 to get the list representation, got:

                \(inspect(value))

                """)
        }
        return bytes
    }
}
