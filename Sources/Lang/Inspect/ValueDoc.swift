import BigInt

/// The document of each kind of value: Elixir 1.14's `Inspect` implementations for
/// numbers, atoms, binaries, lists, tuples, maps, structs, ranges, functions and references.
enum ValueDoc {
    static func doc(_ value: Value, _ o: InspectOptions) -> Doc {
        switch value {
        case .int(let i): return .text(o.base == .decimal ? String(i) : integerText(BigInt(i), o.base))
        case .bigint(let b): return .text(integerText(b, o.base))
        case .float(let f): return .text(FloatText.inspect(f))
        case .atom(let a): return .text(AtomText.literal(a))
        case .binary(let bytes): return binary(bytes, o)
        case .list: return list(value, o)
        case .tuple(let items):
            return ContainerDoc.doc("{", items, "}", o, breaks: .flex, entry: doc)
        case .map(let m): return map(m, o)
        case let .range(first, last, step): return range(first, last, step, o)
        case .function(let f): return .text(f.inspectText)
        case .tensor(let t):
            if let printer = Inspector.tensorInspector { return .multiline(printer(t, o)) }
            return .text("#Nx.Tensor<...>")
        case .ref(let r): return .text("#Reference<0.0.0.\(r)>")
        case .opaque(let x): return .multiline(x.inspectText)
        }
    }

    /// `Integer.to_string(n, base)` with the `0b`/`0o`/`0x` prefix after any sign.
    static func integerText(_ n: BigInt, _ base: InspectOptions.Base) -> String {
        guard base != .decimal else { return n.description }
        let digits = String(n.magnitude, radix: base.rawValue, uppercase: true)
        let prefix = base == .binary ? "0b" : base == .octal ? "0o" : "0x"
        return (n.sign == .minus ? "-" : "") + prefix + digits
    }

    // MARK: binaries

    static func binary(_ bytes: [UInt8], _ o: InspectOptions) -> Doc {
        // Any base other than decimal shows bytes, as Elixir's docs promise.
        let asString = o.base == .decimal && (o.binaries == .asStrings
            || (o.binaries == .infer && StringEscape.isPrintable(bytes, limit: o.printableLimit)))
        guard asString else { return bitstring(bytes, o) }
        let (escaped, truncated) = StringEscape.escape(bytes, quote: "\"", limit: o.printableLimit)
        return .text("\"" + escaped + "\"" + (truncated ? " <> ..." : ""))
    }

    /// `<<1, 2, 3>>`, with the `limit` counting bytes.
    private static func bitstring(_ bytes: [UInt8], _ o: InspectOptions) -> Doc {
        if bytes.isEmpty { return .text("<<>>") }
        var parts: [Doc] = []
        var counter = o.limit
        for (n, b) in bytes.enumerated() {
            if counter == 0 {
                parts.append(.text("..."))
                break
            }
            let text = integerText(BigInt(b), o.base)
            if n == bytes.count - 1 {
                parts.append(.text(text))
            } else {
                parts.append(.text(text + ","))
                parts.append(.breakable(" ", flex: true))
            }
            counter = counter.map { $0 - 1 }
        }
        return .group(.concat([.text("<<"), .nest(.concat(parts), 2), .text(">>")]))
    }

    // MARK: lists

    static func list(_ value: Value, _ o: InspectOptions) -> Doc {
        var items: [Value] = []
        var tail: Value? = nil
        var rest = value
        while case .list(let cell?) = rest {
            items.append(cell.head)
            rest = cell.tail
        }
        if case .list(nil) = rest {} else { tail = rest }
        if items.isEmpty && tail == nil { return .text("[]") }

        if tail == nil, let charlist = charlistText(items, o) { return .text(charlist) }
        if tail == nil, isKeyword(items) {
            return ContainerDoc.doc("[", items, "]", o, breaks: .strict, entry: keywordEntry)
        }
        return ContainerDoc.doc("[", items, tail: tail, "]", o, entry: doc)
    }

    /// `'abc'` when the list prints as a charlist (only printable ASCII, unless
    /// `charlists: :as_charlists`), else nil.
    private static func charlistText(_ items: [Value], _ o: InspectOptions) -> String? {
        switch o.charlists {
        case .asLists: return nil
        case .infer: guard StringEscape.isAsciiPrintable(items, limit: o.printableLimit) else { return nil }
        case .asCharlists: break
        }
        var bytes: [UInt8] = []
        for item in items {
            guard case .int(let c) = item, c >= 0, c <= 0x10FFFF,
                  let scalar = Unicode.Scalar(UInt32(c)) else { return nil }
            bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        let (escaped, truncated) = StringEscape.escape(bytes, quote: "'", limit: o.printableLimit)
        return "'" + escaped + "'" + (truncated ? " ++ ..." : "")
    }

    /// A proper list of `{atom, value}` pairs whose keys are not module aliases.
    static func isKeyword(_ items: [Value]) -> Bool {
        items.allSatisfy { item in
            guard case .tuple(let kv) = item, kv.count == 2, case .atom(let key) = kv[0] else { return false }
            return !key.hasPrefix("Elixir.")
        }
    }

    /// `key: value`
    static func keywordEntry(_ pair: Value, _ o: InspectOptions) -> Doc {
        guard case .tuple(let kv) = pair, kv.count == 2, case .atom(let key) = kv[0] else { return doc(pair, o) }
        return .concat([.text(AtomText.key(key)), .text(" "), doc(kv[1], o)])
    }

    // MARK: maps and structs

    static func map(_ m: MapValue, _ o: InspectOptions) -> Doc {
        if o.structs, let module = m.structName {
            let name = module.hasPrefix("Elixir.") ? String(module.dropFirst(7)) : module
            if let custom = Inspector.structInspectors[name] { return custom(m, o) }
            if let fields = structFields(m, module) {
                let entries = fields.map { Value.tuple([.atom($0), m[.atom($0)] ?? .nil]) }
                return ContainerDoc.doc("%" + AtomText.literal(module) + "{", entries, "}", o,
                                        breaks: .strict, entry: keywordEntry)
            }
        }
        return plainMap(m, o)
    }

    /// `%{a: 1}` when every key is an atom (not an alias), `%{"k" => v, :a => 1}` otherwise.
    static func plainMap(_ m: MapValue, _ o: InspectOptions) -> Doc {
        let pairs = m.pairs.map { Value.tuple([$0.0, $0.1]) }
        if isKeyword(pairs) {
            return ContainerDoc.doc("%{", pairs, "}", o, breaks: .strict, entry: keywordEntry)
        }
        return ContainerDoc.doc("%{", pairs, "}", o, breaks: .strict) { pair, inner in
            guard case .tuple(let kv) = pair else { return doc(pair, inner) }
            return .concat([doc(kv[0], inner), .text(" => "), doc(kv[1], inner)])
        }
    }

    /// The fields a struct prints, in declaration order when the module's fields are known;
    /// nil when the map is not a well-formed struct (it then prints as a plain map): its
    /// module is not an alias, is not defined, or its keys are not its struct's.
    private static func structFields(_ m: MapValue, _ module: String) -> [String]? {
        guard module.hasPrefix("Elixir.") else { return nil }
        var present: [String] = []
        for key in m.keys {
            guard case .atom(let k) = key else { return nil }
            if k != "__struct__" && k != "__exception__" { present.append(k) }
        }
        guard let lookup = Inspector.structFieldOrder else { return present }
        guard let declared = lookup(module) else {
            // Exceptions raised by the runtime itself have no user definition.
            return m[.atom("__exception__")]?.isTruthy == true ? present : nil
        }
        return Set(declared) == Set(present) && declared.count == present.count ? declared : nil
    }

    /// `1..10`, `1..10//3`, `5..1//-1` (a step is shown unless it is 1 on a non-empty range).
    static func range(_ first: Int, _ last: Int, _ step: Int, _ o: InspectOptions) -> Doc {
        guard o.structs else {
            return plainMap(Value.range(first: first, last: last, step: step).asMap, o)
        }
        let base = integerText(BigInt(first), o.base) + ".." + integerText(BigInt(last), o.base)
        if step == 1 && last >= first { return .text(base) }
        return .text(base + "//" + integerText(BigInt(step), o.base))
    }
}
