/// The dotted name that ends at (or surrounds) a cursor, as completion and `h` see it:
/// `Enum.ma`, `Nx.`, `:math.s`, `@mod`, `my_var`. Positions are in Unicode scalars.
struct NameAtCursor: Equatable {
    enum Sigil: Equatable {
        case none
        /// `:name` — an Erlang module such as `:math`.
        case colon
        /// `@name` — a module attribute.
        case at
    }

    var sigil: Sigil
    /// The dot-separated parts before the last one (`["Nx", "Defn"]` for `Nx.Defn.gr`).
    var qualifier: [String]
    /// The part being typed; empty right after a dot.
    var last: String
    /// Where `last` starts and ends in the code.
    var start: Int
    var end: Int

    /// The name that ends exactly at `cursor` (what completion extends); nil when the text
    /// before the cursor is not a name (a number, an operator, `foo().ba`...).
    static func ending(at cursor: Int, in scalars: [Unicode.Scalar]) -> NameAtCursor? {
        let end = min(max(cursor, 0), scalars.count)
        var i = end
        // `?` and `!` may only close a name (`empty?`, `fetch!`).
        if i >= 2, scalars[i - 1] == "?" || scalars[i - 1] == "!", isNameScalar(scalars[i - 2]) { i -= 1 }
        while i > 0 {
            let c = scalars[i - 1]
            if isNameScalar(c) { i -= 1; continue }
            // A dot joins parts, but `..` is a range and never part of a name.
            if c == ".", !(i >= 2 && scalars[i - 2] == "."), !(end - i >= 1 && scalars[i] == ".") {
                i -= 1
                continue
            }
            break
        }
        var sigil = Sigil.none
        if i > 0, scalars[i - 1] == "@" {
            sigil = .at
        } else if i > 0, scalars[i - 1] == ":",
                  !(i >= 2 && (scalars[i - 2] == ":" || isNameScalar(scalars[i - 2]))) {
            sigil = .colon
        }
        let text = String(String.UnicodeScalarView(scalars[i..<end]))
        var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let last = parts.removeLast()
        // Every qualifying part must be a whole name (`.ba` after a call has none).
        guard parts.allSatisfy({ !$0.isEmpty && !startsWithDigit($0) }), !startsWithDigit(last) else {
            return nil
        }
        if sigil == .none, parts.isEmpty, last.isEmpty { return nil }
        return NameAtCursor(sigil: sigil, qualifier: parts, last: last,
                            start: end - last.unicodeScalars.count, end: end)
    }

    /// The whole name under `cursor`: the name ending there, extended forward to the end of
    /// its last part. When the cursor sits just after `name(`, that name.
    static func around(_ cursor: Int, in scalars: [Unicode.Scalar]) -> NameAtCursor? {
        var end = min(max(cursor, 0), scalars.count)
        while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
        if end < scalars.count, scalars[end] == "?" || scalars[end] == "!" { end += 1 }
        if let name = ending(at: end, in: scalars), !name.last.isEmpty { return name }
        var before = min(max(cursor, 0), scalars.count)
        while before > 0, scalars[before - 1] == " " { before -= 1 }
        if before > 0, scalars[before - 1] == "(" { return ending(at: before - 1, in: scalars) }
        return nil
    }

    /// The module the qualifier names, spelled as the registry keys it: `Nx.Defn`, `:math`.
    var module: String? {
        guard !qualifier.isEmpty else { return nil }
        let path = qualifier.joined(separator: ".")
        switch sigil {
        case .colon: return qualifier.count == 1 ? ":" + path : nil
        case .at: return nil
        case .none: return qualifier.allSatisfy(isAlias) ? path : nil
        }
    }

    static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isXIDContinue
    }
}

/// An alias part: starts with an uppercase letter (`Nx`, `Defn`).
func isAlias(_ part: String) -> Bool {
    part.unicodeScalars.first?.properties.isUppercase ?? false
}

private func startsWithDigit(_ part: String) -> Bool {
    part.unicodeScalars.first?.properties.numericType != nil
}
