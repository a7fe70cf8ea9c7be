/// A tensor element type, one of Nx 0.7.2's fourteen.
public enum DType: Hashable, CaseIterable, CustomStringConvertible {
    case u8, u16, u32, u64, s8, s16, s32, s64, f16, bf16, f32, f64, c64, c128

    /// The family letter(s) as Nx spells them in `{:f, 32}`.
    public enum Kind: Int, Comparable {
        // Raw values are Nx's precedence when merging: c > f > bf > s > u.
        case u = 0, s = 1, bf = 2, f = 3, c = 4
        public var name: String {
            switch self { case .u: return "u"; case .s: return "s"; case .bf: return "bf"; case .f: return "f"; case .c: return "c" }
        }
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    public var kind: Kind {
        switch self {
        case .u8, .u16, .u32, .u64: return .u
        case .s8, .s16, .s32, .s64: return .s
        case .f16, .f32, .f64: return .f
        case .bf16: return .bf
        case .c64, .c128: return .c
        }
    }

    public var bits: Int {
        switch self {
        case .u8, .s8: return 8
        case .u16, .s16, .f16, .bf16: return 16
        case .u32, .s32, .f32: return 32
        case .u64, .s64, .f64, .c64: return 64
        case .c128: return 128
        }
    }

    public var byteSize: Int { bits / 8 }
    public var description: String { kind.name + String(bits) }

    public var isInteger: Bool { kind == .u || kind == .s }
    public var isFloat: Bool { kind == .f || kind == .bf }
    public var isComplex: Bool { kind == .c }
    /// Nx's `float?`: floats and complex numbers.
    public var isFloating: Bool { !isInteger }

    /// Builds a type from Nx's tuple form; nil when Nx 0.7.2 has no such type.
    public init?(kind: Kind, bits: Int) {
        guard let t = DType.allCases.first(where: { $0.kind == kind && $0.bits == bits }) else { return nil }
        self = t
    }

    /// Builds a type from the atom form (`"f32"`); nil when unknown.
    public init?(name: String) {
        guard let t = DType.allCases.first(where: { $0.description == name }) else { return nil }
        self = t
    }

    /// `Nx.Type.merge`: the highest-precedence family wins; unsigned merged into signed doubles its size.
    public static func merge(_ a: DType, _ b: DType) -> DType {
        if a.kind == b.kind { return a.bits >= b.bits ? a : b }
        let (low, high) = a.kind < b.kind ? (a, b) : (b, a)
        if low.kind == .u && high.kind == .s {
            return DType(kind: .s, bits: max(min(low.bits * 2, 64), high.bits))!
        }
        return high
    }

    /// `Nx.Type.merge_number`: merges a tensor type with a host number, keeping the tensor's type when it fits.
    public static func merge(_ type: DType, number: NxNumber) -> DType {
        switch number {
        case .complex:
            return type.kind == .c ? type : .c64
        case .float:
            return type.isFloating ? type : .f32
        case .int(let i):
            switch type.kind {
            case .u:
                if i >= 0 { return DType(kind: .u, bits: max(unsignedSize(UInt64(i)), type.bits))! }
                return DType(kind: .s, bits: max(signedSize(i), min(type.bits * 2, 64)))!
            case .s: return DType(kind: .s, bits: max(signedSize(i), type.bits))!
            default: return type
            }
        case .uint:
            switch type.kind {
            case .u: return .u64
            case .s: return .s64
            default: return type
            }
        }
    }

    /// `Nx.Type.to_floating`.
    public var floating: DType { isFloating ? self : DType.merge(self, .f32) }
    /// `Nx.Type.to_real`: the float type of a complex type's parts.
    public var real: DType {
        switch self {
        case .c64: return .f32
        case .c128: return .f64
        case .f16, .bf16, .f32, .f64: return self
        default: return .f32
        }
    }
    /// `Nx.Type.to_complex`.
    public var complex: DType {
        switch self { case .c64, .c128: return self; case .f64: return .c128; default: return .c64 }
    }
    /// The type `sum`/`product` accumulate into (Nx 0.7.2: every integer widens to 64 bits).
    public var aggregate: DType {
        switch kind { case .u: return .u64; case .s: return .s64; default: return self }
    }

    /// Nx's `invalid numerical type` message for a type spelled `spelled`.
    public static func invalidTypeError(_ spelled: String) -> NxError {
        NxError.argument("invalid numerical type: \(spelled) (see Nx.Type docs for all supported types)")
    }

    private static func unsignedSize(_ x: UInt64) -> Int {
        x <= 1 ? 1 : x <= 255 ? 8 : x <= 65535 ? 16 : x <= 4_294_967_295 ? 32 : 64
    }
    private static func signedSize(_ x: Int64) -> Int {
        let m = x < 0 ? -(x + 1) : x
        return m <= 1 ? 1 : m <= 127 ? 8 : m <= 32767 ? 16 : m <= 2_147_483_647 ? 32 : 64
    }
}
