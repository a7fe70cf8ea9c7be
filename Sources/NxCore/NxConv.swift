/// `Nx.conv`: N-dimensional convolution (really cross-correlation, as in Nx) as a composition:
/// permute to [batch, channels, spatial...], dilate and pad the input, gather one strided
/// slice per kernel offset into an im2col matrix [channels × offsets, batch × positions],
/// and multiply it by the kernel matrix [out channels, channels × offsets] in one gemm.
extension Nx {
    public struct ConvOptions {
        public var strides: [Int]?
        public var padding: Padding = .valid
        public var inputDilation: [Int]?
        public var kernelDilation: [Int]?
        public var featureGroupSize = 1
        public var batchGroupSize = 1
        public var inputPermutation: [Int]?
        public var kernelPermutation: [Int]?
        public var outputPermutation: [Int]?
        public init() {}
    }

    /// Nx.conv's options after checking, as Nx hands them to a backend: every spatial list
    /// filled in and the padding resolved to (low, high) per spatial axis.
    public struct ConvPlan {
        public let strides: [Int]
        public let padding: [(Int, Int)]
        public let inputDilation: [Int]
        public let kernelDilation: [Int]
        public let featureGroupSize: Int
        public let batchGroupSize: Int
        public let inputPermutation: [Int]
        public let kernelPermutation: [Int]
        public let outputPermutation: [Int]
    }

    public static func conv(_ input: Operand, _ kernel: Operand, _ o: ConvOptions = ConvOptions()) throws -> Tensor {
        let be = backend([input, kernel])
        let x = try toTensor(input, backend: be), k = try toTensor(kernel, backend: be)
        let (plan, out) = try convPlan(x, k, o)
        return try be.conv(out, x, k, plan)
    }

    /// Checks conv's arguments as Nx does, in its order and words, and infers the result.
    static func convPlan(_ x0: Tensor, _ k0: Tensor, _ o: ConvOptions) throws -> (ConvPlan, TensorTemplate) {
        guard x0.rank >= 3 else {
            throw NxError.argument("input shape in conv requires at least rank 3, shape \(Shape.string(x0.shape)) has rank \(x0.rank)")
        }
        guard k0.rank >= 3 else {
            throw NxError.argument("kernel shape in conv requires at least rank 3, shape \(Shape.string(k0.shape)) has rank \(k0.rank)")
        }
        guard k0.rank == x0.rank else {
            throw NxError.argument("kernel shape in conv must have the same rank as input shape, got \(Shape.string(k0.shape)) and \(Shape.string(x0.shape))")
        }
        let rank = x0.rank, spatial = rank - 2
        let strides = o.strides ?? Array(repeating: 1, count: spatial)
        guard strides.count == spatial else {
            throw NxError.argument("rank of strides much match rank of spatial dimensions got strides \(strides) with rank \(strides.count) and got input shape \(Shape.string(x0.shape)) of rank \(spatial)")
        }
        for s in strides where s < 1 { throw NxError.argument("strides must be positive integers, got: \(strides)") }
        let inDil = try dilations(o.inputDilation, spatial, "input")
        let kDil = try dilations(o.kernelDilation, spatial, "kernel")
        let identity = Array(0..<rank)
        let inPerm = try o.inputPermutation.map { try permutation($0, rank, "input") } ?? identity
        let kPerm = try o.kernelPermutation.map { try permutation($0, rank, "kernel") } ?? identity
        let outPerm = try o.outputPermutation.map { try permutation($0, rank, "output") } ?? identity
        let xShape = inPerm.map { x0.shape[$0] }, kShape = kPerm.map { k0.shape[$0] }
        let (fg, bg) = (o.featureGroupSize, o.batchGroupSize)
        try checkGroups(input: dilated(xShape, inDil), kernel: dilated(kShape, kDil), featureGroups: fg, batchGroups: bg)

        // Input dilation inserts (d - 1) zeros between elements; then the padding applies.
        let dilatedSpatial = zip(xShape.dropFirst(2), inDil).map { ($0 - 1) * $1 + 1 }
        let kernelSpan = (0..<spatial).map { (kShape[$0 + 2] - 1) * kDil[$0] + 1 }
        let pads = try paddingConfig(o.padding, shape: dilatedSpatial, kernel: kernelSpan)
        var outSpatial: [Int] = []
        for i in 0..<spatial {
            let n = dilatedSpatial[i] + pads[i].0 + pads[i].1 - kernelSpan[i]
            guard n >= 0 else {
                throw NxError.argument("conv would result in empty tensor which is not currently supported in Nx, please open an issue if you'd like this behavior to change")
            }
            outSpatial.append(n / strides[i] + 1)
        }
        // [batch, channels, spatial...], each axis moved to where output_permutation says.
        let natural = [xShape[0] / bg, kShape[0]] + outSpatial
        var shape = Array(repeating: 0, count: rank)
        for (i, axis) in outPerm.enumerated() { shape[axis] = natural[i] }
        let plan = ConvPlan(strides: strides, padding: pads, inputDilation: inDil, kernelDilation: kDil,
                            featureGroupSize: fg, batchGroupSize: bg, inputPermutation: inPerm,
                            kernelPermutation: kPerm, outputPermutation: outPerm)
        var names: [String?] = Array(repeating: nil, count: rank)
        for (i, axis) in outPerm.enumerated() { names[axis] = x0.names[inPerm[i]] }
        return (plan, TensorTemplate(type: DType.merge(x0.type, k0.type).floating, shape: shape, names: names))
    }

    /// A checked convolution in primitives: permute, cast, dilate and pad the input, one plain
    /// convolution per group, then the output permutation.
    public static func expandedConv(_ out: TensorTemplate, _ x0: Tensor, _ k0: Tensor, _ plan: ConvPlan) throws -> Tensor {
        let be = backend([.tensor(x0), .tensor(k0)])
        let type = out.type, spatial = x0.rank - 2
        var x = try asType(.tensor(try transpose(.tensor(x0), axes: plan.inputPermutation.map { .index($0) })), type)
        let k = try asType(.tensor(try transpose(.tensor(k0), axes: plan.kernelPermutation.map { .index($0) })), type)
        let zero = Operand.tensor(try scalar(.int(0), type: type))
        if plan.inputDilation.contains(where: { $0 > 1 }) {
            x = try pad(.tensor(x), zero, [(0, 0, 0), (0, 0, 0)] + plan.inputDilation.map { (0, 0, $0 - 1) })
        }
        if plan.padding.contains(where: { $0 != (0, 0) }) {
            x = try pad(.tensor(x), zero, [(0, 0, 0), (0, 0, 0)] + plan.padding.map { ($0.0, $0.1, 0) })
        }
        let outSpatial: [Int] = (0..<spatial).map { i -> Int in
            let span: Int = (k.shape[i + 2] - 1) * plan.kernelDilation[i] + 1
            return (x.shape[i + 2] - span) / plan.strides[i] + 1
        }
        // Groups split the channels (feature groups) or the batch (batch groups) and the
        // kernel's output channels alike; each pair is one plain convolution.
        let (fg, bg) = (plan.featureGroupSize, plan.batchGroupSize)
        let channels = x.shape[1], outChannels = k.shape[0], groups = max(fg, bg)
        var parts: [Tensor] = []
        for g in 0..<groups {
            let xs = fg > 1 ? try sliceAlongAxis(.tensor(x), g * (channels / fg), channels / fg, axis: 1)
                : bg > 1 ? try sliceAlongAxis(.tensor(x), g * (x.shape[0] / bg), x.shape[0] / bg, axis: 0) : x
            let ks = groups > 1 ? try sliceAlongAxis(.tensor(k), g * (outChannels / groups), outChannels / groups, axis: 0) : k
            let part = TensorTemplate(type: type, shape: [xs.shape[0], ks.shape[0]] + outSpatial)
            parts.append(try be.conv(part, xs, ks, strides: plan.strides, kernelDilation: plan.kernelDilation))
        }
        // output_permutation says where each of the [batch, channels, spatial...] axes goes,
        // so the transpose is by its inverse.
        let joined = parts.count == 1 ? parts[0] : try concatenate(parts.map { .tensor($0) }, axis: 1)
        let natural = try rename(joined, plan.outputPermutation.map { out.names[$0] })
        var inverse = Array(repeating: 0, count: out.rank)
        for (i, axis) in plan.outputPermutation.enumerated() { inverse[axis] = i }
        return try transpose(.tensor(natural), axes: inverse.map { .index($0) })
    }

    /// One convolution without groups, composed: x [N, C, padded...] with k [O, C, kernel...].
    public static func composedConv(_ x: Tensor, _ k: Tensor, strides: [Int], kernelDilation: [Int], outSpatial: [Int]) throws -> Tensor {
        let spatial = x.rank - 2, n = x.shape[0], c = x.shape[1], o = k.shape[0]
        // Channels first, so each slice below is already a block of im2col rows.
        let byChannel = try transpose(.tensor(x), axes: [1, 0] + (2..<x.rank).map { .index($0) })
        let offsets = indices(Array(k.shape.dropFirst(2)))
        let lengths = [c, n] + (0..<spatial).map { (outSpatial[$0] - 1) * strides[$0] + 1 }
        let columns = try offsets.map { offset -> Operand in
            let starts = [0, 0] + zip(offset, kernelDilation).map { $0 * $1 }
            let s = try slice(.tensor(byChannel), starts, lengths, strides: [1, 1] + strides)
            return .tensor(try newAxis(.tensor(s), 1))
        }
        let positions = n * outSpatial.reduce(1, *)
        let im2col = try reshape(.tensor(columns.count == 1 ? try toTensor(columns[0]) : try concatenate(columns, axis: 1)),
                                 [c * offsets.count, positions])
        let kernelMatrix = try reshape(.tensor(k), [o, c * offsets.count])
        let product = try dot(.tensor(kernelMatrix), .tensor(im2col))
        let unflat = try reshape(.tensor(product), [o, n] + outSpatial)
        return try transpose(.tensor(unflat), axes: [1, 0] + (2..<unflat.rank).map { .index($0) })
    }

    /// Per-spatial-axis dilations (1 when not given), checked as Nx does.
    static func dilations(_ given: [Int]?, _ count: Int, _ what: String) throws -> [Int] {
        guard let given else { return Array(repeating: 1, count: count) }
        guard given.count == count else {
            throw NxError.argument("must specify dilation for each spatial dimension of the \(what) or specify an integer dilation factor")
        }
        for v in given where v < 1 {
            throw NxError.argument("\(what) dilation of each dimension must be a positive integer, got \(given)")
        }
        return given
    }

    /// A shape with its spatial axes dilated, as Nx reports shapes in group errors.
    static func dilated(_ shape: [Int], _ dilation: [Int]) -> [Int] {
        Array(shape.prefix(2)) + zip(shape.dropFirst(2), dilation).map { ($0 - 1) * $1 + 1 }
    }

    /// Nx's checks of feature and batch groups, in its order and words.
    static func checkGroups(input: [Int], kernel: [Int], featureGroups fg: Int, batchGroups bg: Int) throws {
        let batch = input[0], channels = input[1], kernelChannels = kernel[1], outChannels = kernel[0]
        guard fg >= 1, bg >= 1 else { throw NxError.argument("group sizes must be positive integers, got: \(fg) and \(bg)") }
        guard bg == 1 || fg == 1 else {
            throw NxError.argument("either batch groups or feature groups must be 1, got batch_groups = \(bg) and feature_groups = \(fg)")
        }
        guard batch % bg == 0 else {
            throw NxError.argument("batch groups must evenly divide input batch size got rem(\(bg), \(batch)) != 0")
        }
        guard outChannels % fg == 0 else {
            throw NxError.argument("size of kernel output channels must be evenly divisible by feature groups got rem(\(outChannels), \(fg)) != 0 for kernel with shape \(Shape.string(kernel))")
        }
        guard outChannels % bg == 0 else {
            throw NxError.argument("size of kernel output channels must be evenly divisible by batch groups got rem(\(outChannels), \(bg)) != 0 for kernel with shape \(Shape.string(kernel))")
        }
        guard channels == kernelChannels * fg else {
            throw NxError.argument("size of input channels divided by feature groups must match size of kernel channels, got \(channels) / \(fg) != \(kernelChannels) for shapes \(Shape.string(input)) and \(Shape.string(kernel))")
        }
    }

    static func permutation(_ p: [Int], _ rank: Int, _ what: String) throws -> [Int] {
        guard p.count == rank, Set(p) == Set(0..<rank) else {
            throw NxError.argument("invalid \(what) permutation \(p) for rank \(rank)")
        }
        return p
    }
}

extension Backend {
    /// A whole checked `Nx.conv`: by default expanded into primitives (a tracing backend
    /// records it as one node instead).
    public func conv(_ out: TensorTemplate, _ input: Tensor, _ kernel: Tensor, _ plan: Nx.ConvPlan) throws -> Tensor {
        try Nx.expandedConv(out, input, kernel, plan)
    }

    public func conv(_ out: TensorTemplate, _ input: Tensor, _ kernel: Tensor, strides: [Int], kernelDilation: [Int]) throws -> Tensor {
        try Nx.composedConv(input, kernel, strides: strides, kernelDilation: kernelDilation, outSpatial: Array(out.shape.dropFirst(2)))
    }
}
