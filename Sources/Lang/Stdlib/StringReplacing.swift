/// `String` searching and replacing: `contains?`, `starts_with?`, `ends_with?`, `replace`
/// and the prefix/suffix/leading/trailing replacements. Patterns match bytes.
extension StringModule {
    static func installSearching(_ r: Registry) {
        r.native("String", "contains?", 2, doc: "True when the string contains the pattern, or any of a list of patterns.") { c in
            let bytes = try c.bytes(0)
            guard let p = BytePatterns(c[1]) else { throw c.noClause() }
            return .bool(p.containsEmpty || p.firstMatch(in: bytes) != nil)
        }
        r.native("String", "starts_with?", 2, doc: "True when the string starts with the prefix, or any of a list of prefixes.") { c in
            let bytes = try c.bytes(0)
            guard let p = BytePatterns(c[1]) else { throw c.noClause() }
            return .bool(p.matchesPrefix(bytes))
        }
        r.native("String", "ends_with?", 2, doc: "True when the string ends with the suffix, or any of a list of suffixes.") { c in
            let bytes = try c.bytes(0)
            guard let p = BytePatterns(c[1]) else { throw c.noClause() }
            return .bool(p.matchesSuffix(bytes))
        }
        r.define("String", "replace", arities: [3, 4], doc: "Replaces occurrences of a pattern (a string or list of strings) with a replacement string, or with what a function returns for each match; `global: false` replaces only the first.") { args, ctx in
            let c = NativeCall(module: "String", name: "replace", args: args, ctx: ctx)
            let bytes = try c.bytes(0)
            guard let pattern = BytePatterns(c[1]) else { throw c.noClause() }
            let global = try c.option(3, "global")?.isTruthy ?? true
            func replacement(_ match: [UInt8]) throws -> [UInt8] {
                switch c[2] {
                case .binary(let b): return b
                case .function: return try Inspector.toStringBytes(try ctx.call(c[2], [.binary(match)]))
                default: throw c.noClause()
                }
            }
            if pattern.containsEmpty && pattern.patterns.count == 1 {
                return .binary(try replaceEmpty(bytes, global: global, replacement))
            }
            var out: [UInt8] = []
            var position = 0
            while let m = pattern.firstMatch(in: bytes, from: position) {
                out += bytes[position..<m.start]
                out += try replacement(Array(bytes[m.start..<(m.start + m.length)]))
                position = m.start + m.length
                if !global { break }
            }
            out += bytes[position...]
            return .binary(out)
        }
    }

    static func installAffixes(_ r: Registry) {
        r.native("String", "replace_prefix", 3, doc: "Replaces the prefix `match` with `replacement` when the string starts with it; otherwise returns the string unchanged.") { c in
            let (bytes, match, replacement) = (try c.bytes(0), try c.bytes(1), try c.bytes(2))
            guard bytes.starts(with: match) else { return c[0] }
            return .binary(replacement + bytes[match.count...])
        }
        r.native("String", "replace_suffix", 3, doc: "Replaces the suffix `match` with `replacement` when the string ends with it; otherwise returns the string unchanged.") { c in
            let (bytes, match, replacement) = (try c.bytes(0), try c.bytes(1), try c.bytes(2))
            guard bytes.count >= match.count, bytes.suffix(match.count).elementsEqual(match) else { return c[0] }
            return .binary(Array(bytes.dropLast(match.count)) + replacement)
        }
        for (name, leading) in [("replace_leading", true), ("replace_trailing", false)] {
            r.native("String", name, 3, doc: "Replaces every \(leading ? "leading" : "trailing") occurrence of `match` with `replacement`.") { c in
                let (bytes, match, replacement) = (try c.bytes(0), try c.bytes(1), try c.bytes(2))
                guard !match.isEmpty else {
                    throw ElixirError.argument("cannot use an empty string as the match to replace")
                }
                let kept = trimBytes(bytes, match, leading: leading, trailing: !leading)
                let times = (bytes.count - kept.count) / match.count
                let repeated = Array((0..<times).map { _ in replacement }.joined())
                return .binary(leading ? repeated + kept : kept + repeated)
            }
        }
    }

    /// An empty pattern matches before every grapheme and at the end.
    static func replaceEmpty(_ bytes: [UInt8], global: Bool, _ replacement: ([UInt8]) throws -> [UInt8]) throws -> [UInt8] {
        guard global else { return try replacement([]) + bytes }
        var out = try replacement([])
        for g in Graphemes.split(bytes) {
            out += g
            out += try replacement([])
        }
        return out
    }
}
