import ComplexModule

/// A computation generic over the element type, run once per call with the concrete Swift type
/// of a `DType` (so kernels are specialized per type; nothing dispatches per element).
protocol ElementVisitor {
    associatedtype Result
    func visit<T: NativeElement>(_: T.Type) throws -> Result
}

extension DType {
    /// Runs `v` with the Swift type that stores this type's elements.
    func visit<V: ElementVisitor>(_ v: V) throws -> V.Result {
        switch self {
        case .u8: return try v.visit(UInt8.self)
        case .u16: return try v.visit(UInt16.self)
        case .u32: return try v.visit(UInt32.self)
        case .u64: return try v.visit(UInt64.self)
        case .s8: return try v.visit(Int8.self)
        case .s16: return try v.visit(Int16.self)
        case .s32: return try v.visit(Int32.self)
        case .s64: return try v.visit(Int64.self)
        case .f16: return try v.visit(Float16.self)
        case .bf16: return try v.visit(BFloat16.self)
        case .f32: return try v.visit(Float.self)
        case .f64: return try v.visit(Double.self)
        case .c64: return try v.visit(Complex<Float>.self)
        case .c128: return try v.visit(Complex<Double>.self)
        }
    }
}
