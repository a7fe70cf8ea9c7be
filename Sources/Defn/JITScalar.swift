import NxCore

/// One rank-0 op of a loop program, run on raw slot memory: no tensor, no allocation. It
/// gives the native backend's results (wrapping integer arithmetic, NaN-propagating float
/// min/max, u8 predicates) for operands that already share one type.
struct ScalarOp {
    enum Kind {
        case unary(UnaryOp)
        case binary(BinaryOp)
    }

    let kind: Kind
    /// The operands' type (a predicate writes u8).
    let type: DType
    let dst: Int
    let a: Int
    let b: Int

    /// The op for rank-0 `t`, or nil when it is not one a loop program runs as a scalar.
    /// `slot(operand, type)` gives the slot holding the operand in that type (constants are
    /// converted once; other operands must already have it).
    static func make(_ t: Tensor, dst: Int, slot: (Tensor, DType) -> Int?) -> ScalarOp? {
        guard let node = t.expr, t.rank == 0, node.args.allSatisfy({ $0.rank == 0 }) else { return nil }
        switch node.op {
        case .unary(let op):
            let type = node.args[0].type
            guard supports(op, type), (try? op.outputType(type)) == t.type, let a = slot(node.args[0], type) else { return nil }
            return ScalarOp(kind: .unary(op), type: type, dst: dst, a: a, b: a)
        case .binary(let op):
            let type = op.rule == .predicate ? predicateType(node.args[0], node.args[1]) : t.type
            guard supports(op, type), (try? op.outputType(type)) == t.type,
                  let a = slot(node.args[0], type), let b = slot(node.args[1], type) else { return nil }
            return ScalarOp(kind: .binary(op), type: type, dst: dst, a: a, b: b)
        default:
            return nil
        }
    }

    /// The native backend compares in the merged type; comparing with a constant that the other
    /// operand's type holds exactly gives the same answer in that type, with no conversion.
    static func predicateType(_ x: Tensor, _ y: Tensor) -> DType {
        if x.type != y.type {
            if let c = y.expr?.constantValue, exactly(c, in: x.type) { return x.type }
            if let c = x.expr?.constantValue, exactly(c, in: y.type) { return y.type }
        }
        return DType.merge(x.type, y.type)
    }

    static func exactly(_ n: NxNumber, in type: DType) -> Bool {
        switch n {
        case .int(let i):
            switch type.kind {
            case .s: return type.bits == 64 || (i >= -(1 << (type.bits - 1)) && i < 1 << (type.bits - 1))
            case .u: return i >= 0 && (type.bits == 64 || i < 1 << type.bits)
            case .f: return type == .f64 ? Int64(exactly: Double(i)) == i : Int64(exactly: Float(i)) == i
            default: return false
            }
        case .uint: return type == .u64
        case .float(let d): return type == .f64 || (type == .f32 && (d.isNaN || Double(Float(d)) == d))
        case .complex: return false
        }
    }

    static let predicates: Set<BinaryOp> = [.equal, .not_equal, .greater, .less, .greater_equal, .less_equal,
                                            .logical_and, .logical_or, .logical_xor]

    static func supports(_ op: BinaryOp, _ type: DType) -> Bool {
        if predicates.contains(op) || [.add, .subtract, .multiply, .min, .max].contains(op) {
            return type.isInteger || type == .f32 || type == .f64
        }
        switch op {
        case .divide: return type == .f32 || type == .f64
        case .bitwise_and, .bitwise_or, .bitwise_xor: return type.isInteger
        default: return false
        }
    }

    static func supports(_ op: UnaryOp, _ type: DType) -> Bool {
        [.negate, .abs].contains(op) && (type.isInteger || type == .f32 || type == .f64)
    }

    @inline(__always) func run(_ slots: UnsafeMutablePointer<UnsafeMutableRawPointer>) {
        switch type {
        case .u8: integer(slots, UInt8.self)
        case .u16: integer(slots, UInt16.self)
        case .u32: integer(slots, UInt32.self)
        case .u64: integer(slots, UInt64.self)
        case .s8: integer(slots, Int8.self)
        case .s16: integer(slots, Int16.self)
        case .s32: integer(slots, Int32.self)
        case .s64: integer(slots, Int64.self)
        case .f32: float(slots, Float.self)
        case .f64: float(slots, Double.self)
        default: preconditionFailure("loop program planned a scalar op on \(type)")
        }
    }

    private func integer<T: FixedWidthInteger>(_ slots: UnsafeMutablePointer<UnsafeMutableRawPointer>, _: T.Type) {
        let x = slots[a].load(as: T.self), y = slots[b].load(as: T.self)
        let out = slots[dst]
        switch kind {
        case .unary(.negate): out.storeBytes(of: 0 &- x, as: T.self)
        case .unary: out.storeBytes(of: x < 0 ? 0 &- x : x, as: T.self)
        case .binary(.add): out.storeBytes(of: x &+ y, as: T.self)
        case .binary(.subtract): out.storeBytes(of: x &- y, as: T.self)
        case .binary(.multiply): out.storeBytes(of: x &* y, as: T.self)
        case .binary(.min): out.storeBytes(of: Swift.min(x, y), as: T.self)
        case .binary(.max): out.storeBytes(of: Swift.max(x, y), as: T.self)
        case .binary(.bitwise_and): out.storeBytes(of: x & y, as: T.self)
        case .binary(.bitwise_or): out.storeBytes(of: x | y, as: T.self)
        case .binary(.bitwise_xor): out.storeBytes(of: x ^ y, as: T.self)
        case .binary(let op): out.storeBytes(of: ScalarOp.predicate(op, x, y, isZero: { $0 == 0 }), as: UInt8.self)
        }
    }

    private func float<T: BinaryFloatingPoint>(_ slots: UnsafeMutablePointer<UnsafeMutableRawPointer>, _: T.Type) {
        let x = slots[a].load(as: T.self), y = slots[b].load(as: T.self)
        let out = slots[dst]
        switch kind {
        case .unary(.negate): out.storeBytes(of: -x, as: T.self)
        case .unary: out.storeBytes(of: Swift.abs(x), as: T.self)
        case .binary(.add): out.storeBytes(of: x + y, as: T.self)
        case .binary(.subtract): out.storeBytes(of: x - y, as: T.self)
        case .binary(.multiply): out.storeBytes(of: x * y, as: T.self)
        case .binary(.divide): out.storeBytes(of: x / y, as: T.self)
        case .binary(.min): out.storeBytes(of: x.isNaN || y.isNaN ? .nan : Swift.min(x, y), as: T.self)
        case .binary(.max): out.storeBytes(of: x.isNaN || y.isNaN ? .nan : (y > x ? y : x), as: T.self)  // ties keep x
        case .binary(let op): out.storeBytes(of: ScalarOp.predicate(op, x, y, isZero: { $0 == 0 }), as: UInt8.self)
        }
    }

    @inline(__always) private static func predicate<T: Comparable>(_ op: BinaryOp, _ x: T, _ y: T, isZero: (T) -> Bool) -> UInt8 {
        let r: Bool
        switch op {
        case .equal: r = x == y
        case .not_equal: r = x != y
        case .greater: r = x > y
        case .less: r = x < y
        case .greater_equal: r = x >= y
        case .less_equal: r = x <= y
        case .logical_and: r = !isZero(x) && !isZero(y)
        case .logical_or: r = !isZero(x) || !isZero(y)
        default: r = isZero(x) != isZero(y)  // logical_xor
        }
        return r ? 1 : 0
    }
}
