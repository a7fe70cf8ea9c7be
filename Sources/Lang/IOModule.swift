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
        case .list: return String(decoding: try flatten(v, .codePoint), as: UTF8.self)
        default: return try Inspector.toString(v)
        }
    }

    /// Chardata or iodata as bytes; `argument error` when it is neither.
    static func flatten(_ v: Value, _ unit: Chardata.Unit) throws -> [UInt8] {
        guard let bytes = try? Chardata.flatten(v, unit) else { throw ElixirError.argument("argument error") }
        return bytes
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
        r.define(m, "iodata_to_binary", arity: 1) { a, _ in .binary(try flatten(a[0], .byte)) }
        r.define(m, "iodata_length", arity: 1) { a, _ in .int(try flatten(a[0], .byte).count) }
        r.define(m, "chardata_to_string", arity: 1) { a, _ in .string(try chardata(a[0])) }
    }
}
