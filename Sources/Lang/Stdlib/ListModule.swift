import BigInt

/// `List`: functions specific to linked lists (positional edits, key lists of tuples,
/// conversions of charlists).
enum ListModule {
    static func install(into r: Registry) {
        r.document(module: "List", "Functions for (linked) lists: positional updates, tuple-key lookups, flattening and charlist conversion.")
        installAccess(r)
        installEdits(r)
        installFolds(r)
        installKeyed(r)
        installConversions(r)
    }

    private static func installAccess(_ r: Registry) {
        r.native("List", "first", 1, 2, clauseArity: 2, doc: "The first element, or the default (nil) for an empty list.") { c in
            let items = try c.list(0)
            return items.first ?? (c.arity == 2 ? c[1] : .nil)
        }
        r.native("List", "last", 1, 2, clauseArity: 2, doc: "The last element, or the default (nil) for an empty list.") { c in
            let items = try c.list(0)
            return items.last ?? (c.arity == 2 ? c[1] : .nil)
        }
        r.native("List", "starts_with?", 2, doc: "True if the list begins with the prefix list.") { c in
            let items = try c.list(0), prefix = try c.list(1)
            guard prefix.count <= items.count else { return .false }
            return .bool(zip(items, prefix).allSatisfy { Value.strictlyEqual($0, $1) })
        }
        r.native("List", "duplicate", 2, doc: "A list of the element repeated n times.") { c in
            .list(Array(repeating: c[0], count: try c.nonNegative(1)))
        }
        r.native("List", "wrap", 1, doc: "nil becomes [], a list stays itself, anything else is wrapped in a list.") { c in
            if c[0].isNil { return .emptyList }
            if case .list = c[0] { return c[0] }
            return .list([c[0]])
        }
        r.native("List", "flatten", 1, 2, doc: "Flattens nested lists (onto a tail list, when given).") { c in
            var out: [Value] = []
            try flatten(c[0], into: &out, c)
            if c.arity == 2 { out += try c.list(1) }
            return .list(out)
        }
        r.native("List", "zip", 1, doc: "Tuples of corresponding elements of the lists, stopping at the shortest.") { c in
            let lists = try c.list(0)
            guard lists.allSatisfy({ $0.listElements != nil }) else { throw c.noClause() }
            var out: [Value] = []
            try EnumModule.forEachRow(lists, c.ctx) { out.append(.tuple($0)) }
            return .list(out)
        }
    }

    private static func flatten(_ v: Value, into out: inout [Value], _ c: NativeCall) throws {
        guard let items = v.listElements else { throw c.noClause() }
        for item in items {
            if case .list = item { try flatten(item, into: &out, c) } else { out.append(item) }
        }
    }

    /// A zero-based index into a list of `count`, counting from the end when negative.
    private static func position(_ index: Int, count: Int) -> Int? {
        let i = index < 0 ? count + index : index
        return (0..<count).contains(i) ? i : nil
    }

    private static func installEdits(_ r: Registry) {
        r.native("List", "delete", 2, doc: "Removes the first element equal (===) to the given one.") { c in
            var items = try c.list(0)
            if let i = items.firstIndex(where: { Value.strictlyEqual($0, c[1]) }) { items.remove(at: i) }
            return .list(items)
        }
        r.native("List", "delete_at", 2, doc: "Removes the element at an index (negative counts from the end); out of range leaves the list as is.") { c in
            var items = try c.list(0)
            if let i = position(try c.int(1), count: items.count) { items.remove(at: i) }
            return .list(items)
        }
        r.native("List", "insert_at", 3, doc: "Inserts a value at an index; -1 appends, indices past the end append.") { c in
            var items = try c.list(0)
            let index = try c.int(1)
            let at = index < 0 ? max(items.count + index + 1, 0) : min(index, items.count)
            items.insert(c[2], at: at)
            return .list(items)
        }
        r.native("List", "replace_at", 3, doc: "Replaces the element at an index (negative counts from the end).") { c in
            var items = try c.list(0)
            if let i = position(try c.int(1), count: items.count) { items[i] = c[2] }
            return .list(items)
        }
        r.native("List", "update_at", 3, doc: "Replaces the element at an index with the function's result.") { c in
            var items = try c.list(0)
            let fn = try c.function(2, arity: 1)
            if let i = position(try c.int(1), count: items.count) { items[i] = try c.call(fn, items[i]) }
            return .list(items)
        }
        r.native("List", "pop_at", 2, 3, clauseArity: 3, doc: "{element at index (or the default), the list without it}.") { c in
            var items = try c.list(0)
            guard let i = position(try c.int(1), count: items.count) else {
                return .tuple([c.arity == 3 ? c[2] : .nil, c[0]])
            }
            let v = items.remove(at: i)
            return .tuple([v, .list(items)])
        }
    }

    private static func installFolds(_ r: Registry) {
        r.native("List", "foldl", 3, doc: "Folds from the left: fn element, acc -> acc end.") { c in
            let fn = try c.function(2, arity: 2)
            var acc = c[1]
            for x in try c.list(0) { acc = try c.ctx.call(fn, [x, acc]) }
            return acc
        }
        r.native("List", "foldr", 3, doc: "Folds from the right: fn element, acc -> acc end.") { c in
            let fn = try c.function(2, arity: 2)
            var acc = c[1]
            for x in try c.list(0).reversed() { acc = try c.ctx.call(fn, [x, acc]) }
            return acc
        }
    }

    // MARK: - Lists of tuples looked up by the element at a position

    private static func keyIndex(_ items: [Value], _ key: Value, _ pos: Int) -> Int? {
        items.firstIndex { item in
            if case .tuple(let t) = item, pos < t.count { return Value.looselyEqual(t[pos], key) }
            return false
        }
    }

    private static func installKeyed(_ r: Registry) {
        r.native("List", "keyfind", 3, 4, clauseArity: 4, doc: "The first tuple whose element at position equals (==) the key, else the default (nil).") { c in
            let items = try c.list(0), pos = try c.nonNegative(2)
            return keyIndex(items, c[1], pos).map { items[$0] } ?? (c.arity == 4 ? c[3] : .nil)
        }
        r.native("List", "keymember?", 3, doc: "True if some tuple's element at position equals (==) the key.") { c in
            .bool(keyIndex(try c.list(0), c[1], try c.nonNegative(2)) != nil)
        }
        r.native("List", "keydelete", 3, doc: "Removes the first tuple whose element at position equals (==) the key.") { c in
            var items = try c.list(0)
            if let i = keyIndex(items, c[1], try c.nonNegative(2)) { items.remove(at: i) }
            return .list(items)
        }
        r.native("List", "keyreplace", 4, doc: "Replaces the first tuple whose element at position equals (==) the key.") { c in
            var items = try c.list(0)
            if let i = keyIndex(items, c[1], try c.nonNegative(2)) { items[i] = c[3] }
            return .list(items)
        }
        r.native("List", "keystore", 4, doc: "Replaces the first tuple with the key at position, or appends the new tuple.") { c in
            var items = try c.list(0)
            if let i = keyIndex(items, c[1], try c.nonNegative(2)) { items[i] = c[3] } else { items.append(c[3]) }
            return .list(items)
        }
        r.native("List", "keytake", 3, doc: "{tuple, rest} for the first tuple with the key at position, or nil.") { c in
            var items = try c.list(0)
            guard let i = keyIndex(items, c[1], try c.nonNegative(2)) else { return .nil }
            let t = items.remove(at: i)
            return .tuple([t, .list(items)])
        }
        r.native("List", "keysort", 2, 3, doc: "Sorts tuples by their element at position (stable).") { c in
            let pos = try c.nonNegative(1)
            let before = c.arity == 3 ? try Sorting.predicate(c[2], c) : Sorting.ascending
            let items = try c.list(0)
            for item in items {
                guard case .tuple(let t) = item, pos < t.count else { throw c.noClause() }
            }
            return .list(try Sorting.sort(items) { a, b in
                guard case .tuple(let x) = a, case .tuple(let y) = b else { return true }
                return try before(x[pos], y[pos])
            })
        }
    }

    // MARK: - Conversions

    private static func installConversions(_ r: Registry) {
        r.native("List", "to_tuple", 1, doc: "A tuple of the list's elements.") { c in
            guard let items = c[0].listElements else { throw Errors.badArgument(position: 1, "not a list") }
            return .tuple(items)
        }
        r.native("List", "to_string", 1, doc: "The binary of chardata: code points, strings and nested lists of them.") { c in
            .binary(try Chardata.toBinary(c[0]))
        }
        r.native("List", "to_charlist", 1, doc: "A flat list of code points from chardata.") { c in
            let text = String(decoding: try Chardata.toBinary(c[0]), as: UTF8.self)
            return .list(text.unicodeScalars.map { Value.int(Int($0.value)) })
        }
        r.native("List", "to_atom", 1, doc: "The atom whose name is the charlist.") { c in
            .atom(try charlistText(c))
        }
        r.native("List", "to_existing_atom", 1, doc: "The atom whose name is the charlist.") { c in
            .atom(try charlistText(c))
        }
        r.native("List", "to_integer", 1, 2, doc: "Parses a charlist as an integer (in a base from 2 to 36, default 10).") { c in
            let base = c.arity == 2 ? try c.int(1) : 10
            guard (2...36).contains(base) else { throw Errors.badArgument(position: 2, "not an integer in the range 2 through 36") }
            let text = try charlistText(c)
            let digits = text.hasPrefix("+") ? String(text.dropFirst()) : text
            guard !digits.isEmpty, !digits.hasPrefix("+"), let n = BigInt(digits, radix: base) else {
                throw Errors.badArgument(position: 1, "not a textual representation of an integer")
            }
            return .integer(n)
        }
        r.native("List", "to_float", 1, doc: "Parses a charlist as a float (digits, a dot, digits, optional exponent).") { c in
            let text = try charlistText(c)
            guard isErlangFloat(text), let f = Double(text), f.isFinite else {
                throw Errors.badArgument(position: 1, "not a textual representation of a float")
            }
            return .float(f)
        }
        r.native("List", "improper?", 1, doc: "True for a list whose last tail is not [].") { c in
            guard case .list = c[0] else { throw c.noClause() }
            return .bool(c[0].listElements == nil)
        }
        r.native("List", "ascii_printable?", 1, 2, doc: "True if every element is a printable ASCII code point.") { c in
            let items = try c.list(0)
            let limit = c.arity == 2 ? try c.nonNegative(1) : Int.max
            return .bool(items.prefix(limit).allSatisfy {
                if case .int(let i) = $0 { return (32...126).contains(i) || [7, 8, 9, 10, 11, 12, 13, 27].contains(i) }
                return false
            })
        }
    }

    /// The text of a charlist argument (Erlang's BIFs reject anything else with badarg).
    private static func charlistText(_ c: NativeCall) throws -> String {
        guard let items = c[0].listElements else { throw Errors.badArgument(position: 1, "not a list") }
        var scalars = String.UnicodeScalarView()
        for item in items {
            guard case .int(let i) = item, i >= 0, let s = Unicode.Scalar(UInt32(clamping: i)) else {
                throw Errors.badArgument(position: 1, "not a list of characters")
            }
            scalars.append(s)
        }
        return String(scalars)
    }

    /// Erlang's float syntax: an optional sign, digits, a dot, digits, an optional exponent.
    static func isErlangFloat(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "+" || s.first == "-" { s = s.dropFirst() }
        let intPart = s.prefix { $0.isASCII && $0.isNumber }
        guard !intPart.isEmpty else { return false }
        s = s.dropFirst(intPart.count)
        guard s.first == "." else { return false }
        s = s.dropFirst()
        let frac = s.prefix { $0.isASCII && $0.isNumber }
        guard !frac.isEmpty else { return false }
        s = s.dropFirst(frac.count)
        if s.isEmpty { return true }
        guard s.first == "e" || s.first == "E" else { return false }
        s = s.dropFirst()
        if s.first == "+" || s.first == "-" { s = s.dropFirst() }
        return !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
