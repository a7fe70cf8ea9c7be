import NxCore

/// A tensor seen as the `%Nx.Tensor{}` struct it is in Elixir, so code can match its fields,
/// read them with `Map` functions and compare tensors as Elixir compares the structs.
enum TensorStruct {
    static let moduleName = "Nx.Tensor"

    static let fieldNames = ["data", "names", "shape", "type", "vectorized_axes"]

    /// The struct's fields, as a map with `__struct__`.
    static func fields(_ t: Tensor) -> MapValue {
        MapValue([(.atom("__struct__"), .module(moduleName))]
                 + fieldNames.compactMap { name in field(t, name).map { (.atom(name), $0) } })
    }

    /// One field; nil for a name the struct does not have. A vectorized tensor's shape and
    /// names are those of its entries, as in Nx.
    static func field(_ t: Tensor, _ name: String) -> Value? {
        switch name {
        case "shape": return NxShapes.value(t.isVectorized ? t.innerTemplate.shape : t.shape)
        case "names": return NxShapes.namesValue(t.isVectorized ? t.innerTemplate.names : t.names)
        case "type": return NxTypes.value(t.type)
        case "vectorized_axes": return NxVectorizeBindings.axesValue(t.vectorizedAxes)
        case "data": return data(t)
        default: return nil
        }
    }

    /// The backend's struct. A concrete tensor's holds its bytes (so equal tensors compare
    /// equal); a traced or template tensor's holds the identity of its node.
    private static func data(_ t: Tensor) -> Value {
        let backend: (Value, Value) = (.atom("__struct__"), .module(t.backend.name))
        if let bytes = try? Nx.toBinary(t) {
            return .map(MapValue([backend, (.atom("state"), .binary(bytes))]))
        }
        let id = Int(bitPattern: UInt(bitPattern: ObjectIdentifier(t.data).hashValue))
        return .map(MapValue([backend, (.atom("id"), .int(id))]))
    }
}

extension Value {
    /// The fields of a map or of a value Elixir represents as a struct (a range, a tensor);
    /// nil for anything else.
    var mapFields: MapValue? {
        switch self {
        case .map(let m): return m
        case .range, .tensor: return asMap
        default: return nil
        }
    }
}
