import BigInt
import NxCore

/// Erlang's external term format (`:erlang.term_to_binary` / `binary_to_term`) for the terms
/// Nx.serialize writes: integers, atoms, binaries, tuples, lists and maps.
enum ExternalTermFormat {
    static func encode(_ v: Value) throws -> [UInt8] {
        var out: [UInt8] = [131]
        try write(v, &out)
        return out
    }

    static func write(_ v: Value, _ out: inout [UInt8]) throws {
        switch v {
        case .int(let i) where i >= 0 && i < 256:
            out += [97, UInt8(i)]
        case .int(let i) where i >= Int(Int32.min) && i <= Int(Int32.max):
            out.append(98)
            out += bigEndian(UInt64(UInt32(bitPattern: Int32(i))), bytes: 4)
        case .int(let i):
            // SMALL_BIG_EXT: sign byte, then the magnitude's bytes, least significant first.
            var magnitude = i.magnitude
            var digits: [UInt8] = []
            while magnitude > 0 { digits.append(UInt8(magnitude & 0xff)); magnitude >>= 8 }
            out += [110, UInt8(digits.count), i < 0 ? 1 : 0] + digits
        case .atom(let a):
            let bytes = Array(a.utf8)
            if bytes.count < 256 { out += [119, UInt8(bytes.count)] + bytes } else {
                out.append(118)
                out += bigEndian(UInt64(bytes.count), bytes: 2) + bytes
            }
        case .binary(let bytes):
            out.append(109)
            out += bigEndian(UInt64(bytes.count), bytes: 4) + bytes
        case .tuple(let items):
            if items.count < 256 { out += [104, UInt8(items.count)] } else {
                out.append(105)
                out += bigEndian(UInt64(items.count), bytes: 4)
            }
            for item in items { try write(item, &out) }
        case .list:
            let items = v.listElements ?? []
            if items.isEmpty { out.append(106); return }
            out.append(108)
            out += bigEndian(UInt64(items.count), bytes: 4)
            for item in items { try write(item, &out) }
            out.append(106)
        case .map(let m):
            out.append(116)
            out += bigEndian(UInt64(m.count), bytes: 4)
            for (k, value) in m.pairs {
                try write(k, &out)
                try write(value, &out)
            }
        default:
            throw ElixirError.argument("cannot serialize \(Inspector.inspect(v))")
        }
    }

    static func bigEndian(_ n: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).reversed().map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) }
    }

    /// Reads one term from `bytes` (which start with the version byte 131).
    static func decode(_ bytes: [UInt8]) throws -> Value {
        var reader = Reader(bytes: bytes, at: 0)
        guard try reader.byte() == 131 else { throw bad() }
        if bytes.count > 1 && bytes[1] == 80 {
            throw NxError.notImplemented("reading compressed external terms (Nx.serialize with :compressed)")
        }
        return try reader.term()
    }

    static func bad() -> ElixirError { ElixirError.argument("errors were found at the given arguments:\n\n  * 1st argument: invalid external representation of a term\n") }

    struct Reader {
        let bytes: [UInt8]
        var at: Int

        mutating func byte() throws -> UInt8 {
            guard at < bytes.count else { throw bad() }
            defer { at += 1 }
            return bytes[at]
        }

        mutating func unsigned(_ n: Int) throws -> Int {
            var v = 0
            for _ in 0..<n { v = v << 8 | Int(try byte()) }
            return v
        }

        mutating func take(_ n: Int) throws -> [UInt8] {
            guard n >= 0, at + n <= bytes.count else { throw bad() }
            defer { at += n }
            return Array(bytes[at..<at + n])
        }

        mutating func term() throws -> Value {
            switch try byte() {
            case 97: return .int(Int(try byte()))
            case 98: return .int(Int(Int32(truncatingIfNeeded: try unsigned(4))))
            case 110, 111:
                let count = bytes[at - 1] == 110 ? Int(try byte()) : try unsigned(4)
                let negative = try byte() == 1
                var magnitude = BigInt(0)
                for (i, d) in try take(count).enumerated() { magnitude += BigInt(d) << (8 * i) }
                let value = negative ? -magnitude : magnitude
                if let small = Int(exactly: value) { return .int(small) }
                return .bigint(value)
            case 119, 115: return .atom(String(decoding: try take(Int(try byte())), as: UTF8.self))
            case 118, 100: return .atom(String(decoding: try take(try unsigned(2)), as: UTF8.self))
            case 109: return .binary(try take(try unsigned(4)))
            case 104: return .tuple(try (0..<Int(try byte())).map { _ in try term() })
            case 105: return .tuple(try (0..<(try unsigned(4))).map { _ in try term() })
            case 106: return .emptyList
            case 108:
                let items = try (0..<(try unsigned(4))).map { _ in try term() }
                let tail = try term()
                return .list(items, tail: tail)
            case 116:
                let pairs = try (0..<(try unsigned(4))).map { _ in (try term(), try term()) }
                return .map(MapValue(pairs))
            case 70:
                let bits = UInt64(try unsigned(4)) << 32 | UInt64(try unsigned(4))
                return .float(Double(bitPattern: bits))
            default: throw bad()
            }
        }
    }
}
