import NxCore

/// Window reductions (`window_sum` ... `window_reduce`, `window_scatter_max/min`) and `conv`,
/// with the options they share: strides, padding, dilations.
enum NxWindowBindings {
    static let windowKeys = ["strides", "padding", "window_dilations"]

    static func install(_ r: Registry) {
        let reductions: [(String, ReduceOp, String)] = [
            ("window_sum", .sum, "sum"), ("window_product", .product, "product"),
            ("window_max", .reduce_max, "largest element"), ("window_min", .reduce_min, "smallest element"),
        ]
        for (name, op, what) in reductions {
            r.nx(name, [2, 3], doc: "The \(what) of each window of the given dimensions (a tuple) as it slides over the tensor; the type is kept. Options: `strides:` (1), `padding:` (`:valid`, `:same` or a list of `{low, high}`), `window_dilations:` (1).") { c in
                let t = try c.tensor(0)
                let g = try geometry(c, t.rank)
                return .t(try Nx.windowReduce(op, .tensor(t), window: g.window, strides: g.strides, padding: g.padding, dilations: g.dilations))
            }
        }
        r.nx("window_mean", [2, 3], doc: "The mean of each window of the given dimensions as it slides over the tensor (the window sum over the window's size), as a float. Takes the options of `window_sum`.") { c in
            let t = try c.tensor(0)
            let g = try geometry(c, t.rank)
            return .t(try Nx.windowMean(.tensor(t), window: g.window, strides: g.strides, padding: g.padding, dilations: g.dilations))
        }
        r.nx("window_reduce", [4, 5], doc: "Folds `fn element, acc -> ... end` over each window, starting from the accumulator (which also fills any padding). Takes the options of `window_sum`; the function is applied to whole tensors of window elements.") { c in
            let fun = c[c.count - 1]
            guard case .function(let f) = fun, f.arity == 2 else {
                throw ElixirError.argument("expected a function of arity 2, got: \(Inspector.inspect(fun))")
            }
            let t = try c.tensor(0)
            let window = try NxShapes.shape(c[2])
            let o = try NxOptions(c.count == 5 ? c[3] : nil, allowed: windowKeys)
            let ctx = c.ctx
            return .t(try Nx.windowReduce(.tensor(t), initial: try c.operand(1), window: window,
                                          strides: try spatial(o["strides"], t.rank, "strides"), padding: try padding(o["padding"]),
                                          dilations: try spatial(o["window_dilations"], t.rank, "window_dilations")) { x, acc in
                try NxValues.tensor(try ctx.call(fun, [.tensor(x), .tensor(acc)]))
            })
        }
        for (name, isMax) in [("window_scatter_max", true), ("window_scatter_min", false)] {
            r.nx(name, [4, 5], doc: "Adds each element of `source` at the position of the \(isMax ? "largest" : "smallest") element of its window of the tensor (the first on ties), over a tensor of the initial value. `source` has the shape of the window outputs. Options: `strides:`, `padding:`.") { c in
                let t = try c.tensor(0)
                let o = try NxOptions(c.count == 5 ? c[4] : nil, allowed: ["strides", "padding"])
                return .t(try Nx.windowScatter(max: isMax, .tensor(t), try c.operand(1), try c.operand(2), window: try NxShapes.shape(c[3]),
                                               strides: try spatial(o["strides"], t.rank, "strides"), padding: try padding(o["padding"])))
            }
        }
        r.nx("conv", [2, 3], doc: "Convolves the input [batch, channels, spatial...] with the kernel [out channels, channels / groups, spatial...], as a float. Options: `strides:`, `padding:` (`:valid`, `:same` or `{low, high}` per spatial axis), `input_dilation:`, `kernel_dilation:`, `feature_group_size:`, `batch_group_size:`, and `input_permutation:`, `kernel_permutation:`, `output_permutation:` for other axis layouts.") { c in
            let o = try c.options(2, ["strides", "padding", "input_dilation", "kernel_dilation", "feature_group_size",
                                      "batch_group_size", "input_permutation", "kernel_permutation", "output_permutation"])
            let rank = try c.tensor(0).rank
            let spatialRank = max(rank - 2, 0)
            var opts = Nx.ConvOptions()
            opts.strides = try spatial(o["strides"], spatialRank, "strides")
            opts.padding = try padding(o["padding"])
            opts.inputDilation = try spatial(o["input_dilation"], spatialRank, "input_dilation")
            opts.kernelDilation = try spatial(o["kernel_dilation"], spatialRank, "kernel_dilation")
            opts.featureGroupSize = try o.int("feature_group_size", default: 1)
            opts.batchGroupSize = try o.int("batch_group_size", default: 1)
            opts.inputPermutation = try o["input_permutation"].map { try permutation($0) }
            opts.kernelPermutation = try o["kernel_permutation"].map { try permutation($0) }
            opts.outputPermutation = try o["output_permutation"].map { try permutation($0) }
            return .t(try Nx.conv(try c.operand(0), try c.operand(1), opts))
        }
    }

    /// The window dimensions (argument 1) and options (argument 2) of a window function.
    static func geometry(_ c: NxCall, _ rank: Int) throws -> (window: [Int], strides: [Int]?, padding: Nx.Padding, dilations: [Int]?) {
        let window = try NxShapes.shape(c[1])
        let o = try c.options(2, windowKeys)
        return (window, try spatial(o["strides"], rank, "strides"), try padding(o["padding"]),
                try spatial(o["window_dilations"], rank, "window_dilations"))
    }

    /// An integer (the same for every axis) or a list of integers.
    static func spatial(_ v: Value?, _ rank: Int, _ what: String) throws -> [Int]? {
        guard let v else { return nil }
        if case .int(let i) = v { return Array(repeating: i, count: rank) }
        return try NxShapes.ints(v, what: what)
    }

    static func padding(_ v: Value?) throws -> Nx.Padding {
        guard let v else { return .valid }
        switch v {
        case .atom("valid"): return .valid
        case .atom("same"): return .same
        default:
            guard let items = v.listElements else {
                throw ElixirError.argument("invalid padding mode specified, padding must be one of :valid, :same, or a padding configuration, got: \(Inspector.inspect(v))")
            }
            return .explicit(try items.map { item in
                guard case .tuple(let pair) = item, pair.count == 2, case .int(let lo) = pair[0], case .int(let hi) = pair[1] else {
                    throw ElixirError.argument("padding must be a list of {high, low} tuples, where each element is an integer. Got: \(Inspector.inspect(v))")
                }
                return (lo, hi)
            })
        }
    }

    /// Permutations are integer axis positions.
    static func permutation(_ v: Value) throws -> [Int] { try NxShapes.ints(v, what: "permutation") }
}
