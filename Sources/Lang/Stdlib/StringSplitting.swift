/// `String.split`, `trim` and `pad` functions.
extension StringModule {
    static func installSplitting(_ r: Registry) {
        r.native("String", "split", 1, doc: "Splits a string at runs of Unicode whitespace, dropping leading and trailing whitespace.") { c in
            let s = try c.string(0)
            return .strings(s.split(whereSeparator: isWhitespace).map { String($0) })
        }
        r.native("String", "split", 2, 3, doc: "Splits a string at each occurrence of a pattern (a string or a list of strings). Options: `parts:` the maximum number of parts, `trim:` drop empty parts. An empty pattern splits between graphemes.") { c in
            let bytes = try c.bytes(0)
            guard let pattern = BytePatterns(c[1]) else { throw c.noClause() }
            let trim = try c.option(2, "trim")?.isTruthy ?? false
            var parts: Int? = nil
            if let p = try c.option(2, "parts"), !p.isInfinity {
                guard case .int(let n) = p, n > 0 else { throw c.noClause() }
                parts = n
            }
            if pattern.containsEmpty && pattern.patterns.count == 1 {
                return .list(splitGraphemes(bytes, trim: trim, parts: parts))
            }
            return .list(splitBytes(bytes, pattern, trim: trim, parts: parts).map { Value.binary($0) })
        }
        r.native("String", "split_at", 2, doc: "Splits a string in two at a grapheme position; a negative position counts from the end.") { c in
            let s = try c.graphemes(0)
            let pos = try c.int(1)
            let at = pos < 0 ? max(s.count + pos, 0) : min(pos, s.count)
            return .tuple2(Graphemes.join(s[..<at]), Graphemes.join(s[at...]))
        }
    }

    /// Splitting with an empty pattern: one grapheme per part, between an empty first and
    /// last part unless trimmed; with `parts:`, the last part holds the rest.
    static func splitGraphemes(_ bytes: [UInt8], trim: Bool, parts: Int?) -> [Value] {
        var rest = Graphemes.split(bytes)[...]
        var count = parts ?? 0  // 0 never reaches 1: no limit
        var out: [[UInt8]] = []
        if !trim && count != 1 {
            out.append([])
            count -= 1
        }
        while true {
            if count == 1 || rest.isEmpty {
                if !(rest.isEmpty && trim) { out.append(Array(rest.joined())) }
                break
            }
            out.append(rest.removeFirst())
            count = rest.isEmpty ? 1 : count - 1
        }
        return out.map { Value.binary($0) }
    }

    static func splitBytes(_ bytes: [UInt8], _ pattern: BytePatterns, trim: Bool, parts: Int?) -> [[UInt8]] {
        guard let parts else {
            let all = pattern.split(bytes)
            return trim ? all.filter { !$0.isEmpty } : all
        }
        // With a parts limit, empty parts skipped by trim do not count against it.
        var out: [[UInt8]] = []
        var position = 0
        while out.count < parts - 1 {
            guard let m = pattern.firstMatch(in: bytes, from: position) else { break }
            let piece = Array(bytes[position..<m.start])
            position = m.start + m.length
            if trim && piece.isEmpty { continue }
            out.append(piece)
        }
        let rest = Array(bytes[position...])
        if !(trim && rest.isEmpty) { out.append(rest) }
        return out
    }

    // MARK: trimming and padding

    static func installTrimming(_ r: Registry) {
        for (name, leading, trailing) in [("trim", true, true), ("trim_leading", true, false), ("trim_trailing", false, true)] {
            let what = leading && trailing ? "both ends" : leading ? "the start" : "the end"
            r.native("String", name, 1, 2, doc: "Removes Unicode whitespace from \(what) of a string, or repeated occurrences of the given string.") { c in
                if c.arity == 2 {
                    return .binary(trimBytes(try c.bytes(0), try c.bytes(1), leading: leading, trailing: trailing))
                }
                var s = Substring(try c.string(0))
                if leading { s = s.drop(while: isWhitespace) }
                if trailing { while let l = s.last, isWhitespace(l) { s = s.dropLast() } }
                return .string(String(s))
            }
        }
        for (name, leading) in [("pad_leading", true), ("pad_trailing", false)] {
            r.native("String", name, 2, 3, doc: "Pads a string at \(leading ? "the start" : "the end") to a length in graphemes, repeating the padding string (a space by default).") { c in
                let s = try c.bytes(0)
                let target = try c.nonNegative(1)
                let padding = c.arity > 2 ? try c.graphemes(2) : [[0x20]]
                guard !padding.isEmpty else { throw c.noClause() }
                let missing = target - Graphemes.split(s).count
                guard missing > 0 else { return c[0] }
                let pad = Array((0..<missing).map { padding[$0 % padding.count] }.joined())
                return .binary(leading ? pad + s : s + pad)
            }
        }
    }

    static func trimBytes(_ bytes: [UInt8], _ cut: [UInt8], leading: Bool, trailing: Bool) -> [UInt8] {
        guard !cut.isEmpty else { return bytes }
        var start = 0, end = bytes.count
        if leading {
            while end - start >= cut.count && bytes[start..<(start + cut.count)].elementsEqual(cut) { start += cut.count }
        }
        if trailing {
            while end - start >= cut.count && bytes[(end - cut.count)..<end].elementsEqual(cut) { end -= cut.count }
        }
        return Array(bytes[start..<end])
    }
}
