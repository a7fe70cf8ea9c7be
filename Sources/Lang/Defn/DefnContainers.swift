import NxCore
import Defn

/// The arguments and results of a defn: tensors and numbers (which become tensors), inside
/// tuples and maps; everything else (keyword lists, functions, atoms) is static and part of
/// the cache key.
enum DefnContainers {
    /// The tensors of `value` in Nx's flattening order (tuple positions, then map keys in
    /// order); numbers become tensors of their own type.
    static func flatten(_ value: Value, into out: inout [Tensor]) throws {
        switch value {
        case .tensor(let t): out.append(t)
        case .tuple(let items): for i in items { try flatten(i, into: &out) }
        case .map(let m) where m.structName == nil: for v in m.values { try flatten(v, into: &out) }
        default:
            if let n = NxValues.number(value) { out.append(try NxBridge.run { try Nx.toTensor(.number(n)) }) }
        }
    }

    /// Raises, as Nx's container protocol does, for a defn result holding anything but
    /// tensors and numbers inside tuples and maps (a list, an atom, a string, a struct).
    static func checkResult(_ value: Value) throws {
        switch value {
        case .tensor: return
        case .tuple(let items): for i in items { try checkResult(i) }
        case .map(let m) where m.structName == nil: for v in m.values { try checkResult(v) }
        default:
            if NxValues.number(value) != nil { return }
            throw ElixirError.exception("Protocol.UndefinedError",
                                        "protocol Nx.Container not implemented for \(Inspector.inspect(value)) of type \(value.typeName)")
        }
    }

    static func flatten(_ values: [Value]) throws -> [Tensor] {
        var out: [Tensor] = []
        for v in values { try flatten(v, into: &out) }
        return out
    }

    /// `value` with each `%Nx.Batch{}` replaced by its tensors (concatenated and padded), as
    /// Nx's lazy containers give a batch to a jitted function.
    static func materializingBatches(_ value: Value) throws -> Value {
        switch value {
        case .map(let m) where Value.strictlyEqual(m[.atom("__struct__")] ?? .nil, .module(NxBatchModule.moduleName)):
            return try NxBatchModule.materialize(value)
        case .tuple(let items): return .tuple(try items.map(materializingBatches))
        case .map(let m) where m.structName == nil:
            var out = MapValue()
            for (k, v) in m.pairs { out[k] = try materializingBatches(v) }
            return .map(out)
        default: return value
        }
    }

    /// `value` with its tensors replaced, in flattening order, by `next()`.
    static func rebuild(_ value: Value, _ next: () throws -> Tensor) throws -> Value {
        switch value {
        case .tensor: return .tensor(try next())
        case .tuple(let items): return .tuple(try items.map { try rebuild($0, next) })
        case .map(let m) where m.structName == nil:
            var out = MapValue()
            for (k, v) in m.pairs { out[k] = try rebuild(v, next) }
            return .map(out)
        default:
            if NxValues.number(value) != nil { return .tensor(try next()) }
            return value
        }
    }

    static func rebuild(_ values: [Value], with tensors: [Tensor]) throws -> [Value] {
        var i = 0
        return try values.map { v in
            try rebuild(v) {
                defer { i += 1 }
                return tensors[i]
            }
        }
    }

    /// The function values among the static parts of `value` (their identities are in its key).
    static func functions(_ value: Value) -> [AnyObject] {
        switch value {
        case .function(let f): return [f]
        case .tuple(let items): return items.flatMap(functions)
        case .list: return (value.listElements ?? []).flatMap(functions)
        case .map(let m): return m.values.flatMap(functions)
        default: return []
        }
    }

    /// A cache key: the templates of the tensors and the text of the static parts.
    static func key(_ value: Value) -> String {
        switch value {
        case .tensor(let t):
            return "T" + t.vectorizedAxes.map { "\($0.name):\($0.size)," }.joined() + TensorInspect.header(t.template)
        case .tuple(let items): return "{" + items.map(key).joined(separator: ",") + "}"
        case .map(let m) where m.structName == nil:
            return "%{" + m.pairs.map { Inspector.inspect($0.0) + "=>" + key($0.1) }.joined(separator: ",") + "}"
        default:
            if let n = NxValues.number(value) { return "N" + n.defaultType.description }
            if case .function(let f) = value { return "F\(ObjectIdentifier(f).hashValue)" }
            if case .list = value, let items = value.listElements, !functions(value).isEmpty {
                return "[" + items.map(key).joined(separator: ",") + "]"
            }
            return "S" + Inspector.inspect(value)
        }
    }
}
