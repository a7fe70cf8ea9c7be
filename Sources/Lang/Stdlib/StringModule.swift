/// Elixir's `String` module over UTF-8 binaries. Lengths, slices and padding count
/// graphemes (Swift's `Character` is the same extended grapheme cluster); pattern
/// functions (split, replace, contains?...) match bytes, as Elixir's do.
enum StringModule {
    static func install(into r: Registry) {
        r.document(module: "String", "Functions for UTF-8 strings: graphemes and code points, case, splitting and trimming, slicing, padding, searching and replacing, and conversion to numbers and atoms.")
        installMeasuring(r)
        installCase(r)
        installSplitting(r)
        installTrimming(r)
        installSlicing(r)
        installSearching(r)
        installAffixes(r)
        installConverting(r)
    }

    /// Unicode whitespace as `String.split/1` and `String.trim/1` see it (non-breaking spaces excluded).
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0x85, 0x1680, 0x2000...0x2006, 0x2008...0x200A, 0x2028, 0x2029, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    static func isWhitespace(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy(isWhitespace) }

    // MARK: measuring

    private static func installMeasuring(_ r: Registry) {
        r.native("String", "length", 1, doc: "The number of graphemes (user-perceived characters) in a string.") { c in
            .int(try c.graphemes(0).count)
        }
        r.native("String", "graphemes", 1, doc: "The graphemes of a string, as a list of strings.") { c in
            .list(try c.graphemes(0).map { Value.binary($0) })
        }
        r.native("String", "codepoints", 1, doc: "The code points of a string, each as a string.") { c in
            .strings(try c.string(0).unicodeScalars.map { String($0) })
        }
        r.native("String", "next_grapheme", 1, doc: "Splits off the first grapheme: `{grapheme, rest}`, or nil for an empty string.") { c in
            let graphemes = try c.graphemes(0)
            guard let first = graphemes.first else { return .nil }
            return .tuple2(.binary(first), Graphemes.join(graphemes.dropFirst()))
        }
        r.native("String", "next_codepoint", 1, doc: "Splits off the first code point: `{codepoint, rest}`, or nil for an empty string.") { c in
            let text = try c.string(0)
            guard let first = text.unicodeScalars.first else { return .nil }
            return .tuple2(.string(String(first)), .string(String(text.unicodeScalars.dropFirst())))
        }
        r.native("String", "printable?", 1, 2, doc: "True when every character is printable (control characters other than the usual escapes are not); with a limit, only that many characters are checked.") { c in
            var limit: Int? = nil
            if let l = c.optional(1), !l.isInfinity {
                guard case .int(let n) = l, n >= 0 else { throw c.noClause() }
                limit = n
            }
            return .bool(StringEscape.isPrintable(try c.bytes(0), limit: limit))
        }
        r.native("String", "valid?", 1, doc: "True when the binary is well-formed UTF-8.") { c in
            let bytes = try c.bytes(0)
            var i = 0
            while i < bytes.count {
                guard let (_, n) = StringEscape.decodeScalar(bytes, at: i) else { return .false }
                i += n
            }
            return .true
        }
        r.native("String", "equivalent?", 2, doc: "True when the two strings are canonically equivalent (the same text after Unicode normalization).") { c in
            .bool(try c.string(0) == c.string(1))
        }
        r.native("String", "jaro_distance", 2, doc: "The Jaro similarity of two strings, from 0.0 (nothing in common) to 1.0 (equal), over graphemes.") { c in
            .float(jaro(Array(try c.string(0)), Array(try c.string(1))))
        }
    }

    // MARK: case

    private static func installCase(_ r: Registry) {
        r.native("String", "upcase", 1, 2, doc: "The string in uppercase, with Unicode's full case mapping (`ß` becomes `SS`); `:ascii` mode changes only a-z.") { c in
            .string(try ascii(c) ? asciiMap(try c.string(0), upper: true) : c.string(0).uppercased())
        }
        r.native("String", "downcase", 1, 2, doc: "The string in lowercase, with Unicode's full case mapping; `:ascii` mode changes only A-Z.") { c in
            .string(try ascii(c) ? asciiMap(try c.string(0), upper: false) : c.string(0).lowercased())
        }
        r.native("String", "capitalize", 1, 2, doc: "The first grapheme in title case and the rest in lowercase.") { c in
            let s = try c.string(0)
            guard let first = s.first else { return .string("") }
            let rest = s.dropFirst()
            if try ascii(c) { return .string(asciiMap(String(first), upper: true) + asciiMap(String(rest), upper: false)) }
            return .string(titlecase(first) + rest.lowercased())
        }
    }

    private static func ascii(_ c: NativeCall) throws -> Bool {
        guard let mode = c.optional(1) else { return false }
        switch mode {
        case .atom("ascii"): return true
        case .atom("default"), .atom("greek"), .atom("turkic"): return false
        default: throw c.noClause()
        }
    }

    private static func asciiMap(_ s: String, upper: Bool) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { u in
            if upper, u.value >= 97, u.value <= 122 { return Unicode.Scalar(u.value - 32)! }
            if !upper, u.value >= 65, u.value <= 90 { return Unicode.Scalar(u.value + 32)! }
            return u
        }))
    }

    private static func titlecase(_ c: Character) -> String {
        var scalars = c.unicodeScalars.makeIterator()
        guard let head = scalars.next() else { return "" }
        var out = head.properties.titlecaseMapping
        while let s = scalars.next() { out += s.properties.lowercaseMapping }
        return out
    }

    // MARK: slicing

    private static func installSlicing(_ r: Registry) {
        r.native("String", "slice", 2, 3, doc: "A part of a string by grapheme positions: `slice(s, start, length)` or `slice(s, first..last//step)`; negative positions count from the end.") { c in
            let s = try c.graphemes(0)
            if c.arity == 3 {
                let start = try c.int(1), length = try c.nonNegative(2)
                let from = start < 0 ? s.count + start : start
                guard from >= 0, from < s.count, length > 0 else { return .string("") }
                return Graphemes.join(s[from..<(from + min(length, s.count - from))])
            }
            guard case let .range(first, last, step) = c[1] else { throw c.noClause() }
            guard step > 0 || (step == -1 && first > last) else {
                throw ElixirError.argument("String.slice/2 does not accept ranges with negative steps, got: \(Inspector.inspect(c[1]))")
            }
            let stride = max(step, 1)
            let from = first < 0 ? max(s.count + first, 0) : first
            let to = min(last < 0 ? s.count + last : last, s.count - 1)
            guard from < s.count, to >= from else { return .string("") }
            return Graphemes.join(Swift.stride(from: from, through: to, by: stride).map { s[$0] })
        }
        r.native("String", "at", 2, doc: "The grapheme at a position (negative counts from the end), or nil when out of range.") { c in
            let s = try c.graphemes(0)
            let i = try c.int(1)
            let at = i < 0 ? s.count + i : i
            return s.indices.contains(at) ? .binary(s[at]) : .nil
        }
        r.native("String", "first", 1, doc: "The first grapheme of a string, or nil when it is empty.") { c in
            try c.graphemes(0).first.map { Value.binary($0) } ?? .nil
        }
        r.native("String", "last", 1, doc: "The last grapheme of a string, or nil when it is empty.") { c in
            try c.graphemes(0).last.map { Value.binary($0) } ?? .nil
        }
        r.native("String", "reverse", 1, doc: "The graphemes of a string in reverse order.") { c in
            Graphemes.join(try c.graphemes(0).reversed())
        }
        r.native("String", "duplicate", 2, doc: "A string repeated a number of times.") { c in
            let bytes = try c.bytes(0)
            let n = try c.nonNegative(1)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count * n)
            for _ in 0..<n { out.append(contentsOf: bytes) }
            return .binary(out)
        }
    }

    // MARK: converting

    private static func installConverting(_ r: Registry) {
        r.native("String", "to_integer", 1, 2, doc: "The integer a whole string spells, in an optional base from 2 to 36; raises ArgumentError for anything else.") { c in
            let bytes = try c.bytes(0)
            var base = 10
            if let b = c.optional(1) {
                guard case .int(let n) = b, (2...36).contains(n) else {
                    throw Errors.badArgument(position: 2, "not an integer in the range 2 through 36")
                }
                base = n
            }
            guard let (n, used) = IntegerModule.leadingInteger(bytes, base: base), used == bytes.count else {
                throw Errors.badArgument(position: 1, "not a textual representation of an integer")
            }
            return .integer(n)
        }
        r.native("String", "to_float", 1, doc: "The float a whole string spells (digits, a dot and digits, an optional exponent); raises ArgumentError for anything else.") { c in
            let bytes = try c.bytes(0)
            guard let f = erlangFloat(bytes) else {
                throw Errors.badArgument(position: 1, "not a textual representation of a float")
            }
            return .float(f)
        }
        r.native("String", "to_atom", 1, doc: "The atom with this name.") { c in
            .atom(try c.string(0))
        }
        r.native("String", "to_existing_atom", 1, doc: "The atom with this name (every atom is treated as existing).") { c in
            .atom(try c.string(0))
        }
        r.document(module: "String.Chars", "The protocol behind `to_string/1` and string interpolation: strings, atoms, numbers and charlists convert to text.")
        r.native("String.Chars", "to_string", 1, doc: "The value as text: binaries as they are, atoms by name, numbers in decimal (floats shortest), charlists and iodata flattened; other values raise Protocol.UndefinedError.") { c in
            .binary(try Inspector.toStringBytes(c[0]))
        }
        r.native("String", "to_charlist", 1, doc: "The code points of a string as a list of integers.") { c in
            .list(try c.string(0).unicodeScalars.map { Value.int(Int($0.value)) })
        }
    }

    /// Erlang's `binary_to_float/1` syntax: `[+-]digits.digits[(e|E)[+-]digits]`.
    static func erlangFloat(_ bytes: [UInt8]) -> Double? {
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 48 && bytes[i] <= 57 }
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        guard isDigit(i) else { return nil }
        while isDigit(i) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "."), isDigit(i + 1) else { return nil }
        i += 1
        while isDigit(i) { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            guard isDigit(i) else { return nil }
            while isDigit(i) { i += 1 }
        }
        guard i == bytes.count, let f = Double(String(decoding: bytes, as: UTF8.self)), f.isFinite else { return nil }
        return f
    }

    /// Jaro similarity over graphemes.
    static func jaro(_ a: [Character], _ b: [Character]) -> Double {
        if a == b { return 1.0 }
        if a.isEmpty || b.isEmpty { return 0.0 }
        let window = max(max(a.count, b.count) / 2 - 1, 0)
        var matchedB = [Bool](repeating: false, count: b.count)
        var matchesA: [Character] = []
        for (i, ch) in a.enumerated() {
            let lo = max(0, i - window), hi = min(b.count - 1, i + window)
            guard lo <= hi else { continue }
            for j in lo...hi where !matchedB[j] && b[j] == ch {
                matchedB[j] = true
                matchesA.append(ch)
                break
            }
        }
        let m = Double(matchesA.count)
        if m == 0 { return 0.0 }
        let matchesB = b.indices.filter { matchedB[$0] }.map { b[$0] }
        let transpositions = Double(zip(matchesA, matchesB).filter { $0 != $1 }.count) / 2
        return (m / Double(a.count) + m / Double(b.count) + (m - transpositions) / m) / 3
    }
}
