/// `Nx.split`: cuts a tensor in two along an axis (for train/test subsets), as two slices.
extension Nx {
    /// Where to cut: a count of elements for the first part, or a fraction of the axis.
    public enum SplitPoint {
        case count(Int)
        case fraction(Double)
    }

    public static func split(_ x: Operand, _ point: SplitPoint, axis: Axis = 0) throws -> (Tensor, Tensor) {
        let t = try toTensor(x, backend: backend([x]))
        let a = try Shape.axis(axis, rank: t.rank, names: t.names)
        let size = t.shape[a]
        let first: Int
        switch point {
        case .count(let n):
            guard n > 0 && n < size else {
                throw NxError.argument("split must be an integer greater than zero and less than the length of the given axis (\(size)), got: \(n)")
            }
            first = n
        case .fraction(let f):
            let n = f * Double(size)
            guard f > 0 && f < 1, n.isFinite, n.rounded(.up) < Double(size) else {
                throw NxError.argument("split must be a float between 0.0 and 1.0 that leaves elements on both sides of the given axis (\(size)), got: \(f)")
            }
            first = Int(n.rounded(.up))
        }
        return (try sliceAlongAxis(.tensor(t), 0, first, axis: .index(a)),
                try sliceAlongAxis(.tensor(t), first, size - first, axis: .index(a)))
    }
}
