/// A host number crossing into or out of a tensor: Elixir integer (within 64 bits), float or complex.
/// Non-finite floats are `.float(.nan)` / `.float(.infinity)`, as Nx's `:nan` / `:infinity` atoms.
public enum NxNumber: Equatable {
    case int(Int64)
    /// An integer above `Int64.max` (only u64 holds it).
    case uint(UInt64)
    case float(Double)
    case complex(Double, Double)

    /// The type Nx gives this number on its own: s64, f32 or c64.
    public var defaultType: DType {
        switch self {
        case .int, .uint: return .s64
        case .float: return .f32
        case .complex: return .c64
        }
    }

    public var isInteger: Bool {
        switch self { case .int, .uint: return true; default: return false }
    }

    public var doubleValue: Double {
        switch self {
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .float(let d): return d
        case .complex(let re, _): return re
        }
    }
}
