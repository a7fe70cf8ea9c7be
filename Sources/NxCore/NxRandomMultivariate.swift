/// `Nx.Random.threefry2x32` (the hash under every sampler, exposed) and
/// `Nx.Random.multivariate_normal`, both composed from front-end operations.
extension NxRandom {
    /// Hashes each u32 counter of `count` under `key`; the result has `count`'s shape.
    /// Counters are taken as pairs (first half, second half), padded with a 0 when odd.
    public static func threefry2x32(_ key: Tensor, _ count: Tensor) throws -> Tensor {
        try assertKey(key)
        guard count.type == .u32 else {
            throw NxError.argument("expected count to be a tensor of type {:u, 32}, got: \(Shape.typeTuple(count.type))")
        }
        let n = count.size
        var counters = try Nx.reshape(.tensor(count), [n])
        if n % 2 == 1 { counters = try Nx.concatenate([.tensor(counters), .tensor(try u(0, .u32, rank1: true))]) }
        let (x1, x2) = try threefryPair(try Nx.reshape(.tensor(counters), [.size(2), .auto]), key)
        let flat = try Nx.concatenate([.tensor(x1), .tensor(x2)])
        return try Nx.reshape(.tensor(try Nx.sliceAlongAxis(.tensor(flat), 0, n)), count.shape)
    }

    /// How the covariance is factored into A with A·Aᵀ = covariance.
    public enum CovarianceMethod: String {
        case cholesky, svd, eigh
    }

    /// `Nx.Random.multivariate_normal(key, mean, covariance, shape:, type:, method:)` →
    /// (samples of shape `shape ++ {d}`, next key): mean + z·Aᵀ for standard normals z.
    public static func multivariateNormal(_ key: Tensor, _ mean: Operand, _ covariance: Operand, shape: [Int] = [],
                                          type: DType? = nil, method: CovarianceMethod = .cholesky) throws -> (Tensor, Tensor) {
        try assertKey(key)
        let m = try Nx.toTensor(mean, backend: key.backend), cov = try Nx.toTensor(covariance, backend: key.backend)
        guard m.rank == 1 else {
            throw NxError.argument("expected mean to have rank 1, got tensor with rank: \(m.rank)")
        }
        guard cov.rank == 2, cov.shape[0] == cov.shape[1] else {
            throw NxError.argument("expected covariance to be a square matrix, got tensor with shape: \(Shape.string(cov.shape))")
        }
        guard cov.shape[0] == m.shape[0] else {
            throw NxError.argument("expected mean and covariance to have the same dimensions, got: \(m.shape[0]) and \(cov.shape[0])")
        }
        let type = try type ?? floatType(mean, covariance, nil)
        guard type.isFloat else {
            throw NxError.argument("expected a float type, got: \(Shape.typeTuple(type))")
        }
        // Only the Cholesky factor is unique; LAPACK's SVD/eigh vectors may differ in sign from
        // Nx's, which would give different samples, so those methods raise instead.
        guard method == .cholesky else {
            throw NxError.notImplemented("Nx.Random.multivariate_normal with method: :\(method.rawValue)")
        }
        let a = try NxLinAlg.cholesky(.tensor(try Nx.asType(.tensor(cov), type)))
        let (draw, next) = try splitForSampling(key)
        let z = try normalSplit(draw, .float(0), .float(1), shape: shape + [m.shape[0]], type: type)
        let correlated = try Nx.dot(.tensor(z), contract: [.index(-1)], batch: [], .tensor(a), contract: [.index(1)], batch: [])
        return (try Nx.add(.tensor(try Nx.asType(.tensor(m), type)), .tensor(correlated)), next)
    }
}
