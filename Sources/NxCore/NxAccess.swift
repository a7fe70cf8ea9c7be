/// The Access syntax on tensors (`t[0]`, `t[[.., 1..2]]`, `t[rows: 0]`), built on slice + squeeze.
extension Nx {
    /// What one axis is indexed by.
    public enum AccessIndex {
        /// One position (negative counts from the end); the axis is removed.
        case index(Int)
        /// An Elixir range `first..last//step` (inclusive; negative ends count from the end); the axis stays.
        case range(first: Int, last: Int, step: Int)
        /// `..`: the whole axis.
        case all
    }

    /// Indexes the given axes (others stay whole), in the order given.
    public static func access(_ t: Tensor, _ entries: [(axis: Axis, index: AccessIndex)]) throws -> Tensor {
        var starts = [Int](repeating: 0, count: t.rank), lengths = t.shape, strides = [Int](repeating: 1, count: t.rank)
        var squeezed: [Int] = []
        for (axis, index) in entries {
            let a = try Shape.axis(axis, rank: t.rank, names: t.names)
            let dim = t.shape[a]
            switch index {
            case .all: break
            case .index(let i):
                let p = i < 0 ? dim + i : i
                guard p >= 0 && p < dim else {
                    throw NxError.argument("index \(i) is out of bounds for axis \(a) in shape \(Shape.string(t.shape))")
                }
                starts[a] = p
                lengths[a] = 1
                squeezed.append(a)
            case .range(let first, let last, let step):
                let f = first < 0 ? dim + first : first, l = last < 0 ? dim + last : last
                guard step > 0 else {
                    throw NxError.argument("range step must be positive, got: \(step)")
                }
                guard f >= 0 && f < dim && l >= f && l < dim else {
                    throw NxError.argument("slicing a tensor requires a non-empty range with a positive step, got: \(first)..\(last)//\(step) for axis \(a) of size \(dim)")
                }
                starts[a] = f
                lengths[a] = l - f + 1
                strides[a] = step
            }
        }
        let sliced = try slice(.tensor(t), starts, lengths, strides: strides)
        if squeezed.isEmpty { return sliced }
        return try squeeze(.tensor(sliced), axes: squeezed.map { .index($0) })
    }

    /// `t[i]`, `t[range]` or `t[..]` on the first axis.
    public static func access(_ t: Tensor, _ index: AccessIndex) throws -> Tensor {
        guard t.rank > 0 else { throw NxError.argument("cannot use the Access syntax on a scalar tensor") }
        return try access(t, [(axis: .index(0), index: index)])
    }
}
