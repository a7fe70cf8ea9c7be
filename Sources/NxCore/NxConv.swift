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

    public static func conv(_ input: Operand, _ kernel: Operand, _ o: ConvOptions = ConvOptions()) throws -> Tensor {
        let be = backend([input, kernel])
        var x = try toTensor(input, backend: be), k = try toTensor(kernel, backend: be)
        guard x.rank >= 3 else {
            throw NxError.argument("input shape in conv requires at least rank 3, shape \(Shape.string(x.shape)) has rank \(x.rank)")
        }
        guard k.rank >= 3 else {
            throw NxError.argument("kernel shape in conv requires at least rank 3, shape \(Shape.string(k.shape)) has rank \(k.rank)")
        }
        guard k.rank == x.rank else {
            throw NxError.argument("kernel shape in conv must have the same rank as input shape, got \(Shape.string(k.shape)) and \(Shape.string(x.shape))")
        }
        let rank = x.rank, spatial = rank - 2
        let strides = o.strides ?? Array(repeating: 1, count: spatial)
        guard strides.count == spatial else {
            throw NxError.argument("rank of strides much match rank of spatial dimensions got strides \(strides) with rank \(strides.count) and got input shape \(Shape.string(x.shape)) of rank \(spatial)")
        }
        for s in strides where s < 1 { throw NxError.argument("strides must be positive integers, got: \(strides)") }
        let inDil = try dilations(o.inputDilation, spatial, "input")
        let kDil = try dilations(o.kernelDilation, spatial, "kernel")
        if let p = o.inputPermutation { x = try transpose(.tensor(x), axes: try permutation(p, rank, "input")) }
        if let p = o.kernelPermutation { k = try transpose(.tensor(k), axes: try permutation(p, rank, "kernel")) }
        let (fg, bg) = (o.featureGroupSize, o.batchGroupSize)
        try checkGroups(input: dilated(x.shape, inDil), kernel: dilated(k.shape, kDil), featureGroups: fg, batchGroups: bg)
        let names = x.names
        let type = DType.merge(x.type, k.type).floating
        x = try asType(.tensor(x), type)
        k = try asType(.tensor(k), type)
        let channels = x.shape[1], outChannels = k.shape[0]

        // Input dilation inserts (d - 1) zeros between elements; then the padding applies.
        let zero = Operand.tensor(try scalar(.int(0), type: type))
        if inDil.contains(where: { $0 > 1 }) {
            x = try pad(.tensor(x), zero, [(0, 0, 0), (0, 0, 0)] + inDil.map { (0, 0, $0 - 1) })
        }
        let kernelSpan = (0..<spatial).map { (k.shape[$0 + 2] - 1) * kDil[$0] + 1 }
        let pads = try paddingConfig(o.padding, shape: Array(x.shape.dropFirst(2)), kernel: kernelSpan)
        if pads.contains(where: { $0 != (0, 0) }) {
            x = try pad(.tensor(x), zero, [(0, 0, 0), (0, 0, 0)] + pads.map { ($0.0, $0.1, 0) })
        }
        var outSpatial: [Int] = []
        for i in 0..<spatial {
            let n = x.shape[i + 2] - kernelSpan[i]
            guard n >= 0 else {
                throw NxError.argument("conv would result in empty tensor which is not currently supported in Nx, please open an issue if you'd like this behavior to change")
            }
            outSpatial.append(n / strides[i] + 1)
        }

        // Groups split the channels (feature groups) or the batch (batch groups) and the
        // kernel's output channels alike; each pair is one plain convolution.
        let groups = max(fg, bg)
        var parts: [Tensor] = []
        for g in 0..<groups {
            let xs = fg > 1 ? try sliceAlongAxis(.tensor(x), g * (channels / fg), channels / fg, axis: 1)
                : bg > 1 ? try sliceAlongAxis(.tensor(x), g * (x.shape[0] / bg), x.shape[0] / bg, axis: 0) : x
            let ks = groups > 1 ? try sliceAlongAxis(.tensor(k), g * (outChannels / groups), outChannels / groups, axis: 0) : k
            let out = TensorTemplate(type: type, shape: [xs.shape[0], ks.shape[0]] + outSpatial)
            parts.append(try be.conv(out, xs, ks, strides: strides, kernelDilation: kDil))
        }
        // The output takes the input's axis names; output_permutation says where each of the
        // [batch, channels, spatial...] axes goes, so the transpose is by its inverse.
        var out = try rename(parts.count == 1 ? parts[0] : try concatenate(parts.map { .tensor($0) }, axis: 1), names)
        if let p = o.outputPermutation {
            let forward = try permutation(p, rank, "output").compactMap { if case .index(let i) = $0 { return i } else { return nil } }
            var inverse = Array(repeating: 0, count: rank)
            for (i, axis) in forward.enumerated() { inverse[axis] = i }
            out = try transpose(.tensor(out), axes: inverse.map { .index($0) })
        }
        return out
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

    static func permutation(_ p: [Int], _ rank: Int, _ what: String) throws -> [Axis] {
        guard p.count == rank, Set(p) == Set(0..<rank) else {
            throw NxError.argument("invalid \(what) permutation \(p) for rank \(rank)")
        }
        return p.map { .index($0) }
    }
}

extension Backend {
    public func conv(_ out: TensorTemplate, _ input: Tensor, _ kernel: Tensor, strides: [Int], kernelDilation: [Int]) throws -> Tensor {
        try Nx.composedConv(input, kernel, strides: strides, kernelDilation: kernelDilation, outSpatial: Array(out.shape.dropFirst(2)))
    }
}
