/// Patterns: each compiles to a `Match` that tests a value and binds variables to slots.
/// A name bound twice in one pattern must see equal values (`{x, x} = {1, 1}`).
extension Compiler {
    func compilePattern(_ node: Node) throws -> Match {
        try compilePatterns([node])[0]
    }

    /// Several patterns that share bindings (the parameters of one clause).
    func compilePatterns(_ nodes: [Node]) throws -> [Match] {
        var bound: [String: Int] = [:]
        let matches = try nodes.map { try pattern($0, &bound) }
        for (name, slot) in bound { scope.vars[name] = slot }
        return matches
    }

    func compileGuard(_ node: Node) throws -> Eval {
        try compile(node)
    }

    private func pattern(_ node: Node, _ bound: inout [String: Int]) throws -> Match {
        switch node {
        case .literal(let v, _):
            if case .int(let i) = v {
                return { x, _ in if case .int(let j) = x { return i == j }; return false }
            }
            if case .atom(let a) = v {
                return { x, _ in if case .atom(let b) = x { return a == b }; return false }
            }
            return { x, _ in Value.strictlyEqual(x, v) }
        case .alias(let parts, _):
            let atom = Value.module(resolveAlias(parts))
            return { x, _ in Value.strictlyEqual(x, atom) }
        case .variable(let name, let line):
            if name == "_" { return { _, _ in true } }
            if let slot = bound[name] {
                return { x, f in Value.strictlyEqual(f[slot], x) }
            }
            let slot = scope.newSlot()
            bound[name] = slot
            return { x, f in f[slot] = x; return true }
        case .unary("^", .variable(let name, _), let line):
            guard let slot = scope.lookup(name) else {
                throw compileError(line, "undefined variable ^\(name)")
            }
            return { x, f in Value.strictlyEqual(f[slot], x) }
        case .list(let items, let tail, _):
            let heads = try items.map { try pattern($0, &bound) }
            let tailMatch = try tail.map { try pattern($0, &bound) }
            return { x, f in
                var current = x
                for h in heads {
                    guard case .list(let cell?) = current, try h(cell.head, f) else { return false }
                    current = cell.tail
                }
                if let t = tailMatch { return try t(current, f) }
                if case .list(nil) = current { return true }
                return false
            }
        case .tuple(let items, _):
            let ms = try items.map { try pattern($0, &bound) }
            let n = ms.count
            return { x, f in
                guard case .tuple(let values) = x, values.count == n else { return false }
                for i in 0..<n where !(try ms[i](values[i], f)) { return false }
                return true
            }
        case .map(let pairs, nil, _):
            let entries = try pairs.map { (try patternKey($0.0), try pattern($0.1, &bound)) }
            return { x, f in
                guard let m = x.mapFields else { return false }
                for (key, valueMatch) in entries {
                    guard let v = m[try key(f)], try valueMatch(v, f) else { return false }
                }
                return true
            }
        case .structure(let moduleNode, let fields, nil, let line):
            // Tests the `__struct__` field of the value's fields.
            let nameMatch: (MapValue, Frame) throws -> Bool
            if case .variable(let n, _) = moduleNode {
                let inner = try pattern(.variable(n, line: line), &bound)
                nameMatch = { m, f in
                    guard let s = m[.atom("__struct__")] else { return false }
                    return try inner(s, f)
                }
            } else {
                let name = "Elixir." + (try structModule(moduleNode, line: line))
                nameMatch = { m, _ in m.structName == name }
            }
            let entries = try fields.map { (try patternKey($0.0), try pattern($0.1, &bound)) }
            return { x, f in
                guard let m = x.mapFields, try nameMatch(m, f) else { return false }
                for (key, valueMatch) in entries {
                    guard let v = m[try key(f)], try valueMatch(v, f) else { return false }
                }
                return true
            }
        case .binary("=", let a, let b, _):
            let ma = try pattern(a, &bound), mb = try pattern(b, &bound)
            return { x, f in try ma(x, f) && mb(x, f) }
        case .binary("<>", .literal(.binary(let prefix), _), let rest, _):
            let restMatch = try pattern(rest, &bound)
            let n = prefix.count
            return { x, f in
                guard case .binary(let bytes) = x, bytes.count >= n, bytes[0..<n].elementsEqual(prefix) else { return false }
                return try restMatch(.binary(Array(bytes[n...])), f)
            }
        case .binary("++", .list(let items, nil, let l), let rest, _):
            return try pattern(.list(items, tail: rest, line: l), &bound)
        case .bitstring(let segments, let line):
            return try bitstringPattern(segments, line: line, &bound)
        case .call("__MODULE__", let a, _) where a.isEmpty:
            let v: Value = module.map { .module($0.name) } ?? .nil
            return { x, _ in Value.strictlyEqual(x, v) }
        case .range(let a, let b, let s, _):
            let first = try pattern(a, &bound), last = try pattern(b, &bound)
            let step = try s.map { try pattern($0, &bound) }
            return { x, f in
                guard case let .range(i, j, k) = x else { return false }
                return try first(.int(i), f) && last(.int(j), f) && (step?(.int(k), f) ?? true)
            }
        case .attribute(let name, nil, let line):
            let e = try compile(.attribute(name, nil, line: line))
            return { x, f in Value.strictlyEqual(x, try e(f)) }
        case .unary("-", let inner, let line):
            let e = try compile(.unary("-", inner, line: line))
            return { x, f in Value.strictlyEqual(x, try e(f)) }
        case .call(let name, _, let line), .remote(_, let name, _, _, let line):
            throw compileError(line, "cannot invoke remote function \(name) inside a match")
        default:
            throw compileError(node.line, "invalid pattern in match")
        }
    }

    /// Map keys in patterns are literals or pinned variables.
    private func patternKey(_ node: Node) throws -> Eval {
        if case .unary("^", .variable(let name, let line), _) = node {
            guard let slot = scope.lookup(name) else { throw compileError(line, "undefined variable ^\(name)") }
            return { f in f[slot] }
        }
        return try compile(node)
    }

    func compileBitstringPattern(_ segments: [Segment], line: Int) throws -> Match {
        var bound: [String: Int] = [:]
        let m = try bitstringPattern(segments, line: line, &bound)
        for (name, slot) in bound { scope.vars[name] = slot }
        return m
    }

    private func bitstringPattern(_ segments: [Segment], line: Int, _ bound: inout [String: Int]) throws -> Match {
        var parts: [(BitSpec, Match?, [UInt8]?, Eval?)] = []
        for (i, seg) in segments.enumerated() {
            let spec = try BitSpec.parse(seg.type, isLast: i == segments.count - 1, compiler: self, line: line)
            if case .literal(.binary(let bytes), _) = seg.value {
                parts.append((spec.kind == .integer ? BitSpec(kind: .binary) : spec, nil, bytes, nil))
                continue
            }
            let sizeEval = try spec.sizeNode.map { try compileSizeInPattern($0, bound) }
            parts.append((spec, try pattern(seg.value, &bound), nil, sizeEval))
        }
        return { x, f in
            guard case .binary(let bytes) = x else { return false }
            var rest = bytes[...]
            for (index, (spec, m, literal, size)) in parts.enumerated() {
                if let lit = literal {
                    guard rest.starts(with: lit) else { return false }
                    rest = rest.dropFirst(lit.count)
                    continue
                }
                let sizeValue = try size.map { try $0(f) }
                guard let (value, used) = try spec.read(rest, size: sizeValue, isLast: index == parts.count - 1) else {
                    return false
                }
                guard try m!(value, f) else { return false }
                rest = rest.dropFirst(used)
            }
            return rest.isEmpty
        }
    }

    /// A segment size inside a pattern may name a variable bound earlier in the same pattern.
    private func compileSizeInPattern(_ node: Node, _ bound: [String: Int]) throws -> Eval {
        if case .variable(let name, _) = node, let slot = bound[name] {
            return { f in f[slot] }
        }
        return try compile(node)
    }
}
