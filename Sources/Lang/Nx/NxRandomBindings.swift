import NxCore

/// `Nx.Random`: keys, splitting, and the samplers that return `{sample, next_key}`.
enum NxRandomBindings {
    static let module = "Nx.Random"
    static let sampleKeys = ["names", "type", "shape"]

    static func install(_ r: Registry) {
        r.document(module: module, "Pseudo-random numbers from explicit keys (u32[2] tensors) with the Threefry-2x32 counter generator: the same key always gives the same numbers. Samplers return the sample and a new key to use next.")
        r.nx("key", [1], module: module, doc: "A key (u32[2]) from an integer seed: its high and low 32 bits.") { c in
            .t(try NxRandom.key(try c.operand(0)))
        }
        r.nx("split", [1, 2], module: module, doc: "Splits a key into `parts:` (2 by default) new keys, stacked along a leading axis.") { c in
            let o = try c.options(1, ["parts"])
            return .t(try NxRandom.split(try c.tensor(0), parts: try o.int("parts", default: 2)))
        }
        r.nx("fold_in", [2], module: module, doc: "Mixes integer data into a key, giving one new key per element of the data.") { c in
            .t(try NxRandom.foldIn(try c.tensor(0), try c.operand(1)))
        }
        r.nx("uniform", [1, 2, 3, 4], module: module, doc: "Floats uniformly in [min, max) ([0, 1) by default) with `shape:`, `type:` (f32 by default) and `names:`; returns `{sample, new_key}`.") { c in
            let (lo, hi, o) = try bounds(c, defaults: (.float(0), .float(1)))
            return pair(try NxRandom.uniform(try c.tensor(0), lo, hi, shape: try shape(o), type: try o.type(), names: try o.names()))
        }
        r.nx("uniform_split", [3, 4], module: module, doc: "Like `uniform/4` for a key that was already split: returns only the sample.") { c in
            let o = try c.options(3, sampleKeys)
            return .t(try NxRandom.uniformSplit(try c.tensor(0), try c.operand(1), try c.operand(2), shape: try shape(o),
                                                type: try o.type(), names: try o.names()))
        }
        r.nx("normal", [1, 2, 3, 4], module: module, doc: "Normally distributed floats with the given mean and standard deviation (0 and 1 by default), `shape:`, `type:` (a float or complex type) and `names:`; returns `{sample, new_key}`.") { c in
            let (mean, sd, o) = try bounds(c, defaults: (.float(0), .float(1)))
            return pair(try NxRandom.normal(try c.tensor(0), mean, sd, shape: try shape(o), type: try o.type(), names: try o.names()))
        }
        r.nx("multivariate_normal", [3, 4], module: module, doc: "Samples of shape `shape:` ++ {d} from the normal distribution with mean {d} and covariance {d, d}: mean + z·Aᵀ with A the Cholesky factor of the covariance (`method: :cholesky`; :svd and :eigh raise as not implemented) and z standard normals; `type:` is a float type. Returns `{sample, new_key}`.") { c in
            let o = try c.options(3, ["shape", "type", "method"])
            let name = try o.choice("method", ["cholesky", "svd", "eigh"], default: "cholesky")
            let method = NxRandom.CovarianceMethod(rawValue: name) ?? .cholesky
            return pair(try NxRandom.multivariateNormal(try c.tensor(0), try c.operand(1), try c.operand(2), shape: try shape(o),
                                                        type: try o.type(), method: method))
        }
        r.nx("threefry2x32", [2], module: module, doc: "The Threefry-2x32 hash (20 rounds) of each u32 counter in `count` under the key; the counters are paired first half with second half (a 0 pads an odd count) and the result has `count`'s shape.") { c in
            .t(try NxRandom.threefry2x32(try c.tensor(0), try c.tensor(1)))
        }
        r.nx("normal_split", [3, 4], module: module, doc: "Like `normal/4` for a key that was already split: returns only the sample.") { c in
            let o = try c.options(3, sampleKeys)
            return .t(try NxRandom.normalSplit(try c.tensor(0), try c.operand(1), try c.operand(2), shape: try shape(o),
                                               type: try o.type(), names: try o.names()))
        }
        r.nx("randint", [3, 4], module: module, doc: "Integers uniformly in [min, max) with `shape:`, `type:` (the merged type of the bounds by default) and `names:`; returns `{sample, new_key}`.") { c in
            let o = try c.options(3, sampleKeys)
            return pair(try NxRandom.randint(try c.tensor(0), try c.operand(1), try c.operand(2), shape: try shape(o),
                                             type: try o.type(), names: try o.names()))
        }
        r.nx("randint_split", [3, 4], module: module, doc: "Like `randint/4` for a key that was already split: returns only the sample.") { c in
            let o = try c.options(3, sampleKeys)
            return .t(try NxRandom.randintSplit(try c.tensor(0), try c.operand(1), try c.operand(2), shape: try shape(o),
                                                type: try o.type(), names: try o.names()))
        }
        r.nx("gumbel", [1, 2], module: module, doc: "Gumbel-distributed floats (-log(-log(u))) with `shape:` and a float `type:`; returns `{sample, new_key}`.") { c in
            let o = try c.options(1, ["shape", "type"])
            return pair(try NxRandom.gumbel(try c.tensor(0), shape: try shape(o), type: try o.type() ?? .f32))
        }
        r.nx("gumbel_split", [1, 2], module: module, doc: "Like `gumbel/2` for a key that was already split: returns only the sample.") { c in
            let o = try c.options(1, ["shape", "type"])
            return .t(try NxRandom.gumbelSplit(try c.tensor(0), shape: try shape(o), type: try o.type() ?? .f32))
        }
        r.nx("shuffle", [2, 3], module: module, doc: "Shuffles a tensor along `axis:` (0 by default): whole slices move together, or each line is permuted on its own with `independent: true`. Returns `{shuffled, new_key}`.") { c in
            let o = try c.options(2, ["axis", "independent"])
            return pair(try NxRandom.shuffle(try c.tensor(0), try c.operand(1), axis: try o.axis() ?? .index(0),
                                             independent: try o.bool("independent", default: false)))
        }
        r.nx("choice", [2, 3, 4], module: module, doc: "Draws `samples:` (1 by default) entries of a tensor along `axis:` (of the flattened tensor by default), with replacement unless `replace: false`, optionally weighted by a probability tensor. Returns `{samples, new_key}`.") { c in
            var probabilities: Tensor?
            var optionsIndex = 2
            if c.count >= 3, c[2].listElements == nil {
                probabilities = try c.tensor(2)
                optionsIndex = 3
            }
            let o = try c.options(optionsIndex, ["axis", "samples", "replace"])
            return pair(try NxRandom.choice(try c.tensor(0), try c.operand(1), probabilities: probabilities,
                                            samples: try o.int("samples", default: 1), axis: try o.axis(),
                                            replace: try o.bool("replace", default: true)))
        }
    }

    /// The two bounds (or mean and deviation) and the options, for the arities that leave them out.
    static func bounds(_ c: NxCall, defaults: (Operand, Operand)) throws -> (Operand, Operand, NxOptions) {
        if c.count <= 2 { return (defaults.0, defaults.1, try c.options(1, sampleKeys)) }
        return (try c.operand(1), try c.operand(2), try c.options(3, sampleKeys))
    }

    static func shape(_ o: NxOptions) throws -> [Int] { try o["shape"].map(NxShapes.shape) ?? [] }

    static func pair(_ p: (Tensor, Tensor)) -> Value { .tuple([.tensor(p.0), .tensor(p.1)]) }
}
