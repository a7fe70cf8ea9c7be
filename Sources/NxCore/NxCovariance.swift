/// `Nx.covariance`: the covariance matrix of the last two axes ({n, d} samples of d variables),
/// composed from subtract and a batched dot, so it runs the same inside defn and under grad.
extension Nx {
    /// `mean` has shape {..., d}; nil estimates it with `Nx.mean` over the sample axis.
    public static func covariance(_ x: Operand, mean: Operand? = nil, ddof: Int = 0) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        guard t.rank >= 2 else {
            throw NxError.argument("expected input tensor of rank 2 or more, got rank: \(t.rank)")
        }
        let m = try mean.map { try toTensor($0, backend: t.backend) } ?? self.mean(.tensor(t), axes: [.index(-2)])
        guard m.rank >= 1 else {
            throw NxError.argument("expected mean of rank 1 or more, got rank: \(m.rank)")
        }
        let centered = try subtract(.tensor(t), .tensor(try newAxis(.tensor(m), -2)))
        let left = centered.type.isComplex ? try unary(.conjugate, .tensor(centered)) : centered
        let batch = (0..<(centered.rank - 2)).map { Axis.index($0) }
        let products = try dot(.tensor(left), contract: [.index(-2)], batch: batch,
                               .tensor(centered), contract: [.index(-2)], batch: batch)
        let samples = centered.shape[centered.rank - 2]
        return try divide(.tensor(products), .number(.int(Int64(samples - ddof))))
    }
}
