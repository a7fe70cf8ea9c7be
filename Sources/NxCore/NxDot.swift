/// dot products: contraction and batch axes, and `outer` as a composition.
extension Nx {
    /// `Nx.dot(a, b)`: the last axis of `a` with the first (vectors) or second-to-last axis of `b`.
    public static func dot(_ a: Operand, _ b: Operand) throws -> Tensor {
        let be = backend([a, b])
        let x = try toTensor(a, backend: be), y = try toTensor(b, backend: be)
        if x.rank == 0 || y.rank == 0 { return try multiply(.tensor(x), .tensor(y)) }
        let cb = y.rank == 1 ? 0 : y.rank - 2
        return try dot(.tensor(x), contract: [.index(x.rank - 1)], batch: [], .tensor(y), contract: [.index(cb)], batch: [])
    }

    /// `Nx.dot(a, contract_a, batch_a, b, contract_b, batch_b)`.
    public static func dot(_ a: Operand, contract ca: [Axis], batch ba: [Axis],
                           _ b: Operand, contract cb: [Axis], batch bb: [Axis]) throws -> Tensor {
        let be = backend([a, b])
        let x = try toTensor(a, backend: be), y = try toTensor(b, backend: be)
        let rca = try Shape.axes(ca, rank: x.rank, names: x.names), rcb = try Shape.axes(cb, rank: y.rank, names: y.names)
        let rba = try Shape.axes(ba, rank: x.rank, names: x.names), rbb = try Shape.axes(bb, rank: y.rank, names: y.names)
        guard rca.count == rcb.count else {
            throw NxError.argument("dot/zip expects the same number of contraction axes, got: \(rca.count) and \(rcb.count)")
        }
        for (i, j) in zip(rca, rcb) where x.shape[i] != y.shape[j] {
            throw NxError.argument("dot/zip expects shapes to be compatible, dimension \(i) of left-side (\(x.shape[i])) does not equal dimension \(j) of right-side (\(y.shape[j]))")
        }
        guard rba.count == rbb.count else {
            throw NxError.argument("dot/zip expects the same number of batch axes, got: \(rba.count) and \(rbb.count)")
        }
        for (i, j) in zip(rba, rbb) where x.shape[i] != y.shape[j] {
            throw NxError.argument("dot/zip expects shapes to be compatible, dimension \(i) of left-side (\(x.shape[i])) does not equal dimension \(j) of right-side (\(y.shape[j]))")
        }
        let freeA = (0..<x.rank).filter { !rca.contains($0) && !rba.contains($0) }
        let freeB = (0..<y.rank).filter { !rcb.contains($0) && !rbb.contains($0) }
        let shape = rba.map { x.shape[$0] } + freeA.map { x.shape[$0] } + freeB.map { y.shape[$0] }
        let names = rba.map { x.names[$0] } + freeA.map { x.names[$0] } + freeB.map { y.names[$0] }
        let out = TensorTemplate(type: DType.merge(x.type, y.type), shape: shape, names: names)
        return try be.dot(out, x, contract: rca, batch: rba, y, contract: rcb, batch: rbb)
    }

    /// `Nx.outer(a, b)`: every element of `a` times every element of `b`, as a matrix.
    public static func outer(_ a: Operand, _ b: Operand) throws -> Tensor {
        let be = backend([a, b])
        let x = try toTensor(a, backend: be), y = try toTensor(b, backend: be)
        let column = try reshape(.tensor(x), [x.size, 1])
        let row = try reshape(.tensor(y), [1, y.size])
        let r = try multiply(.tensor(column), .tensor(row))
        let names: [String?] = [x.rank == 1 ? x.names[0] : nil, y.rank == 1 ? y.names[0] : nil]
        return try r.backend.reshape(TensorTemplate(type: r.type, shape: r.shape, names: names), r)
    }
}
