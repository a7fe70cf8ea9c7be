import BigInt

/// The argument checks the String, Integer and Float modules add to `NativeCall`.
extension NativeCall {
    func bytes(_ i: Int) throws -> [UInt8] {
        guard case .binary(let b) = args[i] else { throw noClause() }
        return b
    }

    /// A binary argument as text (invalid UTF-8 becomes U+FFFD).
    func string(_ i: Int) throws -> String { String(decoding: try bytes(i), as: UTF8.self) }

    /// The graphemes of a binary argument, byte for byte (see `Graphemes.split`).
    func graphemes(_ i: Int) throws -> [[UInt8]] { Graphemes.split(try bytes(i)) }

    func integer(_ i: Int) throws -> BigInt {
        guard let v = args[i].bigIntValue else { throw noClause() }
        return v
    }

    func float(_ i: Int) throws -> Double {
        guard case .float(let f) = args[i] else { throw noClause() }
        return f
    }

    /// An optional trailing argument (default arguments of Elixir functions).
    func optional(_ i: Int) -> Value? { i < args.count ? args[i] : nil }

    /// The keyword-list option `key` of the argument at `i`, if given.
    func option(_ i: Int, _ key: String) throws -> Value? {
        guard let opts = optional(i) else { return nil }
        guard let pairs = opts.listElements else { throw noClause() }
        var found: Value? = nil
        for p in pairs {
            guard case .tuple(let kv) = p, kv.count == 2, case .atom = kv[0] else { throw noClause() }
            if case .atom(key) = kv[0], found == nil { found = kv[1] }
        }
        return found
    }
}

extension Value {
    static func tuple2(_ a: Value, _ b: Value) -> Value { .tuple([a, b]) }
    /// `:infinity`, the "no limit" of options such as `parts:`.
    var isInfinity: Bool { if case .atom("infinity") = self { return true }; return false }

    static func strings<S: Sequence>(_ items: S) -> Value where S.Element == String {
        .list(items.map { Value.string($0) })
    }
}

/// Graphemes as Elixir's String functions see a binary: extended grapheme clusters of its
/// valid UTF-8, and each invalid byte as a grapheme of its own (kept as it is, never
/// replaced by U+FFFD).
enum Graphemes {
    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var i = 0
        while i < bytes.count {
            var end = i
            while end < bytes.count, let (_, n) = StringEscape.decodeScalar(bytes, at: end) { end += n }
            if end > i {
                for g in String(decoding: bytes[i..<end], as: UTF8.self) { out.append(Array(String(g).utf8)) }
                i = end
            } else {
                out.append([bytes[i]])
                i += 1
            }
        }
        return out
    }

    static func join<S: Sequence>(_ graphemes: S) -> Value where S.Element == [UInt8] {
        .binary(Array(graphemes.joined()))
    }
}
