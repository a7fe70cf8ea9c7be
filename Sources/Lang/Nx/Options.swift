import NxCore

/// The keyword options of one Nx call, checked against the keys the function allows
/// (as Nx's `keyword!/2` does), with typed readers for Nx's option kinds.
struct NxOptions {
    private var values: [String: Value] = [:]

    /// `allowed` lists every key the function takes; any other key raises.
    init(_ keyword: Value?, allowed: [String]) throws {
        guard let keyword else { return }
        let expected = Inspector.inspect(.list(allowed.map(Value.atom)))
        let notKeyword = ElixirError.argument("expected a keyword list with keys \(expected), got: \(Inspector.inspect(keyword))")
        guard let pairs = keyword.listElements else { throw notKeyword }
        for pair in pairs {
            guard case .tuple(let kv) = pair, kv.count == 2, case .atom(let key) = kv[0] else { throw notKeyword }
            // A key given twice is unknown the second time, as in Nx's keyword!/2.
            guard allowed.contains(key), values[key] == nil else {
                throw ElixirError.argument("unknown key :\(key) in \(Inspector.inspect(keyword)), expected one of \(expected)")
            }
            values[key] = kv[1]
        }
    }

    subscript(_ key: String) -> Value? {
        guard let v = values[key], !v.isNil else { return nil }
        return v
    }

    func type(_ key: String = "type") throws -> DType? {
        try self[key].map(NxTypes.parse)
    }

    func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let v = self[key] else { return value }
        switch v {
        case .atom("true"): return true
        case .atom("false"): return false
        default: throw ElixirError.argument("expected :\(key) to be a boolean, got: \(Inspector.inspect(v))")
        }
    }

    func int(_ key: String) throws -> Int? {
        guard let v = self[key] else { return nil }
        guard case .int(let i) = v else {
            throw ElixirError.argument("expected :\(key) to be an integer, got: \(Inspector.inspect(v))")
        }
        return i
    }

    func int(_ key: String, default value: Int) throws -> Int { try int(key) ?? value }

    func float(_ key: String, default value: Double) throws -> Double {
        guard let v = self[key] else { return value }
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: throw ElixirError.argument("expected :\(key) to be a number, got: \(Inspector.inspect(v))")
        }
    }

    func axes(_ key: String = "axes") throws -> [Axis]? {
        try self[key].map(NxShapes.axes)
    }

    func axis(_ key: String = "axis") throws -> Axis? {
        try self[key].map(NxShapes.axis)
    }

    func names() throws -> [String?]? {
        try self["names"].map(NxShapes.names)
    }

    /// An atom option restricted to `choices`.
    func choice(_ key: String, _ choices: [String], default value: String) throws -> String {
        guard let v = self[key] else { return value }
        guard case .atom(let a) = v, choices.contains(a) else {
            let list = choices.map { ":" + $0 }.joined(separator: " or ")
            throw ElixirError.argument("expected :\(key) to be either \(list), got: \(Inspector.inspect(v))")
        }
        return a
    }

    /// Validates a `backend:` option; every accepted backend computes on the native one.
    func checkBackend() throws {
        if let v = self["backend"] { try NxBackends.check(v) }
    }
}

/// Nx types as the language spells them: `:f32` or `{:f, 32}`.
enum NxTypes {
    static func parse(_ v: Value) throws -> DType {
        switch v {
        case .atom(let a):
            if let t = DType(name: a) { return t }
        case .tuple(let parts) where parts.count == 2:
            if case .atom(let k) = parts[0], case .int(let bits) = parts[1],
               let kind = kind(k), let t = DType(kind: kind, bits: bits) {
                return t
            }
        default: break
        }
        throw ElixirError.argument("invalid numerical type: \(Inspector.inspect(v)) (see Nx.Type docs for all supported types)")
    }

    static func kind(_ name: String) -> DType.Kind? {
        switch name {
        case "u": return .u
        case "s": return .s
        case "f": return .f
        case "bf": return .bf
        case "c": return .c
        default: return nil
        }
    }

    /// `{:f, 32}`
    static func value(_ t: DType) -> Value {
        .tuple([.atom(t.kind.name), .int(t.bits)])
    }
}

/// Shapes, axes and names as the language spells them.
enum NxShapes {
    /// A shape tuple `{2, 3}`; a tensor stands for its own shape, as in Nx.
    static func shape(_ v: Value) throws -> [Int] {
        switch v {
        case .tuple(let dims):
            return try dims.map { d in
                guard case .int(let i) = d else { throw invalidShape(v) }
                return i
            }
        case .tensor(let t): return t.shape
        default: throw invalidShape(v)
        }
    }

    static func invalidShape(_ v: Value) -> ElixirError {
        ElixirError.argument("invalid shape, expected a tuple of positive integers or a tensor, got: \(Inspector.inspect(v))")
    }

    static func axis(_ v: Value) throws -> Axis {
        switch v {
        case .int(let i): return .index(i)
        case .atom(let a) where !v.isNil: return .name(a)
        default: throw ElixirError.argument("expected an axis to be an integer or a name (atom), got: \(Inspector.inspect(v))")
        }
    }

    static func axes(_ v: Value) throws -> [Axis] {
        guard let items = v.listElements else {
            throw ElixirError.argument("expected axes to be a list of integers or names, got: \(Inspector.inspect(v))")
        }
        return try items.map(axis)
    }

    static func names(_ v: Value) throws -> [String?] {
        guard let items = v.listElements else {
            throw ElixirError.argument("expected names to be a list of atoms or nil, got: \(Inspector.inspect(v))")
        }
        return try items.map { item in
            guard case .atom(let a) = item else {
                throw ElixirError.argument("expected names to be a list of atoms or nil, got: \(Inspector.inspect(v))")
            }
            return item.isNil ? nil : a
        }
    }

    static func value(_ shape: [Int]) -> Value { .tuple(shape.map(Value.int)) }

    static func namesValue(_ names: [String?]) -> Value {
        .list(names.map { $0.map(Value.atom) ?? .nil })
    }

    /// A list of integers (slice starts, lengths, strides, tile repetitions).
    static func ints(_ v: Value, what: String) throws -> [Int] {
        guard let items = v.listElements else {
            throw ElixirError.argument("expected \(what) to be a list of integers, got: \(Inspector.inspect(v))")
        }
        return try items.map { item in
            guard case .int(let i) = item else {
                throw ElixirError.argument("expected \(what) to be a list of integers, got: \(Inspector.inspect(v))")
            }
            return i
        }
    }
}
