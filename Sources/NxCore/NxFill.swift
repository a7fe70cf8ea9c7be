/// `Nx.fill`: a tensor shaped (and named) like another, every element set to one value.
extension Nx {
    /// The type is the tensor's unless `type` is given; the value is cast to it.
    public static func fill(_ x: Operand, _ value: Operand, type: DType? = nil) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        let v = try toTensor(value, backend: t.backend)
        guard v.rank == 0 else {
            throw NxError.argument("expected value to be a scalar, got tensor with shape \(Shape.string(v.shape))")
        }
        let scalar = try asType(.tensor(v), type ?? t.type)
        return try broadcast(.tensor(scalar), t.shape, names: t.names)
    }
}
