import Foundation

/// `Nx.Random`: Threefry-2x32 counter-based generation with explicit u32[2] keys, composed from
/// front-end primitives (so it also traces inside defn). Every sampler that takes a key splits it,
/// draws from the second half and returns the first as the next key, as Nx does.
public enum NxRandom {
    // MARK: keys

    /// `Nx.Random.key(seed)`: the seed's high and low 32 bits.
    public static func key(_ seed: Operand) throws -> Tensor {
        let s: Tensor
        switch seed {
        case .number(let n) where n.isInteger: s = try Nx.scalar(n, type: .u64)
        case .tensor(let t) where t.type == .u64 && t.rank == 0: s = t
        case .tensor(let t) where t.type == .s64 && t.rank == 0: s = try Nx.bitcast(.tensor(t), .u64)
        default:
            throw NxError.argument("expected seed to be an integer, u64 tensor or s64 tensor, got: \(describe(seed))")
        }
        let high = try Nx.binary(.right_shift, .tensor(s), .tensor(try u(32, .u64)))
        let low = try Nx.binary(.bitwise_and, .tensor(s), .tensor(try u(0xFFFF_FFFF, .u64)))
        return try Nx.asType(.tensor(try Nx.stack([.tensor(high), .tensor(low)])), .u32)
    }

    /// `Nx.Random.split(key, parts:)`: `parts` new keys along a leading axis.
    public static func split(_ key: Tensor, parts: Int = 2) throws -> Tensor {
        try assertKey(key)
        return try threefry(key, shape: [parts, 2])
    }

    /// `Nx.Random.fold_in(key, data)`: a new key per element of `data` (shape `data.shape ++ {2}`).
    public static func foldIn(_ key: Tensor, _ data: Operand) throws -> Tensor {
        try assertKey(key)
        let d = try Nx.asType(data, .u64)
        let high = try Nx.binary(.right_shift, .tensor(d), .tensor(try u(32, .u64)))
        let low = try Nx.binary(.bitwise_and, .tensor(d), .tensor(try u(0xFFFF_FFFF, .u64)))
        let words = try Nx.asType(.tensor(try Nx.reshape(.tensor(try Nx.stack([.tensor(high), .tensor(low)])), [.size(2), .auto])), .u32)
        let (x1, x2) = try threefryPair(words, key)
        let pairs = try Nx.stack([.tensor(x1), .tensor(x2)], axis: x1.rank)
        return try Nx.reshape(.tensor(pairs), d.shape + [2])
    }

    // MARK: samplers

    /// `Nx.Random.uniform(key, min, max, shape:, type:, names:)` → (sample, next key).
    public static func uniform(_ key: Tensor, _ lo: Operand = .float(0), _ hi: Operand = .float(1), shape: [Int] = [],
                               type: DType? = nil, names: [String?]? = nil) throws -> (Tensor, Tensor) {
        let (draw, next) = try splitForSampling(key)
        return (try uniformSplit(draw, lo, hi, shape: shape, type: type, names: names), next)
    }

    /// `Nx.Random.uniform_split`: floats in [min, max) from the mantissa bits of one draw.
    public static func uniformSplit(_ key: Tensor, _ lo: Operand, _ hi: Operand, shape: [Int] = [],
                                    type: DType? = nil, names: [String?]? = nil) throws -> Tensor {
        try assertKey(key)
        let type = try floatType(lo, hi, type)
        return try floatOrComplex(key, type, shape, names: names) { key, type, shape in
            let bitsType = try unsigned(bits: type.bits)
            let one = try Nx.bitcast(.tensor(try Nx.scalar(.float(1), type: type)), bitsType)
            let minV = try Nx.asType(lo, type), maxV = try Nx.asType(hi, type)
            var x = try randomBits(key, shape: shape, bitWidth: type.bits)
            x = try Nx.binary(.right_shift, .tensor(x), .tensor(try u(Int64(type.bits - mantissaBits(type)), bitsType)))
            x = try Nx.binary(.bitwise_or, .tensor(x), .tensor(one))
            x = try Nx.subtract(.tensor(try Nx.bitcast(.tensor(x), type)), .tensor(try Nx.scalar(.float(1), type: type)))
            x = try Nx.multiply(.tensor(x), .tensor(try Nx.subtract(.tensor(maxV), .tensor(minV))))
            x = try Nx.binary(.max, .tensor(try Nx.add(.tensor(x), .tensor(minV))), .tensor(minV))
            return try Nx.reshape(.tensor(x), shape)
        }
    }

    /// `Nx.Random.normal(key, mean, standard_deviation, ...)` → (sample, next key).
    public static func normal(_ key: Tensor, _ mean: Operand = .float(0), _ sd: Operand = .float(1), shape: [Int] = [],
                              type: DType? = nil, names: [String?]? = nil) throws -> (Tensor, Tensor) {
        let (draw, next) = try splitForSampling(key)
        return (try normalSplit(draw, mean, sd, shape: shape, type: type, names: names), next)
    }

    /// `Nx.Random.normal_split`: sqrt(2) · erf⁻¹(u) for u uniform in (-1, 1), scaled and shifted.
    public static func normalSplit(_ key: Tensor, _ mean: Operand, _ sd: Operand, shape: [Int] = [],
                                   type: DType? = nil, names: [String?]? = nil) throws -> Tensor {
        try assertKey(key)
        let type = try floatType(mean, sd, type)
        return try floatOrComplex(key, type, shape, names: names) { key, type, shape in
            let u = try uniformSplit(key, .float(nextAfterMinusOne(type)), .int(1), shape: shape, type: type)
            let root2 = try Nx.unary(.sqrt, .tensor(try Nx.scalar(.int(2), type: type)))
            let z = try Nx.multiply(.tensor(root2), .tensor(try Nx.unary(.erf_inv, .tensor(u))))
            return try Nx.add(.tensor(try Nx.multiply(.tensor(try Nx.asType(sd, type)), .tensor(z))), .tensor(try Nx.asType(mean, type)))
        }
    }

    /// `Nx.Random.randint(key, min, max, ...)` → (integers in [min, max), next key).
    public static func randint(_ key: Tensor, _ lo: Operand, _ hi: Operand, shape: [Int] = [],
                               type: DType? = nil, names: [String?]? = nil) throws -> (Tensor, Tensor) {
        let (draw, next) = try splitForSampling(key)
        return (try randintSplit(draw, lo, hi, shape: shape, type: type, names: names), next)
    }

    /// `Nx.Random.randint_split`: two words of bits combined modulo the span, as JAX does.
    public static func randintSplit(_ key: Tensor, _ lo: Operand, _ hi: Operand, shape: [Int] = [],
                                    type: DType? = nil, names: [String?]? = nil) throws -> Tensor {
        try assertKey(key)
        let type = type ?? DType.merge(lo.type, hi.type)
        guard type.isInteger else { throw NxError.argument("expected integer type, got type \(Shape.typeTuple(type))") }
        let nbits = type.bits
        let minV = try Nx.broadcast(lo, shape), maxV = try Nx.broadcast(hi, shape)
        let bits = try randomBits(key, shape: [2] + shape, bitWidth: nbits)
        let higher = try Nx.access(bits, .index(0)), lower = try Nx.access(bits, .index(1))
        let span = try Nx.asType(.tensor(try Nx.subtract(.tensor(maxV), .tensor(minV))), try unsigned(bits: nbits))
        let half = try Nx.binary(.quotient, .int(Int64(nbits)), .int(2))
        var multiplier = try Nx.binary(.pow, .tensor(try u(2, .u64)), .tensor(half))
        multiplier = try Nx.binary(.remainder, .tensor(multiplier), .tensor(span))
        multiplier = try Nx.binary(.pow, .tensor(multiplier), .int(2))
        multiplier = try Nx.binary(.remainder, .tensor(multiplier), .tensor(span))
        var offset = try Nx.multiply(.tensor(try Nx.binary(.remainder, .tensor(higher), .tensor(span))), .tensor(multiplier))
        offset = try Nx.add(.tensor(offset), .tensor(try Nx.binary(.remainder, .tensor(lower), .tensor(span))))
        offset = try Nx.binary(.remainder, .tensor(offset), .tensor(span))
        let result = try Nx.asType(.tensor(try Nx.add(.tensor(minV), .tensor(offset))), type)
        return try Nx.reshape(.tensor(result), shape, names: names)
    }

    /// `Nx.Random.gumbel(key, shape:, type:)` → (-log(-log(u)), next key).
    public static func gumbel(_ key: Tensor, shape: [Int] = [], type: DType = .f32) throws -> (Tensor, Tensor) {
        let (draw, next) = try splitForSampling(key)
        return (try gumbelSplit(draw, shape: shape, type: type), next)
    }

    public static func gumbelSplit(_ key: Tensor, shape: [Int] = [], type: DType = .f32) throws -> Tensor {
        guard type.isFloating else {
            throw NxError.argument("output type must be floating-point, got: \(Shape.typeTuple(type))")
        }
        let tiny = try NxConstants.smallestPositiveNormal(type)
        let u = try uniformSplit(key, .tensor(tiny), .int(1), shape: shape, type: type)
        let inner = try Nx.unary(.negate, .tensor(try Nx.unary(.log, .tensor(u))))
        return try Nx.unary(.negate, .tensor(try Nx.unary(.log, .tensor(inner))))
    }

    /// `Nx.Random.shuffle(key, t, axis:, independent:)` → (shuffled, next key).
    public static func shuffle(_ key: Tensor, _ x: Operand, axis: Axis = 0, independent: Bool = false) throws -> (Tensor, Tensor) {
        let t = try Nx.toTensor(x)
        let a = try Shape.axis(axis, rank: t.rank, names: t.names)
        if independent { return try sortByRandomKeys(key, t, axis: a) }
        let (order, next) = try sortByRandomKeys(key, try Nx.iota([t.shape[a]]), axis: 0)
        return (try Nx.take(.tensor(t), order, axis: .index(a)), next)
    }

    /// `Nx.Random.choice(key, t, p?, samples:, axis:, replace:)` → (samples, next key).
    public static func choice(_ key: Tensor, _ x: Operand, probabilities p: Tensor? = nil, samples: Int = 1,
                              axis: Axis? = nil, replace: Bool = true) throws -> (Tensor, Tensor) {
        var t = try Nx.toTensor(x)
        guard t.rank >= 1 else { throw NxError.argument("tensor must have rank 1 or greater") }
        var a = 0
        if let axis = axis { a = try Shape.axis(axis, rank: t.rank, names: t.names) } else { t = try Nx.flatten(.tensor(t)) }
        guard samples >= 1 else {
            throw NxError(module: "RuntimeError", message: "must take at least one sample, got samples=\(samples)")
        }
        let inputs = t.shape[a]
        if !replace && samples > inputs {
            throw NxError.argument("cannot take more samples than the input size when replace: false")
        }
        guard let p = p else {
            if replace {
                let (idx, next) = try randint(key, .int(0), .int(Int64(inputs)), shape: [samples], type: .u32)
                return (try Nx.take(.tensor(t), idx, axis: .index(a)), next)
            }
            let (shuffled, next) = try shuffle(key, .tensor(t), axis: .index(a))
            return (try Nx.sliceAlongAxis(.tensor(shuffled), 0, samples, axis: .index(a)), next)
        }
        guard p.rank == 1 else { throw NxError.argument("probability tensor must have rank 1, got: \(p.rank)") }
        guard p.size == inputs else {
            throw NxError.argument("probability tensor of size \(p.size) is expected to have size \(inputs)")
        }
        if replace {
            // Inverse-CDF sampling: the first index whose cumulative probability exceeds r.
            let cdf = try Nx.cumulative(.sum, .tensor(p))
            let (uni, next) = try uniform(key, shape: [samples], type: cdf.type)
            let total = try Nx.access(cdf, .index(-1))
            let r = try Nx.multiply(.tensor(total), .tensor(try Nx.subtract(.int(1), .tensor(uni))))
            let below = try Nx.binary(.less_equal, .tensor(try Nx.newAxis(.tensor(cdf), 0)), .tensor(try Nx.newAxis(.tensor(r), 1)))
            let idx = try Nx.argReduce(max: false, .tensor(below), axis: .index(1))
            return (try Nx.take(.tensor(t), idx, axis: .index(a)), next)
        }
        // Gumbel top-k: sampling without replacement in proportion to p.
        let (g, next) = try gumbel(key, shape: [inputs], type: p.type)
        let scores = try Nx.subtract(.tensor(try Nx.unary(.negate, .tensor(g))), .tensor(try Nx.unary(.log, .tensor(p))))
        let idx = try Nx.sliceAlongAxis(.tensor(try Nx.argsort(.tensor(scores))), 0, samples)
        return (try Nx.take(.tensor(t), idx, axis: .index(a)), next)
    }

    // MARK: Threefry-2x32

    /// `Nx.Random`'s `random_bits`: unsigned words of `bitWidth` bits.
    static func randomBits(_ key: Tensor, shape: [Int], bitWidth: Int) throws -> Tensor {
        switch bitWidth {
        case 64:
            let words = try Nx.asType(.tensor(try threefry(key, shape: [2, Shape.size(shape)])), .u64)
            let high = try Nx.binary(.left_shift, .tensor(try Nx.access(words, .index(0))), .tensor(try u(32, .u64)))
            let bits = try Nx.binary(.bitwise_or, .tensor(high), .tensor(try Nx.access(words, .index(1))))
            return try Nx.reshape(.tensor(bits), shape)
        case 32: return try threefry(key, shape: shape)
        default: return try Nx.asType(.tensor(try threefry(key, shape: shape)), try unsigned(bits: bitWidth))
        }
    }

    /// Threefry over the counters 0..<size(shape), as u32 of `shape`.
    static func threefry(_ key: Tensor, shape: [Int]) throws -> Tensor {
        try threefry2x32(key, try Nx.iota(shape, type: .u32, backend: key.backend))
    }

    /// The 20-round Threefry-2x32 block function on the two rows of `xs` under key `ks`.
    static func threefryPair(_ xs: Tensor, _ ks: Tensor) throws -> (Tensor, Tensor) {
        let rotations: [[Int64]] = [[13, 15, 26, 6], [17, 29, 16, 24]]
        let k1 = try Nx.access(ks, .index(0)), k2 = try Nx.access(ks, .index(1))
        let k3 = try Nx.binary(.bitwise_xor, .tensor(try Nx.binary(.bitwise_xor, .tensor(k1), .tensor(k2))),
                               .tensor(try u(0x1BD1_1BDA, .u32)))
        var keys = [k2, k3, k1]
        var x1 = try Nx.add(.tensor(try Nx.access(xs, .index(0))), .tensor(k1))
        var x2 = try Nx.add(.tensor(try Nx.access(xs, .index(1))), .tensor(k2))
        for step in 1...5 {
            for r in rotations[(step - 1) % 2] {
                x1 = try Nx.add(.tensor(x1), .tensor(x2))
                x2 = try Nx.binary(.bitwise_xor, .tensor(try rotateLeft(x2, r)), .tensor(x1))
            }
            x1 = try Nx.add(.tensor(keys[0]), .tensor(x1))
            x2 = try Nx.add(.tensor(try Nx.add(.tensor(keys[1]), .tensor(try u(Int64(step), .u32)))), .tensor(x2))
            keys = [keys[1], keys[2], keys[0]]
        }
        return (x1, x2)
    }

    static func rotateLeft(_ x: Tensor, _ r: Int64) throws -> Tensor {
        let left = try Nx.binary(.left_shift, .tensor(x), .tensor(try u(r, .u32)))
        let right = try Nx.binary(.right_shift, .tensor(x), .tensor(try u(32 - r, .u32)))
        return try Nx.binary(.bitwise_or, .tensor(left), .tensor(right))
    }

    // MARK: helpers

    /// Splits `key` in two: the draw uses the second, the caller gets the first back.
    static func splitForSampling(_ key: Tensor) throws -> (draw: Tensor, next: Tensor) {
        let keys = try split(key)
        return (try Nx.access(keys, .index(1)), try Nx.access(keys, .index(0)))
    }

    /// Sorts `t` along `axis` by fresh random words, enough rounds to make ties negligible.
    static func sortByRandomKeys(_ key: Tensor, _ t: Tensor, axis: Int) throws -> (Tensor, Tensor) {
        let rounds = Int((3 * Foundation.log(Double(t.size)) / Foundation.log(Double(UInt32.max))).rounded(.up))
        var out = t, key = key
        for _ in 0..<Swift.max(rounds, 0) {
            let (draw, next) = try splitForSampling(key)
            let sortKeys = try randomBits(draw, shape: out.shape, bitWidth: 32)
            let order = try Nx.argsort(.tensor(sortKeys), axis: .index(axis))
            out = try Nx.takeAlongAxis(.tensor(out), order, axis: .index(axis))
            key = next
        }
        return (out, key)
    }

    /// A complex type draws its real and imaginary parts as a trailing pair of reals.
    static func floatOrComplex(_ key: Tensor, _ type: DType, _ shape: [Int], names: [String?]?,
                               _ draw: (Tensor, DType, [Int]) throws -> Tensor) throws -> Tensor {
        if type.isComplex {
            let parts = try draw(key, type.real, shape + [2])
            let last = Axis.index(parts.rank - 1)
            let re = try Nx.squeeze(.tensor(try Nx.sliceAlongAxis(.tensor(parts), 0, 1, axis: last)), axes: [last])
            let im = try Nx.squeeze(.tensor(try Nx.sliceAlongAxis(.tensor(parts), 1, 1, axis: last)), axes: [last])
            return try Nx.reshape(.tensor(try Nx.complex(.tensor(re), .tensor(im))), shape, names: names)
        }
        guard type.isFloat else {
            throw NxError.argument("expected float or complex type, got type \(Shape.typeTuple(type))")
        }
        return try Nx.reshape(.tensor(try draw(key, type, shape)), shape, names: names)
    }

    static func floatType(_ a: Operand, _ b: Operand, _ type: DType?) throws -> DType {
        type ?? DType.merge(a.type, b.type).floating
    }

    static func mantissaBits(_ type: DType) -> Int {
        switch type { case .bf16: return 7; case .f16: return 10; case .f64: return 52; default: return 23 }
    }

    /// The float just above -1 in `type` (so erf⁻¹ stays finite).
    static func nextAfterMinusOne(_ type: DType) -> Double {
        switch type {
        case .f64: return (-1.0).nextUp
        case .f16: return -1 + 1.0 / 2048
        case .bf16: return -1 + 1.0 / 256
        default: return Double(Float(-1).nextUp)
        }
    }

    static func unsigned(bits: Int) throws -> DType {
        guard let t = DType(kind: .u, bits: bits) else { throw DType.invalidTypeError("{:u, \(bits)}") }
        return t
    }

    static func u(_ v: Int64, _ type: DType, rank1: Bool = false) throws -> Tensor {
        let s = try Nx.scalar(.int(v), type: type)
        return rank1 ? try Nx.reshape(.tensor(s), [1]) : s
    }

    static func assertKey(_ key: Tensor) throws {
        guard key.shape == [2] else {
            throw NxError.argument("expected key to have shape {2}, got tensor with shape \(Shape.string(key.shape))")
        }
        guard key.type == .u32 else {
            throw NxError.argument("expected key with 32-bit unsigned integer type, got key with type \(Shape.typeTuple(key.type))")
        }
    }

    static func describe(_ x: Operand) -> String {
        switch x {
        case .number(let n): return "\(n.doubleValue)"
        case .tensor(let t): return (try? TensorInspect.inspect(t, limit: TensorInspect.defaultLimit)) ?? "#Nx.Tensor<...>"
        }
    }
}
