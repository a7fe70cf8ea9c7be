import Foundation

/// `Nx.Constants`: scalars of a chosen type (f32 by default for floats).
public enum NxConstants {
    public static func pi(_ type: DType = .f32) throws -> Tensor { try floating(.pi, type, "pi") }
    public static func e(_ type: DType = .f32) throws -> Tensor { try floating(M_E, type, "e") }
    public static func eulerGamma(_ type: DType = .f32) throws -> Tensor { try floating(0.57721566490153286, type, "euler_gamma") }
    public static func nan(_ type: DType = .f32) throws -> Tensor { try floating(.nan, type, "nan") }
    public static func infinity(_ type: DType = .f32) throws -> Tensor { try floating(.infinity, type, "infinity") }
    public static func negInfinity(_ type: DType = .f32) throws -> Tensor { try floating(-.infinity, type, "neg_infinity") }

    /// The largest finite value of `type`.
    public static func maxFinite(_ type: DType) throws -> Tensor { try Nx.scalar(try limit(type, max: true), type: type) }
    /// The smallest (most negative) finite value of `type`.
    public static func minFinite(_ type: DType) throws -> Tensor { try Nx.scalar(try limit(type, max: false), type: type) }

    /// The distance from 1.0 to the next representable value.
    public static func epsilon(_ type: DType) throws -> Tensor {
        let v: Double
        switch type {
        case .f16: v = Double(Float16.ulpOfOne)
        case .bf16: v = 0.0078125
        case .f32: v = Double(Float.ulpOfOne)
        case .f64: v = Double.ulpOfOne
        default: throw onlyFloats(type)
        }
        return try Nx.scalar(.float(v), type: type)
    }

    public static func smallestPositiveNormal(_ type: DType) throws -> Tensor {
        let v: Double
        switch type {
        case .f16: v = Double(Float16.leastNormalMagnitude)
        case .bf16, .f32: v = Double(Float.leastNormalMagnitude)
        case .f64: v = Double.leastNormalMagnitude
        default: throw onlyFloats(type)
        }
        return try Nx.scalar(.float(v), type: type)
    }

    static func floating(_ v: Double, _ type: DType, _ name: String) throws -> Tensor {
        guard type.isFloat else { throw onlyFloats(type) }
        return try Nx.scalar(.float(v), type: type)
    }

    static func onlyFloats(_ type: DType) -> NxError {
        .argument("only floating types are supported, got: \(Shape.typeTuple(type))")
    }

    static func limit(_ type: DType, max: Bool) throws -> NxNumber {
        switch type {
        case .u8: return .int(max ? Int64(UInt8.max) : 0)
        case .u16: return .int(max ? Int64(UInt16.max) : 0)
        case .u32: return .int(max ? Int64(UInt32.max) : 0)
        case .u64: return max ? .uint(UInt64.max) : .int(0)
        case .s8: return .int(max ? Int64(Int8.max) : Int64(Int8.min))
        case .s16: return .int(max ? Int64(Int16.max) : Int64(Int16.min))
        case .s32: return .int(max ? Int64(Int32.max) : Int64(Int32.min))
        case .s64: return .int(max ? Int64.max : Int64.min)
        case .f16: return .float(max ? Double(Float16.greatestFiniteMagnitude) : -Double(Float16.greatestFiniteMagnitude))
        case .bf16:
            let m = Double(BFloat16(bits: 0x7F7F).float)
            return .float(max ? m : -m)
        case .f32: return .float(max ? Double(Float.greatestFiniteMagnitude) : -Double(Float.greatestFiniteMagnitude))
        case .f64: return .float(max ? Double.greatestFiniteMagnitude : -Double.greatestFiniteMagnitude)
        case .c64, .c128: throw NxError.argument("complex types have no finite limits, got: \(Shape.typeTuple(type))")
        }
    }
}
