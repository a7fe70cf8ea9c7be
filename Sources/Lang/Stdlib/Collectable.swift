/// The Collectable protocol: what `Enum.into/2` and `for ... into:` may collect into.
public enum Collectable {
    /// `target` with `items` added: lists append, maps put `{key, value}` pairs, MapSets
    /// add elements, binaries concatenate binaries.
    public static func into(_ target: Value, _ items: [Value]) throws -> Value {
        switch target {
        case .list:
            guard let existing = target.listElements else { throw undefined(target) }
            return .list(existing + items)
        case .map where MapSetModule.elements(of: target) != nil:
            var set = MapSetModule.elements(of: target) ?? MapValue()
            for item in items { set[item] = .emptyList }
            return MapSetModule.wrap(set)
        case .map(var m) where m.structName == nil:
            for item in items {
                guard let (k, v) = item.pair else {
                    throw ElixirError.argument(
                        "collecting into a map requires {key, value} tuples, got: \(Inspector.inspect(item))")
                }
                m[k] = v
            }
            return .map(m)
        case .binary(var bytes):
            for item in items {
                guard case .binary(let b) = item else {
                    throw ElixirError.argument(
                        "collecting into a binary requires a bitstring, got: \(Inspector.inspect(item))")
                }
                bytes.append(contentsOf: b)
            }
            return .binary(bytes)
        default:
            throw undefined(target)
        }
    }

    static func undefined(_ target: Value) -> ElixirError {
        ElixirError.exception(
            "Protocol.UndefinedError",
            "protocol Collectable not implemented for \(Inspector.inspect(target)) of type \(target.typeName)",
            fields: [("protocol", .module("Collectable")), ("value", target)])
    }
}
