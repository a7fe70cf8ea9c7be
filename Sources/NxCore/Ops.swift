/// The primitive elementwise and reduction ops, each declared once: its name as Nx's
/// debug_expr prints it and its output-type rule. Passes (native kernels, grad, fusion)
/// keep their own table keyed by these cases.

/// How an op's output type follows from its input type(s).
public enum TypeRule {
    /// The (merged) input type.
    case same
    /// `Nx.Type.to_floating` of the (merged) input type.
    case floating
    /// Integer inputs only; the output keeps the (merged) type.
    case integerOnly
    /// Always u8 (predicates, comparisons, logical ops).
    case predicate
    /// `Nx.Type.to_real` (complex parts, phase).
    case real
    /// `Nx.Type.to_complex`.
    case complex
}

public enum UnaryOp: String, CaseIterable {
    case abs, acos, acosh, asin, asinh, atan, atanh, bitwise_not, cbrt, ceil, conjugate, cos, cosh
    case count_leading_zeros, erf, erf_inv, erfc, exp, expm1, floor, imag, is_infinity, is_nan
    case log, log1p, logical_not, negate, phase, population_count, real, round, rsqrt, sigmoid
    case sign, sin, sinh, sqrt, tan, tanh

    public var name: String { rawValue }

    public var rule: TypeRule {
        switch self {
        case .negate, .sign, .ceil, .floor, .round: return .same
        case .abs: return .same  // complex abs is real: see outputType
        case .bitwise_not, .population_count, .count_leading_zeros: return .integerOnly
        case .is_nan, .is_infinity, .logical_not: return .predicate
        case .real, .imag, .phase: return .real
        case .conjugate: return .complex
        default: return .floating
        }
    }

    /// The output type for an input of type `t`, or Nx's error for a type the op refuses.
    public func outputType(_ t: DType) throws -> DType {
        switch rule {
        case .same: return self == .abs && t.isComplex ? t.real : t
        case .floating: return t.floating
        case .integerOnly:
            guard t.isInteger else {
                throw NxError.argument("bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: \(Shape.typeTuple(t))")
            }
            return t
        case .predicate: return .u8
        case .real: return t.real
        case .complex: return t.complex
        }
    }
}

public enum BinaryOp: String, CaseIterable {
    case add, subtract, multiply, divide, quotient, remainder, pow, atan2, min, max
    case bitwise_and, bitwise_or, bitwise_xor, left_shift, right_shift
    case equal, not_equal, greater, less, greater_equal, less_equal
    case logical_and, logical_or, logical_xor

    public var name: String { rawValue }

    public var rule: TypeRule {
        switch self {
        case .add, .subtract, .multiply, .remainder, .pow, .min, .max: return .same
        case .divide, .atan2: return .floating
        case .quotient, .bitwise_and, .bitwise_or, .bitwise_xor, .left_shift, .right_shift: return .integerOnly
        default: return .predicate
        }
    }

    /// The output type for the merged input type `t`.
    public func outputType(_ t: DType) throws -> DType {
        switch rule {
        case .same: return t
        case .floating: return t.floating
        case .integerOnly:
            guard t.isInteger else {
                if self == .quotient {
                    throw NxError.argument("quotient expects integer tensors as inputs and outputs an integer tensor, got: \(Shape.typeTuple(t))")
                }
                throw NxError.argument("bitwise operators expect integer tensors as inputs and outputs an integer tensor, got: \(Shape.typeTuple(t))")
            }
            return t
        default: return .u8
        }
    }
}

/// Reductions over axes producing one value per kept position.
public enum ReduceOp: String, CaseIterable {
    case sum, product, reduce_max, reduce_min, all, any

    public func outputType(_ t: DType) -> DType {
        switch self {
        case .sum, .product: return t.aggregate
        case .reduce_max, .reduce_min: return t
        case .all, .any: return .u8
        }
    }
}

extension Shape {
    /// A type as Nx inspects its tuple: `{:f, 32}`.
    public static func typeTuple(_ t: DType) -> String { "{:\(t.kind.name), \(t.bits)}" }
}
