/// Elementwise functions: type inference (with Nx's weak number types) and broadcasting.
extension Nx {
    /// The merged type of two operands: a number adapts to the tensor's type (`merge_number`).
    public static func binaryType(_ a: Operand, _ b: Operand) -> DType {
        switch (a, b) {
        case (.tensor(let x), .tensor(let y)): return DType.merge(x.type, y.type)
        case (.tensor(let x), .number(let n)), (.number(let n), .tensor(let x)): return DType.merge(x.type, number: n)
        case (.number(let m), .number(let n)): return DType.merge(m.defaultType, n.defaultType)
        }
    }

    public static func unary(_ op: UnaryOp, _ x: Operand) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let out = TensorTemplate(type: try op.outputType(t.type), shape: t.shape, names: t.names)
        return try t.backend.unary(op, out, t)
    }

    public static func binary(_ op: BinaryOp, _ a: Operand, _ b: Operand) throws -> Tensor {
        let type = try op.outputType(binaryType(a, b))
        let be = backend([a, b])
        let x = try toTensor(a, backend: be), y = try toTensor(b, backend: be)
        let (shape, names) = try Shape.broadcast(x.shape, x.names, y.shape, y.names)
        return try be.binary(op, TensorTemplate(type: type, shape: shape, names: names), x, y)
    }

    public static func add(_ a: Operand, _ b: Operand) throws -> Tensor { try binary(.add, a, b) }
    public static func subtract(_ a: Operand, _ b: Operand) throws -> Tensor { try binary(.subtract, a, b) }
    public static func multiply(_ a: Operand, _ b: Operand) throws -> Tensor { try binary(.multiply, a, b) }
    public static func divide(_ a: Operand, _ b: Operand) throws -> Tensor { try binary(.divide, a, b) }

    /// `Nx.select(pred, on_true, on_false)`: the branches merge their types; all three broadcast.
    public static func select(_ pred: Operand, _ onTrue: Operand, _ onFalse: Operand) throws -> Tensor {
        let be = backend([pred, onTrue, onFalse])
        let p = try toTensor(pred, backend: be)
        let x = try toTensor(onTrue, backend: be), y = try toTensor(onFalse, backend: be)
        let type = binaryType(onTrue, onFalse)
        let (s1, n1) = try Shape.broadcast(x.shape, x.names, y.shape, y.names)
        let (shape, names) = try Shape.broadcast(p.shape, p.names, s1, n1)
        return try be.select(TensorTemplate(type: type, shape: shape, names: names), p, x, y)
    }

    /// `Nx.clip(t, min, max)`: min and max must be scalars.
    public static func clip(_ x: Operand, _ lo: Operand, _ hi: Operand) throws -> Tensor {
        for bound in [lo, hi] where !bound.shape.isEmpty {
            throw NxError.argument("min/max value must be a scalar shape, got: \(Shape.string(bound.shape))")
        }
        let type = DType.merge(binaryType(x, lo), binaryType(x, hi))
        let t = try asType(x, type)
        return try asType(.tensor(try binary(.min, .tensor(try binary(.max, .tensor(t), lo)), hi)), type)
    }

    /// `Nx.complex(re, im)`: both parts become the real type of a complex result.
    public static func complex(_ re: Operand, _ im: Operand) throws -> Tensor {
        let type = binaryType(re, im)
        if type.isComplex {
            throw NxError.argument("Nx.complex/2 expects real inputs, got: \(Shape.typeTuple(type))")
        }
        let c = type.complex
        let i = try scalar(.complex(0, 1), type: c, backend: backend([re, im]))
        return try add(.tensor(try asType(re, c)), .tensor(try multiply(.tensor(try asType(im, c)), .tensor(i))))
    }
}
