import BigInt
import NxCore

/// Crossing between host values and NxCore: numbers (with Nx's `:nan`/`:infinity` atoms and
/// `%Complex{}` structs), nested lists, and tensors.
enum NxValues {
    /// A host number as Nx sees it, or nil when the value is not one.
    static func number(_ v: Value) -> NxNumber? {
        switch v {
        case .int(let i): return .int(Int64(i))
        case .bigint(let b):
            if let u = UInt64(exactly: b) { return .uint(u) }
            return nil
        case .float(let d): return .float(d)
        case .atom(let a): return nonFinite(a).map { .float($0) }
        case .map(let m) where m.structName == ComplexModule.structName:
            guard let re = part(m[.atom("re")]), let im = part(m[.atom("im")]) else { return nil }
            return .complex(re, im)
        default: return nil
        }
    }

    /// One part of a complex number: a real number or a non-finite atom.
    private static func part(_ v: Value?) -> Double? {
        switch v {
        case .int(let i)?: return Double(i)
        case .bigint(let b)?: return Double(b)
        case .float(let d)?: return d
        case .atom(let a)?: return nonFinite(a)
        default: return nil
        }
    }

    static func nonFinite(_ atom: String) -> Double? {
        switch atom {
        case "nan": return .nan
        case "infinity": return .infinity
        case "neg_infinity": return -.infinity
        default: return nil
        }
    }

    /// A float as Nx returns it: non-finite values become `:nan`, `:infinity`, `:neg_infinity`.
    static func float(_ d: Double) -> Value {
        if d.isNaN { return .atom("nan") }
        if d.isInfinite { return .atom(d > 0 ? "infinity" : "neg_infinity") }
        return .float(d)
    }

    /// A tensor element as a host value.
    static func value(_ n: NxNumber) -> Value {
        switch n {
        case .int(let i): return .int(Int(i))
        case .uint(let u): return .integer(BigInt(u))
        case .float(let d): return float(d)
        case .complex(let re, let im): return ComplexModule.make(float(re), float(im))
        }
    }

    /// A function argument that Nx accepts as a tensor: a tensor or a number.
    static func operand(_ v: Value) throws -> Operand {
        if case .tensor(let t) = v { return .tensor(t) }
        if let n = number(v) { return .number(n) }
        if case .bigint = v {
            throw ElixirError.argument("cannot represent \(Inspector.inspect(v)) in a tensor: integers must fit in 64 bits")
        }
        throw ElixirError.argument("expected a %Nx.Tensor{} or a number, got: \(Inspector.inspect(v))")
    }

    /// `Nx.to_tensor/1`: numbers become scalar tensors of their own type.
    static func tensor(_ v: Value) throws -> Tensor {
        let op = try operand(v)
        return try NxBridge.run { try Nx.toTensor(op) }
    }

    /// The data given to `Nx.tensor/2`: a number, a tensor, or nested lists of them.
    /// Tensors inside lists contribute their elements; the returned type is the widest
    /// tensor type met (nil when there were only numbers).
    static func nested(_ v: Value, function: String = "Nx.tensor/1") throws -> (NestedNumbers, DType?) {
        var tensorType: DType?
        func walk(_ v: Value, top: Bool) throws -> NestedNumbers {
            if let n = number(v) { return .number(n) }
            if case .tensor(let t) = v {
                tensorType = tensorType.map { DType.merge($0, t.type) } ?? t.type
                let flat = try NxBridge.run { try Nx.toFlatList(t) }
                var next = 0
                func build(_ dims: ArraySlice<Int>) -> NestedNumbers {
                    guard let d = dims.first else { defer { next += 1 }; return .number(flat[next]) }
                    return .list((0..<d).map { _ in build(dims.dropFirst()) })
                }
                return build(t.shape[...])
            }
            if let items = v.listElements, !(top && items.isEmpty) {
                return .list(try items.map { try walk($0, top: false) })
            }
            if case .bigint = v {
                throw ElixirError.argument("cannot represent \(Inspector.inspect(v)) in a tensor: integers must fit in 64 bits")
            }
            throw ElixirError.argument("invalid value given to \(function), got: \(Inspector.inspect(v))")
        }
        return (try walk(v, top: true), tensorType)
    }

    /// A tensor's elements as nested lists (`Nx.to_list/1`).
    static func list(_ t: Tensor) throws -> Value {
        let flat = try NxBridge.run { try Nx.toFlatList(t) }
        if t.rank == 0 { return flat.first.map(value) ?? .nil }
        var next = 0
        func build(_ dims: ArraySlice<Int>) -> Value {
            guard let d = dims.first else { defer { next += 1 }; return value(flat[next]) }
            return .list((0..<d).map { _ in build(dims.dropFirst()) })
        }
        return build(t.shape[...])
    }
}

/// Runs NxCore code and turns its errors into the Elixir exceptions they name.
enum NxBridge {
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as NxError {
            throw ElixirError.exception(e.module, e.message)
        }
    }
}
