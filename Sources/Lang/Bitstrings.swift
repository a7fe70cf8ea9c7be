import BigInt
import Foundation

/// The type of one bitstring segment (`::integer-size(16)-little`, `::binary`, `::utf8`).
/// Only byte-aligned segments are supported; others raise a clear error.
struct BitSpec {
    enum Kind { case integer, float, binary, utf8, utf16, utf32 }
    var kind: Kind = .integer
    var sizeNode: Node? = nil
    var unit: Int? = nil
    var signed = false
    var little = false

    static func parse(_ type: Node?, isLast: Bool, compiler: Compiler, line: Int) throws -> BitSpec {
        var spec = BitSpec()
        guard let type = type else { return spec }
        var parts: [Node] = []
        func flatten(_ n: Node) {
            if case .binary("-", let a, let b, _) = n { flatten(a); flatten(b) } else { parts.append(n) }
        }
        flatten(type)
        for p in parts {
            switch p {
            case .literal(.int, _):
                spec.sizeNode = p
            case .binary("*", let size, .literal(.int(let u), _), _):
                spec.sizeNode = size
                spec.unit = u
            case .call("size", let args, _) where args.count == 1:
                spec.sizeNode = args[0]
            case .call("unit", let args, _) where args.count == 1:
                if case .literal(.int(let u), _) = args[0] { spec.unit = u }
            case .variable(let name, _), .call(let name, _, _):
                switch name {
                case "integer": spec.kind = .integer
                case "float": spec.kind = .float
                case "binary", "bytes", "bitstring", "bits": spec.kind = .binary
                case "utf8": spec.kind = .utf8
                case "utf16": spec.kind = .utf16
                case "utf32": spec.kind = .utf32
                case "signed": spec.signed = true
                case "unsigned": spec.signed = false
                case "little": spec.little = true
                case "big": spec.little = false
                case "native": spec.little = true
                default:
                    // A variable used as the size: `x::size(n)` written as `x::n`.
                    spec.sizeNode = p
                }
            default:
                throw compiler.compileError(line, "unknown bitstring specifier: \(Compiler.describe(p))")
            }
        }
        return spec
    }

    /// The size in bits of a numeric segment.
    func bits(_ size: Value?) throws -> Int {
        let defaultSize: Int
        switch kind {
        case .float: defaultSize = 64
        default: defaultSize = 8
        }
        var n = defaultSize
        if let s = size {
            guard case .int(let v) = s, v >= 0, v < 1 << 40 else {
                throw ElixirError.argument("bad bitstring size: \(Inspector.inspect(s))")
            }
            n = v * (unit ?? 1)
        }
        guard n % 8 == 0 else {
            throw ElixirError.exception("RuntimeError", "bitstrings that are not byte-aligned are not supported (segment of \(n) bits)")
        }
        return n
    }

    /// Appends the encoding of `value` to `out`.
    func write(_ value: Value, size: Value?, into out: inout [UInt8]) throws {
        switch kind {
        case .integer:
            if case .binary(let b) = value, sizeNode == nil { out.append(contentsOf: b); return }
            guard let big = value.bigIntValue else {
                throw ElixirError.argument("construction of binary failed: segment 1 of type 'integer': expected an integer but got: \(Inspector.inspect(value))")
            }
            let n = try bits(size) / 8
            var bytes = [UInt8](repeating: 0, count: n)
            // Two's complement truncated to n bytes, big endian.
            let modulus = BigInt(1) << (n * 8)
            var v = big % modulus
            if v < 0 { v += modulus }
            for i in stride(from: n - 1, through: 0, by: -1) {
                bytes[i] = UInt8(truncatingIfNeeded: Int(v & 0xFF))
                v >>= 8
            }
            out.append(contentsOf: little ? bytes.reversed() : bytes)
        case .float:
            guard let d = value.doubleValue else {
                throw ElixirError.argument("construction of binary failed: segment 1 of type 'float': expected a float or an integer but got: \(Inspector.inspect(value))")
            }
            let n = try bits(size)
            var bytes: [UInt8]
            if n == 32 {
                bytes = withUnsafeBytes(of: Float(d).bitPattern.bigEndian) { Array($0) }
            } else if n == 64 {
                bytes = withUnsafeBytes(of: d.bitPattern.bigEndian) { Array($0) }
            } else {
                throw ElixirError.argument("float segments must be 32 or 64 bits")
            }
            out.append(contentsOf: little ? bytes.reversed() : bytes)
        case .binary:
            guard case .binary(let b) = value else {
                throw ElixirError.argument("construction of binary failed: segment 1 of type 'binary': expected a binary but got: \(Inspector.inspect(value))")
            }
            if let s = size {
                guard case .int(let n) = s, n <= b.count else { throw ElixirError.argument("construction of binary failed: segment 1 of type 'binary': the size is wrong") }
                out.append(contentsOf: b.prefix(n * (unit ?? 8) / 8))
            } else {
                out.append(contentsOf: b)
            }
        case .utf8, .utf16, .utf32:
            guard case .int(let cp) = value, let scalar = Unicode.Scalar(UInt32(clamping: max(cp, 0))) else {
                throw ElixirError.argument("construction of binary failed: expected a valid codepoint but got: \(Inspector.inspect(value))")
            }
            switch kind {
            case .utf8: out.append(contentsOf: Array(String(scalar).utf8))
            case .utf16:
                for unit in String(scalar).utf16 {
                    let be = [UInt8(unit >> 8), UInt8(unit & 0xFF)]
                    out.append(contentsOf: little ? be.reversed() : be)
                }
            default:
                let be = withUnsafeBytes(of: scalar.value.bigEndian) { Array($0) }
                out.append(contentsOf: little ? be.reversed() : be)
            }
        }
    }

    /// Reads one segment from the front of `bytes`: the value and how many bytes it used.
    func read(_ bytes: ArraySlice<UInt8>, size: Value?, isLast: Bool) throws -> (Value, Int)? {
        switch kind {
        case .integer:
            let n = try bits(size) / 8
            guard bytes.count >= n else { return nil }
            var chunk = Array(bytes.prefix(n))
            if little { chunk.reverse() }
            var v = BigInt(0)
            for b in chunk { v = (v << 8) | BigInt(b) }
            if signed, let first = chunk.first, first & 0x80 != 0 { v -= BigInt(1) << (n * 8) }
            return (.integer(v), n)
        case .float:
            let n = try bits(size) / 8
            guard bytes.count >= n else { return nil }
            var chunk = Array(bytes.prefix(n))
            if !little { chunk.reverse() }
            if n == 8 {
                let bits = chunk.withUnsafeBytes { $0.load(as: UInt64.self) }
                return (.float(Double(bitPattern: bits)), 8)
            }
            if n == 4 {
                let bits = chunk.withUnsafeBytes { $0.load(as: UInt32.self) }
                return (.float(Double(Float(bitPattern: bits))), 4)
            }
            return nil
        case .binary:
            if let s = size {
                guard case .int(let n) = s else { return nil }
                let count = n * (unit ?? 8) / 8
                guard bytes.count >= count else { return nil }
                return (.binary(Array(bytes.prefix(count))), count)
            }
            guard isLast else {
                throw ElixirError.exception("CompileError", "a binary field without size is only allowed at the end of a binary pattern")
            }
            return (.binary(Array(bytes)), bytes.count)
        case .utf8:
            guard let first = bytes.first else { return nil }
            let len = first < 0x80 ? 1 : first < 0xE0 ? 2 : first < 0xF0 ? 3 : 4
            guard bytes.count >= len, let s = String(bytes: bytes.prefix(len), encoding: .utf8),
                  let scalar = s.unicodeScalars.first else { return nil }
            return (.int(Int(scalar.value)), len)
        case .utf16, .utf32:
            let len = kind == .utf16 ? 2 : 4
            guard bytes.count >= len else { return nil }
            var chunk = Array(bytes.prefix(len))
            if little { chunk.reverse() }
            var v = 0
            for b in chunk { v = (v << 8) | Int(b) }
            return (.int(v), len)
        }
    }
}

extension Compiler {
    func compileBitstring(_ segments: [Segment], line: Int) throws -> Eval {
        let parts: [(BitSpec, Eval, Eval?)] = try segments.map { seg in
            var spec = try BitSpec.parse(seg.type, isLast: false, compiler: self, line: line)
            if case .literal(.binary, _) = seg.value, seg.type == nil { spec.kind = .binary }
            return (spec, try compile(seg.value), try spec.sizeNode.map(compile))
        }
        return { f in
            var out: [UInt8] = []
            for (spec, value, size) in parts {
                try spec.write(try value(f), size: try size?(f), into: &out)
            }
            return .binary(out)
        }
    }
}

/// Steps of a bitstring generator `for <<c <- binary>>`.
enum BitstringMatcher {
    /// Matches one element at the front of `bytes`; returns the bytes it used, or nil to stop.
    static func generatorStep(_ match: Match, _ bytes: ArraySlice<UInt8>, _ frame: Frame) throws -> Int? {
        // Try growing prefixes until the element pattern accepts one.
        for n in 1...min(8, bytes.count) {
            if try match(.binary(Array(bytes.prefix(n))), frame) { return n }
        }
        return nil
    }
}
