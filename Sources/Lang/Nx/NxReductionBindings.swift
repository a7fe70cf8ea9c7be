import NxCore

/// Reductions over axes (`axes:` by index or name, `keep_axes:`), arg-reductions, the
/// statistics composed on them, cumulative scans and `reduce/4` with a function.
enum NxReductionBindings {
    static func install(_ r: Registry) {
        let reduceDocs: [ReduceOp: String] = [
            .sum: "The sum of the elements over `axes:` (all by default). Integers accumulate in 64 bits.",
            .product: "The product of the elements over `axes:` (all by default). Integers accumulate in 64 bits.",
            .reduce_max: "The largest element over `axes:` (all by default), keeping the type.",
            .reduce_min: "The smallest element over `axes:` (all by default), keeping the type.",
            .all: "1 if every element over `axes:` (all by default) is non-zero, else 0 (u8).",
            .any: "1 if some element over `axes:` (all by default) is non-zero, else 0 (u8).",
        ]
        for op in ReduceOp.allCases {
            r.nx(op.rawValue, [1, 2], doc: (reduceDocs[op] ?? "") + " `keep_axes: true` keeps reduced axes with size 1.") { c in
                let o = try c.options(1, ["axes", "keep_axes"])
                return .t(try Nx.reduce(op, try c.operand(0), axes: try o.axes(), keepAxes: try o.bool("keep_axes", default: false)))
            }
        }
        for (name, isMax) in [("argmax", true), ("argmin", false)] {
            r.nx(name, [1, 2], doc: "The index of the \(isMax ? "largest" : "smallest") element along `axis:` (of the flattened tensor by default), as s64. Ties go to the first index unless `tie_break: :high`; `keep_axis: true` keeps the axis with size 1.") { c in
                let o = try c.options(1, ["axis", "tie_break", "keep_axis"])
                let high = try o.choice("tie_break", ["low", "high"], default: "low") == "high"
                return .t(try Nx.argReduce(max: isMax, try c.operand(0), axis: try o.axis(), tieBreakHigh: high,
                                           keepAxis: try o.bool("keep_axis", default: false)))
            }
        }
        r.nx("mean", [1, 2], doc: "The average of the elements over `axes:` (all by default), as a float. `keep_axes: true` keeps reduced axes.") { c in
            let o = try c.options(1, ["axes", "keep_axes"])
            return .t(try Nx.mean(try c.operand(0), axes: try o.axes(), keepAxes: try o.bool("keep_axes", default: false)))
        }
        r.nx("variance", [1, 2], doc: "The variance over `axes:` (all by default); `ddof:` subtracts from the count in the denominator.") { c in
            let o = try c.options(1, ["axes", "ddof", "keep_axes"])
            return .t(try Nx.variance(try c.operand(0), axes: try o.axes(), ddof: try o.int("ddof", default: 0),
                                      keepAxes: try o.bool("keep_axes", default: false)))
        }
        r.nx("standard_deviation", [1, 2], doc: "The square root of the variance over `axes:` (all by default), with `ddof:` and `keep_axes:`.") { c in
            let o = try c.options(1, ["axes", "ddof", "keep_axes"])
            return .t(try Nx.standardDeviation(try c.operand(0), axes: try o.axes(), ddof: try o.int("ddof", default: 0),
                                               keepAxes: try o.bool("keep_axes", default: false)))
        }
        r.nx("covariance", [1, 2, 3], doc: "The covariance matrix {d, d} of n samples of d variables laid out as {n, d} (leading axes are batches): the conjugated centered samples dotted with themselves over the sample axis, divided by n - `ddof:` (0). The second argument is either the options or the mean {..., d}; without it the mean is estimated with `Nx.mean/2`.") { c in
            var mean: Operand? = nil
            var optionsAt = 1
            if c.count >= 2, c[1].listElements == nil || c.count == 3 {
                mean = try c.operand(1)
                optionsAt = 2
            }
            let o = try c.options(optionsAt, ["ddof"])
            return .t(try Nx.covariance(try c.operand(0), mean: mean, ddof: try o.int("ddof", default: 0)))
        }
        r.nx("weighted_mean", [2, 3], doc: "The mean of the elements weighted by the second tensor, over `axes:` (all by default).") { c in
            let o = try c.options(2, ["axes", "keep_axes"])
            return .t(try Nx.weightedMean(try c.operand(0), try c.operand(1), axes: try o.axes(),
                                          keepAxes: try o.bool("keep_axes", default: false)))
        }
        r.nx("median", [1, 2], doc: "The middle value along `axis:` (of all elements by default); for an even count, the mean of the two middle values.") { c in
            let o = try c.options(1, ["axis", "keep_axis"])
            return .t(try Nx.median(try c.operand(0), axis: try o.axis(), keepAxis: try o.bool("keep_axis", default: false)))
        }
        r.nx("mode", [1, 2], doc: "The most frequent value along `axis:` (of all elements by default).") { c in
            let o = try c.options(1, ["axis", "keep_axis"])
            return .t(try Nx.mode(try c.operand(0), axis: try o.axis(), keepAxis: try o.bool("keep_axis", default: false)))
        }
        r.nx("logsumexp", [1, 2], doc: "log(sum(exp(x))) over `axes:` (all by default), computed stably by factoring out the maximum. `exp_scaling_factor:` multiplies each exponential before summing.") { c in
            let o = try c.options(1, ["axes", "keep_axes", "exp_scaling_factor"])
            let keep = try o.bool("keep_axes", default: false)
            guard let factor = o["exp_scaling_factor"] else {
                return .t(try Nx.logsumexp(try c.operand(0), axes: try o.axes(), keepAxes: keep))
            }
            return .t(try scaledLogsumexp(try c.tensor(0), scale: try NxValues.operand(factor), axes: try o.axes(), keepAxes: keep))
        }
        r.nx("all_close", [2, 3], doc: "1 (u8) if every element of the two tensors is within `atol:` + `rtol:` × |b| of the other, else 0. NaNs compare equal only with `equal_nan: true`.") { c in
            let o = try c.options(2, ["rtol", "atol", "equal_nan"])
            return .t(try Nx.allClose(try c.operand(0), try c.operand(1), rtol: try o.float("rtol", default: 1e-5),
                                      atol: try o.float("atol", default: 1e-8), equalNaN: try o.bool("equal_nan", default: false)))
        }
        let scans: [(String, ReduceOp)] = [("cumulative_sum", .sum), ("cumulative_product", .product),
                                           ("cumulative_min", .reduce_min), ("cumulative_max", .reduce_max)]
        for (name, op) in scans {
            r.nx(name, [1, 2], doc: "The running \(name.dropFirst(11)) along `axis:` (0 by default); `reverse: true` scans from the end.") { c in
                let o = try c.options(1, ["axis", "reverse"])
                return .t(try Nx.cumulative(op, try c.operand(0), axis: try o.axis() ?? .index(0),
                                            reverse: try o.bool("reverse", default: false)))
            }
        }
        r.nx("reduce", [3, 4], doc: "Folds a function `fn element, acc -> ... end` over the elements along `axes:` (all by default), starting from the given accumulator. Both arguments of the function are scalar tensors.") { c in
            let fun = c[c.count - 1]
            guard case .function(let f) = fun, f.arity == 2 else {
                throw ElixirError.argument("expected a function of arity 2, got: \(Inspector.inspect(fun))")
            }
            let o = try NxOptions(c.count == 4 ? c[2] : nil, allowed: ["axes", "keep_axes"])
            let ctx = c.ctx
            return .t(try Nx.reduce(try c.operand(0), initial: try c.operand(1), axes: try o.axes(),
                                    keepAxes: try o.bool("keep_axes", default: false)) { x, acc in
                try NxValues.tensor(try ctx.call(fun, [.tensor(x), .tensor(acc)]))
            })
        }
    }

    /// logsumexp with each exponential scaled: max + log(sum(scale * exp(x - max))).
    static func scaledLogsumexp(_ t: Tensor, scale: Operand, axes: [Axis]?, keepAxes: Bool) throws -> Tensor {
        let m = try Nx.reduce(.reduce_max, .tensor(t), axes: axes, keepAxes: true)
        let finiteMax = try Nx.select(.tensor(try Nx.unary(.is_infinity, .tensor(m))), .number(.int(0)), .tensor(m))
        let e = try Nx.multiply(scale, .tensor(try Nx.unary(.exp, .tensor(try Nx.subtract(.tensor(t), .tensor(finiteMax))))))
        let summed = try Nx.sum(.tensor(e), axes: axes, keepAxes: true)
        let result = try Nx.add(.tensor(try Nx.unary(.log, .tensor(summed))), .tensor(finiteMax))
        if keepAxes { return result }
        let rank = result.rank
        let resolved = try axes.map { try Shape.axes($0, rank: rank, names: result.names) } ?? Array(0..<rank)
        return try Nx.squeeze(.tensor(result), axes: resolved.map { .index($0) })
    }
}
