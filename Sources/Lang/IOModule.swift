/// The IO module: puts, write, inspect (with label:), gets, warn and iodata conversion.
public enum IOModule {
    /// The device a call writes to: `:stdio` (default) or `:stderr`.
    static func device(_ v: Value) throws -> OutputDevice {
        switch v {
        case .atom("stderr"): return .stderr
        case .atom("stdio"), .atom("standard_io"): return .stdout
        default: throw ElixirError.argument("unsupported device: \(Inspector.inspect(v))")
        }
    }

    /// Chardata (strings, charlists, nested lists of both, and String.Chars values) as text.
    public static func chardata(_ v: Value) throws -> String {
        switch v {
        case .binary(let b): return String(decoding: b, as: UTF8.self)
        case .list:
            var bytes: [UInt8] = []
            try appendIodata(v, &bytes, chars: true)
            return String(decoding: bytes, as: UTF8.self)
        default: return try Inspector.toString(v)
        }
    }

    /// Flattens iodata/chardata into bytes; list integers are bytes (iodata) or codepoints (chardata).
    static func appendIodata(_ v: Value, _ out: inout [UInt8], chars: Bool) throws {
        switch v {
        case .binary(let b): out.append(contentsOf: b)
        case .int(let i):
            if chars, let s = Unicode.Scalar(UInt32(clamping: max(i, 0))) { out.append(contentsOf: Array(String(s).utf8)) }
            else if i >= 0 && i < 256 { out.append(UInt8(i)) }
            else { throw ElixirError.argument("argument error") }
        case .list(var cell):
            while let c = cell {
                try appendIodata(c.head, &out, chars: chars)
                switch c.tail {
                case .list(let next): cell = next
                default: try appendIodata(c.tail, &out, chars: chars); cell = nil
                }
            }
        default:
            throw ElixirError.argument("argument error")
        }
    }

    public static func install(into r: Registry) {
        let m = "IO"
        r.document(module: m, "IO: writing to standard output and standard error, reading lines.")
        r.define(m, "puts", arities: [1, 2]) { a, ctx in
            let (dev, data) = a.count == 2 ? (try device(a[0]), a[1]) : (.stdout, a[0])
            ctx.write(try chardata(data) + "\n", to: dev)
            return .atom("ok")
        }
        r.define(m, "write", arities: [1, 2]) { a, ctx in
            let (dev, data) = a.count == 2 ? (try device(a[0]), a[1]) : (.stdout, a[0])
            ctx.write(try chardata(data), to: dev)
            return .atom("ok")
        }
        r.define(m, "warn", arities: [1, 2]) { a, ctx in
            ctx.write("warning: " + (try chardata(a[0])) + "\n", to: .stderr)
            return .atom("ok")
        }
        r.define(m, "inspect", arities: [1, 2, 3]) { a, ctx in
            var dev = OutputDevice.stdout
            var value = a[0]
            var opts = a.count > 1 ? a[1] : .emptyList
            if a.count == 3 { dev = try device(a[0]); value = a[1]; opts = a[2] }
            ctx.write(try Inspector.ioInspect(value, keyword: opts) + "\n", to: dev)
            return value
        }
        r.define(m, "gets", arities: [1, 2]) { a, ctx in
            let prompt = try chardata(a.count == 2 ? a[1] : a[0])
            guard let line = ctx.readLine(prompt: prompt) else { return .atom("eof") }
            return .string(line)
        }
        r.define(m, "iodata_to_binary", arity: 1) { a, _ in
            var bytes: [UInt8] = []
            try appendIodata(a[0], &bytes, chars: false)
            return .binary(bytes)
        }
        r.define(m, "iodata_length", arity: 1) { a, _ in
            var bytes: [UInt8] = []
            try appendIodata(a[0], &bytes, chars: false)
            return .int(bytes.count)
        }
        r.define(m, "chardata_to_string", arity: 1) { a, _ in .string(try chardata(a[0])) }
    }
}
