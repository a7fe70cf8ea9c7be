import NxCore

/// Elementwise functions: every unary and binary primitive (binary ones broadcast and
/// merge types, numbers adapting to the tensor's type), plus select, clip and complex.
enum NxElementwiseBindings {
    static func install(_ r: Registry) {
        for op in UnaryOp.allCases {
            r.nx(op.name, [1], doc: unaryDoc(op)) { c in .t(try Nx.unary(op, try c.operand(0))) }
        }
        for op in BinaryOp.allCases {
            let checksDivisor = op == .divide || op == .quotient || op == .remainder
            r.nx(op.name, [2], doc: binaryDoc(op)) { c in
                let a = try c.operand(0), b = try c.operand(1)
                if checksDivisor { try checkDivisor(op, a, b) }
                return .t(try Nx.binary(op, a, b))
            }
        }
        r.nx("select", [3], doc: "Picks, element by element, from the second argument where the predicate is non-zero and from the third elsewhere. All three broadcast together; the branches' types merge.") { c in
            .t(try Nx.select(try c.operand(0), try c.operand(1), try c.operand(2)))
        }
        r.nx("clip", [3], doc: "Limits every element to the range between the scalar min and max.") { c in
            .t(try Nx.clip(try c.operand(0), try c.operand(1), try c.operand(2)))
        }
        r.nx("complex", [2], doc: "Builds complex numbers from real parts and imaginary parts (both real), broadcasting them.") { c in
            .t(try Nx.complex(try c.operand(0), try c.operand(1)))
        }
    }

    /// Nx's BinaryBackend divides element by element with Erlang arithmetic, which raises
    /// on a zero divisor except for 0/0 and non-finite numerators in `divide` (NaN, ±Inf).
    /// Eager calls on real numbers keep that behaviour; traced (defn) calls do not come here.
    static func checkDivisor(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws {
        if case .number(let n) = b, n.doubleValue != 0 { return }  // a non-zero number divisor cannot fail
        let type = Nx.binaryType(a, b)
        guard !type.isComplex else { return }
        let zero = try Nx.binary(.equal, b, .number(.int(0)))
        guard try hasNonZero(try Nx.reduce(.any, .tensor(zero))) else { return }
        var failing = zero
        if op == .divide {
            let nonFinite = try Nx.binary(.logical_or, .tensor(try Nx.unary(.is_nan, a)), .tensor(try Nx.unary(.is_infinity, a)))
            let finite = try Nx.unary(.logical_not, .tensor(nonFinite))
            let nonZero = try Nx.binary(.not_equal, a, .number(.int(0)))
            failing = try Nx.binary(.logical_and, .tensor(zero), .tensor(try Nx.binary(.logical_and, .tensor(finite), .tensor(nonZero))))
        }
        if try hasNonZero(try Nx.reduce(.any, .tensor(failing))) { throw NxError.arithmetic() }
    }

    private static func hasNonZero(_ t: Tensor) throws -> Bool {
        guard t.backend is NativeBackend else { return false }
        return try Nx.toNumber(t) != .int(0)
    }

    /// One paragraph per op, shown by `h`.
    static func unaryDoc(_ op: UnaryOp) -> String {
        let what: String
        switch op {
        case .abs: what = "The absolute value of each element (the magnitude for complex numbers)"
        case .negate: what = "Each element with its sign flipped"
        case .sign: what = "-1, 0 or 1 according to each element's sign"
        case .ceil, .floor, .round: what = "Each element rounded (\(op.name); round goes half away from zero)"
        case .bitwise_not, .population_count, .count_leading_zeros: what = "The \(op.name) of each element's bits (integer tensors only)"
        case .is_nan, .is_infinity: what = "1 where an element \(op == .is_nan ? "is NaN" : "is infinite"), 0 elsewhere (u8)"
        case .logical_not: what = "1 where an element is zero, 0 elsewhere (u8)"
        case .real, .imag: what = "The \(op == .real ? "real" : "imaginary") part of each element, as a float"
        case .phase: what = "The angle of each complex element (0 or pi for reals)"
        case .conjugate: what = "The complex conjugate of each element (a complex tensor)"
        default: what = "The \(op.name) of each element, computed in floating point (integers become f32)"
        }
        return what + ". Keeps the shape and names; numbers are accepted as scalars."
    }

    static func binaryDoc(_ op: BinaryOp) -> String {
        let what: String
        switch op.rule {
        case .predicate: what = "The \(op.name) test of each pair of elements, 1 where it holds and 0 elsewhere (u8)"
        case .integerOnly: what = "The \(op.name) of each pair of elements (integer tensors only)"
        case .floating: what = "The \(op.name) of each pair of elements, always in floating point"
        default: what = "The \(op.name) of each pair of elements, in the merged type of both arguments"
        }
        return what + ". The arguments broadcast against each other (named axes must agree); numbers adapt to the tensor's type."
    }
}
